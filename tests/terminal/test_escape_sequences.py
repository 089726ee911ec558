"""Nothing closer reads can send a control sequence to the terminal: the raw bytes written to a pty, checked."""

from __future__ import annotations

import json
import sys

from pty_session import run_in_pty

from closer_tui.export import dumps

OSC_52 = "\x1b]52;c;cHduZWQ=\x07"  # writes the viewer's clipboard
OSC_0 = "\x1b]0;pwned\x07"  # retitles the window
CSI_CLEAR = "\x1b[2J"  # clears the screen
RLO = "\u202e"  # reverses what follows
HOSTILE = (OSC_52, OSC_0, CSI_CLEAR, RLO)


def assert_clean(output: bytes) -> None:
    for sequence in HOSTILE:
        assert sequence.encode() not in output, sequence.encode()


def closer(*args: str, until: str = "", then: bytes = b"\x11") -> tuple[bytes, int]:
    return run_in_pty([sys.executable, "-m", "closer_tui", *args], until=until.encode(), then=then)


def test_a_guide_file_with_escape_sequences_is_refused_without_them_reaching_the_terminal(tmp_path):
    for sequence in HOSTILE:
        guide = tmp_path / "guide.md"
        guide.write_text(f"# Riverside{sequence}\n\n| Stage | Minutes |\n|---|---|\n| Look back | 10 |\n", encoding="utf-8")
        output, code = closer("--db", str(tmp_path / "db"), "--guide", str(guide), "new", "--mentor", "A", "--mentee", "B")
        assert code == 1 and b"line 1" in output
        assert_clean(output)


def test_an_imported_guide_copy_and_text_fields_with_escape_sequences_are_refused_cleanly(tmp_path, partnerships):
    record = json.loads(dumps(partnerships[:1]))
    for sequence in HOSTILE:
        for place in ("guide", "mentee", "notes"):
            hostile = json.loads(json.dumps(record))
            p = hostile["partnerships"][0]
            if place == "guide":
                p["guide"] = {"name": "x", "title": f"T{sequence}", "stages": [{"key": "a", "title": "A", "prompts": []}]}
            elif place == "mentee":
                p["mentee"] = f"B{sequence}"
            else:
                p["close"]["stage_notes"]["evaluate"] = f"n{sequence}"
            path = tmp_path / f"{place}.json"
            path.write_text(json.dumps(hostile, ensure_ascii=False), encoding="utf-8")
            output, code = closer("--db", str(tmp_path / "db"), "import", str(path))
            assert code == 1, (place, output)
            assert_clean(output)


def test_a_data_file_named_with_an_escape_sequence_is_named_safely_by_the_app(filled_db):
    (filled_db / "index.json").unlink()  # the app rebuilds the index and names what it skipped
    (filled_db / "partnerships" / f"{OSC_0}{OSC_52}.json").write_bytes(b"{}")
    output, code = closer("--db", str(filled_db), until="skipped")
    assert b"skipped" in output, output[-3000:]
    assert_clean(output)
