import pytest

from . import fixtures


@pytest.fixture(scope="session")
def graded_class(tmp_path_factory):
    """The example class graded once per test session, pages in English."""
    base = tmp_path_factory.getbasetemp()
    return fixtures.grade_example_class(tmp_path_factory.mktemp("graded-en"), base / "cache", "en")


@pytest.fixture
def training_result():
    return fixtures.training_result()
