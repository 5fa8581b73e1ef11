"""Values for a hypermodel by kind and range (harness/worker/builders/hypermodel_values.py): a right answer
with its own names gets them, the reference keeps its names, and a hypermodel without the asked range
fails with a typed reason naming what was looked for, worded in both catalogues."""
import pytest

from harness.contract import plain
from harness.contract.protocol import ProbeError, worker_reason
from harness.render.i18n import catalogue
from harness.run.reasons import worded
from harness.worker.arguments import builders, materialise
from harness.worker.probes import resolve
from harness.worker.arguments import Unbuildable

pytest.importorskip("keras_tuner")

ASKED = [{"kind": "Int", "min_value": 16, "max_value": 512, "step": 16, "value": 352},
         {"kind": "Choice", "values": [0.01, 0.001, 0.0001], "value": 0.001}]


def classifier(units, rate):
    import keras

    model = keras.Sequential([keras.Input((6,)), keras.layers.Dense(units, activation="relu"),
                              keras.layers.Dense(3, activation="softmax")])
    model.compile(keras.optimizers.Adam(rate), "sparse_categorical_crossentropy")
    return model


def own_names(hp):
    return classifier(hp.Int("num_neurons", min_value=16, max_value=512, step=16),
                      hp.Choice("lr_choice", values=[1e-2, 1e-3, 1e-4]))


def seed_names(hp):
    return classifier(hp.Int("dense_neurons", 16, 512, step=16), hp.Choice("learning_rate", [1e-2, 1e-3, 1e-4]))


def step_32(hp):
    return classifier(hp.Int("units", 16, 512, step=32), hp.Choice("lr", [1e-4, 1e-3, 1e-2]))


def short_range(hp):
    return classifier(hp.Int("units", 16, 256, step=16), hp.Choice("lr", [1e-2, 1e-3, 1e-4]))


def units_fixed(hp):
    return classifier(512, hp.Choice("lr", [1e-2, 1e-3, 1e-4]))


def nothing_tuned(hp):
    return classifier(512, 1e-3)


def broken(hp):
    raise ValueError("no data yet")


def best_values(of, name="build_hypermodel"):
    return builders()["best_values"](of=of, values=ASKED, of_name=name)


def reason_of(of):
    with pytest.raises(Unbuildable) as raised:
        best_values(of)
    return raised.value.reason


def test_a_right_answer_gets_its_own_names_and_the_reference_keeps_its_own():
    assert best_values(own_names) == {"num_neurons": 352, "lr_choice": 0.001}
    assert best_values(seed_names) == {"dense_neurons": 352, "learning_rate": 0.001}


def test_hyperparameters_fixed_by_range_build_the_asked_model():
    hp = builders()["hyperparameters"](of=own_names, values=ASKED)
    assert hp.values == {"num_neurons": 352, "lr_choice": 0.001}
    model = own_names(hp)
    assert model.count_params() == 6 * 352 + 352 + 352 * 3 + 3
    assert float(model.optimizer.learning_rate.numpy()) == pytest.approx(1e-3)


def test_hyperparameters_by_name_still_fix_those_names():
    hp = builders()["hyperparameters"](values={"units": 64})
    assert hp.values == {"units": 64}


def test_a_step_the_space_check_marks_wrong_still_gets_its_values():
    assert best_values(step_32) == {"units": 352, "lr": 0.001}


def test_an_int_whose_range_does_not_hold_the_value_fails_naming_what_was_looked_for():
    found = reason_of(short_range)
    assert found["id"] == "reason.hp_unmatched"
    assert found["params"]["wanted"] == "Int 16..512 step 16 (linear) = 352"
    assert "units: Int 16..256 step 16 (linear)" in found["params"]["declared"]


def test_a_missing_int_and_an_empty_space_fail_with_their_reasons():
    found = reason_of(units_fixed)
    assert found["id"] == "reason.hp_unmatched" and found["params"]["wanted"].startswith("Int 16..512")
    empty = reason_of(nothing_tuned)
    assert empty["id"] == "reason.hp_none_declared"
    assert empty["params"]["wanted"] == ("Int 16..512 step 16 (linear) = 352; "
                                         "Choice [0.0001, 0.001, 0.01] = 0.001")


def test_a_hypermodel_that_raises_is_said_as_such():
    found = reason_of(broken)
    assert found == {"id": "reason.hp_space_unread",
                     "params": {"of": "build_hypermodel", "error": "ValueError: no data yet"}}


def test_the_reasons_cross_the_boundary_and_are_worded_in_both_languages():
    for of in (short_range, nothing_tuned, broken):
        claimed = reason_of(of)
        kept = worker_reason(claimed)
        assert kept == claimed
        said = worded(ProbeError("missing", claimed["id"], reason=kept)).message
        assert "build_hypermodel(hp)" in str(said)
        html, lang = catalogue("fa").say(said)
        assert lang == "fa" and "build_hypermodel</bdi>(hp)" in str(html) and "ابرپارامتر" in str(html)


def test_the_hypermodel_is_found_as_the_target_is_under_the_templates_alias():
    """The probe's lookup carries the question's aliases (spec/plan.py); the worker resolves it."""
    namespace = {"__name__": __name__, "model_builder": own_names}
    encoded = plain.Encoder(prefix="in").encode({"values": ASKED})
    arg = {"__build__": "best_values", "params": encoded,
           "of": {"target": "build_hypermodel", "aliases": ["model_builder"], "fuzzy": True, "avoid": []}}
    assert materialise(arg, namespace, {}, resolve) == {"num_neurons": 352, "lr_choice": 0.001}
    with pytest.raises(Unbuildable) as raised:
        materialise({**arg, "of": {"target": "build_hypermodel"}}, namespace, {}, resolve)
    assert raised.value.reason["id"] == "reason.missing"


def test_a_wrong_rubric_entry_is_the_authors_error():
    with pytest.raises(ValueError, match="rubric"):
        builders()["best_values"](of=own_names, values=[{"kind": "Integer", "value": 3}])
    with pytest.raises(ValueError, match="needs 'of'"):
        builders()["hyperparameters"](values=ASKED)
