"""The `model` and `train` kinds on a tiny course: a right model passes, a known mistake is
named, a model that cannot learn fails the ratio threshold."""
import json
import subprocess
import sys
import textwrap

import pytest
from harness_testing import REPO

pytestmark = pytest.mark.slow  # grades a small class through workers that train (15 s and more)

RUBRIC = '''
id = "hw90"
title = "Keras kinds"
reference = "reference.hw90"
seed = 1

[limits]
epochs_cpu = 2

[[questions]]
id = "Q1"
title = "A dense classifier"
points = 4
module = "q1"

  [[questions.checks]]
  name = "structure"
  kind = "model"
  target = "build"
  args = [[28, 28], 10]
  options = { aspects = ["params", "outputs", "layer_kinds"] }
  points = 2

  [[questions.checks]]
  name = "learns the digits"
  kind = "train"
  target = "build"
  args = [[28, 28], 10]
  points = 2
  [questions.checks.options]
  dataset = "mnist"
  train_limit = 600
  test_limit = 200
  epochs = 2
  batch_size = 32
  compile = { optimizer = "adam", loss = "sparse_categorical_crossentropy", metrics = ["accuracy"] }
  ratio = 0.8
  floor = 0.3

  [[questions.mistakes]]
  name = "dense-64"
  target = "build"
  function = "mistake_build_dense64"
'''

REFERENCE = '''
def build(input_shape, num_classes):
    import keras
    return keras.Sequential([keras.Input(tuple(input_shape)), keras.layers.Flatten(),
                             keras.layers.Dense(128, activation="relu"),
                             keras.layers.Dense(num_classes, activation="softmax")])


def mistake_build_dense64(input_shape, num_classes):
    """The hidden layer has 64 units; the question asks for 128."""
    import keras
    return keras.Sequential([keras.Input(tuple(input_shape)), keras.layers.Flatten(),
                             keras.layers.Dense(64, activation="relu"),
                             keras.layers.Dense(num_classes, activation="softmax")])
'''

STUDENTS = {
    "right": REFERENCE.split("def mistake")[0],
    "dense64": REFERENCE.split("def mistake")[0].replace("Dense(128", "Dense(64"),
    # Right shape and size, but the hidden layer is frozen at zero: it cannot learn.
    "frozen": REFERENCE.split("def mistake")[0].replace(
        'keras.layers.Dense(128, activation="relu")',
        'keras.layers.Dense(128, activation="relu", kernel_initializer="zeros", bias_initializer="zeros")'),
}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("course")
    (root / "rubrics").mkdir()
    (root / "rubrics" / "hw90.toml").write_text(RUBRIC)
    (root / "reference" / "hw90").mkdir(parents=True)
    (root / "reference" / "__init__.py").write_text("")
    (root / "reference" / "hw90" / "__init__.py").write_text("")
    (root / "reference" / "hw90" / "q1.py").write_text(textwrap.dedent(REFERENCE))
    for student, code in STUDENTS.items():
        (root / "class" / student).mkdir(parents=True)
        (root / "class" / student / "hw90.py").write_text(textwrap.dedent(code))
    run = subprocess.run([sys.executable, "-m", "harness", "--course", str(root), "grade", str(root / "class"),
                          "--out", str(root / "out"), "--jobs", "2"],
                         cwd=REPO, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    return {s: json.loads((root / "out" / s / "hw90" / "results.json").read_text())["tests"] for s in STUDENTS}


def test_the_right_model_passes_both(graded):
    assert [t["score"] for t in graded["right"]] == [2, 2]


def test_a_known_structural_mistake_is_named(graded):
    structure = graded["dense64"][0]
    assert structure["score"] == 0 and structure["extra_data"]["mistake"]["name"] == "dense-64"
    assert "101770" in structure["output"] or "50890" in structure["output"]


def test_a_model_that_cannot_learn_fails_the_ratio(graded):
    structure, training = graded["frozen"]
    assert structure["score"] == 2  # same structure...
    assert training["score"] == 0 and "needed at least" in training["output"]  # ...but it does not learn
    assert training["extra_data"]["details"]["history"]["reference"]["val_accuracy"]
