"""`harness validate --calibrate`: training bars measured on populations of right and wrong models."""
import subprocess
import sys

from dataclasses import replace

import pytest
import tomllib
from harness_testing import REPO
from toy_course import make_training_course

from harness import api
from harness.author.calibrate import Calibration, Sample, TrainingCheck, comment, report, training_checks
from harness.author.pack_report import PackRun, SelectionError, passed, select_training, summary
from harness.author.toml_bars import BarError, edited, recorded_margins
from harness.spec.course import Course


@pytest.mark.slow
def test_calibrate_trains_right_and_wrong_models_over_seeds_and_writes_the_bar(tmp_path, capsys):
    root = make_training_course(tmp_path / "c")
    path = root / "rubrics" / "toytrain.toml"
    before = path.read_text(encoding="utf-8")
    lines = []
    ok = api.validate(course=str(root), calibrate="toytrain@Q1.1", seeds=2, jobs=2, write=True, echo=lines.append)
    text = "\n".join(lines)
    assert ok, text
    assert "toytrain@Q1.1 train 'the classifier learns' (2 seeds: 0..1" in text
    progress = capsys.readouterr().err.splitlines()  # a meter, on standard error
    assert any(line.startswith("calibration 1/") and "so far, about" in line for line in progress), progress
    right = [line for line in text.splitlines() if line.startswith("  right")]
    wrong = [line for line in text.splitlines() if line.startswith("  wrong")]
    assert [line.split(":")[0].split()[-1] for line in right] == ["reference", "fair/functional"]
    assert [line.split(":")[0].split()[-1] for line in wrong] == ["mistake/frozen", "mistake/eleven-outputs"]
    assert all(len(line.split(":")[1].split("(")[0].split()) == 2 for line in right + wrong)  # one value per seed
    # The eleven-output model trains as well as the reference; the cheap model check fails it, so the
    # bar need not: it counts in the margin over every mistake, not in the one that decides.
    assert "also failed by" not in wrong[0] and "(also failed by Q1.2 the classifier's outputs)" in wrong[1]
    assert "over every known mistake" in text and "over the wrong models no other check fails" in text
    assert "UNUSABLE" not in text
    assert "note: 2 seeds (fewer than 5)" in text
    proposed = text.split("proposed bar")[1].splitlines()[0]
    assert "passes 4/4 right runs" in proposed and "fails" in proposed
    assert "toytrain@Q1.1: wrote ratio = " in text
    # Only the bar and its comment changed.
    after = path.read_text(encoding="utf-8")
    changed = [line for line in after.splitlines() if line not in before.splitlines()]
    assert len(changed) == 2 and changed[0].lstrip().startswith("# calibrated ") and "margin" in changed[0]
    new = tomllib.loads(after)["questions"][0]["checks"][0]["options"]
    old = tomllib.loads(before)["questions"][0]["checks"][0]["options"]
    assert {k: v for k, v in new.items() if k not in ("ratio", "floor")} == \
        {k: v for k, v in old.items() if k not in ("ratio", "floor")}
    assert recorded_margins(path) and recorded_margins(path)[0][0] == "Q1.1"
    assert "training bars: 1 measured now: toytrain@Q1.1 margin +" in text


def _calibration(right: list[float], wrong: list[float], kind: str = "train", **bar) -> Calibration:
    """A calibration of the pack's own check of ``kind``, its bar set to ``bar`` where given (not to
    what the rubric says now, which calibration rewrites)."""
    course = Course(REPO)
    target = next(t for t in training_checks(course.rubric("hw14" if kind == "embedding" else "hw03"))
                  if t.check.kind == kind)
    if bar:
        target = replace(target, check=replace(target.check, options={**target.check.options, **bar}))
    cal = Calibration(target, [0, 1])
    cal.samples += [Sample("right", f"r{i}", 0, v, 1.0, 1.0) for i, v in enumerate(right)]
    cal.samples += [Sample("wrong", f"w{i}", 0, v, 1.0, 0.0) for i, v in enumerate(wrong)]
    return cal


def test_a_bar_without_margin_is_unusable_and_fails_validate():
    cal = _calibration([0.9, 0.62, 1.05], [0.3, 0.7])
    assert cal.margin == pytest.approx(-0.08) and not cal.usable and cal.proposed() is None
    assert "UNUSABLE" in report(cal)
    state = PackRun(["hw03"], calibrations=[cal], conformance_run=False)
    assert not passed(state, 0.9)
    assert "margin -0.08 UNUSABLE" in summary(Course(REPO), state, 0.9)


def test_a_bar_with_margin_is_proposed_half_way_and_separates_every_sample():
    cal = _calibration([0.9, 0.8, 1.0], [0.3, 0.5])
    bar = cal.proposed()
    assert cal.usable and bar["ratio"] == 0.65 and bar["floor"] == 0.65
    assert all(cal.passes(s, bar) == (s.side == "right") for s in cal.samples)
    assert passed(PackRun(["hw03"], calibrations=[cal], conformance_run=False), 0.9)


def test_a_right_model_that_does_not_train_counts_as_zero():
    cal = _calibration([0.9], [0.3])
    cal.samples.append(Sample("right", "broken", 0, None, 1.0, 0.0, "TypeError"))
    assert cal.margin < 0 and not cal.usable


def test_training_checks_are_train_embedding_and_training_tables():
    course = Course(REPO)
    hw03 = training_checks(course.rubric("hw03"))
    assert {(t.question.id, t.check.kind) for t in hw03} == {("Q2", "table"), ("Q2", "train"), ("Q3", "table")}
    assert [t.check.kind for t in training_checks(course.rubric("hw14"))] == ["embedding"]
    assert len(select_training(course, "hw03@Q2", ["hw03"])) == 5
    assert [t.id for t in select_training(course, "hw03@Q3.1", ["hw03"])] == ["hw03@Q3.1"]
    with pytest.raises(SelectionError):
        select_training(course, "hw03@Q1", ["hw03"])


def test_relevant_mistakes_are_those_replacing_what_the_check_trains():
    course = Course(REPO)
    target = next(t for t in training_checks(course.rubric("hw13")) if t.check.target == "build_finetune_model")
    assert isinstance(target, TrainingCheck)
    assert {m.target for m in target.relevant_mistakes()} <= {"build_finetune_model", "core_model"}
    assert target.relevant_mistakes()


def test_calibrate_naming_no_training_check_is_a_usage_error():
    run = subprocess.run([sys.executable, "-m", "harness", "--course", str(REPO), "validate", "--calibrate",
                          "hw03@Q1"], check=False, capture_output=True, text=True, timeout=120, cwd=REPO)
    assert run.returncode == 2 and "names no training check" in run.stderr


SUBTABLE = '''[[questions]]
id = "Q1"
title = "t"
points = 1

  [[questions.checks]]
  kind = "train"
  target = "a"
  points = 1
  [questions.checks.options]
  dataset = "mnist"
  # measured by hand once
  ratio = 0.6

  [[questions.checks]]
  kind = "embedding"
  target = "b"
  points = 0
  options = { dataset = "mnist", loss_ratio = 0.5, ratio = 0.9 }
'''


def test_the_bar_is_edited_in_place_and_nothing_else_changes():
    text = edited(SUBTABLE, "Q1", 1, {"ratio": 0.55, "floor": 0.2}, "# calibrated X margin 0.10")
    assert "  # measured by hand once\n  # calibrated X margin 0.10\n  ratio = 0.55\n  floor = 0.2\n" in text
    again = edited(text, "Q1", 1, {"ratio": 0.5, "floor": 0.25}, "# calibrated Y margin 0.20")
    assert "calibrated X" not in again and again.count("# calibrated") == 1 and "floor = 0.25" in again
    inline = edited(SUBTABLE, "Q1", 2, {"ratio": 0.7}, "# calibrated Z margin 0.30")
    assert '  # calibrated Z margin 0.30\n  options = { dataset = "mnist", loss_ratio = 0.5, ratio = 0.7 }' in inline
    assert tomllib.loads(inline)["questions"][0]["checks"][1]["options"]["loss_ratio"] == 0.5
    with pytest.raises(BarError):
        edited(SUBTABLE, "Q1", 3, {"ratio": 0.5}, "# calibrated")


def test_a_wrong_model_another_check_fails_does_not_make_the_bar_unusable():
    cal = _calibration([0.9, 0.8], [0.3, 0.95])
    assert not cal.usable and cal.proposed() is None
    cal.elsewhere["w1"] = "Q2.3 the model's layers"  # a structural mistake that trains as well as the reference
    assert cal.usable and cal.margin == pytest.approx(0.5) and cal.margin_all == pytest.approx(-0.15)
    assert cal.proposed()["ratio"] == 0.55
    text = report(cal)
    assert "(also failed by Q2.3 the model's layers)" in text and "margin +0.50" in text and "UNUSABLE" not in text
    cal.elsewhere["w0"] = "Q2.1 params"
    assert cal.margin is None and cal.usable and "every wrong model is failed by another check" in report(cal)
    # Nothing left for the bar alone to fail: it is set under the worst right run, as with no mistake.
    bar = cal.proposed()
    assert bar["ratio"] == 0.68 and not cal.right_failed(bar)
    assert "2 wrong models at most 0.95 x, each failed by another check; bar 0.85 x the worst right run" \
        in comment(cal, bar, "d", "cpu")


def test_a_training_table_is_reported_and_summed_up_without_a_bar():
    course = Course(REPO)
    target = next(t for t in training_checks(course.rubric("hw03")) if t.check.kind == "table")
    cal = Calibration(target, [0, 1])
    cal.samples += [Sample("right", "reference", 0, None, None, 1.0), Sample("wrong", "w", 0, None, None, 1.0)]
    cal.elsewhere["w"] = "Q2.1 parameter count"
    assert cal.current_bar == {} and cal.right_failed(cal.current_bar) == [] and cal.proposed() is None
    text = report(cal)
    assert "the bar need not" in text and "set 0.85" not in text
    state = PackRun(["hw03"], calibrations=[cal], conformance_run=False)
    assert "training bars: 1 measured now: hw03@Q" in summary(course, state, 0.9) and passed(state, 0.9)


def test_an_embedding_right_run_whose_loss_fell_too_little_is_a_right_answer_marked_down():
    cal = _calibration([1.0, 0.9, 0.95], [], kind="embedding", loss_ratio=0.5, ratio=0.8)
    current = cal.current_bar
    assert current["loss_ratio"] == 0.5
    # The third right run learned as well as the others, but its loss fell to 0.56 of its start, not half.
    cal.samples[:] = [replace(s, loss_fall=fall) for s, fall in zip(cal.samples, (0.31, 0.42, 0.56))]
    assert [s.name for s in cal.right_failed(current)] == ["r2"]
    text = report(cal)
    assert "FAILS RIGHT ANSWERS: the current bar marks down 1 right runs (r2 seed 0)" in text
    assert "loss end/start 0.31" in text
    bar = cal.proposed()
    assert bar == {"ratio": 0.76, "loss_ratio": 0.66} and not cal.right_failed(bar)  # 0.56 / 0.85, up
    assert "passes 3/3 right runs" in text.split("proposed bar")[1]
    # A network that does not learn still fails: its loss ends near where it began.
    assert not cal.passes(Sample("wrong", "flat", 0, 0.9, 1.0, 0.0, loss_fall=0.98), bar)
    cal.samples[:] = [replace(s, loss_fall=0.9) for s in cal.samples]
    assert cal.proposed()["loss_ratio"] == 0.95  # never so high that a flat loss passes


def test_a_current_bar_that_marks_a_right_run_down_fails_validate_until_a_bar_is_written():
    cal = _calibration([1.0, 0.95, 0.55], [], ratio=0.6, floor=0.3)  # a right answer at 0.55 x reference
    assert cal.current_bar["ratio"] > 0.55
    assert [s.name for s in cal.right_failed(cal.current_bar)] == ["r2"]
    assert "FAILS RIGHT ANSWERS: the current bar marks down 1 right runs (r2 seed 0)" in report(cal)
    state = PackRun(["hw03"], calibrations=[cal], conformance_run=False)
    assert not passed(state, 0.9) and "FAILS RIGHT ANSWERS" in summary(Course(REPO), state, 0.9)
    bar = cal.proposed()  # no wrong model: under the worst right run, with room for a worse seed
    assert bar["ratio"] == 0.46 and bar["floor"] <= 0.46 and not cal.right_failed(bar)
    state.written[cal.target.id] = bar
    assert passed(state, 0.9)
    assert "no known mistake reaches this check; bar 0.85 x the worst right run" in comment(cal, bar, "d", "cpu")


def test_a_bar_calibrated_without_a_wrong_model_counts_as_calibrated_in_the_summary():
    state = PackRun(["hw01"])
    assert "1 of 1 training bars calibrated" in summary(Course(REPO), state, 0.9)
    assert "hw01@Q5.2 under the worst right run" in summary(Course(REPO), state, 0.9)
