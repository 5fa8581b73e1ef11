"""What a check kind is, and what it is given to grade with."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from harness.contract.protocol import Answer, Probe
from harness.spec.rubric import Check, Mistake, Question
from harness.spec.typed_tables import build_typed


@dataclass(frozen=True)
class CheckContext:
    """Everything a kind may look at, all of it plain data already out of the worker.

    ``student`` and ``reference`` map the kind's probe keys to answers; ``mistakes``
    pairs each known mistake with the answers its function gave on the same inputs.
    """
    check: Check
    question: Question
    student: dict[str, Answer]
    reference: dict[str, Answer]
    mistakes: list[tuple[Mistake, dict[str, Answer]]] = field(default_factory=list)
    prose: dict[str, Any] = field(default_factory=dict)
    # The submission's code cells as parsed (never run here), for kinds that read source statically,
    # and the question's reference module file, for kinds that call trusted static helpers.
    code: tuple[str, ...] = ()
    reference_file: str = ""


@dataclass(frozen=True)
class Outcome:
    """A kind's verdict: ``fraction`` of the check's points, and why."""
    fraction: float
    message: str
    mistake: Mistake | None = None
    details: dict = field(default_factory=dict)
    manual: dict | None = None
    grader_error: bool = False
    # Shown instead of ``message`` when the check is hidden: must not depend on hidden inputs.
    hidden_summary: str = ""

    @property
    def passed(self) -> bool:
        return self.fraction >= 1.0 and not self.grader_error


@dataclass(frozen=True, kw_only=True)
class NoOptions:
    """The kind takes no options."""


class CheckKind:
    """Base class: override ``probes`` and ``grade``; ``validate`` when the kind has rules.

    ``Options`` is the kind's typed, documented ``options`` table (fields made with
    :func:`harness.spec.typed_tables.entry`): the rubric loader refuses an unknown option with
    the nearest valid name, and `harness list --kinds` prints them.
    """

    name: ClassVar[str] = ""
    help: ClassVar[str] = ""
    Options: ClassVar[type] = NoOptions

    def options(self, check: Check):
        """The check's options as this kind's typed ``Options`` (the loader has already refused bad ones)."""
        return build_typed(self.Options, check.options, f"{check.name or check.kind}.options")

    def validate(self, check: Check, question: Question, where: str) -> None:
        """Raise RubricError for a check this kind cannot grade."""

    def probes(self, check: Check, timeout: float) -> list[Probe]:
        """The probes to run in the student's namespace; ids are local keys ('main', ...)."""
        return []

    def needs_reference(self, check: Check) -> bool:
        """Whether grading reads the reference's answers; when not, the reference job skips this
        check's probes (some cost minutes: a reference table that trains every variant)."""
        return True

    def grade(self, ctx: CheckContext) -> Outcome:
        raise NotImplementedError
