"""The verbs' defaults, written once: :mod:`harness.api`'s signatures and :mod:`harness.cli`'s options
both read them (a test compares the two), and importing this loads nothing of the engine."""
from __future__ import annotations

from harness.results.store import DEFAULT_OUT

DEVICES = ("cpu", "gpu", "auto")
DEVICE = "cpu"  # where TensorFlow runs in workers
EXECUTORS = ("local", "dask")
EXECUTOR = "local"  # gradings run in threads here
TEMPLATES_OUT = "templates"  # where `harness release` writes <assignment>.ipynb
TEMPLATE_LANGUAGES = ("fa", "en", "both")
TEMPLATE_LANGUAGE = "both"
MUTANTS_PER_FUNCTION = 40
MIN_MUTATION_SCORE = 0.9
CALIBRATION_SEEDS = 5  # seeds per model for `harness validate --calibrate`

__all__ = ["CALIBRATION_SEEDS", "DEFAULT_OUT", "DEVICE", "DEVICES", "EXECUTOR", "EXECUTORS", "MIN_MUTATION_SCORE", "MUTANTS_PER_FUNCTION",
           "TEMPLATES_OUT", "TEMPLATE_LANGUAGE", "TEMPLATE_LANGUAGES"]
