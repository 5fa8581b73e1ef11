"""A tiny course in tmp_path: one numpy question with public and hidden checks, one prose question."""
from __future__ import annotations

import textwrap
from pathlib import Path

# A hidden input whose values are unmistakable in any text they leak into.
SECRET = 9137.25

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
