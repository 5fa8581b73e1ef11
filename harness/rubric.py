"""Rubrics: ``rubrics/<assignment>.toml`` loaded into typed, validated dataclasses.

Every field carries its help text (``help`` metadata); an unknown key is rejected with
the nearest valid name, so a typo in a rubric fails loudly instead of silently
granting or withholding points.
"""
from __future__ import annotations

import difflib
import math
import re
import sys
import typing
from dataclasses import MISSING, dataclass, field, fields
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


SAFE_ID = re.compile(r"[A-Za-z0-9_\-]+")


# Names people reach for that are spelled differently here: unknown-key errors suggest these too.
SYNONYMS = {"tolerance": "rtol' or 'atol", "tol": "rtol' or 'atol", "score": "points", "weight": "points",
            "hidden": "visibility", "function_name": "target", "name_in_notebook": "target"}


class RubricError(ValueError):
    """A rubric that cannot be trusted to grade anyone."""


def _f(default=MISSING, help: str = "", factory=MISSING):
    if factory is not MISSING:
        return field(default_factory=factory, metadata={"help": help})
    return field(default=default, metadata={"help": help})


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
    submission_seconds: float = _f(600.0, "wall clock for one whole submission")
    cell_seconds: float = _f(120.0, "wall clock for one notebook cell")
    check_seconds: float = _f(60.0, "wall clock for one check's call")
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
    id: str = _f(help="assignment id, the submission's file stem: hw06.ipynb -> hw06")
    title: str = _f(help="assignment title")
    reference: str = _f(help="reference package, e.g. 'reference.hw06'")
    seed: int = _f(0, "seed for Python, NumPy and TensorFlow in every worker")
    limits: Limits = _f(factory=Limits, help="time and memory budgets")
    inputs: dict[str, InputSpec] = _f(factory=dict, help="named inputs the checks use")
    questions: list[Question] = _f(factory=list, help="the questions, in order")
    fuzzy_names: bool = _f(True, "accept a different case, underscores or a close misspelling of a name")
    shims: bool = _f(True, "old-API shims (np.int, keras.layers.convolutional, lr=, ...) in student workers")
    path: str = _f("", "where it was loaded from (set by the loader)")

    @property
    def points(self) -> float:
        return sum(q.points for q in self.questions)

    def question(self, qid: str) -> Question:
        for question in self.questions:
            if question.id == qid:
                return question
        raise KeyError(qid)


def load_rubric(path: Path) -> Rubric:
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise RubricError(f"{path}: cannot read rubric: {exc}") from exc
    for name, spec in data.get("inputs", {}).items():
        if isinstance(spec, dict):
            spec.setdefault("name", name)
    data["path"] = str(path)
    rubric = _build(Rubric, data, str(path))
    _validate(rubric)
    return rubric


def _build(cls, data: Any, where: str):
    if not isinstance(data, dict):
        raise RubricError(f"{where}: expected a table, got {type(data).__name__}")
    hints = typing.get_type_hints(cls)
    known = {f.name: f for f in fields(cls)}
    unknown = [key for key in data if key not in known]
    if unknown:
        key = unknown[0]
        synonyms = {k: v for k, v in SYNONYMS.items() if v.split("'")[0] in known}
        close = difflib.get_close_matches(key, [*known, *synonyms], n=1)
        suggestion = synonyms.get(close[0], close[0]) if close else None
        hint = f"; did you mean '{suggestion}'?" if close else f"; valid keys: {', '.join(known)}"
        raise RubricError(f"{where}: unknown key '{key}'{hint}")
    values = {}
    for name, spec in known.items():
        if name in data:
            values[name] = _convert(hints[name], data[name], f"{where}.{name}")
        elif spec.default is MISSING and spec.default_factory is MISSING:
            raise RubricError(f"{where}: missing required key '{name}' ({spec.metadata['help']})")
    return cls(**values)


def _convert(hint, value, where):
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is Any:
        return value
    if isinstance(hint, type) and hasattr(hint, "__dataclass_fields__"):
        return _build(hint, value, where)
    if origin is list:
        if not isinstance(value, list):
            raise RubricError(f"{where}: expected a list")
        return [_convert(args[0], v, f"{where}[{i}]") for i, v in enumerate(value)]
    if origin is dict:
        if not isinstance(value, dict):
            raise RubricError(f"{where}: expected a table")
        return {k: _convert(args[1], v, f"{where}.{k}") for k, v in value.items()}
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        if value is None and type(None) in args:
            return None
        return _convert(next(a for a in args if a is not type(None)), value, where)
    if hint is float and isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if isinstance(hint, type) and not isinstance(value, hint) or isinstance(value, bool) and hint is not bool:
        raise RubricError(f"{where}: expected {hint.__name__}, got {type(value).__name__} {value!r}")
    return value


def _validate(rubric: Rubric) -> None:
    from .checks import known_kinds  # late: the registry imports this module

    where = rubric.path
    _validate_limits(rubric.limits, where)
    seen = set()
    for q in rubric.questions:
        if q.id in seen:
            raise RubricError(f"{where}: question {q.id} appears twice")
        seen.add(q.id)
        total = sum(c.points for c in q.checks)
        if not math.isclose(total, q.points):
            raise RubricError(f"{where}: {q.id} has points = {q.points} but its checks add up to {total}")
        for i, check in enumerate(q.checks):
            _validate_check(rubric, q, check, f"{where}: {q.id}.checks[{i}]", known_kinds())
        entries = [(m.target, m.function) for m in q.mistakes]
        if len(entries) != len(set(entries)):
            raise RubricError(f"{where}: {q.id} lists the same mistake function twice for one target")
        if not SAFE_ID.fullmatch(q.id):
            raise RubricError(f"{where}: question id '{q.id}' must be letters, digits, '_' or '-'")
        for m in q.mistakes:
            if not SAFE_ID.fullmatch(m.name):
                raise RubricError(f"{where}: {q.id} mistake name '{m.name}' must be letters, digits, '_' or '-'")
            if not 0.0 <= m.credit <= 1.0:
                raise RubricError(f"{where}: {q.id} mistake '{m.name}': credit must be in 0..1")
            if not any(c.target == m.target for c in q.checks):
                raise RubricError(f"{where}: {q.id} mistake '{m.name}' targets '{m.target}', "
                                  "which no check of the question calls")


def _validate_limits(limits: Limits, where: str) -> None:
    """Every budget must be positive: a zero would stop every worker, or lift a limit unnoticed."""
    for spec in fields(Limits):
        value = getattr(limits, spec.name)
        if spec.name.startswith("served_"):
            if value < 0:
                raise RubricError(f"{where}: limits.{spec.name} must not be negative (0 serves the whole subset)")
        elif not value > 0:
            raise RubricError(f"{where}: limits.{spec.name} must be positive, not {value} ({spec.metadata['help']})")


def _validate_check(rubric: Rubric, q: Question, check: Check, where: str, kinds) -> None:
    if check.kind not in kinds:
        close = difflib.get_close_matches(check.kind, list(kinds), n=1)
        hint = f"; did you mean '{close[0]}'?" if close else f"; known kinds: {', '.join(sorted(kinds))}"
        raise RubricError(f"{where}: unknown check kind '{check.kind}'{hint}")
    if check.visibility not in ("public", "hidden"):
        raise RubricError(f"{where}: visibility must be 'public' or 'hidden', not '{check.visibility}'")
    if check.points < 0:
        raise RubricError(f"{where}: points must not be negative")
    for arg in [*check.args, *check.kwargs.values()]:
        if isinstance(arg, str) and arg.startswith("@") and arg[1:] not in rubric.inputs:
            close = difflib.get_close_matches(arg[1:], list(rubric.inputs), n=1)
            hint = f"; did you mean '@{close[0]}'?" if close else ""
            raise RubricError(f"{where}: input '{arg}' is not defined under [inputs]{hint}")
    kinds[check.kind].validate(check, q, where)
    _validate_leniency(check, where)


def _validate_leniency(check: Check, where: str) -> None:
    from .protocol import ADAPTERS

    unknown = [a for a in check.adapters or () if a not in ADAPTERS]
    if unknown:
        raise RubricError(f"{where}: unknown adapter '{unknown[0]}'; known: {', '.join(ADAPTERS)}")
    if not 0.0 <= check.discovery <= 1.0:
        raise RubricError(f"{where}: discovery must be in 0..1")
    if check.discovery and (check.visibility != "public" or check.kind not in ("function", "value")):
        raise RubricError(f"{where}: discovery is for public function/value checks: "
                          "hidden inputs still need a callable")
