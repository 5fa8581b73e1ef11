"""What ``harness check`` prints: a first line at once, a line per failed cell as it fails, then the
verdicts per question and a total that keeps automatic points apart from prose points.

Every sentence comes from the message catalogue (``check.*`` ids) in the language asked for.
This module imports nothing heavy: the first line is printed before the grading engine loads.
"""
from __future__ import annotations

from harness.results.message import formatted, is_message, render

VERDICTS = {"passed": "verdict.passed", "failed": "verdict.failed", "to be graded": "verdict.to_be_graded",
            "graded": "verdict.graded", "no answer": "verdict.no_answer"}
CAUSES = {"library": "check.cause_library", "network": "check.cause_network", "data": "check.cause_data"}


def engine(lang: str | None):
    from harness.render.i18n import catalogue  # markupsafe only; the locale modules are plain dicts

    return catalogue(lang).engine


def text(words: dict, said, **params) -> str:
    """A message id (with ``params``) or a stored message, as plain text in ``words``' language."""
    if isinstance(said, str) and not params and not _is_id(said, words):
        return said
    said = {"id": said, "params": params} if isinstance(said, str) else said
    template = words.get(said["id"])
    if template is None:
        return ""

    def show(value, spec):
        return text(words, value) if is_message(value) else formatted(value, spec)

    return render(template, said["params"], show)


def _is_id(value: str, words: dict) -> bool:
    return value in words


class Outline:
    """What the first line counts: a rubric's id, title and checks (kind, visibility, points) per question.

    Read from the loaded rubric, or straight from its TOML file (:meth:`of_toml`): loading a rubric
    validates every check kind, which imports them all (NumPy among them), and the first line of a
    self-check must not wait for that."""

    def __init__(self, id: str, title: str, questions: list[list[tuple[str, str, float]]],
                 defers: tuple[str, ...] = ()):
        self.id, self.title, self.questions, self.defers = id, title, questions, defers

    @classmethod
    def of(cls, rubric) -> "Outline":
        return cls(rubric.id, rubric.title, [[(c.kind, c.visibility, c.points) for c in q.checks]
                                             for q in rubric.questions], tuple(rubric.limits.self_check_defers))

    @classmethod
    def of_toml(cls, data: dict) -> "Outline":
        from harness.spec.rubric import SELF_CHECK_DEFERS  # the rubric model's module: the standard library only

        defers = (data.get("limits") or {}).get("self_check_defers", SELF_CHECK_DEFERS)
        return cls(str(data["id"]), str(data.get("title", "")),
                   [[(str(c["kind"]), str(c.get("visibility", "public")), float(c.get("points", 0)))
                     for c in q.get("checks", [])] for q in data.get("questions", [])], tuple(map(str, defers)))


def counts(outline, deferred: tuple[str, ...] = ()) -> dict:
    """What a self-check runs now, leaves to grading, and leaves to a person."""
    outline = outline if isinstance(outline, Outline) else Outline.of(outline)
    checks = [c for q in outline.questions for c in q]
    prose = [c for c in checks if c[0] == "manual"]
    hidden = [c for c in checks if c[0] != "manual" and c[1] == "hidden"]
    later = [c for c in checks if c[0] != "manual" and c[1] != "hidden" and c[0] in deferred]
    now = [c for c in checks if c[0] != "manual" and c[1] != "hidden" and c[0] not in deferred]
    return {"questions": len(outline.questions), "now": len(now), "hidden": len(hidden), "deferred": len(later),
            "prose_points": sum(c[2] for c in prose)}


def start_lines(words: dict, file: str, rubric, deferred: tuple[str, ...] = ()) -> list[str]:
    """The first line (what runs now), then what runs later or is graded by a person, when anything is."""
    outline = rubric if isinstance(rubric, Outline) else Outline.of(rubric)
    n = counts(outline, deferred)
    first = text(words, "check.start", file=file, assignment=outline.id, title=outline.title,
                 questions=n["questions"], checks=n["now"])
    later = [_clause(words, "check.later_hidden", n["hidden"], count=n["hidden"]),
             _clause(words, "check.later_deferred", n["deferred"], count=n["deferred"]),
             _clause(words, "check.later_prose", n["prose_points"], points=_g(n["prose_points"]))]
    later = [clause for clause in later if clause]
    return [first, "  " + " · ".join(later)] if later else [first]


def cell_line(words: dict, cell) -> str:
    """A failed cell (:class:`harness.results.cell_failures.FailedCell`), as the student finds it."""
    line = text(words, "check.cell_line", line=cell.line) if cell.line else ""
    if cell.environment:
        cause = text(words, CAUSES[cell.environment])
        if cell.file:  # one of several files: named with it
            return text(words, "check.environment_in", file=cell.file, cell=cell.label, line=line,
                        reason=_short(cell.reason), cause=cause)
        return text(words, "check.environment", cell=cell.label, line=line, reason=_short(cell.reason), cause=cause)
    because = text(words, "check.cell_because", cell=cell.because) if cell.because else ""  # the same file's
    if cell.file:
        return text(words, "check.cell_in", file=cell.file, cell=cell.label, line=line, reason=_short(cell.reason),
                    because=because)
    return text(words, "check.cell", cell=cell.label, line=line, reason=_short(cell.reason), because=because)


def question_lines(words: dict, result) -> list[str]:
    lines = []
    for q in result.by_question():
        auto = [c for c in q.checks if not c.prose]
        prose_points = sum(c.max_score for c in q.checks if c.prose and c.verdict != "graded")
        score = sum(c.score for c in auto)
        maximum = sum(c.max_score for c in auto)
        if auto and prose_points:
            head = text(words, "check.question_mixed", id=q.id, title=q.title, score=_g(score), max=_g(maximum),
                        points=_g(prose_points))
        elif prose_points:
            head = text(words, "check.question_prose", id=q.id, title=q.title, points=_g(prose_points))
        else:
            head = text(words, "check.question", id=q.id, title=q.title, score=_g(q.score), max=_g(q.max_score))
        lines.append(head)
        for c in q.checks:
            message = text(words, c.said) if c.said and c.said.get("id") in words else c.student_message
            lines.append(text(words, "check.item", verdict=text(words, VERDICTS[c.verdict]), name=c.name,
                              message=_short(message, 400)))
    return lines


def total_line(words: dict, result, hidden: int, deferred: int) -> str:
    waiting = result.prose_waiting
    return text(words, "check.total", score=_g(result.auto_score), max=_g(result.auto_max),
                prose=_clause(words, "check.total_prose", waiting, points=_g(waiting)),
                hidden=_clause(words, "check.total_hidden", hidden, count=hidden),
                deferred=_clause(words, "check.total_deferred", deferred, count=deferred))


def _clause(words: dict, id: str, value, **params) -> str:
    return text(words, id, **params) if value else ""


def _short(value: str, limit: int = 240) -> str:
    first = " ".join(str(value).split())
    return first if len(first) <= limit else first[: limit - 3] + "..."


def _g(value: float) -> str:
    return f"{value:g}"
