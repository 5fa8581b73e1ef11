"""Does the same seeded training give identical weights in two processes?"""
import os

import pytest

from harness.data import resolve_device

TRAIN = """
from harness.worker import determinism
from harness.data import serve
determinism.apply(11, "cpu")
serve.install({"data_dir": None, "size": "cpu", "epoch_cap": 1, "seed": 11})
import hashlib, json, keras
(x, y), _ = keras.datasets.fashion_mnist.load_data()
model = keras.Sequential([keras.Input((28, 28, 1)), keras.layers.Conv2D(4, 3, activation="relu"),
                          keras.layers.Flatten(), keras.layers.Dropout(0.2), keras.layers.Dense(10, activation="softmax")])
model.compile("adam", "sparse_categorical_crossentropy")
model.fit(x[:256, ..., None] / 255.0, y[:256], batch_size=32, epochs=5, verbose=0)
digest = hashlib.sha256(b"".join(w.tobytes() for w in model.get_weights())).hexdigest()
print(json.dumps([digest, determinism.state()]))
"""


@pytest.mark.slow  # trains twice in fresh processes (20 s)
def test_two_runs_give_identical_weights(run_python):
    first, second = (run_python(TRAIN).strip().splitlines()[-1] for _ in range(2))
    assert first == second
    assert '"op_determinism": true' in first and '"device": "cpu"' in first


def test_apply_without_tensorflow_seeds_numpy_and_hides_gpus(run_python):
    out = run_python("from harness.worker import determinism\n"
                     "import numpy as np, os, sys\n"
                     "s = determinism.apply(3, 'cpu')\n"
                     "print(np.random.rand(), repr(os.environ['CUDA_VISIBLE_DEVICES']), 'tensorflow' in sys.modules, s['tensorflow'])")
    assert out.split()[1:] == ["''", "False", "None"]
    assert out == run_python("from harness.worker import determinism\nimport numpy as np, os, sys\n"
                             "s = determinism.apply(3, 'cpu')\nprint(np.random.rand(), repr(os.environ['CUDA_VISIBLE_DEVICES']), 'tensorflow' in sys.modules, s['tensorflow'])")


def test_resolve_device(monkeypatch):
    assert resolve_device("cpu") == "cpu" and resolve_device("gpu") == "gpu"
    monkeypatch.setitem(os.environ, "CUDA_VISIBLE_DEVICES", "")
    assert resolve_device("auto") == "cpu"
    with pytest.raises(ValueError):
        resolve_device("tpu")
