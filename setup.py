"""The packages the wheel holds: the code (found by name) and the data folder seeds/ as `policybot_seeds`.

Everything else about the build is in pyproject.toml. setup.py exists only because pyproject's
package discovery cannot also map a folder to another package name: seeds/ keeps its place at
the top of the repository and installs as `policybot_seeds` (not a generic top-level `seeds`).
"""

from setuptools import find_namespace_packages, setup

setup(
    packages=[*find_namespace_packages(include=["bot*", "knowledge*", "handlers*"]), "policybot_seeds"],
    package_dir={"policybot_seeds": "seeds"},
)
