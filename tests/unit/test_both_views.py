"""How each partner sees a goal, everywhere the record goes; a partly met goal's reason, and its upgrade."""

from __future__ import annotations

import copy
import json

import pytest

from closer_tui.export import dumps, export_text, loads
from closer_tui.model import Goal, Partnership, Preparation
from closer_tui.record_upgrades import upgrade_partly_reasons
from closer_tui.report import build_report, report_text
from closer_tui.review import search_text
from closer_tui.session import ClosingSession

from records import closed_partnership


@pytest.fixture
def seen_twice() -> Partnership:
    """A closed partnership where the two partners see the first goal differently and prepared answers."""
    p = closed_partnership()  # Tomás Ngata (mentee) with Ana Lima (mentor)
    grant = p.goals[0]
    grant.mentee_outcome, grant.mentee_view = "partly", "Only the small grant came through"
    grant.mentor_outcome, grant.mentor_view = "achieved", "The application itself was the goal"
    p.goals[1].mentor_outcome = p.goals[1].mentee_outcome = "not_achieved"  # the same view: no difference
    p.preparation["mentee"] = Preparation(answers={"evaluate.highlights": "Presenting in Lisbon"}, other="Quokka")
    p.validate()
    return p


def test_the_model_knows_when_the_two_views_differ(seen_twice):
    assert [g.views_differ for g in seen_twice.goals] == [True, False, False]
    assert not Goal("x", mentee_outcome="partly").views_differ  # one view is not a difference


def test_markdown_and_html_carry_both_views_and_say_where_they_differ(seen_twice):
    markdown = export_text(seen_twice, "md")
    assert "  - As the mentee sees it: **partly achieved**; Only the small grant came through" in markdown
    assert "  - As the mentor sees it: **achieved**; The application itself was the goal" in markdown
    assert markdown.count("see this outcome differently") == 1
    assert "## Preparation" in markdown and "Presenting in Lisbon" in markdown and "Quokka" in markdown
    html = export_text(seen_twice, "html")
    assert "As the mentee sees it: <strong>partly achieved</strong>; Only the small grant came through" in html
    assert "The application itself was the goal" in html


def test_json_carries_both_views_and_the_preparation_and_reads_back(seen_twice):
    document = json.loads(export_text(seen_twice, "json"))
    goal = document["partnerships"][0]["goals"][0]
    assert (goal["mentee_outcome"], goal["mentor_outcome"]) == ("partly", "achieved")
    assert goal["mentee_view"] == "Only the small grant came through"
    assert document["partnerships"][0]["preparation"]["mentee"]["answers"] == {"evaluate.highlights": "Presenting in Lisbon"}
    (back,) = loads(json.dumps(document))
    assert back.to_dict() == seen_twice.to_dict() | {"close": back.to_dict()["close"]}  # private notes left out


def test_the_story_tells_both_views_but_not_the_prepared_answers(seen_twice):
    story = export_text(seen_twice, "story", without_consent=True)  # what it tells, not whether it may be shared
    assert "  - As Tomás Ngata sees it: **partly achieved**; Only the small grant came through" in story
    assert "  - As Ana Lima sees it: **achieved**; The application itself was the goal" in story
    assert "Quokka" not in story


def test_the_review_search_finds_the_views_and_the_prepared_answers(seen_twice):
    words = search_text(seen_twice)
    assert "application" in words and "lisbon" in words and "quokka" in words


def test_the_report_counts_the_goals_the_partners_see_differently(seen_twice):
    report = build_report([seen_twice])
    assert (report["goals"]["views_differ"], report["goals"]["rated_by_both"]) == (1, 2)
    assert "1 of the 2 goals both partners rated: mentor and mentee saw the outcome differently" in report_text(report)


# --- a partly met goal's reason ---------------------------------------------------------


def test_marking_a_goal_partly_keeps_its_reason_and_what_changed_apart_from_not_achieved():
    p = closed_partnership()
    p.set_status("closing")
    session = ClosingSession(p)
    goal = session.set_goal_status(p.goals[2].id, "partly", reason="The slot was cut to five minutes", what_changed="A poster instead")
    assert (goal.partly_reason, goal.what_changed, goal.not_met_reason) == ("The slot was cut to five minutes", "A poster instead", "")
    changed = session.set_goal_status(p.goals[0].id, "changed", what_changed="Aimed at a fellowship instead")
    assert changed.what_changed == "Aimed at a fellowship instead"


def v1_record() -> dict:
    """A record as closer wrote it before partly met goals had a reason of their own."""
    record = closed_partnership().to_dict()
    for goal in record["goals"]:
        for key in ("partly_reason", "mentor_outcome", "mentee_outcome"):
            goal.pop(key)
    record.pop("preparation")
    record["goals"][2]["not_met_reason"] = "Ran out of time"  # the partly achieved goal's reason
    removed = copy.deepcopy(record["goals"][2]) | {"text": "An old partly met goal"}
    record["history"].append({"status": "closed", "at": record["closed_at"], "removed_goal": removed})
    return record


def test_the_upgrade_moves_a_partly_met_goals_reason_to_its_own_field():
    record = v1_record()
    upgraded = upgrade_partly_reasons(record)
    partly = upgraded["goals"][2]
    assert (partly["partly_reason"], partly["not_met_reason"]) == ("Ran out of time", "")
    assert upgraded["history"][-1]["removed_goal"]["partly_reason"] == "Ran out of time"
    not_achieved = upgraded["goals"][1]
    assert not_achieved["not_met_reason"] == "No second mentee joined the programme"  # where it belongs
    assert "partly_reason" not in not_achieved
    assert record["goals"][2]["not_met_reason"] == "Ran out of time"  # the record given is left as it was
    assert upgrade_partly_reasons(upgraded) == upgraded  # twice changes nothing more
    Partnership.from_dict(upgraded).validate()


def test_an_upgraded_record_keeps_a_partly_reason_already_given():
    record = v1_record()
    record["goals"][2]["partly_reason"] = "Given since"
    assert upgrade_partly_reasons(record)["goals"][2] == record["goals"][2]


def test_importing_a_version_1_export_upgrades_its_records_and_version_2_is_read_as_it_is():
    document = {"format": "closer.partnerships", "version": 1, "partnerships": [v1_record()]}
    (old,) = loads(json.dumps(document))
    assert (old.goals[2].partly_reason, old.goals[2].not_met_reason) == ("Ran out of time", "")
    document["version"] = 2
    (current,) = loads(json.dumps(document))
    assert (current.goals[2].partly_reason, current.goals[2].not_met_reason) == ("", "Ran out of time")
    assert json.loads(dumps([current]))["version"] == 2
