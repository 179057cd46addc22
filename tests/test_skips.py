"""``CI=true`` turns every skip into a failure (tests/skips.py), in a real pytest run."""

import os
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

PROJECT = Path(__file__).resolve().parents[1]

SKIPPING = """
import pytest

pytestmark = pytest.mark.skipif(False, reason="never")


def test_needs_a_tool():
    pytest.skip("needs a tool that is not installed")


@pytest.mark.skip(reason="marked to skip")
def test_marked():
    pass


def test_runs():
    assert True
"""

MODULE_SKIP = """
import pytest

pytest.skip("the whole module needs a tool", allow_module_level=True)
"""


def run(pytester, monkeypatch, ci: str | None, source: str = SKIPPING):
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    monkeypatch.setenv(
        "PYTHONPATH", os.pathsep.join([str(PROJECT), os.environ.get("PYTHONPATH", "")])
    )
    pytester.makepyfile(test_inner=source)
    return pytester.runpytest_subprocess(
        "-p", "tests.skips", "-p", "no:django", "-p", "no:cacheprovider", "-rA"
    )


def test_skips_pass_with_their_reason_outside_ci(pytester, monkeypatch):
    result = run(pytester, monkeypatch, ci=None)
    result.assert_outcomes(passed=1, skipped=2)
    result.stdout.fnmatch_lines(["*needs a tool that is not installed*"])
    assert result.ret == pytest.ExitCode.OK


@pytest.mark.parametrize("value", ["true", "TRUE", "1"])
def test_skips_fail_the_run_in_ci(pytester, monkeypatch, value):
    result = run(pytester, monkeypatch, ci=value)
    outcomes = result.parseoutcomes()
    # A skip in the call phase fails the test; a skip mark (setup) errors it.
    assert outcomes.get("passed") == 1
    assert outcomes.get("failed", 0) + outcomes.get("errors", 0) == 2
    result.stdout.fnmatch_lines(
        ["*skipped in CI, where every test must run*needs a tool*"]
    )
    assert result.ret == pytest.ExitCode.TESTS_FAILED


def test_module_level_skip_fails_in_ci(pytester, monkeypatch):
    result = run(pytester, monkeypatch, ci="true", source=MODULE_SKIP)
    assert result.ret != pytest.ExitCode.OK
    result.stdout.fnmatch_lines(["*skipped in CI*the whole module needs a tool*"])


def test_ci_false_keeps_skips(pytester, monkeypatch):
    result = run(pytester, monkeypatch, ci="false")
    result.assert_outcomes(passed=1, skipped=2)
