"""The README's "Scripting against your data with TinyDB" example, run as written against a data
folder the real `closer` made (issue 11, item 11): the example cannot drift from the files."""

from __future__ import annotations

import json
import subprocess
import sys

from test_cli import REPO_ROOT, SAMPLE_DATA, child_env, closer, db, ok  # noqa: F401  (fixtures)


def readme_example() -> str:
    section = (REPO_ROOT / "README.md").read_text(encoding="utf-8").split("### Scripting against your data with TinyDB", 1)[1]
    return section.split("```python\n", 1)[1].split("```", 1)[0]


def run_example(tmp_path, *args: str) -> str:
    script = tmp_path / "open.py"
    script.write_text(readme_example(), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(script), *args], cwd=tmp_path, env=child_env(tmp_path), capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0 and done.stderr == "", done.stderr
    return done.stdout


def expected_output(closer) -> list[str]:
    rows = sorted((r for r in json.loads(ok(closer("list", "--json"))) if r["status"] != "closed"), key=lambda r: r["mentee"])
    lines = [f"{r['id']}  {r['mentee']} with {r['mentor']}: {r['goals_met']}/{r['goals_total']} goals met" for r in rows]
    (first,) = json.loads(ok(closer("export", rows[0]["id"], "--format", "json")))["partnerships"]
    return lines + [f"  {g['status']:<12} {g['text']}" for g in first["goals"]]


def test_the_readme_example_lists_the_open_partnerships_and_the_goals_of_one(closer, db, tmp_path):
    ok(closer("import", str(SAMPLE_DATA)))
    ok(closer("log", "r4hn8v", "a meeting after the import: a record the index summarises again"))
    expected = expected_output(closer)
    assert len(expected) > 3 and any("goals met" in line for line in expected)
    before = {p: p.read_bytes() for p in db.rglob("*.json")}

    assert run_example(tmp_path, str(db)).splitlines() == expected
    assert {p: p.read_bytes() for p in db.rglob("*.json")} == before  # it only reads


def test_the_readme_example_reads_the_default_data_folder(tmp_path):
    """Without an argument it reads ~/.local/share/closer, where `closer` keeps data when given no --db."""
    from test_cli import run_closer

    ok(run_closer(tmp_path, "import", str(SAMPLE_DATA)))
    output = run_example(tmp_path)
    # the open partnerships by mentee: José (the follow-on j7tn4e), Zoë (c9tw2e), 李明 (r4hn8v)
    assert [line.split()[0] for line in output.splitlines() if "goals met" in line] == ["j7tn4e", "c9tw2e", "r4hn8v"]
