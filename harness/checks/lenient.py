"""Saying what was done to grade a notebook that does not follow the template.

Not a check kind (nothing registers here): helpers for ``function`` checks that name
the alias or misspelling graded, the adaptations made, and grade a discovered array.
"""
from __future__ import annotations

from .. import discovery
from ..protocol import Answer
from .base import CheckContext, Outcome

HOW = {"alias": "an accepted name for it", "case": "same name, other case or underscores",
       "fuzzy": "a close spelling"}


def resolution_text(answer: Answer, target: str) -> str:
    """``Graded `layer_noramlization` as `layer_norm` (a close spelling). ...`` or ''."""
    found = answer.resolution or {}
    parts = []
    if found.get("name") and found.get("how") in HOW and found["name"] != target:
        parts.append(f"Graded `{found['name']}` as `{target}` ({HOW[found['how']]}).")
    texts = [a["text"] for a in found.get("adaptations", []) if a.get("text")]
    if texts:
        parts.append("Adapted to its signature: " + "; ".join(texts) + ".")
    return " ".join(parts)


def with_resolution(outcome: Outcome, answer: Answer, target: str) -> Outcome:
    text = resolution_text(answer, target)
    if not text:
        return outcome
    details = {**outcome.details, "resolution": answer.resolution}
    summary = f"{text} {outcome.hidden_summary}".strip() if outcome.hidden_summary else ""
    return Outcome(outcome.fraction, f"{text} {outcome.message}", outcome.mistake, details,
                   outcome.manual, outcome.grader_error, summary)


def graded_by_discovery(ctx: CheckContext, failure: str) -> Outcome | None:
    """Grade an array the notebook computed, when ``target`` gave no answer; None when the
    check allows no discovery or the notebook has no array of the expected shape."""
    check = ctx.check
    expected = ctx.reference.get("main")
    if not check.discovery or expected is None or not expected.ok:
        return None
    candidates = discovery.variables(ctx.student.get("discover")) + list(_value(ctx.student.get("printed")))
    aliases = [*ctx.question.aliases.get(check.target, []), *check.aliases]
    others = {c.target for c in ctx.question.checks if c.target and c.target != check.target}
    candidates = discovery.ranked(candidates, check.target, aliases, others, _value(ctx.reference.get("claimed")))
    if not candidates:
        return None
    mistakes = [(m, a["main"].value) for m, a in ctx.mistakes if "main" in a and a["main"].ok]
    found = discovery.best_match(candidates, expected.value, mistakes, check.rtol, check.atol)
    cap = check.discovery
    share = "" if cap >= 1 else f" (a value found without a function earns at most {cap:.0%} of this check)"
    advice = f" Define `{check.target}` as a function so the hidden checks can call it."
    if found is None:
        listed = ", ".join(c.label for c in candidates[:5])
        return Outcome(0.0, f"{failure}. Looked for the answer among the arrays the notebook computed "
                            f"({listed}): none matches the expected answer or a known mistake.{advice}")
    candidate, transposed, mistake = found
    how = f"Graded {candidate.label}" + (" transposed (its rows and columns are swapped)" if transposed else "")
    details = {"discovered": candidate.label, "transposed": transposed}
    if mistake is None:
        return Outcome(cap, f"{failure}. {how}: correct{share}.{advice}", details=details)
    return Outcome(cap * mistake.credit, f"{failure}. {how}: it matches a known mistake. {mistake.explanation}"
                                         f"{advice}", mistake, details)


def _value(answer: Answer | None) -> list:
    return answer.value if answer is not None and answer.ok and isinstance(answer.value, list) else []
