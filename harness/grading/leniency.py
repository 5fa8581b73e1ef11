"""The grader's side of grading notebooks that do not follow the template.

Before the run: each lenient probe learns the *shape* of the reference's answer (an
adapter may unpack ``(out, cache)`` to it; discovery lists arrays of it), never the
values, and a last probe asks which old-API shims the notebook needed.  After the run:
printed arrays and the other targets' right answers join each discovery check's
context, and library failures become notes apart from the student's mistakes.
"""
from __future__ import annotations

from dataclasses import replace

from harness.contract.protocol import Answer, Probe
from harness.grading.compare import as_number_array
from harness.grading.environment_failures import environment_notes
from harness.grading.printed_arrays import printed_arrays
from harness.spec.plan import PlannedCheck

SHIMS_PROBE = "__shims__"


BEHAVIOUR = "behave"


BEHAVIOUR, BEHAVIOUR_PUBLIC, MODELS = "behave", "behave_public", "models"


def shaped(planned: list[PlannedCheck], reference: dict[str, Answer]) -> list[PlannedCheck]:
    return [replace(pc, probes=tuple(_shaped(pc, p, reference) for p in pc.probes) + _behaviour(pc, planned, reference))
            for pc in planned]


def _behaviour(pc: PlannedCheck, planned: list[PlannedCheck], reference: dict[str, Answer]) -> tuple[Probe, ...]:
    """A function check also asks for the notebook's own functions' results, used only when no
    name or alias finds the function (:mod:`harness.worker.behaviour`).

    A function is recognised only by its answer to a *public* input: a public check lists the
    results on its own input; a hidden check lists them again on a public sibling's input (its
    ``behave_public`` probe, whose expected answer is the sibling's) and then calls only the
    functions listed there on its hidden input, so what a hidden input does can never choose one.
    """
    main = _function_probe(pc)
    if main is None:
        return _models(pc)
    shape = expected_shape(reference.get(pc.probe_id("main", "reference")))
    if shape is None:
        return ()
    own = _listing(main, BEHAVIOUR, shape)
    if pc.check.visibility == "public":
        return (own,)
    sibling = next((other for other in planned if other.check.visibility == "public"
                    and other.question.id == pc.question.id and other.check.target == pc.check.target
                    and _function_probe(other) is not None), None)
    public_shape = expected_shape(reference.get(sibling.probe_id("main", "reference"))) if sibling else None
    if public_shape is None:
        return ()
    public = _listing(_function_probe(sibling), BEHAVIOUR_PUBLIC, public_shape)
    public = replace(public, discover={**public.discover, "sibling": sibling.id})
    return public, replace(own, discover={**own.discover, "listed_only": True})


def _models(pc: PlannedCheck) -> tuple[Probe, ...]:
    """A public ``model`` check also asks for the Keras models the notebook keeps in variables:
    the template's ``model_temp_1`` answers ``model_sequential((50, 50), 5)`` when it is that model.
    Hidden model checks build with other arguments, which only a function can answer."""
    main = next((p for p in pc.probes if p.id == "main"), None)
    if pc.check.kind != "model" or pc.check.visibility != "public" or main is None:
        return ()
    # A variable can stand for a model built from plain arguments only (not for a head put on the
    # student's own base model), and only where the parameter count is compared: an output shape
    # alone (any 10-way classifier) would let an unrelated model earn the check.
    built_from_plain = not any(isinstance(a, dict) for a in [*pc.check.args, *pc.check.kwargs.values()])
    if not built_from_plain or "params" not in (main.options or {}).get("aspects", ["params"]):
        return ()
    return (replace(main, id=MODELS, call=False, action=None, adapters={}, discover={"kind": "models"}),)


def _function_probe(pc: PlannedCheck) -> Probe | None:
    main = next((p for p in pc.probes if p.id == "main"), None)
    return main if pc.check.kind == "function" and main is not None and main.call else None


def _listing(main: Probe, key: str, shape: list[int]) -> Probe:
    return replace(main, id=key, call=False, action=None, discover={"kind": "callables", "shape": shape},
                   adapters={**main.adapters, "shape": shape} if main.adapters else {})


def behaviour_context(pc: PlannedCheck, planned: list[PlannedCheck], expected: dict,
                      reference: dict[str, Answer]) -> None:
    """A hidden check's public listing is judged by its public sibling's answers: the reference's
    and each known mistake's, as ``expected["behave_public"]``."""
    if any(p.id == MODELS for p in pc.probes):
        # Other targets' models built from the same arguments: a variable equal to one of them
        # cannot say which question it answers (one classifier asked for with two Keras APIs).
        others = [o for o in planned if o.question.id == pc.question.id and o.check.kind == "model"
                  and o.check.target != pc.check.target and o.check.args == pc.check.args
                  and o.check.kwargs == pc.check.kwargs]
        answers = [reference.get(o.probe_id("main", "reference")) for o in others]
        expected["models_claimed"] = Answer(value=[a.value for a in answers if a is not None and a.ok])
    probe = next((p for p in pc.probes if p.id == BEHAVIOUR_PUBLIC), None)
    sibling = next((o for o in planned if probe is not None and o.id == probe.discover.get("sibling")), None)
    if sibling is None:
        return
    right = reference.get(sibling.probe_id("main", "reference"))
    mistakes = [[m.function, answer.value] for m in sibling.question.mistakes if m.target == pc.check.target
                and (answer := reference.get(sibling.mistake_probe_id("main", m))) is not None and answer.ok]
    if right is not None and right.ok:
        expected[BEHAVIOUR_PUBLIC] = Answer(value={"expected": right.value, "mistakes": mistakes})


def _shaped(pc: PlannedCheck, probe: Probe, reference: dict[str, Answer]) -> Probe:
    if probe.discover is None and not probe.adapters:
        return probe
    key = "main" if probe.discover is not None else probe.id
    shape = expected_shape(reference.get(pc.probe_id(key, "reference")))
    if probe.discover is not None:
        return replace(probe, discover={**probe.discover, "shape": shape})
    return replace(probe, adapters={**probe.adapters, "shape": shape})


def expected_shape(answer: Answer | None) -> list[int] | None:
    if answer is None or not answer.ok:
        return None
    array = as_number_array(answer.value)
    return None if array is None else list(array.shape)


def shims_probe() -> Probe:
    return Probe(SHIMS_PROBE, "", call=False, timeout=10.0, discover={"kind": "shims"})


def add_context(pc: PlannedCheck, planned: list[PlannedCheck], cells, student: dict, expected: dict,
                reference: dict[str, Answer]) -> None:
    """Printed arrays, and the other targets' right answers on the same input, for discovery."""
    behaviour_context(pc, planned, expected, reference)
    if not pc.check.discovery:
        return
    shape = expected_shape(expected.get("main"))
    student["printed"] = Answer(value=printed_arrays(cells, shape) if shape else [])
    siblings = [other for other in planned if other.check.discovery and other.check.target != pc.check.target
                and other.check.args == pc.check.args and other.check.kwargs == pc.check.kwargs]
    answers = [reference.get(other.probe_id("main", "reference")) for other in siblings]
    expected["claimed"] = Answer(value=[a.value for a in answers if a is not None and a.ok])


def notes(record) -> tuple[list[str], dict]:
    """(feedback notes, entries for the result's environment) from a finished run."""
    shims = record.answers.get(SHIMS_PROBE)
    used = [str(s) for s in shims.value] if shims is not None and shims.ok and isinstance(shims.value, list) else []
    cells = [record.cells[i] for i in sorted(record.cells)]
    text, problems = environment_notes(cells, used)
    return text, {"shims": used, "environment_problems": problems}
