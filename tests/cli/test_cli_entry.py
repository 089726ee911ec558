"""`closer`, `closer open ID` and `closer present ID` start without click (entry.py), and do
exactly what click does with the same command line; anything else goes to click unchanged."""

from __future__ import annotations

import inspect
import sys
from pathlib import Path

import pytest

from closer_tui import cli, entry, windows


@pytest.fixture
def started(monkeypatch) -> list[tuple]:
    """What the window commands were asked to start (nothing is opened)."""
    calls: list[tuple] = []

    def recorder(name: str):
        signature = inspect.signature(getattr(windows, name))

        def record(*args, **kwargs):
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()  # open_id=None given or not: the same call
            calls.append((name, *bound.arguments.values()))

        return record

    for name in ("run_app", "open_partnership", "present_in_terminal"):
        monkeypatch.setattr(windows, name, recorder(name))
    return calls


def run(main, args: list[str]) -> int:
    with pytest.raises(SystemExit) as ended:
        main(args)
    return ended.value.code


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--db", "DB"],
        ["--db=DB", "--shared-screen"],
        ["--shared-screen", "--db", "DB", "--guide", "g.md"],
        ["--db", "DB", "open", "ab12"],
        ["--guide=g.md", "open", "ab12"],
        ["--db", "DB", "--shared-screen", "present", "ab12"],
        ["present", "ab12"],
    ],
)
def test_a_window_command_starts_without_click_as_click_would_start_it(args, started, monkeypatch, tmp_path):
    monkeypatch.setenv("CLOSER_DB", str(tmp_path / "default"))
    monkeypatch.delitem(sys.modules, "click", raising=False)
    assert run(entry.main, args) == 0
    without_click = list(started)
    assert "click" not in sys.modules
    started.clear()
    assert run(cli.main, args) == 0
    assert without_click == started and len(started) == 1
    name, db, *_ = started[0]
    assert db == (Path("DB") if "DB" in " ".join(args) else tmp_path / "default")


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["--version"],
        ["list"],
        ["demo"],
        ["open"],
        ["open", "ab12", "extra"],
        ["open", "--help"],
        ["present", "ab12", "--layout", "timer"],
        ["--db", "A", "--db", "B"],
        ["--db"],
        ["--db", "--shared-screen"],
        ["--shared-screen", "--shared-screen"],
        ["--shared-screen=yes"],
        ["--unknown"],
        ["--", "open", "ab12"],
        ["open", "-x"],
    ],
)
def test_any_other_command_line_is_left_to_click(args):
    assert entry.window_command(args) is None


def test_a_window_command_that_fails_says_so_in_one_line_as_click_would(tmp_path, capsys):
    args = ["--db", str(tmp_path / "data"), "open", "nosuch"]
    code = run(entry.main, args)
    without_click = capsys.readouterr().err
    assert (code, without_click) == (run(cli.main, args), capsys.readouterr().err)
    assert code == 1 and without_click.startswith("closer: error: no partnership with id 'nosuch'")
    assert without_click.count("\n") == 1
