"""An interrupted ``harness grade`` resumes: finished results are kept once, broken ones redone."""
import json

from harness import api

from .cases import BATCH, LAYER
from .test_hostile import _course

GOOD = LAYER + BATCH + "def batch_norm(x, eps=0.0):\n    return _right(x, eps)\n"


def _grade(classdir, out, course, **kw):
    seen = []
    results = api.grade(path=str(classdir), out=str(out), jobs=1, course=str(course), echo=seen.append, **kw)
    return results, "\n".join(str(s) for s in seen)


def test_a_second_run_keeps_finished_results_and_redoes_broken_ones(tmp_path):
    course = _course(tmp_path / "course")
    classdir, out = tmp_path / "class", tmp_path / "out"
    for student in ("a", "b", "c"):
        (classdir / student).mkdir(parents=True)
        (classdir / student / "adv.py").write_text(GOOD)
    first, _ = _grade(classdir, out, course)
    assert [r.score for r in first] == [6, 6, 6]
    stamp = (out / "a" / "adv" / "results.json").stat().st_mtime_ns
    (out / "b" / "adv" / "results.json").write_text('{"score": 6, "tes')  # truncated by a crash
    (out / "c" / "adv" / ".complete").unlink()  # killed between the results and the marker
    second, said = _grade(classdir, out, course)
    assert "1 submission(s) already graded" in said
    assert [r.student for r in second] == ["a", "b", "c"] and [r.score for r in second] == [6, 6, 6]
    assert (out / "a" / "adv" / "results.json").stat().st_mtime_ns == stamp
    assert json.loads((out / "b" / "adv" / "results.json").read_text())["score"] == 6
    assert (out / "gradebook.csv").read_text().count("\n") == 4  # header + one row per student, no duplicates
    (classdir / "a" / "adv.py").write_text(LAYER)  # a changed submission is graded again
    third, _ = _grade(classdir, out, course)
    assert [r.score for r in third] == [3, 6, 6]
    _, said = _grade(classdir, out, course, force=True)
    assert "already graded" not in said
