"""A tiny course in tmp_path: one numpy question with public and hidden checks, one prose question."""
from __future__ import annotations

import textwrap
from pathlib import Path

# A hidden input whose values are unmistakable in any text they leak into.
SECRET = 9137.25
# The hidden check's contract sentence: for instructors only, it must never reach a student.
CONTRACT = "centre accepts any two-dimensional float array, including large values (zebra-quartz clause)"

RUBRIC = f"""
id = "toy"
title = "Toy"
reference = "reference.toy"

[limits]
check_seconds = 20

[inputs.square]
value = [[1.0, 2.0], [3.0, 5.0]]
[inputs.secret]
value = [[{SECRET}, 2.5, 7.0], [1.5, 4.0, 8.5]]

[[questions]]
id = "Q1"
title = "Centring"
points = 3
module = "q1"

  [[questions.checks]]
  name = "centre on a 2x2 array"
  kind = "function"
  target = "centre"
  args = ["@square"]
  points = 1

  [[questions.checks]]
  name = "hush-hush check"
  kind = "function"
  target = "centre"
  args = ["@secret"]
  points = 1
  visibility = "hidden"
  contract = "{CONTRACT}"

  [[questions.checks]]
  name = "scaled centring"
  kind = "function"
  target = "scaled"
  args = [{{ call = "centre", args = ["@square"] }}, 2.0]
  points = 1

  [[questions.mistakes]]
  name = "rows"
  target = "centre"
  function = "mistake_centre_rows"

[[questions]]
id = "Q2"
title = "Why"
points = 1
module = "q2"
prompt.en = "Why centre columns?"
prompt.fa = "چرا ستون‌ها؟"

  [[questions.checks]]
  name = "answer"
  kind = "manual"
  points = 1
"""

Q1 = '''
"""Toy Q1."""
import numpy as np


def centre(x):
    """Subtract each column's mean."""
    x = np.asarray(x, dtype=np.float64)
    return x - x.mean(axis=0, keepdims=True)


def scaled(centred, factor=1.0):
    return centred * factor


def mistake_centre_rows(x):
    """Each row's mean was subtracted instead of each column's."""
    x = np.asarray(x, dtype=np.float64)
    return x - x.mean(axis=1, keepdims=True)
'''


def make_course(root: Path, rubric: str = RUBRIC, q1: str = Q1) -> Path:
    (root / "rubrics").mkdir(parents=True)
    (root / "rubrics" / "toy.toml").write_text(textwrap.dedent(rubric), encoding="utf-8")
    package = root / "reference" / "toy"
    package.mkdir(parents=True)
    (root / "reference" / "__init__.py").write_text("")
    (package / "__init__.py").write_text('"""Toy assignment."""\n')
    (package / "q1.py").write_text(q1, encoding="utf-8")
    (package / "q2.py").write_text('"""Toy Q2 (prose)."""\n', encoding="utf-8")
    return root


# A training question small enough to train dozens of times in a test: a dense network on
# 256 served MNIST images.  One known mistake cannot learn (learning rate 0); the other
# trains as well as the reference and is left to the cheap model check.
TRAINING_RUBRIC = '''
id = "toytrain"
title = "Toy training"
reference = "reference.toytrain"

[limits]
check_seconds = 60

[[questions]]
id = "Q1"
title = "A classifier"
points = 3
module = "q1"

  [[questions.checks]]
  name = "the classifier learns"
  kind = "train"
  target = "build_classifier"
  points = 2
  options = { dataset = "mnist", train_limit = 256, test_limit = 128, epochs = 3, batch_size = 32, ratio = 0.8, floor = 0.15 }

  [[questions.checks]]
  name = "the classifier's outputs"
  kind = "model"
  target = "build_classifier"
  options = { aspects = ["outputs"] }
  points = 1

  [[questions.mistakes]]
  name = "frozen"
  target = "build_classifier"
  function = "mistake_build_classifier_frozen"

  [[questions.mistakes]]
  name = "eleven-outputs"
  target = "build_classifier"
  function = "mistake_build_classifier_eleven"
'''

TRAINING_Q1 = '''
"""A tiny classifier."""
import keras


def build_classifier(learning_rate=0.01):
    model = keras.Sequential([keras.Input((28, 28)), keras.layers.Flatten(),
                              keras.layers.Dense(32, activation="relu"), keras.layers.Dense(10, activation="softmax")])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model


def mistake_build_classifier_frozen(learning_rate=0.01):
    """The optimizer's learning rate is 0: the network never learns."""
    return build_classifier(learning_rate=0.0)


def mistake_build_classifier_eleven(learning_rate=0.01):
    """Eleven outputs for ten classes: it trains as well, but the model check fails it."""
    model = keras.Sequential([keras.Input((28, 28)), keras.layers.Flatten(),
                              keras.layers.Dense(32, activation="relu"), keras.layers.Dense(11, activation="softmax")])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model
'''

# Right answers written another way (fair/<assignment>/<QID>/<name>.py): each a whole submission.
TRAINING_FAIR = {
    "functional": '''
import keras


def build_classifier(learning_rate=0.01):
    inputs = keras.Input((28, 28))
    hidden = keras.layers.Dense(48, activation="relu")(keras.layers.Flatten()(inputs))
    model = keras.Model(inputs, keras.layers.Dense(10, activation="softmax")(hidden))
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=learning_rate),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
''',
}


def make_training_course(root: Path, fair: dict[str, str] | None = None) -> Path:
    (root / "rubrics").mkdir(parents=True)
    (root / "rubrics" / "toytrain.toml").write_text(textwrap.dedent(TRAINING_RUBRIC), encoding="utf-8")
    package = root / "reference" / "toytrain"
    package.mkdir(parents=True)
    (root / "reference" / "__init__.py").write_text("")
    (package / "__init__.py").write_text('"""Toy training assignment."""\n')
    (package / "q1.py").write_text(TRAINING_Q1, encoding="utf-8")
    for name, text in (TRAINING_FAIR if fair is None else fair).items():
        write_fair(root, "toytrain", "Q1", name, text)
    return root


def write_fair(root: Path, assignment: str, question: str, name: str, text: str) -> Path:
    path = root / "fair" / assignment / question / f"{name}.py"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path
