"""What the wheel holds: the code (found by name) and the data folder seeds/ as `policybot_seeds`.

Everything else about the build is in pyproject.toml. The packages and their data are here
because pyproject's discovery cannot also map a folder to another package name: seeds/ keeps its
place at the top of the repository and installs as `policybot_seeds` (not a generic top-level
`seeds`), every file in it and in its subfolders (a new lexicon file ships without a change here).
"""

from setuptools import find_namespace_packages, setup

SEEDS = "policybot_seeds"
seed_packages = [SEEDS, *(f"{SEEDS}.{name}" for name in find_namespace_packages(where="seeds"))]

setup(
    packages=[*find_namespace_packages(include=["bot*", "knowledge*", "handlers*"]), *seed_packages],
    package_dir={SEEDS: "seeds"},
    package_data={
        "knowledge.extract.data": ["*.yaml"],  # the hand-judged precision sample of extract-eval
        "knowledge.store.migrations": ["*.mako"],  # Alembic's template for new revisions
        **{name: ["*"] for name in seed_packages},
    },
)
