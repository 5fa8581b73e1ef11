"""hw14 Q4's best_model and fixed-hypermodel checks graded through the worker's probe code and the grader's
wording (in process, no worker started): a right answer with its own hyper-parameter names earns them; one
whose hypermodel lacks the asked range, or has none, fails saying what was looked for, never a KeyError."""
import textwrap

import pytest
from harness_testing import REPO

from harness.contract import plain
from harness.contract.protocol import Answer, error_from_json
from harness.grading import review
from harness.grading.merge import choose
from harness.grading.pipeline import check_context, run_check
from harness.grading.review import Run
from harness.intake.notebook import CodeCell, Source
from harness.run.job import RunRecord
from harness.run.reasons import worded
from harness.spec.course import Course
from harness.spec.inputs import ArgumentEncoder
from harness.spec.plan import plan, reference_probes, student_probes
from harness.worker.probes import run_probe

pytest.importorskip("keras_tuner")

HW14 = Course(REPO).rubric("hw14")
OWN_NAMES = (REPO / "fair" / "hw14" / "Q4" / "own_hp_names.py").read_text(encoding="utf-8")
BEST_MODEL = '''
import keras

def best_model(hp_values):
    model = keras.Sequential([keras.Input((28, 28)), keras.layers.Flatten(),
                              keras.layers.Dense(hp_values["units"], activation="relu"),
                              keras.layers.Dense(10, activation="softmax")])
    model.compile(keras.optimizers.Adam(hp_values["lr"]), "sparse_categorical_crossentropy")
    return model
'''
SHORT_RANGE = BEST_MODEL + '''
def build_hypermodel(hp):
    return best_model({"units": hp.Int("units", 16, 256, step=16), "lr": hp.Choice("lr", [1e-2, 1e-3, 1e-4])})
'''
TEMPLATE_NAME = BEST_MODEL + '''
def model_builder(hp):
    return best_model({"units": hp.Int("units", 16, 512, step=16), "lr": hp.Choice("lr", [1e-2, 1e-3, 1e-4])})
'''


def graded(source: str, check_start: str, tmp_path):
    (pc,) = [pc for pc in plan(HW14) if pc.question.id == "Q4" and pc.check.name.startswith(check_start)]
    encoder = ArgumentEncoder(HW14.inputs)
    student = [encoder.probe(p) for p in student_probes([pc])]
    reference = [encoder.probe(p) for p in reference_probes([pc])]
    namespace = {"__name__": "__main__"}
    exec(compile(textwrap.dedent(source), "<submission>", "exec"), namespace)
    import reference.hw14.q4 as q4

    def answers(probes, names):
        out = {}
        for probe in probes:
            fields = run_probe(probe.to_json(), names, encoder.arrays, tmp_path, 100_000)
            out[probe.id] = (Answer(error=worded(error_from_json(fields["error"]))) if fields["error"]
                             else Answer(value=plain.decode(fields["value"], {})))
        return out

    expected = answers(reference, {"q4": q4})
    record = RunRecord(answers=answers(student, namespace))
    result = run_check(pc, check_context(pc, record, expected, {}))
    run = Run(Source("/class/ana/hw14.py", "module", (CodeCell(0, textwrap.dedent(source)),)), record)
    choice = choose(pc, [run])
    verdict = review.decide(pc, result.score, result.grader_error, result.manual,
                            record.answers[pc.probe_id("main")], run, [run], choice.all_missing)
    return result, verdict


@pytest.mark.parametrize("check", ["best_model", "build_hypermodel with units fixed"])
def test_a_right_answer_with_its_own_names_or_the_templates_function_name_earns_the_points(check, tmp_path):
    for source in (OWN_NAMES, TEMPLATE_NAME):
        result, _ = graded(source, check, tmp_path)
        assert result.score == result.max_score, result.message


@pytest.mark.parametrize("check", ["best_model", "build_hypermodel with units fixed"])
def test_a_hypermodel_without_the_asked_range_fails_saying_what_was_looked_for(check, tmp_path):
    result, verdict = graded(SHORT_RANGE, check, tmp_path)
    assert result.score == 0 and result.mistake is None
    assert verdict is None  # the target is there: the zero stands (no "not located" review)
    assert "Int 16..512 step 16 (linear) = 352" in result.message and "units: Int 16..256" in result.message
    assert "KeyError" not in result.message


def test_best_model_without_a_hypermodel_says_which_function_it_needed_and_asks_a_person(tmp_path):
    """The harness cannot tell which names best_model reads: not a silent zero, a review."""
    result, verdict = graded(BEST_MODEL, "best_model", tmp_path)
    assert result.score == 0 and "`build_hypermodel` is not defined" in result.message
    assert verdict is not None and verdict["reason"]["id"] == "review.argument_missing"
    assert verdict["reason"]["params"] == {"target": "best_model", "name": "build_hypermodel"}
