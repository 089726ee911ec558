"""The closing method: the END stages in order, their prompts, where each prompt comes from, the 20 minutes."""

from __future__ import annotations

from collections import Counter

import pytest

from closer_tui.method import DEFAULT_CLOSE_MINUTES, default_guide

GUIDE = default_guide()
PROMPTS_BY_ID = GUIDE.prompts_by_id
SOURCES = GUIDE.sources
STAGE_KEYS = GUIDE.stage_keys
STAGES = GUIDE.stages
default_budgets = GUIDE.default_budgets
prompts_discussed_line = GUIDE.discussed_line
stage = GUIDE.stage
total_prompts = GUIDE.total_prompts

ALL_PROMPTS = [prompt for s in STAGES for prompt in s.prompts]


def test_the_close_has_three_stages_in_END_order_evaluate_next_steps_development():
    assert STAGE_KEYS == ("evaluate", "next_steps", "development")
    assert [s.title for s in STAGES] == ["Evaluate", "Next steps", "Development"]
    assert "".join(s.title[0] for s in STAGES) == "END"


def test_the_method_credits_exactly_two_sources_the_END_guide_and_NORDP():
    assert set(SOURCES) == {"END", "NORDP"}
    assert "National Lottery" in SOURCES["END"]
    assert "NORDP" in SOURCES["NORDP"]


def test_every_prompt_is_credited_to_at_least_one_known_source():
    for prompt in ALL_PROMPTS:
        assert prompt.sources, f"{prompt.id} credits no source"
        assert set(prompt.sources) <= set(SOURCES), f"{prompt.id} credits {prompt.sources}"


@pytest.mark.parametrize("stage_key", STAGE_KEYS)
def test_each_stage_draws_on_both_guides(stage_key):
    used = {source for prompt in stage(stage_key).prompts for source in prompt.sources}
    assert used == {"END", "NORDP"}


def test_every_stage_has_prompts_with_readable_text():
    for s in STAGES:
        assert s.prompts, f"{s.key} has no prompts"
        for prompt in s.prompts:
            assert len(prompt.text.split()) >= 4, prompt.id
            assert prompt.text == prompt.text.strip()


def test_prompt_ids_are_unique_and_start_with_their_stage():
    counts = Counter(prompt.id for prompt in ALL_PROMPTS)
    assert [pid for pid, n in counts.items() if n > 1] == []
    assert len(PROMPTS_BY_ID) == len(ALL_PROMPTS) == total_prompts()
    for s in STAGES:
        for prompt in s.prompts:
            assert prompt.id.startswith(s.key + ".")


@pytest.mark.parametrize(
    "topic",
    ["extension", "goals", "log", "not_met", "stay_in_touch", "impact_mentee", "impact_mentor", "gifts", "thanks"],
)
def test_the_prompts_cover_what_both_guides_ask_for(topic):
    assert any(pid.endswith("." + topic) for pid in PROMPTS_BY_ID), topic


def test_the_default_budgets_add_up_to_the_recommended_20_minutes():
    assert DEFAULT_CLOSE_MINUTES == 20
    assert sum(default_budgets().values()) == 20 * 60
    assert list(default_budgets()) == list(STAGE_KEYS)
    assert all(seconds > 0 for seconds in default_budgets().values())


def test_an_unknown_stage_is_a_key_error():
    with pytest.raises(KeyError):
        stage("wrap_up")


def test_the_discussed_count_ignores_repeats_and_unknown_prompt_ids():
    line = prompts_discussed_line(["evaluate.goals", "evaluate.goals", "no.such.prompt", "development.thanks"])
    assert line == f"2 of {total_prompts()} discussed"
