"""The layout is a map: pure logic never loads Textual.

Everything in closer_tui outside closer_tui.tui is pure. The list is derived from
the source tree, so a new module is checked the day it is added:

* at run time, each is imported in a fresh interpreter, which must not load
  Textual (this covers closer_tui.cli, entry and windows too: they open the app
  from inside a function, so Textual must still not load when they are imported);
* statically, the forbidden contract in pyproject.toml ([tool.importlinter],
  run by tests/test_import_contracts.py and by CI) must name every one of them,
  so the contract cannot fall behind the package.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "closer_tui"
UI_PACKAGE = "closer_tui.tui"
#: Runs the CLI when imported: nothing to check by importing it.
ENTRY_POINT = "closer_tui.__main__"
#: Import closer_tui.tui.app inside a function: must not load Textual when imported,
#: but import-linter counts that import, so the static contract leaves them out.
OPEN_THE_APP = ("closer_tui.cli", "closer_tui.entry", "closer_tui.windows")
#: The forbidden contract (pyproject.toml) that lists the pure modules.
PURE_CONTRACT_ID = "pure-modules-no-ui"


def _modules_in(folder: Path, prefix: str) -> Iterator[str]:
    # pkgutil over the source tree; not walk_packages, which imports every package
    # it recurses into (closer_tui.tui's among them) to find its children.
    for info in pkgutil.iter_modules([str(folder)], prefix):
        if info.name == UI_PACKAGE or info.name == ENTRY_POINT:
            continue
        yield info.name
        if info.ispkg:
            yield from _modules_in(folder / info.name.rpartition(".")[2], info.name + ".")


def pure_modules() -> list[str]:
    return sorted(_modules_in(ROOT / PACKAGE, PACKAGE + "."))


PURE_MODULES = pure_modules()


def test_the_derived_list_is_plausible():
    # A guard against the walk silently finding nothing (a moved package, a bad path).
    assert {"closer_tui.model", "closer_tui.store", "closer_tui.store.store", *OPEN_THE_APP} <= set(PURE_MODULES)
    assert not [m for m in PURE_MODULES if m == UI_PACKAGE or m.startswith(UI_PACKAGE + ".")]


@pytest.mark.parametrize("module", PURE_MODULES)
def test_pure_module_does_not_import_textual(module):
    code = f"import sys, {module}; print('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 0, f"importing {module} failed:\n{result.stderr}"
    assert result.stdout.strip() == "False", f"importing {module} loads Textual (`lint-imports` shows the chain)"


def _pure_contract() -> dict:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    (contract,) = [c for c in contracts if c.get("id") == PURE_CONTRACT_ID]
    return contract


def _covers(source: str, module: str) -> bool:
    # as_packages (the default) is on: a listed package stands for all its modules.
    return module == source or module.startswith(source + ".")


def test_the_pure_contract_checks_what_the_run_time_test_checks():
    contract = _pure_contract()
    assert contract["type"] == "forbidden"
    assert contract.get("as_packages", True) is True  # _covers() relies on it
    assert not contract.get("allow_indirect_imports", False)
    assert {"textual", "rich", UI_PACKAGE} <= set(contract["forbidden_modules"])


def test_the_pure_contract_names_every_pure_module():
    sources = _pure_contract()["source_modules"]
    assert not [s for s in sources if "*" in s], "list modules by name: the test below compares names"
    should_be_listed = [m for m in PURE_MODULES if m not in OPEN_THE_APP]
    missing = [m for m in should_be_listed if not any(_covers(s, m) for s in sources)]
    assert not missing, (
        f"pure modules missing from the {PURE_CONTRACT_ID!r} contract in pyproject.toml "
        f"(add them to its source_modules): {missing}"
    )
    strays = [s for s in sources if s not in should_be_listed]
    assert not strays, (
        f"the {PURE_CONTRACT_ID!r} contract in pyproject.toml lists modules that are gone, "
        f"are UI, or open the app: {strays}"
    )
