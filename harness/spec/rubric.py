"""The rubric's model: typed dataclasses for ``rubrics/<assignment>.toml``.

Every field carries its help text (``help`` metadata), which the loader
(:mod:`harness.spec.rubric_loader`) uses to explain a missing key and `harness list`
prints.  The model imports nothing of the engine, so check kinds can name its types.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from harness.spec.typed_tables import RubricError as RubricError  # re-exported: the error of the rubric model
from harness.spec.typed_tables import entry

SAFE_ID = re.compile(r"[A-Za-z0-9_\-]+")


_f = entry
SELF_CHECK_DEFERS = ("train", "tuner", "embedding")  # the kinds that train a model


@dataclass(frozen=True, kw_only=True)
class InputSpec:
    """A named input, materialised by the grader and sent to workers as plain data."""
    name: str = _f(help="the key under [inputs]; checks refer to it as '@name'")
    value: Any = _f(None, "a literal value (number, string, nested lists)")
    dtype: str | None = _f(None, "NumPy dtype for a literal or random array")
    random: str | None = _f(None, "'normal', 'uniform' or 'integers': a seeded random array")
    shape: list[int] = _f(factory=list, help="shape of a random array")
    seed: int = _f(0, "seed of a random array")
    loc: float = _f(0.0, "mean of 'normal'")
    scale: float = _f(1.0, "standard deviation of 'normal'")
    low: float = _f(0.0, "lower bound of 'uniform' / 'integers'")
    high: float = _f(1.0, "upper bound (exclusive) of 'uniform' / 'integers'")


@dataclass(frozen=True, kw_only=True)
class Mistake:
    """A known wrong answer: a reference function that computes it, and what to tell the student."""
    name: str = _f(help="short id shown in feedback and counted in reports, e.g. 'no-keepdims'")
    target: str = _f(help="the student-facing name whose answers this mistake reproduces")
    function: str = _f(help="function in the question's reference module computing the wrong answer")
    explanation: str = _f("", "what went wrong, for the student (default: the function's docstring)")
    hint: str = _f("", "how to fix it")
    explanation_fa: str = _f("", "the explanation in Persian (default: the docstring's paragraph starting 'fa: ')")
    hint_fa: str = _f("", "the hint in Persian")
    credit: float = _f(0.0, "fraction of the check's points still given for this mistake (0..1)")


@dataclass(frozen=True, kw_only=True)
class EquivalentMutant:
    """A mutant of the reference (``harness validate --mutants``) that computes what it does."""
    function: str = _f(help="the reference function the mutant changes")
    before: str = _f(help="the expression as the reference writes it, as the mutation report prints it")
    after: str = _f(help="the expression as the mutant has it, as the mutation report prints it")
    reason: str = _f(help="why every input the assignment allows gives the reference's answer")


@dataclass(frozen=True, kw_only=True)
class Check:
    """One graded observation of a submission."""
    kind: str = _f(help="check kind: see `harness list --kinds`")
    name: str = _f("", "what the check looks at, shown in feedback")
    target: str = _f("", "top-level name in the submission (function or variable)")
    reference: str = _f("", "name in the reference module; defaults to target")
    args: list[Any] = _f(factory=list, help="positional arguments; '@name' refers to [inputs.name]")
    kwargs: dict[str, Any] = _f(factory=dict, help="keyword arguments; '@name' refers to [inputs.name]")
    points: float = _f(help="points for passing this check")
    visibility: str = _f("public", "'public' (shown to students before the deadline) or 'hidden'")
    rtol: float = _f(1e-5, "relative tolerance for numbers")
    atol: float = _f(1e-6, "absolute tolerance for numbers")
    timeout: float | None = _f(None, "seconds this check may take (default: the assignment's check_seconds)")
    options: dict[str, Any] = _f(factory=dict, help="kind-specific settings, documented by each kind")
    aliases: list[str] = _f(factory=list, help="other names accepted for target (added to the question's aliases)")
    adapters: list[str] | None = _f(None, "signature adapters allowed (default: all of "
                                          "rename-kwargs, neutral-params, keras-loss, first-of-tuple; [] forbids all)")
    discovery: float = _f(0.0, "fraction of the points an array found in the notebook may earn when the "
                               "target is not a usable function (public checks with fixed inputs only)")
    contract: str = _f("", "for a hidden check: the sentence of the released contract (COURSE.md or the "
                           "template's prompt) that licenses its inputs; shown to instructors, never to students")


@dataclass(frozen=True, kw_only=True)
class Question:
    id: str = _f(help="question id as in COURSE.md: Q1, Q2, ...")
    title: str = _f(help="short title")
    points: float = _f(help="total points; must equal the sum of its checks' points")
    module: str = _f("", "reference module of this question, inside the assignment's reference package")
    checks: list[Check] = _f(factory=list, help="the checks, in feedback order")
    mistakes: list[Mistake] = _f(factory=list, help="known wrong answers to recognise")
    equivalent_mutants: list[EquivalentMutant] = _f(factory=list, help="mutants of the reference known to be "
                                                     "equivalent to it: listed, not counted as survivors")
    prompt: dict[str, str] = _f(factory=dict, help="the question text per language ('fa', 'en')")
    aliases: dict[str, list[str]] = _f(factory=dict, help="per target, other names accepted for it")
    fuzzy_names: bool | None = _f(None, "accept close spellings of names (default: the rubric's setting)")
    neutral: dict[str, Any] = _f(factory=dict, help="values for extra required parameters, e.g. "
                                                     "{ gamma = 1.0, beta = 0.0, eps = 0.0 }")


@dataclass(frozen=True, kw_only=True)
class Limits:
    # Time limits count CPU time (user + system) of the worker's process tree: every thread (TensorFlow's pools
    # too) and child process, so that a busy machine gives the verdicts a quiet one does.  Waiting (sleeping,
    # blocked: neither running nor held back by other work) is bounded at 5 times the limit, and at least 20 s
    # more (harness/run/job.py, harness/run/cpu_time.py).
    submission_seconds: float = _f(600.0, "CPU seconds for one whole submission, every worker of it together "
                                          "(restarts included); it may wait (sleep, block) 5 times that")
    cell_seconds: float = _f(120.0, "CPU seconds for each top-level statement of a notebook cell or .py module "
                                    "(each runs as a step of its own: a slow or failing one costs only itself)")
    check_seconds: float = _f(60.0, "CPU seconds for one check's call")
    self_check_seconds: float = _f(30.0, "in a student's `harness check`, the CPU seconds one statement may run (a cell "
                                         "past it is stopped and the next one runs): an endless loop costs "
                                         "this, not cell_seconds")
    self_check_defers: list[str] = _f(help="check kinds a student's `harness check` leaves to grading, because they "
                                           "train or tune a model (`--full` runs them)",
                                      factory=lambda: list(SELF_CHECK_DEFERS))
    memory_mb: int = _f(6144, "address-space limit of the worker process, in MiB (a hard limit: past it, "
                              "allocations fail and the item is reported as out of memory)")
    output_kb: int = _f(256, "printed output kept per cell and per check, in KiB; output written past Python's "
                             "capture may take 4 times this (at least 1 MiB) before the item stops on the output limit")
    file_mb: int = _f(512, "largest file the worker may write, and most it may write in all, in MiB "
                           "(past it: the file size limit)")
    processes: int = _f(256, "most processes and threads the worker may run at once (past it: the process limit); "
                             "TensorFlow starts a thread pool per core, so keep it above 64 for Keras questions. "
                             "Enforced where workers get a uid of their own (the harness runs as root)")
    epochs_cpu: int = _f(2, "most epochs any Model.fit runs when grading on the CPU (the data subset is 'cpu')")
    epochs_gpu: int = _f(5, "most epochs any Model.fit runs when grading on a GPU (the data subset is 'gpu')")
    served_train_cpu: int = _f(0, "on the CPU, load_data() serves this many training samples, evenly spaced "
                                  "over the subset (0: the whole CPU subset)")
    served_test_cpu: int = _f(0, "on the CPU, load_data() serves this many test samples (0: the whole subset)")


@dataclass(frozen=True, kw_only=True)
class Rubric:
    id: str = _f(help="assignment id, the submission's file stem: <id>.ipynb -> <id>")
    title: str = _f(help="assignment title")
    reference: str = _f(help="reference package, e.g. 'reference.<id>'")
    seed: int = _f(0, "seed for Python, NumPy and TensorFlow in every worker")
    limits: Limits = _f(factory=Limits, help="time and memory budgets")
    inputs: dict[str, InputSpec] = _f(factory=dict, help="named inputs the checks use")
    questions: list[Question] = _f(factory=list, help="the questions, in order")
    fuzzy_names: bool = _f(True, "accept a different case, underscores or a close misspelling of a name")
    shims: bool = _f(True, "old-API shims (np.int, keras.layers.convolutional, lr=, ...) in student workers")
    worker_plugins: list[str] = _f(factory=list, help="the course pack's worker-side helpers this assignment's checks "
                                                      "call: module names in the course's worker_plugins/ folder, each "
                                                      "defining ACTIONS and/or BUILDERS")
    path: str = _f("", "where it was loaded from (set by the loader)")

    @property
    def points(self) -> float:
        return sum(q.points for q in self.questions)

    def question(self, qid: str) -> Question:
        for question in self.questions:
            if question.id == qid:
                return question
        raise KeyError(qid)


