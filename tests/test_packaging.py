"""pyproject.toml declares what the code imports, and the seeds are found where the package installs them."""

from __future__ import annotations

import ast
import sys
import tomllib
from collections.abc import Iterable
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from bot.settings import Settings
from knowledge.lexicon.paths import default_seeds_dir

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
OURS = {"bot", "knowledge", "handlers", "benchmarks", "tests", "policybot_seeds"}


def declared(requirements: Iterable[str]) -> set[str]:
    return {canonicalize_name(Requirement(line).name) for line in requirements}


RUNTIME = declared(PYPROJECT["dependencies"])
BENCH = declared(PYPROJECT["optional-dependencies"]["bench"])


def imported_distributions(*folders: str) -> dict[str, set[str]]:
    """The third-party distributions each file under `folders` imports (at any depth), by file."""
    owners = packages_distributions()
    found: dict[str, set[str]] = {}
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*.py")):
            modules: set[str] = set()
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    modules.update(alias.name.partition(".")[0] for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    modules.add(node.module.partition(".")[0])
            third_party = modules - OURS - set(sys.stdlib_module_names) - {"__future__"}
            for module in third_party:
                dists = owners.get(module)
                assert dists, f"{path.relative_to(ROOT)} imports {module}: no installed package has it"
                found.setdefault(str(path.relative_to(ROOT)), set()).update(
                    canonicalize_name(d) for d in dists
                )
    return found


def test_every_runtime_import_is_a_declared_dependency() -> None:
    # Declared directly even when a dependency brings it today (justext once brought lxml_html_clean).
    undeclared = {
        path: dists - RUNTIME
        for path, dists in imported_distributions("bot", "knowledge", "handlers").items()
        if dists - RUNTIME
    }
    assert not undeclared, f"imported but not in [project] dependencies: {undeclared}"


def test_the_bench_extra_holds_what_only_the_benchmarks_import() -> None:
    runtime_imports = set().union(*imported_distributions("bot", "knowledge", "handlers").values())
    bench_imports = set().union(*imported_distributions("benchmarks").values())
    assert not bench_imports - RUNTIME - BENCH, "benchmarks import an undeclared package"
    # scipy is what bm25s builds its index with (its own "indexing" extra).
    assert bench_imports | {"scipy"} >= BENCH, "the bench extra holds something no benchmark imports"
    assert not BENCH & runtime_imports, "the runtime imports a bench-only package: declare it as a dependency"
    assert not BENCH & RUNTIME


def test_the_license_is_an_spdx_string() -> None:
    assert PYPROJECT["license"] == "MIT"
    assert all((ROOT / name).is_file() for name in PYPROJECT["license-files"])


def test_the_seeds_default_to_the_installed_package(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # This checkout is installed in editable mode, so `policybot_seeds` is the repository's seeds/.
    assert default_seeds_dir().resolve() == (ROOT / "seeds").resolve()
    monkeypatch.delenv("POLICYBOT_SEEDS_DIR", raising=False)
    monkeypatch.chdir(tmp_path)  # no .env here
    assert (Settings().seeds_dir / "glossary.yaml").is_file()
    monkeypatch.setenv("POLICYBOT_SEEDS_DIR", str(tmp_path))
    assert Settings().seeds_dir == tmp_path


def test_setup_py_alone_says_what_the_wheel_holds() -> None:
    # pyproject's [tool.setuptools] packages or package-data would silently replace setup.py's.
    tool = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8")).get("tool", {})
    assert not {"packages", "package-data", "package-dir"} & set(tool.get("setuptools", {}))
