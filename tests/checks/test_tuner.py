"""The `tuner` kind: a search space is matched by kind and range whatever the names, a
wrong range loses its share and names the known mistake, a model without a loss fails."""
import pytest

from harness.checks import CheckContext, kind
from harness.contract.protocol import Answer
from harness.spec.rubric import Check, Mistake, Question

DROPOUT = {"kind": "Choice", "name": "dropout", "values": [0.3, 0.4, 0.5]}
BLOCKS = {"kind": "Int", "name": "num_cnn_block", "min": 1.0, "max": 3.0, "step": 1.0, "sampling": "linear"}
UNITS = {"kind": "Int", "name": "num_dense_units", "min": 128.0, "max": 512.0, "step": 128.0, "sampling": "linear"}
LR = {"kind": "Float", "name": "lr", "min": 1e-4, "max": 1e-2, "step": None, "sampling": "log"}
MODEL = {"params": 16426, "outputs": [[None, 10]], "compiled": True, "loss": "categorical_crossentropy"}
VARIES = {"num_cnn_block": [16426, 307114], "num_dense_units": [16426, 34474]}


def answer(space=(DROPOUT, BLOCKS, UNITS, LR), default=MODEL, varies=VARIES, search=None):
    value = {"space": list(space), "default": default, "varies": varies}
    if search is not None:
        value["search"] = search
    return value


REFERENCE = answer(search={"trials": 2, "finished": 2})
LINEAR_LR = answer(space=(DROPOUT, BLOCKS, UNITS, {**LR, "sampling": "linear"}))
NO_LOSS = answer(default={**MODEL, "loss": None}, search={"trials": 2, "finished": 0})


def grade(student, aspect):
    check = Check(kind="tuner", target="build_hypermodel", points=8, options={"aspect": aspect})
    mistakes = [(Mistake(name="linear-lr", target="build_hypermodel", function="m1", explanation="LINEAR"),
                 {"main": Answer(value=LINEAR_LR)}),
                (Mistake(name="no-loss", target="build_hypermodel", function="m2", explanation="NOLOSS"),
                 {"main": Answer(value=NO_LOSS)})]
    ctx = CheckContext(check=check, question=Question(id="Q5", title="t", points=8, checks=[check]),
                       student={"main": Answer(value=student)}, reference={"main": Answer(value=REFERENCE)},
                       mistakes=mistakes)
    return kind("tuner").grade(ctx)


def test_names_and_order_do_not_matter():
    renamed = [{**h, "name": f"h{i}"} for i, h in enumerate((LR, UNITS, BLOCKS, DROPOUT))]
    assert grade(answer(space=renamed), "space").fraction == 1.0


def test_a_linear_learning_rate_loses_a_quarter_and_is_named():
    student = answer(space=({**DROPOUT, "name": "d"}, BLOCKS, UNITS, {**LR, "sampling": "linear", "name": "rate"}))
    outcome = grade(student, "space")
    assert outcome.fraction == pytest.approx(0.75) and outcome.mistake.name == "linear-lr"
    assert "Float 0.0001..0.01 (log)" in outcome.message


def test_a_missing_hyper_parameter_loses_its_share_without_a_mistake():
    outcome = grade(answer(space=(DROPOUT, BLOCKS, LR)), "space")
    assert outcome.fraction == pytest.approx(0.75) and outcome.mistake is None


def test_a_space_that_declares_nothing_says_so_in_the_pages_language():
    import json

    from harness.render.i18n import catalogue
    from harness.results.message import from_json, to_json

    outcome = grade(answer(space=()), "space")
    assert outcome.fraction == 0.0 and "(the search space declared: nothing)" in str(outcome.message)
    # Several problems are clauses of one message, each said in the page's language, stored or not.
    stored = from_json(json.loads(json.dumps(to_json(outcome.message))))
    assert stored == outcome.message and to_json(stored) == to_json(outcome.message)
    for said in (outcome.message, stored):
        persian = str(catalogue("fa").say(said)[0])
        assert "nothing" not in persian and "declared" not in persian
        assert persian.count("فضای جست‌وجوی شما: هیچ") == 4


def test_a_model_compiled_without_a_loss_fails_build_and_search():
    assert grade(REFERENCE, "build").fraction == 1.0
    build = grade(NO_LOSS, "build")
    assert build.fraction == 0.0 and build.mistake.name == "no-loss" and "without a loss" in build.message
    assert grade(NO_LOSS, "search").fraction == 0.0


def test_an_int_that_never_changes_the_model_fails_build():
    outcome = grade(answer(varies={**VARIES, "num_cnn_block": [16426, 16426]}), "build")
    assert outcome.fraction == 0.0 and "num_cnn_block" in outcome.message


def test_the_worker_reads_a_real_hypermodel():
    """keras-tuner itself: the declared space, the default model and how each Int changes it."""
    from harness.worker.actions.tuner_actions import describe_hypermodel

    def build(hp):
        import keras

        model = keras.Sequential([keras.Input((4,))])
        for _ in range(hp.Int("layers", 1, 2)):
            model.add(keras.layers.Dense(hp.Choice("units", [2, 3])))
        model.add(keras.layers.Dense(3, activation="softmax"))
        model.compile(optimizer="adam", loss="categorical_crossentropy")
        return model

    report = describe_hypermodel(build, {}, {})
    assert [h["kind"] for h in report["space"]] == ["Int", "Choice"]
    assert report["default"]["outputs"] == [[None, 3]] and report["default"]["loss"] == "categorical_crossentropy"
    assert report["varies"]["layers"][0] < report["varies"]["layers"][1]
