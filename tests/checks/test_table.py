"""The `table` kind: a returned table is graded for keys, completeness and sane values, rule by
rule; a percent accuracy is named; a variant not built as asked earns nothing for training."""
import math

import numpy as np
import pytest

from harness.checks import kind
from harness.checks.base import CheckContext
from harness.contract.protocol import Answer, ProbeError
from harness.spec.plan import plan, reference_probes
from harness.spec.rubric import Check, Question, Rubric, RubricError

KEYS = ["variant", "min_train_loss", "min_val_loss", "epochs", "seconds", "max_val_accuracy"]
RULES = {"keys": 4, "rows": 6, "losses": 3, "fractions": 4, "epochs": 2, "seconds": 1}
PERCENT = {"name": "accuracy-in-percent", "explanation": "max_val_accuracy is in percent."}


def row(name, **changes):
    values = {"variant": name, "min_train_loss": 1.2, "min_val_loss": 1.4, "epochs": 2, "seconds": 3.5,
              "max_val_accuracy": 0.41}
    return {**values, **changes}


def table_check(**options):
    merged = {"keys": KEYS, "rules": RULES, "min_rows": 15, "max_epochs": 2, "percent_mistake": PERCENT, **options}
    return Check(kind="table", target="ablation_table", points=20, options=merged)


def grade(got, check=None, reference=None):
    check = check or table_check()
    question = Question(id="Q3", title="table", points=check.points, checks=[check])
    reference = reference if reference is not None else [row(f"v{i}") for i in range(16)]
    ctx = CheckContext(check, question, {"main": got if isinstance(got, Answer) else Answer(value=got)},
                       {"main": Answer(value=reference)})
    return kind("table").grade(ctx)


FULL = [row(f"variant {i}") for i in range(15)]


def test_a_complete_sane_table_gets_every_point():
    outcome = grade(FULL)
    assert outcome.fraction == 1.0 and outcome.mistake is None


def test_too_few_rows_lose_only_the_completeness_share():
    outcome = grade(FULL[:14])
    assert outcome.fraction == pytest.approx(14 / 20)
    assert "14 rows" in outcome.message


def test_repeated_variant_names_are_incomplete():
    outcome = grade(FULL[:14] + [row("variant 0")])
    assert outcome.details["rules"]["rows"] is False


def test_percent_accuracy_is_named_and_costs_the_fraction_share():
    outcome = grade([dict(r, max_val_accuracy=41.0) for r in FULL])
    assert outcome.fraction == pytest.approx(16 / 20)
    assert outcome.mistake is not None and outcome.mistake.name == "accuracy-in-percent"


def test_an_accuracy_above_one_that_is_not_a_percent_is_not_named():
    outcome = grade(FULL[:14] + [row("odd", max_val_accuracy=1.5)] + [row("x", max_val_accuracy=0.3)])
    assert outcome.details["rules"]["fractions"] is False and outcome.mistake is None


@pytest.mark.parametrize("bad, rule", [
    ({"min_train_loss": 0.0}, "losses"), ({"min_val_loss": math.nan}, "losses"),
    ({"epochs": 3}, "epochs"), ({"epochs": 2.0}, "epochs"), ({"seconds": -1.0}, "seconds"),
    ({"max_val_accuracy": -0.1}, "fractions"), ({"max_val_accuracy": True}, "fractions")])
def test_each_insane_value_fails_its_rule(bad, rule):
    outcome = grade(FULL[:14] + [row("bad", **bad)])
    assert outcome.details["rules"][rule] is False
    assert outcome.fraction == pytest.approx(1 - RULES[rule] / 20)


def test_numpy_scalars_are_numbers_and_keep_their_rules():
    """np.float32(loss) in a row crosses the worker boundary as a 0-d array: the same number
    (fair/hw03/Q3/jupyter_nine_tfdata.ipynb); a wrong one still fails and a percent is still named."""
    as_numpy = [{k: (np.asarray(v, np.float32) if isinstance(v, float) else np.asarray(v) if k == "epochs" else v)
                 for k, v in r.items()} for r in FULL]
    assert grade(as_numpy).fraction == 1.0
    bad = as_numpy[:14] + [dict(as_numpy[14], min_val_loss=np.asarray(np.nan, np.float32), epochs=np.asarray(3))]
    assert grade(bad).details["rules"] == {**{r: True for r in RULES}, "losses": False, "epochs": False}
    percent = grade([dict(r, max_val_accuracy=np.asarray(41.0, np.float32)) for r in as_numpy])
    assert percent.mistake is not None and percent.mistake.name == "accuracy-in-percent"
    assert grade([dict(r, max_val_accuracy=np.asarray(True)) for r in as_numpy]).details["rules"]["fractions"] is False


def test_wrong_keys_fail_the_keys_rule():
    renamed = [{("val_acc" if k == "max_val_accuracy" else k): v for k, v in r.items()} for r in FULL]
    outcome = grade(renamed)
    assert outcome.details["rules"]["keys"] is False and "val_acc" in outcome.message


def test_not_a_table_and_a_raising_function_score_zero():
    assert grade({"variant": "default"}).fraction == 0.0
    raised = grade(Answer(error=ProbeError("exception", "AttributeError: no SyncBatchNormalization",
                                           ename="AttributeError")))
    assert raised.fraction == 0.0 and "AttributeError" in raised.message


def test_with_keys_given_the_students_rows_are_graded_without_the_reference():
    """The reference's table (16 trainings, minutes under load) feeds only the default keys and the
    structure rule: with ``keys`` in the rubric and no structure rule it is neither run nor read."""
    check = table_check()
    question = Question(id="Q3", title="t", points=20, checks=[check])
    failed = {"main": Answer(error=ProbeError("timeout", "ran out"))}
    right = kind("table").grade(CheckContext(check, question, {"main": Answer(value=FULL)}, failed))
    assert right.fraction == 1.0 and not right.grader_error
    wrong = kind("table").grade(CheckContext(check, question, {"main": Answer(value=FULL[:8])}, failed))
    assert wrong.fraction == pytest.approx(14 / 20) and not wrong.grader_error
    assert not kind("table").needs_reference(check)
    assert reference_probes(plan(rubric_of(question))) == []
    assert [p.id for p in reference_probes(plan(rubric_of(question)), every=True)] == ["Q3.1.main.reference"]


@pytest.mark.parametrize("options", [{"keys": None}, {"rules": {**RULES, "structure": 1}}])
def test_the_reference_failing_is_a_grader_problem_where_its_answer_is_read(options):
    check = table_check(**options)
    question = Question(id="Q3", title="t", points=20, checks=[check])
    ctx = CheckContext(check, question, {"main": Answer(value=FULL)},
                       {"main": Answer(error=ProbeError("timeout", "ran out"))})
    assert kind("table").needs_reference(check)
    assert kind("table").grade(ctx).grader_error
    assert [p.id for p in reference_probes(plan(rubric_of(question)))] == ["Q3.1.main.reference"]


def rubric_of(question):
    return Rubric(id="hw03", title="t", reference="reference.hw03", questions=[question])


TRAINED = {"table": [row("default")], "structure": [["Conv2D", "relu"], ["Conv2D", "relu"], ["Dense", "softmax"]]}


def variant_check():
    return table_check(rules={"losses": 1, "fractions": 1, "epochs": 1, "structure": 1}, required=["structure"],
                       keys=None, percent_mistake=None)


def test_a_trained_variant_with_the_reference_structure_passes():
    assert grade(TRAINED, variant_check(), reference=TRAINED).fraction == 1.0


def test_a_variant_the_builder_ignored_earns_nothing_even_though_it_trained():
    ignored = dict(TRAINED, structure=[["Conv2D", "relu"], ["Conv2D", "relu"], ["Dense", "softmax"]])
    wanted = dict(TRAINED, structure=[["BatchNormalization", None]] + TRAINED["structure"])
    outcome = grade(ignored, variant_check(), reference=wanted)
    assert outcome.fraction == 0.0 and "BatchNormalization" in outcome.message


def test_the_rubric_must_name_known_rules():
    check = table_check(rules={"keys": 1, "colour": 1})
    with pytest.raises(RubricError, match="colour"):
        kind("table").validate(check, Question(id="Q3", title="t", points=20), "here")
