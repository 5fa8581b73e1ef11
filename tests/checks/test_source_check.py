"""The `source` kind reads code cells statically (hw01 Q7: validation_data equal to the
training data), and the pipeline hands it the submission's cells."""
from pathlib import Path

from harness_testing import REPO

from harness.checks import CheckContext, kind
from harness.spec.rubric import Check, Mistake, Question

Q7 = str(Path(REPO) / "reference" / "hw01" / "q7.py")
MISTAKE = Mistake(name="validation-on-training", target="fit", function="detect_validation_on_training",
                  explanation="validation on the training data")


def grade(*cells, reference_file=Q7):
    check = Check(kind="source", target="fit", points=6, options={"detector": "detect_validation_on_training"})
    question = Question(id="Q7", title="validation", points=6, checks=[check], mistakes=[MISTAKE])
    return kind("source").grade(CheckContext(check, question, {}, {}, code=tuple(cells),
                                             reference_file=reference_file))


def test_validation_on_the_training_generator_is_flagged_and_named():
    outcome = grade("train_set = gen.flow(x, y)", "model.fit(train_set, validation_data=(train_set), epochs=3)")
    assert outcome.fraction == 0 and outcome.mistake is MISTAKE


def test_alias_across_cells_is_flagged():
    assert not grade("val = (x_train, y_train)", "%matplotlib inline\nmodel.fit(x_train, y_train, validation_data=val)").passed


def test_a_real_validation_split_passes():
    assert grade("model.fit(x_train, y_train, validation_split=0.2)",
                 "model.fit(x_train, y_train, validation_data=(x_val, y_val))").passed


def test_code_without_any_fit_call_earns_nothing():
    # The released template has no fit(): a rule about fit() calls must not reward it.
    outcome = grade("import numpy as np", "x = np.zeros(3)")
    assert outcome.fraction == 0 and outcome.mistake is None and "no `fit(...)` call" in outcome.message
    assert grade("history = model.fit(x, y, epochs=2)").passed


def test_a_broken_detector_is_a_grader_error():
    outcome = grade("model.fit(x, y)", reference_file="/nonexistent/q7.py")
    assert outcome.grader_error and outcome.fraction == 0
