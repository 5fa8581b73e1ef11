"""The named properties a ``properties`` check can require of a target's output.

Both sides read this table: the grader (:mod:`harness.checks.properties`) to validate a
rubric's property names, the worker (:mod:`harness.worker.actions.properties_actions`) to
evaluate them on the student's output.  NumPy only; each property takes ``(args, result)``
and returns ``(ok, why)`` or ``(ok, why, tag)``.
"""
from __future__ import annotations

import numpy as np

# --- rotate_batch(x, seed) -> (x_rot, y_rot) ----------------------------------

def _pair(result):
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        raise ValueError("the function must return a pair (x_rot, y_rot)")
    return np.asarray(result[0]), np.asarray(result[1])


def _turns(y):
    """Rotation counts from one-hot rows or from integer labels (either way the images can be checked)."""
    return y.argmax(axis=1) if y.ndim == 2 else y.reshape(-1).astype(int)


def same_shape(args, result):
    x, (x_rot, _) = np.asarray(args[0]), _pair(result)
    return x_rot.shape == x.shape, f"x_rot has shape {x_rot.shape}; the input batch has shape {x.shape}"


def _undone(args, result, sign):
    x, (x_rot, y) = np.asarray(args[0]), _pair(result)
    if x_rot.shape != x.shape:
        return False, f"x_rot has shape {x_rot.shape}, not the input's {x.shape}"
    k = _turns(y)
    bad = [i for i in range(len(x)) if not np.array_equal(np.rot90(x_rot[i], sign * k[i]), x[i])]
    return not bad, (f"{len(bad)} of {len(x)} images are not the input image turned by its label's "
                     f"k x 90 degrees (np.rot90(x_rot[i], -k) != x[i], first at i = {bad[:1]})")


def rotations_undone(args, result):
    return _undone(args, result, -1)


def rotations_undone_clockwise(args, result):
    """Diagnostic: the images were turned clockwise (np.rot90(x_rot[i], +k) gives x[i] back)."""
    return _undone(args, result, +1)


def one_hot_4(args, result):
    x, (_, y) = np.asarray(args[0]), _pair(result)
    if y.shape != (len(x), 4):
        return False, f"y_rot has shape {y.shape}; expected one-hot rows of shape ({len(x)}, 4)"
    if not np.isin(y, (0, 1)).all() or not np.all(y.sum(axis=1) == 1):
        return False, "y_rot rows are not one-hot (one 1, three 0s)"
    return True, ""


def all_rotations(args, result):
    k = _turns(_pair(result)[1])
    distinct = sorted(set(int(v) for v in k))
    # All four: k drawn from 1..3, or np.random.randint(0, 3) read as inclusive, also misses one
    # (64 fair draws miss a rotation with probability 4 * 0.75**64, about 4e-8).
    return len(distinct) == 4, (f"only rotations {distinct} were drawn over {len(k)} images: draw k per image "
                                "from {0, 1, 2, 3}")


# --- models and loss weights (two-head rotation models) ---------------------------------------

def head_reads_features(args, model):
    width = model.layers[-1].input.shape[-1]
    return width != 4, (f"the new head reads a {width}-wide input, the old 4-way rotation output: "
                        "build it on model.layers[-2].output")


def shared_trunk(args, model):
    """Some layer with weights lies on the paths to both heads.  Heads may have hidden layers of their
    own, or end in a separate softmax Activation: COURSE.md asks only for one shared trunk."""
    import keras

    def weighted_layers_before(name: str) -> set[int]:
        path = keras.Model(model.inputs, model.get_layer(name).output)
        return {id(layer) for layer in path.layers if layer.weights}

    common = weighted_layers_before("classification") & weighted_layers_before("rotation")
    return bool(common), "the two heads share no layer with weights: each has its own trunk"


def _favours_classification(weights, where):
    if not isinstance(weights, dict) or set(map(str, weights)) != {"classification", "rotation"}:
        return False, f"{where} must be a dict with keys 'classification' and 'rotation', got {weights!r}", "missing"
    c, r = float(weights["classification"]), float(weights["rotation"])
    if min(c, r) <= 0:
        return False, f"{where} must be positive, got {weights!r}", "not-positive"
    return (c > r, f"{where} {weights!r} do not weight the (diluted) classification loss above the rotation loss",
            "not-favoured")


def loss_weights_favour_classification(args, weights):
    return _favours_classification(weights, "the loss weights")


def compiled_with_loss_weights(args, model):
    compiled = getattr(model, "optimizer", None) is not None
    config = (model.get_compile_config() or {}) if compiled else {}
    return _favours_classification(config.get("loss_weights"), "the compiled model's loss_weights")


PROPERTIES = {"head_reads_features": head_reads_features, "shared_trunk": shared_trunk,
              "loss_weights_favour_classification": loss_weights_favour_classification,
              "compiled_with_loss_weights": compiled_with_loss_weights,
              "same_shape": same_shape, "rotations_undone": rotations_undone,
              "rotations_undone_clockwise": rotations_undone_clockwise, "one_hot_4": one_hot_4,
              "all_rotations": all_rotations}
