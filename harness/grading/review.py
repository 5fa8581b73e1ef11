"""When the harness cannot tell whether a zero is deserved, it asks a person (needs review).

The rule, for a check that did not earn its points (prose checks are graded by hand anyway):

1. The grader itself failed (no reference answer, a check kind's bug, the harness crashed on
   the submission): review.
2. The probe never ran (the submission's time ran out before it started), or its argument needed
   another function of the submission that is not there (best_model's values are keyed by the names
   build_hypermodel declares): review.
3. An environment problem, not the student's: the answer's own error, or a failed cell of the
   file that should hold it, is a library that changed or is not installed
   (:mod:`harness.grading.environment_failures`) or a dataset the harness cannot serve (a
   download while grading is offline, a Colab or Drive path, a data file that is not there),
   and the answer is missing or failed with that error or a ``NameError`` (what a failed
   import leaves behind): review.
4. The answer was not found in any file under any name the rubric knows, yet the student
   wrote code for it: some file defines a name like the target (``batch_noramlization`` for
   ``batch_norm``) or names two of the question's words: review, with those cells listed.
5. Anything else is the student's: a wrong value, their own exception, a timeout of their
   code, a template left as it was (``raise NotImplementedError``), or a question nothing in
   any file mentions. It stays an automatic zero.
"""
from __future__ import annotations

import ast
import builtins
import difflib
import re
import tokenize
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

from harness.contract.protocol import Answer
from harness.grading.environment_failures import is_environment_problem
from harness.intake.notebook import Source
from harness.results.message import say, to_json

DATASET_PATTERNS = [
    re.compile(r"network access is disabled while grading"),
    re.compile(r"^(FileNotFoundError|OSError|IOError)\b.*(No such file|not found|does not exist)", re.I),
    re.compile(r"/content/|drive/My ?Drive", re.I),
]
STOP_WORDS = {"model", "models", "layer", "layers", "train", "training", "first", "their", "which", "with",
              "using", "value", "values", "function", "question", "prose", "tuning", "table", "search"}
SIMILAR = 0.6  # difflib ratio of a defined name to the target's, both without '_' and lower-cased
LIKELY_CELLS = 3
EXCERPT = 400


@dataclass(frozen=True)
class Run:
    """One file of the submission and what its worker did."""
    source: Source
    record: object  # harness.run.job.RunRecord

    @property
    def name(self) -> str:
        return Path(self.source.path).name


def decide(pc, score: float, grader_error: bool, manual, answer: Answer | None, chosen: Run | None,
           runs: list[Run], all_missing: bool) -> dict | None:
    """The review to attach to a check (see the module's rule), or None when the score stands."""
    if manual is not None or score >= pc.check.points:
        return None
    if grader_error:
        return _review(say("review.grader"), pc, runs)
    if answer is None or answer.ok:
        return None  # a check without a target (source checks), or a wrong answer: the student's
    error = answer.error
    if error.kind == "not-run":
        return _review(say("review.not_run"), pc, runs)
    hidden = pc.check.visibility == "hidden"
    if error.kind == "exception" and (error.reason or {}).get("id") == "reason.missing":
        # An argument built from another of the submission's functions (best_model's values keyed by the
        # hypermodel's names), which is not there: the target itself could not be tried.
        return _review(say("review.argument_missing", target=pc.check.target, name=error.reason["params"]["name"]),
                       pc, runs)
    if error.kind == "exception" and not all_missing:
        cause = _environment_cause(error, [chosen] if chosen is not None else runs, hidden)
        return _review(say("review.environment", error=cause[:300]), pc, runs) if cause else None
    if not all_missing:
        return None
    # Not found under any name: a zero when nothing mentions it, a person's call when something does.
    likely = likely_cells(runs, pc, defined_only=True)
    if not likely:
        return None
    cause = _environment_cause(error, runs, hidden)
    if cause:
        return _review(say("review.environment", error=cause[:300]), pc, runs, likely)
    where = ", ".join(f"{c['file']}, cell {c['label']}" for c in likely)  # as the failed cells are named
    return _review(say("review.not_located", target=pc.check.target, where=where), pc, runs, likely)


def harness_failed(pc, runs: list[Run] = ()) -> dict:
    return _review(say("review.grader"), pc, list(runs))


def _review(reason, pc, runs: list[Run], likely: list[dict] | None = None) -> dict:
    return {"reason": to_json(reason), "likely": likely if likely is not None else likely_cells(runs, pc)}


def _environment_cause(error, runs: list[Run], hidden: bool) -> str:
    """What in the environment stopped the answer: its own error, else a failed cell of these files."""
    if _not_the_students(error.message):
        first = error.message.splitlines()[0]
        if hidden:
            # A hidden check's own error could carry its inputs: only a type Python defines is said.
            name = first.split(":", 1)[0].strip()
            return name if isinstance(getattr(builtins, name, None), type) else "an exception"
        return first
    if error.kind == "exception" and not error.message.startswith("NameError"):
        return ""
    for run in runs:
        labels = {c.index: c.label or str(c.index + 1) for c in run.source.cells}  # as Jupyter shows the cell
        for i in sorted(run.record.cells):
            cell = run.record.cells[i]
            if cell.status == "error" and _not_the_students(cell.error):
                return f"{run.name}, cell {labels.get(cell.index, cell.index + 1)}: {cell.error.splitlines()[0]}"
    return ""


def _not_the_students(message: str) -> bool:
    first = (message or "").strip().splitlines()[0] if (message or "").strip() else ""
    return is_environment_problem(first) or any(p.search(first) for p in DATASET_PATTERNS)


def likely_cells(runs: list[Run], pc, defined_only: bool = False) -> list[dict]:
    """The cells most likely to hold the question's answer: names like the target's, the question's words."""
    targets = _target_words(pc)
    keywords = _keywords(pc)
    scored = []
    for order, run in enumerate(runs):
        for cell in run.source.cells:
            names = _defined(cell.code) if defined_only else _identifiers(cell.code)
            similar = any(_similar(n, t) for n in names for t in targets)
            words = {k for k in keywords for n in names if k in n.lower()}
            score = 3 * similar + len(words)
            if similar or len(words) >= 2:
                scored.append((-score, order, cell.index, run.name, cell.code, cell.label or str(cell.index + 1)))
    scored.sort()
    # "cell": the index among code cells (what the executed copy's anchors use); "label": as Jupyter shows it.
    return [{"file": name, "cell": index, "label": label, "excerpt": code.strip()[:EXCERPT]}
            for _, _, index, name, code, label in scored[:LIKELY_CELLS]]


def _target_words(pc) -> list[str]:
    names = [pc.check.target, *pc.check.aliases, *pc.question.aliases.get(pc.check.target, [])]
    return [_normal(n) for n in names if n and len(_normal(n)) >= 4]


def _keywords(pc) -> set[str]:
    text = f"{pc.question.title} {pc.check.target or ''}"
    return {w.lower() for w in re.split(r"[^A-Za-z]+", text) if len(w) >= 5 and w.lower() not in STOP_WORDS}


def _normal(name: str) -> str:
    return name.replace("_", "").lower()


def _similar(name: str, target: str) -> bool:
    name = _normal(name)
    if target in name:
        return True
    if len(name) < max(4, SIMILAR * len(target)):
        return False  # a short word (`layer`, `norm`) is part of many names, not a sign of this answer
    return name in target or difflib.SequenceMatcher(None, name, target).ratio() >= SIMILAR


def _defined(code: str) -> set[str]:
    """Names the cell binds: assignments, functions, classes, their parameters (not library names used)."""
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError):
        return _identifiers(code)
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            if not _template_stub(node):
                names.add(node.name)
    return names


def _template_stub(node) -> bool:
    """A function whose body only raises NotImplementedError (or passes): the template, untouched."""
    body = [n for n in getattr(node, "body", []) if not (isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant))]
    return all(isinstance(n, ast.Pass) or (isinstance(n, ast.Raise) and "NotImplementedError" in ast.dump(n))
               for n in body)


def _identifiers(code: str) -> set[str]:
    """Every name in the code, comments and strings left out."""
    names: set[str] = set()
    try:
        for token in tokenize.generate_tokens(StringIO(code).readline):
            if token.type == tokenize.NAME:
                names.add(token.string)
    except (tokenize.TokenError, IndentationError, SyntaxError):
        names |= set(re.findall(r"[A-Za-z_]\w*", re.sub(r"#.*", "", code)))
    return names
