"""Full garbage collections wait for a pause in typing, and never wait forever."""

import gc

import pytest

from closer_tui.pacing import NEVER, PauseCollector


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def collector(clock):
    collector = PauseCollector(clock, quiet=0.75, least_wait=5.0, longest_wait=60.0)
    before = gc.get_threshold()
    yield collector
    collector.stop()
    assert gc.get_threshold() == before


def test_starting_switches_off_automatic_full_collections_and_stopping_restores_them(collector):
    young, middle, oldest = gc.get_threshold()
    collector.start()
    assert gc.get_threshold() == (young, middle, NEVER)
    assert gc.get_freeze_count() > 0
    collector.stop()
    assert gc.get_threshold() == (young, middle, oldest)
    assert gc.get_freeze_count() == 0  # what the dashboard froze can be collected again


def test_nothing_is_collected_before_start(collector, clock):
    clock.now += 100
    assert not collector.collect_if_paused()


def test_a_collection_runs_in_a_pause_not_while_keys_come(collector, clock):
    collector.start()
    for _ in range(100):  # typing for 10 s, a key every 0.1 s
        clock.now += 0.1
        collector.activity()
        assert not collector.collect_if_paused()
    clock.now += 0.5
    assert not collector.collect_if_paused()  # too short to be a pause
    clock.now += 0.3
    assert collector.collect_if_paused()
    assert collector.collections == 1


def test_pauses_right_after_a_collection_do_not_collect_again(collector, clock):
    collector.start()
    clock.now += 10
    assert collector.collect_if_paused()
    clock.now += 1
    assert not collector.collect_if_paused()
    clock.now += 4
    assert collector.collect_if_paused()


def test_endless_typing_still_collects_once_a_minute(collector, clock):
    collector.start()
    ran = 0
    for _ in range(1210):  # two minutes of typing with no pause
        clock.now += 0.1
        collector.activity()
        ran += collector.collect_if_paused()
    assert ran == 2


def test_cyclic_garbage_made_while_typing_is_freed_by_the_collection(collector, clock):
    collector.start()

    class Node:
        pass

    def cycle():
        node = Node()
        node.self = node
        return node

    nodes = [cycle() for _ in range(1000)]
    gc.collect(1)  # they survive it and move to the oldest generation
    del nodes  # now garbage that only a full collection can find
    kept = [[] for _ in range(200_000)]  # enough new objects for many automatic collections
    gc.collect(1)
    assert sum(1 for o in gc.get_objects(2) if type(o) is Node) == 1000
    clock.now += 10
    assert collector.collect_if_paused()
    assert not any(type(o) is Node for o in gc.get_objects())
    del kept
