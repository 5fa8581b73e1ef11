"""Why a probe or a cell has no answer travels as a catalogue id with its parameters, from where it arises
(the worker's missing names, the supervisor's limits and crashes) to the page; nothing reads English back,
so rewording a sentence cannot lose its translation, and the worker cannot pick a catalogue message."""
import json
import signal
from dataclasses import asdict

import pytest

from harness.checks.function import describe_error
from harness.contract.protocol import (
    CellReport,
    ProbeError,
    error_from_json,
    worker_reason,
)
from harness.render.i18n import catalogue
from harness.render.locale import en
from harness.render.views import cell_error
from harness.results.message import Message
from harness.run.job import StepReport, cell_report
from harness.run.reasons import exit_reason, item_cpu_limit, probe_error, worded
from harness.worker.resolve import Missing, resolve


def _missing(namespace: dict, probe: dict) -> dict:
    with pytest.raises(Missing) as raised:
        resolve(namespace, probe, {})
    return raised.value.reason


def _from_worker(reason: dict, message: str = "reason.missing") -> ProbeError:
    """What the watcher makes of a probe_end's error: parsed from the JSON line, then worded."""
    sent = json.loads(json.dumps({"kind": "missing", "message": message, "reason": reason}))
    return worded(error_from_json(sent))


def test_a_missing_name_is_sent_as_data_and_worded_by_the_grader_in_either_language():
    def layer_nrom(x):
        return x
    layer_nrom.__module__ = "__main__"
    reason = _missing({"__name__": "__main__", "layer_nrom": layer_nrom},
                      {"target": "layer_norm", "aliases": ["ln"]})
    assert reason == {"id": "reason.missing", "params": {"name": "layer_norm", "tried": ["ln"], "close": "layer_nrom"}}
    error = _from_worker(reason)
    assert isinstance(error.message, Message) and error.message == (
        "`layer_norm` is not defined after running the submission (nor any of `ln`); did you mean `layer_nrom`? "
        "(it must be named exactly `layer_norm`)")
    html, lang = catalogue("fa").say(describe_error(error, "layer_norm", True).to_json())
    assert lang == "fa" and "تعریف نشده" in html and "layer_nrom" in html
    bare = _from_worker(_missing({}, {"target": "f"}))
    assert bare.message == "`f` is not defined after running the submission"
    attribute = _from_worker(_missing({"model": object()}, {"target": "model.fit", "call": False}))
    assert attribute.message == "`model.fit` is not defined: `model` has no attribute `fit`"


@pytest.mark.parametrize("forged", [
    {"id": "check.correct", "params": {}},                                      # a verdict, not a reason
    {"id": "reason.item_cpu", "params": {"seconds": "1"}},                      # the supervisor's, not the worker's
    {"id": "reason.no_attribute", "params": {"name": "a", "head": "b"}},        # a field short
    {"id": "reason.no_attribute", "params": {"name": "a", "head": "b", "part": "c", "x": "d"}},
    {"id": "reason.missing", "params": {"name": "a", "tried": "b", "close": ""}},  # tried is a list
    {"id": "reason.missing", "params": {"name": {"id": "check.correct", "params": {}}, "tried": [], "close": ""}},
    {"id": "reason.missing", "params": {"name": "a" * 201, "tried": [], "close": ""}},
    {"id": "reason.missing", "params": {"name": "a", "tried": [], "close": ""}, "extra": 1},
    {"id": ["reason.missing"], "params": {}},
    "reason.missing",
])
def test_a_reason_the_worker_may_not_give_is_shown_as_the_plain_text_it_sent(forged):
    error = _from_worker(forged, message="All checks passed (full marks)")
    assert error.reason is None and not isinstance(error.message, Message)
    shown = describe_error(error, "f", True)
    assert not isinstance(shown, Message) and shown == "All checks passed (full marks)"
    html, lang = catalogue("fa").say(shown)
    assert lang == "en" and "All checks passed" in html  # the text as sent, not a catalogue message


def test_a_well_formed_worker_reason_is_kept_exactly():
    reason = {"id": "reason.no_attribute", "params": {"name": "m.fit", "head": "m", "part": "fit"}}
    assert worker_reason(reason) == reason


def test_rewording_the_english_cannot_lose_the_persian(monkeypatch):
    monkeypatch.setitem(en.ENGINE, "reason.item_cpu", "it burned through its {seconds} CPU seconds")
    said = item_cpu_limit(40)
    assert said == "it burned through its 40 CPU seconds"
    step = StepReport(3, "timeout", error="cell 2: " + said, reason=said.to_json())
    cell = cell_report(2, [(3, 3)], {(2, 0): step})
    stored = CellReport(**json.loads(json.dumps(asdict(cell))))  # results.json, written and read back
    assert stored.reason == {"id": "reason.item_cpu", "params": {"seconds": "40"}}
    html, lang = cell_error(stored.error, catalogue("fa"), "5", stored.reason)
    assert lang == "fa" and "پردازنده" in html and "burned" not in html
    html, lang = catalogue("fa").say(describe_error(probe_error("timeout", said), "f", True).to_json())
    assert lang == "fa" and "پردازنده" in html and "burned" not in html


def test_a_cell_stored_before_reasons_had_ids_is_still_said_in_persian():
    old = CellReport(2, "timeout", error="cell 2: it used more than 40 s of CPU time")
    html, lang = cell_error(old.error, catalogue("fa"), "5", old.reason)
    assert lang == "fa" and "پردازنده" in html
    exception = CellReport(2, "error", error="ValueError: it used more than 40 s of CPU time")
    assert cell_error(exception.error, catalogue("fa"), "5", exception.reason)[1] == "en"


@pytest.mark.parametrize("status, isolated, id", [
    (-signal.SIGKILL, False, "reason.killed"), (128 + signal.SIGSEGV, True, "reason.segfault"),
    (-signal.SIGUSR1, False, "reason.signal"), (0, False, "reason.exit_zero"), (3, False, "reason.exit_status"),
    (None, False, "reason.not_stopped"), (-200, False, "reason.signal"),
])
def test_an_exit_status_is_said_by_id(status, isolated, id):
    said = exit_reason(status, isolated)
    assert said.id == id and catalogue("fa").say(said.to_json())[1] == "fa"
