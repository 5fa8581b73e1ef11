import importlib.util
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location("render_fixtures", Path(__file__).with_name("fixtures.py"))
fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fixtures)


@pytest.fixture(scope="session")
def graded_class(tmp_path_factory):
    """The example class graded once per test session, pages in English."""
    base = tmp_path_factory.getbasetemp()
    return fixtures.grade_example_class(tmp_path_factory.mktemp("graded-en"), base / "cache", "en")


@pytest.fixture
def training_result():
    return fixtures.training_result()
