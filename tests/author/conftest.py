"""The toy course every instructor-workflow test builds (see toy_course.py)."""
from pathlib import Path

import pytest
from toy_course import make_course


@pytest.fixture
def toy_course(tmp_path) -> Path:
    return make_course(tmp_path / "course")
