"""Shared fixtures: an isolated cache for every test."""
from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def isolated_cache(tmp_path_factory, monkeypatch):
    """Reference answers cached per test session, never in the user's own cache."""
    monkeypatch.setenv("HARNESS_CACHE", str(tmp_path_factory.getbasetemp() / "cache"))


# Suites that grade through real workers, train models or open a browser: minutes each, so
# `pytest -m "not slow"` (what a developer runs while working) leaves them to the full run and CI.
# A single heavy test elsewhere carries its own `@pytest.mark.slow` with what it waits for.
SLOW_PATHS = ("test_example_class.py", "test_past_semester.py", "test_self_check.py", "adversarial/", "browser/",
              "author/test_validate.py", "author/test_mutants.py", "author/test_fairness.py",
              "author/test_calibrate.py", "realnb/", "speed/", "reference/", "run/test_hidden_delivery.py",
              "run/test_grader_death.py", "run/test_cpu_budgets.py", "data/test_served_data.py",
              "render/test_class_report.py", "render/test_exports.py", "render/test_manual.py")
# Fixtures that grade a class through workers: a test using one is slow wherever it is; the other
# tests of its file (catalogue checks, pages from stored results) stay in the fast selection.
SLOW_FIXTURES = ("graded_class", "training_result")
TESTS = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        where = Path(str(item.fspath)).resolve().relative_to(TESTS).as_posix()
        if where.startswith(SLOW_PATHS) or set(SLOW_FIXTURES) & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
