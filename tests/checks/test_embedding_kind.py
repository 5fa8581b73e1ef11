"""The `embedding` kind's pass rule (loss must fall, 1-NN accuracy relative to the reference),
the `optimizer` kind naming a differing setting, and train checks naming a reused optimizer."""
from harness.checks import CheckContext, kind
from harness.contract.protocol import Answer, ProbeError
from harness.spec.rubric import Check, Mistake, Question

REFERENCE = {"losses": [0.39, 0.05], "nn_accuracy": 0.9}


def context(kind_name, got, expected, options=None, mistakes=()):
    check = Check(kind=kind_name, target="t", points=1, rtol=1e-6, options=options or {"dataset": "mnist"})
    question = Question(id="Q", title="t", points=1, checks=[check])
    student = {"main": got if isinstance(got, Answer) else Answer(value=got)}
    return CheckContext(check, question, student, {"main": Answer(value=expected)}, list(mistakes))


def test_embedding_passes_when_loss_falls_and_neighbours_agree():
    assert kind("embedding").grade(context("embedding", {"losses": [0.4, 0.1], "nn_accuracy": 0.85},
                                           REFERENCE)).passed


def test_embedding_fails_when_the_loss_does_not_fall_or_accuracy_is_low():
    flat = kind("embedding").grade(context("embedding", {"losses": [0.4, 0.39], "nn_accuracy": 0.9}, REFERENCE))
    weak = kind("embedding").grade(context("embedding", {"losses": [0.4, 0.1], "nn_accuracy": 0.5}, REFERENCE))
    assert flat.fraction == 0 and weak.fraction == 0 and "0.810" in weak.message


def test_optimizer_feedback_names_the_differing_setting():
    expected = {"class": "SGD", "learning_rate": 0.01, "momentum": 0.0, "nesterov": False}
    outcome = kind("optimizer").grade(context("optimizer", {**expected, "momentum": 0.9}, expected))
    assert outcome.fraction == 0 and "momentum" in outcome.message


def test_train_check_names_a_reused_optimizer_by_its_error():
    def error(path):
        return ProbeError("exception", f"ValueError: Unknown variable: <Variable path={path}/kernel>. This "
                                       "optimizer can only be called for the variables it was originally built with.")
    mistake = Mistake(name="optimizer-reused", target="t", function="m", explanation="reused")
    ctx = context("train", Answer(error=error("dense_20")), {"metric": 0.5},
                  mistakes=[(mistake, {"main": Answer(error=error("dense_3"))})])
    outcome = kind("train").grade(ctx)
    assert outcome.mistake is mistake and outcome.fraction == 0
    other = context("train", Answer(error=ProbeError("exception", "ValueError: shapes differ")), {"metric": 0.5},
                    mistakes=[(mistake, {"main": Answer(error=error("dense_3"))})])
    assert kind("train").grade(other).mistake is None
