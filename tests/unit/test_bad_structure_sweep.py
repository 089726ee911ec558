"""Bad-structure sweep: the shape of the import format, not only its text (issue 11).

Hypothesis takes a good export and changes its structure: a value anywhere replaced by one
of another type (null, true, a huge or negative number, NaN, Infinity, a list, an object,
deep nesting), a key taken out, a key added. Through `Desk.import_text` and through the real
`closer import`, each file must either import whole (and read back) or be refused with one
line naming the file, and leave the store empty; never another exception, never exit 70.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from closer_tui.desk import Desk
from closer_tui.errors import CloserError
from closer_tui.export import dumps, loads
from closer_tui.method import default_guide

from records import REPO_ROOT, closed_partnership

SWEEP = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def good_document() -> dict:
    p = closed_partnership()
    p.guide = default_guide()  # the whole guide, so its structure is swept too
    return json.loads(dumps([p], include_private=True))


BASE = good_document()


def paths(value: Any, here: tuple = ()) -> list[tuple]:
    found = [here]
    if isinstance(value, dict):
        for key, child in value.items():
            found += paths(child, (*here, key))
    elif isinstance(value, list):
        for i, child in enumerate(value[:2]):
            found += paths(child, (*here, i))
    return found


PATHS = paths(BASE)[1:]

hostile_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.sampled_from([0, -1, 1, 2, 3, 10**9, 10**12, 2**63, -(2**63)]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([1.9, -0.5, 1e309, -1e309, 2.0]),
    st.text(max_size=12),
    st.sampled_from(["", "end", "closed", "achieved", "2026-13-45", "kmn234", "\udc80", "x" * 300]),
    st.lists(st.one_of(st.none(), st.integers(), st.text(max_size=4)), max_size=3),
    st.dictionaries(st.text(max_size=4), st.one_of(st.none(), st.integers(), st.text(max_size=4)), max_size=3),
    st.integers(min_value=30, max_value=200).map(lambda depth: json.loads("[" * depth + "]" * depth)),
)


@st.composite
def mutations(draw) -> list[tuple[str, tuple, Any]]:
    steps = []
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        kind = draw(st.sampled_from(["replace", "remove", "add"]))
        steps.append((kind, draw(st.sampled_from(PATHS)), draw(hostile_values)))
    return steps


def mutate(document: dict, steps: list[tuple[str, tuple, Any]]) -> dict:
    document = json.loads(json.dumps(document))
    for kind, path, value in steps:
        parent: Any = document
        for key in path[:-1]:
            try:
                parent = parent[key]
            except (KeyError, IndexError, TypeError):
                break
        else:
            last = path[-1]
            if kind == "add" and isinstance(parent, dict):
                parent[f"extra_{last}"] = value
            elif kind == "remove" and isinstance(parent, dict):
                parent.pop(last, None)
            elif isinstance(parent, dict) or (isinstance(parent, list) and isinstance(last, int) and last < len(parent)):
                parent[last] = value
    return document


def as_text(document: dict) -> str:
    return json.dumps(document)  # NaN and Infinity are written as such, as a hostile file would


def import_outcome(text: str) -> tuple[list[str] | None, str | None]:
    """(ids, None) when it imported, (None, message) when it was refused; asserts what must hold either way."""
    with tempfile.TemporaryDirectory(prefix="closer-structure-") as folder:
        with Desk.for_writing(Path(folder) / "data") as desk:
            try:
                ids = desk.import_text(text, "swept.json")
            except CloserError as error:
                assert desk.summaries() == [] and not list((Path(folder) / "data" / "partnerships").iterdir())
                return None, str(error)
            for pid in ids:  # what was stored reads back, and exports to a file that imports
                loads(desk.export_text(pid, "json", include_private=True))
            return ids, None


@SWEEP
@given(steps=mutations())
@example(steps=[("replace", ("partnerships", 0, "close", "extension", "extra_meetings"), 1.9)])
@example(steps=[("replace", ("version",), -5)])
@example(steps=[("replace", ("partnerships", 0, "timer", "used"), {"evaluate": float("nan")})])
@example(steps=[("remove", ("partnerships", 0, "mentor"), None)])
@example(steps=[("add", ("partnerships", 0, "goals", 0, "text"), "x")])
@example(steps=[("replace", ("partnerships",), [])])
def test_a_file_of_any_structure_imports_whole_or_is_refused_naming_it(steps):
    text = as_text(mutate(BASE, steps))
    try:
        ids, refusal = import_outcome(text)
    except RecursionError:
        raise AssertionError("deep nesting reached Python's recursion limit") from None
    if refusal is not None:
        assert refusal.startswith("swept.json: ") and "\n" not in refusal, refusal
        assert len(refusal) < 400, refusal
    else:
        assert ids


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=mutations())
@example(steps=[("replace", ("partnerships", 0, "guide", "stages", 0, "key"), ["a"])])
def test_closer_import_of_any_structure_exits_0_or_1_with_one_line(tmp_path_factory, steps):
    folder = tmp_path_factory.mktemp("structure")
    source = folder / "swept.json"
    source.write_text(as_text(mutate(BASE, steps)), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "closer_tui", "--db", str(folder / "data"), "import", str(source)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=folder,
        env={"HOME": str(folder), "PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO_ROOT)},
    )
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr and "unexpected" not in result.stderr, result.stderr
    if result.returncode == 1:
        (line,) = result.stderr.splitlines()
        assert line.startswith(f"closer: error: {source}: "), line
