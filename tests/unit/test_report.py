"""Programme outcomes, checked against the sample data counted by hand.

The sample has six partnerships; four are closed (m3pq7d, x8fj5a, h2zk9s,
w6bd3u). Their 18 goals: 8 achieved, 2 exceeded, 4 partly, 1 changed,
3 not achieved. End reasons: 2 agreed duration, 1 objectives, 1 other. One
extension (two meetings). All four stay in touch; every mentor would mentor
others, three mentees would. Close times 23:52, 18:44, 18:51 and 18:33: the
median is 18:47.
"""

from __future__ import annotations

import json

from closer_tui.assets import sample_data_file
from closer_tui.export import loads
from closer_tui.report import bar, build_report, report_markdown, report_text


def sample():
    return loads(sample_data_file().read_text(encoding="utf-8"))


def test_report_counts_the_sample_programme_outcomes():
    report = build_report(sample())
    assert report["partnerships"] == {"in_scope": 7, "closed": 4, "still_open": 3, "unreadable": 0}  # the follow-on j7tn4e is under way
    assert report["goals"]["total"] == 18
    assert report["goals"]["by_status"] == {
        "achieved": 8,
        "exceeded": 2,
        "partly": 4,
        "changed": 1,
        "not_achieved": 3,
        "open": 0,
    }
    assert len(report["goals"]["not_achieved_reasons"]) == 3
    assert all(r["reason"] for r in report["goals"]["not_achieved_reasons"])
    assert report["end_reasons"] == {"duration": 2, "objectives": 1, "other": 1, "not recorded": 0}
    assert report["extensions"] == {"0": 3, "1": 0, "2": 1}
    assert report["stay_in_touch"] == {"yes": 4, "no": 0, "not recorded": 0}
    assert report["would_mentor_others"]["mentees"] == {"yes": 3, "no": 1, "not recorded": 0}
    assert round(report["close_time"]["median_seconds"], 2) == 1127.75
    assert report["close_time"]["recommended_seconds"] == 1200


def test_report_filters_by_programme_and_closing_date():
    by_programme = build_report(sample(), programme="women in stem mentoring")
    assert by_programme["partnerships"] == {"in_scope": 2, "closed": 1, "still_open": 1, "unreadable": 0}
    recent = build_report(sample(), since="2026-07-01")
    assert 0 < recent["partnerships"]["closed"] < 4


def test_report_text_shows_shares_as_bars_and_percentages():
    text = report_text(build_report(sample()))
    assert "achieved            8   44%  " + bar(8 / 18) in text
    assert "median 18:47 over 4 timed closes (recommended: 20:00)" in text


def test_report_markdown_and_json_carry_the_same_figures():
    report = build_report(sample())
    assert "```text" in report_markdown(report) and "44%" in report_markdown(report)
    assert json.loads(json.dumps(report)) == report


def test_an_empty_programme_reports_zeroes_without_dividing_by_zero():
    text = report_text(build_report([]))
    assert "Partnerships closed: 0" in text and "no timed closes yet" in text


def test_bars_grow_with_the_share():
    assert bar(0).strip() == "" and bar(1) == "█" * 24
    assert len(bar(0.5).strip()) == 12
