"""``source`` checks: read the submission's code statically, in the grader, without running it.

Options:
  detector  name of a function in the question's reference module taking the joined code
            cells (a string) and returning True when the pattern is present (e.g.
            ``detect_validation_on_training``). Reference modules are trusted code; the
            detector must only parse, never execute, what it is given.
  passes_when  "absent" (default: finding the pattern costs the points) or "present".
A rule that passes when its pattern is absent needs a ``target``: the call it inspects
(``fit``).  Code without any such call scores zero and is told what was looked for (no
credit for absence).
When the check fails, the question's mistake whose ``function`` is the detector is named.
"""
from __future__ import annotations

import ast
import importlib.util
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from harness.checks import register
from harness.checks.base import CheckContext, CheckKind, Outcome
from harness.results.message import say
from harness.spec.rubric import RubricError
from harness.spec.typed_tables import entry


@lru_cache(maxsize=32)
def _load(path: str, name: str):
    spec = importlib.util.spec_from_file_location(f"_harness_static_{Path(path).stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return getattr(module, name)


@dataclass(frozen=True, kw_only=True)
class SourceOptions:
    detector: str = entry("", "function of the question's reference module: joined code -> True when the "
                              "pattern is present")
    passes_when: str = entry("absent", "'absent' (finding the pattern costs the points) or 'present'")
    message: str = entry("", "what to tell the student when the check fails (default: a generic sentence)")


@register
class SourceCheck(CheckKind):
    name = "source"
    Options = SourceOptions
    help = "inspect the submission's code statically (nothing is run) with a reference detector"

    def validate(self, check, question, where):
        if not self.options(check).detector:
            raise RubricError(f"{where}: a 'source' check needs options.detector")
        if self.options(check).passes_when not in ("absent", "present"):
            raise RubricError(f"{where}: options.passes_when must be 'absent' or 'present'")
        if self.options(check).passes_when == "absent" and not check.target:
            # Without the call it inspects, a rule that passes when a pattern is absent passes an empty notebook.
            raise RubricError(f"{where}: a 'source' rule that passes when its pattern is absent needs a target: "
                              "the call it inspects (e.g. target = \"fit\"), so code without that call earns nothing")

    def grade(self, ctx: CheckContext) -> Outcome:
        detector = self.options(ctx.check).detector
        try:
            found = bool(_load(ctx.reference_file, detector)("\n\n".join(ctx.code)))
        except Exception as exc:  # a broken detector is the grader's problem, not the student's
            return Outcome(0.0, say("source.broken", error=f"{type(exc).__name__}: {exc}"), grader_error=True)
        wanted = self.options(ctx.check).passes_when == "present"
        target = ctx.check.target
        if not found and not wanted and target and not _calls(ctx.code, target):
            # A rule about fit() calls holds vacuously in code without one: an empty template earns nothing.
            return Outcome(0.0, say("source.no_call", target=target))
        if found == wanted:
            return Outcome(1.0, say("source.follows" if not found else "source.present"))
        mistake = next((m for m in ctx.question.mistakes if m.function == detector), None)
        if mistake is None:
            return Outcome(0.0, self.options(ctx.check).message or say("source.breaks"))
        return Outcome(mistake.credit, mistake.explanation, mistake)


def _calls(cells, name: str) -> bool:
    """Whether some cell calls ``name(...)`` or ``x.name(...)``; cells that do not parse are skipped."""
    for cell in cells:
        text = "\n".join(line for line in cell.splitlines() if not line.lstrip().startswith(("%", "!")))
        try:
            tree = ast.parse(text)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and name in (getattr(node.func, "attr", None), getattr(node.func, "id", None)):
                return True
    return False
