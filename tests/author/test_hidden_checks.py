"""Public and hidden checks end to end: a hidden input's values never reach a student."""
import json

from harness_testing import write_notebook
from toy_course import SECRET

from harness import api

WRONG = "import numpy as np\ndef centre(x):\n    return np.asarray(x) * 0 + 1\ndef scaled(c, factor=1.0):\n    return c\n"


def test_check_runs_public_checks_only_and_reveals_nothing_hidden(toy_course, tmp_path):
    path = write_notebook(tmp_path / "me" / "toy.ipynb", [("code", WRONG)])
    lines = []
    result = api.check(file=str(path), course=str(toy_course), out=str(tmp_path / "fb"), echo=lines.append)
    text = "\n".join(lines)
    assert [c.name for c in result.checks if c.visibility == "hidden"] == []
    assert "1 hidden checks run at grading time" in text
    assert "9137" not in text and "hush-hush" not in text
    page = next((tmp_path / "fb").rglob("feedback.html")).read_text(encoding="utf-8")
    assert "9137" not in page and "hush-hush" not in page


def test_grading_shows_a_hidden_check_only_as_pass_or_fail(toy_course, tmp_path):
    write_notebook(tmp_path / "class" / "s1" / "toy.ipynb", [("code", WRONG)])
    api.grade(path=str(tmp_path / "class"), course=str(toy_course), out=str(tmp_path / "out"), jobs=1,
              echo=lambda *_: None)
    data = json.loads((tmp_path / "out" / "s1" / "toy" / "results.json").read_text(encoding="utf-8"))
    hidden = [t for t in data["tests"] if t["visibility"] == "hidden"]
    assert len(hidden) == 1 and hidden[0]["status"] == "failed"
    assert hidden[0]["output"].startswith("Failed.") and "9137" not in hidden[0]["output"]
    assert "details" not in hidden[0]["extra_data"]
    page = (tmp_path / "out" / "s1" / "toy" / "feedback.html").read_text(encoding="utf-8")
    assert "9137" not in page and str(SECRET) not in page
