"""`record` gives what `@dataclass` gives, with `==` and `repr` shared instead of compiled per class.

Each case builds the same class body twice, once under `@dataclass` and once under `@record`,
and holds the two to the same answers."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields, replace

import pytest

from closer_tui.config import Settings
from closer_tui.model import Action, Close, Goal, Meeting, Partnership
from closer_tui.records import record


def twins(body: dict, name: str = "Thing"):
    """The same class under @dataclass and under @record (fresh classes: neither sees the other)."""
    made = []
    for decorate in (dataclass, record):
        namespace = {key: (value() if callable(value) else value) for key, value in body.items()}
        annotations = namespace.pop("__annotations__")
        made.append(decorate(type(name, (), {"__annotations__": annotations, **namespace})))
    return made


def plain_body():
    return {
        "__annotations__": {"text": "str", "count": "int", "tags": "list", "hidden": "str", "loose": "float"},
        "count": 0,
        "tags": lambda: field(default_factory=list),
        "hidden": lambda: field(default="secret", repr=False),
        "loose": lambda: field(default=0.0, compare=False),
    }


VALUES = [
    {"text": "a"},
    {"text": "a", "count": 1},
    {"text": "a", "tags": ["x"]},
    {"text": "a", "hidden": "other"},
    {"text": "a", "loose": 2.5},
    {"text": "Zoë 李明 🙂", "count": 10**40},
    {"text": "a", "loose": math.nan},
    {"text": "a", "tags": [math.nan]},
]


@pytest.mark.parametrize("left", VALUES)
@pytest.mark.parametrize("right", VALUES)
def test_equality_is_dataclass_equality(left, right):
    as_dataclass, as_record = twins(plain_body())
    assert (as_record(**left) == as_record(**right)) == (as_dataclass(**left) == as_dataclass(**right))
    assert (as_record(**left) != as_record(**right)) == (as_dataclass(**left) != as_dataclass(**right))


def test_a_shared_nan_is_equal_as_in_a_tuple_but_two_nans_are_not():
    _, as_record = twins(plain_body())
    nan = [math.nan]
    assert as_record("a", tags=nan) == as_record("a", tags=nan)
    assert as_record("a", tags=[math.nan]) != as_record("a", tags=[float("nan")])


@pytest.mark.parametrize("values", VALUES)
def test_repr_is_dataclass_repr_without_the_hidden_field(values):
    as_dataclass, as_record = twins(plain_body())
    assert repr(as_record(**values)) == repr(as_dataclass(**values))
    assert "secret" not in repr(as_record(**values)) and "hidden" not in repr(as_record(**values))


def test_another_class_with_the_same_fields_is_not_equal_and_is_asked_back():
    as_record, other = twins(plain_body())[1], twins(plain_body(), name="Other")[1]
    assert as_record("a") != other("a")
    assert as_record("a").__eq__(other("a")) is NotImplemented
    assert as_record("a").__eq__(("a", 0, [], 0.0)) is NotImplemented
    assert as_record("a") != "a"


def test_a_subclass_instance_is_not_equal_as_with_dataclasses():
    as_dataclass, as_record = twins(plain_body())
    sub_dataclass = dataclass(type("Sub", (as_dataclass,), {}))
    sub_record = record(type("Sub", (as_record,), {}))
    assert (as_record("a") == sub_record("a")) == (as_dataclass("a") == sub_dataclass("a")) is False


def test_records_are_unhashable_like_mutable_dataclasses():
    as_dataclass, as_record = twins(plain_body())
    for made in (as_dataclass("a"), as_record("a"), Goal("x"), Partnership.create("A", "B", "Mentoring"), Settings()):
        with pytest.raises(TypeError):
            hash(made)


def test_a_record_inside_itself_shows_as_dots():
    _, as_record = twins(plain_body())
    loop = as_record("a")
    loop.tags.append(loop)
    assert repr(loop) == "Thing(text='a', count=0, tags=[...], loose=0.0)"


def test_a_class_keeps_its_own_eq_and_repr():
    @record
    class Own:
        text: str

        def __eq__(self, other):
            return True

        def __repr__(self):
            return "mine"

        __hash__ = object.__hash__

    assert Own("a") == Own("b") and repr(Own("a")) == "mine" and hash(Own("a"))


def test_a_record_with_one_field_or_none_compares_by_it():
    @record
    class One:
        text: str

    @record
    class Empty:
        pass

    assert One("a") == One("a") and One("a") != One("b") and repr(One("a")).endswith(".One(text='a')")
    assert Empty() == Empty() and repr(Empty()).endswith(".Empty()")


def test_the_models_records_compare_and_show_field_by_field():
    first = Partnership.create("Zoë Martin", "李明", "Mentoring")
    copy = replace(first, goals=[replace(goal) for goal in first.goals])
    assert copy == first and copy is not first
    assert replace(first, mentee="Other") != first
    assert Goal("Ship it", id="g1") == Goal("Ship it", id="g1") != Goal("Ship it", id="g1", status="achieved")
    assert Goal("Ship it", id="g1") != Goal("Ship it", id="g2")
    assert repr(Goal("Ship it", id="g1")).startswith("Goal(text='Ship it', ")
    assert [f.name for f in fields(Partnership)][:3] == [part.split("=")[0] for part in repr(first)[len("Partnership(") :].split(", ")[:3]]
    for cls in (Action, Close, Goal, Meeting, Partnership, Settings):
        assert cls.__eq__.__module__ == "closer_tui.records" and cls.__repr__.__module__ == "closer_tui.records"


def test_settings_leave_unknown_keys_out_of_equality_and_repr():
    assert Settings(unknown_keys={"x": 1}) == Settings()
    assert "unknown_keys" not in repr(Settings(unknown_keys={"x": 1}))
