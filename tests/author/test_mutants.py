"""Mutant operators (pure ast) and mutation testing of a rubric in a worker."""
from toy_course import RUBRIC, make_course

from harness.author.mutant_source import mutate_module
from harness.author.mutation_testing import batches, mutation_score, report, run_batches, stale_markers, tiers
from harness.grading.pipeline import Settings
from harness.spec.course import Course

SOURCE = '''
import numpy as np
def f(x, n=3):
    total = 0
    for i in range(1, n):
        if x[i] > 0:
            total += max(x[i] - 1, 0)
    return np.maximum(total / n, 0.0) + x.std(axis=1, keepdims=True) + np.mean(x, 0)
def untouched(x):
    return x - 1
'''


def _by_operator(mutants):
    return {(m.operator, m.before, m.after) for m in mutants}


def test_each_operator_makes_its_slip_and_only_in_the_named_functions():
    found = _by_operator(mutate_module(SOURCE, ["f"]))
    for expected in [("swap-axis", "x.std(axis=1, keepdims=True)", "x.std(axis=0, keepdims=True)"),
                     ("swap-axis", "np.mean(x, 0)", "np.mean(x, 1)"),
                     ("drop-keepdims", "x.std(axis=1, keepdims=True)", "x.std(axis=1)"),
                     ("ddof", "x.std(axis=1, keepdims=True)", "x.std(axis=1, keepdims=True, ddof=1)"),
                     ("constant", "3", "4"),
                     ("flip-comparison", "x[i] > 0", "x[i] < 0"),
                     ("drop-max", "max(x[i] - 1, 0)", "x[i] - 1"),
                     ("drop-max", "np.maximum(total / n, 0.0)", "total / n"),
                     ("swap-operands", "total / n", "n / total"),
                     ("range-off-by-one", "range(1, n)", "range(1, n - 1)")]:
        assert expected in found
    assert not any("untouched" in m.function for m in mutate_module(SOURCE, ["f"]))
    assert all(m.function == "f" for m in mutate_module(SOURCE, ["f", "missing"]))


def test_the_cap_keeps_every_operator_and_mutants_are_distinct():
    capped = mutate_module(SOURCE, ["f"], cap=8)
    assert len(capped) == 8 and len({m.operator for m in capped}) == 8
    assert len({m.source for m in mutate_module(SOURCE, ["f"])}) == len(mutate_module(SOURCE, ["f"]))


def test_a_leading_axis_keepdims_drop_is_marked_equivalent():
    mutants = mutate_module("def g(x):\n    return x - x.mean(axis=0, keepdims=True)\n", ["g"])
    dropped = [m for m in mutants if m.operator == "drop-keepdims"]
    assert len(dropped) == 1 and dropped[0].equivalent


def test_a_weak_rubric_lets_mutants_survive_and_the_report_names_the_line(tmp_path):
    # Only a square, symmetric-ish public input and no hidden one: rows and columns blur.
    weak = RUBRIC.replace('visibility = "hidden"', 'visibility = "public"').replace(
        'args = ["@secret"]', 'args = ["@square"]')
    course = Course(make_course(tmp_path / "weak", rubric=weak.replace("[[1.0, 2.0], [3.0, 5.0]]", "[[1.0, 1.0], [1.0, 1.0]]")))
    rubric = course.rubric("toy")
    verdicts = run_batches(course, batches(course, rubric), Settings(jobs=1))
    assert verdicts and mutation_score(verdicts) < 1.0
    text = report(verdicts)
    assert "SURVIVED" in text and "line 9 centre" in text and "mutation score:" in text


def test_the_toy_rubric_kills_centre_mutants_and_exposes_an_untested_default(toy_course):
    course = Course(toy_course)
    verdicts = run_batches(course, batches(course, course.rubric("toy"), size=2), Settings(jobs=2))
    assert {v.mutant.function for v in verdicts} == {"centre", "scaled"}
    assert not any("not trusted" in v.by for v in verdicts)
    survivors = [v.mutant for v in verdicts if not v.killed and not v.mutant.equivalent]
    # No check calls scaled() without its factor, so a changed default goes unnoticed.
    assert [(m.function, m.operator, m.before) for m in survivors] == [("scaled", "constant", "1.0")]
    assert all(v.killed for v in verdicts if v.mutant.function == "centre" and not v.mutant.equivalent)


EQUIVALENT = '''
  [[questions.equivalent_mutants]]
  function = "scaled"
  before = "1.0"
  after = "2.0"
  reason = "no caller relies on the default factor"

  [[questions.equivalent_mutants]]
  function = "scaled"
  before = "centred * factor"
  after = "centred / factor"
  reason = "a stale claim: no operator makes this mutant"
'''


def _with_markers(tmp_path):
    rubric = RUBRIC.replace('[[questions]]\nid = "Q2"', EQUIVALENT + '\n[[questions]]\nid = "Q2"')
    return Course(make_course(tmp_path / "marked", rubric=rubric))


def test_a_rubric_marker_makes_a_survivor_equivalent_and_a_stale_marker_is_listed(tmp_path):
    course = _with_markers(tmp_path)
    work = batches(course, course.rubric("toy"))
    marked = [m for b in work for m in b.mutants if m.equivalent == "no caller relies on the default factor"]
    assert [(m.function, m.before, m.after) for m in marked] == [("scaled", "1.0", "2.0")]
    assert stale_markers(work) == ["toy Q1: scaled: `centred * factor` -> `centred / factor`"]


def test_training_checks_form_a_later_tier(tmp_path):
    train = RUBRIC.replace('''  name = "hush-hush check"
  kind = "function"''', '''  name = "hush-hush check"
  kind = "train"
  options = { dataset = "mnist" }''')
    course = Course(make_course(tmp_path / "t", rubric=train))
    batch = batches(course, course.rubric("toy"))[0]
    assert [[pc.check.name for pc in tier] for tier in tiers(batch.planned)] == [
        ["centre on a 2x2 array", "scaled centring"], ["hush-hush check"]]


def test_only_mutants_the_cheap_tier_lets_through_reach_the_costly_one(toy_course, monkeypatch):
    import harness.author.mutation_testing as mutation

    seen = []
    original = mutation.run_job
    monkeypatch.setattr(mutation, "_trains", lambda pc: pc.check.visibility == "hidden")
    monkeypatch.setattr(mutation, "run_job", lambda job: seen.append(set(job.source["modules"])) or original(job))
    course = Course(toy_course)
    work = [b for b in batches(course, course.rubric("toy")) if b.question_id == "Q1"]
    verdicts = run_batches(course, work, Settings(jobs=1))
    cheap_survivors = {f"m{i:03d}" for i, v in enumerate(verdicts) if not v.killed or "hush-hush" in v.by}
    assert len(seen) == 2 and seen[1] == cheap_survivors | {"control"} and len(seen[1]) < len(seen[0])
    monkeypatch.setattr(mutation, "_trains", lambda pc: False)
    untiered = run_batches(course, work, Settings(jobs=1))
    assert [v.killed for v in verdicts] == [v.killed for v in untiered]  # tiers save time, never verdicts


def test_progress_counts_mutants_and_says_how_long_is_left(toy_course):
    course = Course(toy_course)
    work = batches(course, course.rubric("toy"), size=3)
    lines = []
    run_batches(course, work, Settings(jobs=1), lines.append)
    total = sum(len(b.mutants) for b in work)
    counted = [line for line in lines if line.startswith("mutants ")]
    assert len(counted) == len(work) and counted[-1].startswith(f"mutants {total}/{total} ")
    assert all("so far, about" in line and "left" in line for line in counted)


def test_a_mutant_marked_equivalent_is_not_scored_and_is_reported_when_the_rubric_fails_it():
    from harness.author.mutant_source import Mutant
    from harness.author.mutation_testing import Verdict, right_answers_failed

    def verdict(killed, equivalent=""):
        mutant = Mutant("f", "constant", 3, "0.25", "0.5", "", equivalent)
        return Verdict("hw", "Q1", mutant, killed, "Q1 trains [hidden]" if killed else "nothing caught it")

    right_but_failed = verdict(True, "another dropout rate is an equally right answer")
    verdicts = [verdict(True), verdict(False), right_but_failed, verdict(False, "same broadcast")]
    assert mutation_score(verdicts) == 0.5  # neither equivalent mutant counts, killed or not
    assert right_answers_failed(verdicts) == [right_but_failed]
    assert "FAILS A RIGHT ANSWER" in report(verdicts)
