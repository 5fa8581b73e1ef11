"""Saying what was done to grade a notebook that does not follow the template.

Not a check kind (nothing registers here): helpers for ``function`` checks that name
the alias or misspelling graded and the adaptations made, and that grade, when the name
finds nothing, what the notebook has instead: a function it defined whose result on a
public input is the answer (or a known mistake), a Keras model it keeps in a variable, or
an array it computed.  Each is named in the feedback.
"""
from __future__ import annotations

import re

from harness.checks.base import CheckContext, Outcome
from harness.contract.aliases import relatedness
from harness.contract.protocol import Answer
from harness.grading import printed_arrays
from harness.grading.compare import NotComparable, as_number_array, compare
from harness.results.message import maybe, say

HOW = {"alias": "resolved.alias", "case": "resolved.case", "fuzzy": "resolved.fuzzy"}


def resolution_text(answer: Answer, target: str) -> str:
    """``Graded `layer_noramlization` as `layer_norm` (a close spelling). ...`` or ''."""
    found = answer.resolution or {}
    renamed = found.get("name") and found.get("how") in HOW and found["name"] != target
    texts = [a["text"] for a in found.get("adaptations", []) if a.get("text")]
    if not renamed and not texts:
        return ""
    return say("resolved.text", renamed=say("resolved.renamed", name=found["name"], target=target,
                                             how=say(HOW[found["how"]])) if renamed else "",
               space=" " if renamed and texts else "",
               adapted=maybe("resolved.adapted", texts, adaptations="; ".join(texts)))


def with_resolution(outcome: Outcome, answer: Answer, target: str) -> Outcome:
    text = resolution_text(answer, target)
    if not text:
        return outcome
    details = {**outcome.details, "resolution": answer.resolution}
    summary = say("resolved.then", resolution=text, message=outcome.hidden_summary) if outcome.hidden_summary else ""
    return Outcome(outcome.fraction, say("resolved.then", resolution=text, message=outcome.message),
                   outcome.mistake, details, outcome.manual, outcome.grader_error, summary)


def graded_by_discovery(ctx: CheckContext, failure: str) -> Outcome | None:
    """Grade a function the notebook defined under another name, found by its answer on this
    public check's input, else an array it computed, when ``target`` gave no answer; None when
    neither is allowed or found."""
    found = graded_by_behaviour(ctx) or graded_model(ctx)
    if found is not None:
        return found
    return _graded_array(ctx, failure)


def graded_model(ctx: CheckContext) -> Outcome | None:
    """A Keras model the notebook keeps in a variable, when it is the model the check builds
    (the same parameter counts and output shapes, or what the check compares), else a known
    mistake's; one named for another target of the question is never taken."""
    expected = ctx.reference.get("main")
    if expected is None or not expected.ok or "models" not in ctx.student:
        return None
    aliases = [*ctx.question.aliases.get(ctx.check.target, []), *ctx.check.aliases]
    claimed = _value(ctx.reference.get("models_claimed"))
    listing = [item for item in _value(ctx.student.get("models")) if isinstance(item, dict)
               and (relatedness(str(item.get("name")), ctx.check.target, aliases) == 3
                    or not any(_matches(other, item.get("value"), ctx.check) for other in claimed))]
    chosen = _choose(ctx, listing, expected.value, _mistake_values(ctx), numeric=False)
    if chosen is None:
        return None
    item, mistake = chosen
    found = say("behaviour.model", name=item["name"], target=ctx.check.target)
    details = {"resolution": {"name": item["name"], "how": "model"}}
    if mistake is None:
        return Outcome(1.0, say("behaviour.correct", found=found, target=ctx.check.target), details=details)
    return Outcome(mistake.credit, say("behaviour.mistake", found=found, explanation=mistake.explanation),
                   mistake, details)


def graded_by_behaviour(ctx: CheckContext) -> Outcome | None:
    """The notebook's own function whose result on a public input is the reference's, else a
    known mistake's (:mod:`harness.worker.behaviour` lists them).  One named for another target
    of the question, or giving another target's right answer, is never taken for this one.

    A public check grades the chosen function's result on its own input.  A hidden check
    chooses by its public sibling's input and answers (``behave_public``) and then grades
    that one function's result on the hidden input, whatever the others returned there.
    """
    expected = ctx.reference.get("main")
    if expected is None or not expected.ok:
        return None
    if "behave_public" not in ctx.student:
        chosen = _choose(ctx, _value(ctx.student.get("behave")), expected.value, _mistake_values(ctx))
        return None if chosen is None else _behaviour_outcome(ctx, *chosen)
    public = ctx.reference.get("behave_public")
    if public is None or not public.ok:
        return None
    functions = {m.function: m for m, _ in ctx.mistakes} | {m.function: m for m in ctx.question.mistakes}
    public_mistakes = [(functions[f], v) for f, v in public.value["mistakes"] if f in functions]
    chosen = _choose(ctx, _value(ctx.student.get("behave_public")), public.value["expected"], public_mistakes)
    if chosen is None:
        return None
    item, _ = chosen
    if not _written(item["name"], ctx.code):
        return None  # this listing ran while hidden inputs were in the worker: only a name the code wrote is trusted
    # Said without adaptations: this listing ran in the hidden phase, so its texts are not trusted.
    found = _found(ctx, {"name": item["name"]})
    hidden = next((h for h in _value(ctx.student.get("behave")) if isinstance(h, dict) and h.get("name") == item["name"]),
                  None)
    if hidden is None:
        return Outcome(0.0, say("behaviour.failed", found=found), hidden_summary=say("behaviour.failed", found=found))
    for mistake, wanted in [(None, expected.value), *_mistake_values(ctx)]:
        if _matches(wanted, hidden.get("value"), ctx.check):
            outcome = _behaviour_outcome(ctx, hidden, mistake, found)
            return Outcome(outcome.fraction, outcome.message, outcome.mistake, outcome.details,
                           hidden_summary=found)
    return Outcome(0.0, say("behaviour.wrong", found=found), hidden_summary=found)


def _written(name: str, code) -> bool:
    return any(re.search(rf"\b{re.escape(name)}\b", cell) for cell in code or ())


def _mistake_values(ctx: CheckContext) -> list:
    return [(m, a["main"].value) for m, a in ctx.mistakes if "main" in a and a["main"].ok]


def _choose(ctx: CheckContext, listing: list, expected, mistakes, numeric: bool = True):
    """(item, mistake-or-None) for the best candidate in ``listing``, or None."""
    check = ctx.check
    aliases = [*ctx.question.aliases.get(check.target, []), *check.aliases]
    others = {c.target for c in ctx.question.checks if c.target and c.target != check.target}
    other_names = others | {a for t in others for a in ctx.question.aliases.get(t, [])}
    candidates = []
    for item in listing:
        if not isinstance(item, dict) or not isinstance(item.get("name"), str) or item.get("value") is None \
                or (numeric and as_number_array(item.get("value")) is None):
            continue
        name = item["name"]
        if relatedness(name, check.target, aliases) == 0 and any(relatedness(name, o) > 0 for o in other_names):
            continue  # `batch_norm` is never graded as `layer_norm`, whatever it returns
        candidates.append(item)
    candidates.sort(key=lambda c: -relatedness(c["name"], check.target, aliases))
    for mistake, wanted in [(None, expected), *mistakes]:
        for item in candidates:
            if _matches(wanted, item["value"], check):
                return item, mistake
    return None


def _matches(wanted, value, check) -> bool:
    try:
        return compare(wanted, value, rtol=check.rtol, atol=check.atol).ok
    except NotComparable:
        return False


def _found(ctx: CheckContext, item: dict):
    texts = [str(a.get("text")) for a in item.get("adaptations") or [] if isinstance(a, dict) and a.get("text")]
    return say("behaviour.found", name=item["name"], target=ctx.check.target,
               adapted=maybe("behaviour.adapted", texts, adaptations="; ".join(texts)))


def _behaviour_outcome(ctx: CheckContext, item: dict, mistake, found=None) -> Outcome:
    found = found or _found(ctx, item)
    details = {"resolution": {"name": item["name"], "how": "behaviour", "adaptations": item.get("adaptations") or []}}
    if mistake is None:
        return Outcome(1.0, say("behaviour.correct", found=found, target=ctx.check.target), details=details)
    return Outcome(mistake.credit, say("behaviour.mistake", found=found, explanation=mistake.explanation),
                   mistake, details)


def _graded_array(ctx: CheckContext, failure: str) -> Outcome | None:
    check = ctx.check
    expected = ctx.reference.get("main")
    if not check.discovery or expected is None or not expected.ok:
        return None
    candidates = printed_arrays.variables(ctx.student.get("discover")) + list(_value(ctx.student.get("printed")))
    aliases = [*ctx.question.aliases.get(check.target, []), *check.aliases]
    others = {c.target for c in ctx.question.checks if c.target and c.target != check.target}
    candidates = printed_arrays.ranked(candidates, check.target, aliases, others, _value(ctx.reference.get("claimed")))
    if not candidates:
        return None
    mistakes = [(m, a["main"].value) for m, a in ctx.mistakes if "main" in a and a["main"].ok]
    found = printed_arrays.best_match(candidates, expected.value, mistakes, check.rtol, check.atol)
    cap = check.discovery
    share = "" if cap >= 1 else say("discovered.share", cap=cap)
    advice = say("discovered.advice", target=check.target)
    if found is None:
        listed = ", ".join(c.label for c in candidates[:5])
        return Outcome(0.0, say("discovered.none", failure=failure, listed=listed, advice=advice))
    candidate, transposed, mistake = found
    how = say("discovered.transposed" if transposed else "discovered.graded", label=candidate.label)
    details = {"discovered": candidate.label, "transposed": transposed}
    if mistake is None:
        return Outcome(cap, say("discovered.correct", failure=failure, how=how, share=share, advice=advice),
                       details=details)
    return Outcome(cap * mistake.credit, say("discovered.mistake", failure=failure, how=how,
                                             explanation=mistake.explanation, advice=advice), mistake, details)


def _value(answer: Answer | None) -> list:
    return answer.value if answer is not None and answer.ok and isinstance(answer.value, list) else []
