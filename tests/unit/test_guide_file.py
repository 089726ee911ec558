"""Closing guides as Markdown files: the bundled END guide, a programme's own, and mistakes."""

from __future__ import annotations

import pytest

from closer_tui.guide_file import GuideError, load_guide, parse_guide
from closer_tui.method import Guide, default_guide

OWN_GUIDE = """\
# Riverside programme close

| Stage | Minutes |
|---|---|
| Look back | 12.5 |
| Look ahead | 7.5 |

| Source | Credit |
|---|---|
| RIV | Riverside mentoring handbook, 2026 |

## Look back

What happened, goal by goal.

- `goals` (RIV) Which goals were met, and how?
- What surprised you?

## Look ahead

- `next` (RIV) What is the first thing you will do alone?
"""


def test_the_bundled_guide_is_the_END_close_with_both_sources():
    guide = default_guide()
    assert guide.stage_keys == ("evaluate", "next_steps", "development")
    assert guide.sources.keys() == {"END", "NORDP"}
    assert sum(guide.default_budgets().values()) == 20 * 60
    assert guide.prompts_by_id["evaluate.goals"].sources == ("END", "NORDP")


def test_a_programmes_own_guide_is_read_with_budgets_sources_and_ids():
    guide = parse_guide(OWN_GUIDE, "riverside.md", name="riverside")
    assert guide.title == "Riverside programme close"
    assert guide.stage_keys == ("look_back", "look_ahead")
    assert guide.default_budgets() == {"look_back": 750, "look_ahead": 450}
    assert guide.stage("look_back").purpose == "What happened, goal by goal."
    assert [p.id for p in guide.stage("look_back").prompts] == ["look_back.goals", "look_back.p2"]
    assert guide.prompts_by_id["look_ahead.next"].sources == ("RIV",)
    assert guide.sources == {"RIV": "Riverside mentoring handbook, 2026"}


def test_a_guide_survives_the_copy_kept_with_a_partnership():
    guide = parse_guide(OWN_GUIDE, "riverside.md")
    assert Guide.from_dict(guide.to_dict()) == guide


def test_load_guide_names_the_file(tmp_path):
    path = tmp_path / "riverside.md"
    path.write_text(OWN_GUIDE, encoding="utf-8")
    assert load_guide(path).name == "riverside"
    with pytest.raises(GuideError, match="no such file"):
        load_guide(tmp_path / "missing.md")


MISTAKES = [
    (OWN_GUIDE.replace("| Look ahead | 7.5 |", "| Look ahead | soon |"), 6, "must be a number"),
    (OWN_GUIDE.replace("| Look ahead | 7.5 |\n", ""), 18, "no row in the | Stage | Minutes | table"),
    (OWN_GUIDE.replace("- `next` (RIV)", "- `next` (XYZ)"), 21, "'XYZ' is not in the | Source | Credit | table"),
    (OWN_GUIDE.replace("- What surprised you?", "- `goals` What surprised you?"), 17, "`goals` is used twice"),
    (OWN_GUIDE.replace("- `next` (RIV) What is the first thing you will do alone?\n", ""), 19, "has no prompts"),
    (OWN_GUIDE.replace("## Look ahead", "### Look ahead"), 19, "unexpected heading"),
    (OWN_GUIDE + "\n## Look back\n\n- again\n", 23, "appears twice"),
    (OWN_GUIDE.replace("| Stage | Minutes |", "| Part | Time |"), 3, "a table must be headed"),
    (OWN_GUIDE.replace("`next`", "`Next Step!`"), 21, "may hold only a-z"),
    (OWN_GUIDE.replace("| Look back | 12.5 |", "| Look back | 12.5 |\n| Wrap up | 3 |"), 6, "has no ## heading"),
]


@pytest.mark.parametrize("text,line,message", MISTAKES, ids=[m for _, _, m in MISTAKES])
def test_a_malformed_guide_is_refused_naming_the_line(text, line, message):
    with pytest.raises(GuideError) as caught:
        parse_guide(text, "riverside.md")
    assert caught.value.line == line, str(caught.value)
    assert message in str(caught.value)
    assert str(caught.value).startswith(f"riverside.md, line {line}: ")


def test_a_guide_without_stages_is_refused():
    with pytest.raises(GuideError, match="no stages"):
        parse_guide("# Just a title\n\nSome words.\n", "empty.md")


def test_the_readme_example_guide_is_valid():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    example = readme.split("## Closing guides", 1)[1].split("```markdown\n", 1)[1].split("```", 1)[0]
    guide = parse_guide(example, "README example")
    assert guide.stage_keys == ("look_back", "look_ahead")
