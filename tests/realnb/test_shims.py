"""Old-API shims, in a fresh interpreter each (they patch NumPy and Keras process-wide)."""
import json
import os
import subprocess
import sys
import textwrap

from harness_testing import REPO
from realnb_grading import SEED_ARRAY, check, hw06_grader, q1  # noqa: F401


def run(code: str) -> str:
    program = "from harness.worker import shims\nshims.install()\n" + textwrap.dedent(code)
    env = {**os.environ, "PYTHONPATH": str(REPO), "TF_CPP_MIN_LOG_LEVEL": "2"}
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_installing_the_shims_imports_no_tensorflow():
    out = run("""
        import sys, numpy as np
        print(np.int is int, "tensorflow" in sys.modules, "keras" in sys.modules)
        """)
    assert out.split() == ["True", "False", "False"]


def test_keras_2_imports_lr_and_a_shared_optimizer_work_and_are_recorded():
    out = run("""
        import numpy as np
        from keras.layers.convolutional import Conv2D
        from keras.layers.core import Dense, Flatten
        from tensorflow.keras.utils.np_utils import to_categorical
        from keras.models import Sequential
        from keras.optimizers import Adam
        shared = Adam(lr=0.05)
        for _ in range(2):
            model = Sequential([Conv2D(2, 3, input_shape=(4, 4, 1)), Flatten(), Dense(2, activation="softmax")])
            model.compile(optimizer=shared, loss="categorical_crossentropy")
            model.fit(np.zeros((4, 4, 4, 1)), to_categorical([0, 1, 0, 1]), epochs=1, verbose=0)
        print(round(float(model.optimizer.learning_rate), 4))
        print(*shims.USED, sep="\\n")
        """)
    lines = out.splitlines()
    assert lines[0] == "0.05"
    used = "\n".join(lines[1:])
    for expected in ("keras.layers.convolutional", "keras.layers.core", "np_utils", "`lr=`", "reused on a second model"):
        assert expected in used


def test_a_shim_never_turns_a_wrong_answer_right(hw06_grader):
    result = hw06_grader(SEED_ARRAY, """
        def batch_norm(x, eps=0.0):
            x = x.astype(np.float)
            return (x - x.mean(axis=0)) / np.sqrt(x.var(axis=0, ddof=1) + eps)
        """)
    assert check(result, "batch_norm on the 5x5 array").mistake["name"] == "ddof-1"
    assert q1(result) == 0 and any("np.float" in s for s in result.environment["shims"])


def test_keras_2_sequential_input_output_and_positional_metrics_work_and_are_recorded():
    """``keras.Model(model.input, conv.output)`` on a Sequential and ``compile(opt, loss, ["accuracy"])``
    (Keras 2's order) mean what they meant; what Keras 3 itself answers is left alone."""
    out = run("""
        import json, numpy as np
        from tensorflow import keras
        model = keras.Sequential([keras.Input((4, 4, 1)), keras.layers.Conv2D(2, 3, name="conv"),
                                  keras.layers.Flatten(), keras.layers.Dense(2, activation="softmax")])
        probe = keras.Model(inputs=model.input, outputs=model.get_layer("conv").output)
        got = {"maps": list(probe.predict(np.ones((1, 4, 4, 1)), verbose=0).shape),
               "output": list(model.output.shape)}
        try:  # a Sequential without an input shape has no graph: Keras 3's error stays
            keras.Sequential([keras.layers.Dense(2)]).input
            got["unbuilt"] = "answered"
        except (AttributeError, ValueError):
            got["unbuilt"] = "raised"
        model.compile(keras.optimizers.Adam(0.01), "sparse_categorical_crossentropy", ["accuracy"])
        got["history"] = sorted(model.fit(np.zeros((4, 4, 4, 1)), np.zeros(4), epochs=1, verbose=0).history)
        before = list(shims.USED)
        model.compile("adam", "sparse_categorical_crossentropy", [0.5])  # Keras 3's loss_weights, a number
        got["numbers_kept"] = shims.USED == before
        print(json.dumps(got))
        print(*shims.USED, sep="\\n")
        """)
    got, used = json.loads(out.splitlines()[0]), "\n".join(out.splitlines()[1:])
    assert got == {"maps": [1, 2, 2, 2], "output": [None, 2], "unbuilt": "raised",
                   "history": ["accuracy", "loss"], "numbers_kept": True}
    for expected in ("`model.input` of a Sequential", "`model.output` of a Sequential", "metrics third"):
        assert expected in used
