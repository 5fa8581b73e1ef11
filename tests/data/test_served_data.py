"""Issue 3 through the engine: a notebook that downloads and trains for 50 epochs grades in seconds,
on the fixed subset, and twice gives the same numbers."""
import json
import subprocess
import sys

import pytest
from harness_testing import REPO

NOTEBOOK_LIKE = '''
import numpy as np
from tensorflow import keras
(x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()
model = keras.Sequential([keras.Input((32, 32, 3)), keras.layers.Conv2D(4, 3, activation="relu"),
                          keras.layers.GlobalAveragePooling2D(), keras.layers.Dense(10, activation="softmax")])
model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
history = model.fit(x_train / 255.0, y_train, epochs=50, batch_size=64, verbose=0)
epochs_run = len(history.history["loss"])
final_loss = history.history["loss"][-1]

def batch_norm(x, eps=0.0):
    x = np.asarray(x, dtype=float)
    return (x - x.mean(0)) / np.sqrt(x.var(0) + eps) + 0 * final_loss
'''


@pytest.mark.slow
def test_load_data_and_a_long_fit_are_served_the_subset_and_capped(tmp_path):
    (tmp_path / "class" / "st").mkdir(parents=True)
    (tmp_path / "class" / "st" / "hw06.py").write_text(NOTEBOOK_LIKE)
    results = []
    for run in range(2):
        out = tmp_path / f"out{run}"
        done = subprocess.run([sys.executable, "-m", "harness", "grade", str(tmp_path / "class"), "--out", str(out)],
                              cwd=REPO, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        results.append(json.loads((out / "st" / "hw06" / "results.json").read_text()))
    env = results[0]["extra_data"]["environment"]
    assert env["device"] == "cpu" and env["tensorflow"] and env["seed"] == 6
    assert any(subset.startswith("cifar10/train/cpu") for subset in env["data"])
    assert any("at most 2 epoch" in note for note in results[0]["extra_data"]["notes"])
    assert results[0]["tests"][0]["score"] == 2  # batch_norm still graded after the training cell
    for data in results:
        data.pop("execution_time")
        for cell in data["extra_data"]["cells"]:
            cell.pop("seconds")
    assert results[0] == results[1]
