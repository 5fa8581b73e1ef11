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


def shaped(planned: list[PlannedCheck], reference: dict[str, Answer]) -> list[PlannedCheck]:
    return [replace(pc, probes=tuple(_shaped(pc, p, reference) for p in pc.probes) + _behaviour(pc, reference))
            for pc in planned]


def _behaviour(pc: PlannedCheck, reference: dict[str, Answer]) -> tuple[Probe, ...]:
    """A public function check also asks for the notebook's own functions' results on its inputs,
    used only when no name or alias finds the function (:mod:`harness.worker.behaviour`).

    Public checks only: a function is recognised by its answer to an input the student may
    see, never by a hidden one, so a notebook cannot earn a hidden check by defining many
    functions in the hope that one fits.
    """
    main = next((p for p in pc.probes if p.id == "main"), None)
    if pc.check.visibility != "public" or pc.check.kind != "function" or main is None or not main.call:
        return ()
    shape = expected_shape(reference.get(pc.probe_id("main", "reference")))
    if shape is None:
        return ()
    return (replace(main, id=BEHAVIOUR, call=False, action=None, discover={"kind": "callables", "shape": shape},
                    adapters={**main.adapters, "shape": shape} if main.adapters else {}),)


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
