"""Under CI=true no test skips: tests/conftest.py reports every skip as a failure, with its reason."""

from __future__ import annotations

from pathlib import Path

import pytest

CONFTEST = Path(__file__).with_name("conftest.py")
PLAIN = ("-p", "no:cacheprovider", "-p", "no:textual-snapshot")  # the snapshot plugin's report cannot run twice in one process

SKIPPING_TESTS = '''
import shutil
import pytest

@pytest.mark.skipif(shutil.which("no-such-tool-here") is None, reason="no-such-tool-here is not on PATH")
def test_marked():
    pass

def test_skipping_inside():
    pytest.skip("needs root")

@pytest.fixture
def mount():
    pytest.skip("cannot mount a tmpfs")

def test_skipping_fixture(mount):
    pass

@pytest.mark.xfail(reason="a known bug, not a skip")
def test_expected_to_fail():
    assert False

def test_passing():
    pass
'''

SKIPPED_MODULE = '''
import pytest
pytest.importorskip("no_such_module_here")

def test_never_collected():
    pass
'''


@pytest.fixture
def suite(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makeini("[pytest]\nasyncio_default_fixture_loop_scope = function\n")
    pytester.makeconftest(CONFTEST.read_text(encoding="utf-8"))
    pytester.makepyfile(test_skipping=SKIPPING_TESTS)
    return pytester


def test_outside_ci_a_missing_tool_skips(suite, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    result = suite.runpytest(*PLAIN)
    result.assert_outcomes(passed=1, skipped=3, xfailed=1)


def test_under_ci_every_skip_fails_with_its_reason(suite, monkeypatch):
    monkeypatch.setenv("CI", "true")
    result = suite.runpytest(*PLAIN, "-rfE")
    result.assert_outcomes(passed=1, failed=1, errors=2, xfailed=1)  # a skip in setup (a mark, a fixture) is an error
    assert result.ret != 0
    result.stdout.fnmatch_lines_random(
        [
            "*skipped under CI=true*no-such-tool-here is not on PATH*",
            "*skipped under CI=true*needs root*",
            "*skipped under CI=true*cannot mount a tmpfs*",
        ]
    )


def test_under_ci_a_module_that_skips_fails(suite, monkeypatch):
    suite.makepyfile(test_module_skip=SKIPPED_MODULE)
    monkeypatch.setenv("CI", "true")
    result = suite.runpytest(*PLAIN, "test_module_skip.py")
    assert result.ret != 0
    result.stdout.fnmatch_lines(["*skipped under CI=true*no_such_module_here*"])
