"""``manual`` checks: prose answers collected for a human grader.

The answer is found in the submission's markdown (see :mod:`harness.intake.prose`); the check
scores 0 automatic points and is flagged for manual grading, answered or not.
"""
from __future__ import annotations

from harness.checks import register
from harness.checks.base import CheckContext, CheckKind, Outcome
from harness.results.message import say


@register
class ManualCheck(CheckKind):
    name = "manual"
    help = "prose: collect the answer for a human grader (0 automatic points)"

    def grade(self, ctx: CheckContext) -> Outcome:
        found = ctx.prose.get(ctx.question.id, {})
        answered = bool(found.get("answered"))
        message = say("manual.collected") if answered else say("manual.no_answer", question=ctx.question.id)
        return Outcome(0.0, message, manual={"kind": "manual", "answered": answered,
                                             "answer": found.get("text", "")})
