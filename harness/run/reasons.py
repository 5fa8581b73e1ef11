"""Why an item has no answer, as catalogue messages made where the reason arises.

The supervisor's reasons (a time or resource limit, a crash, an exit status) are made here as
messages (:func:`harness.results.message.say`), so a page can say them in its own language and
rewording the English cannot cut a translation loose.  The worker's (a missing name) arrive as
data that :func:`harness.contract.protocol.worker_reason` has already held to their shape; here
they are worded.  An error without a reason (an exception's own text) stays the text it is.
"""
from __future__ import annotations

import signal
from dataclasses import replace

from harness.contract.protocol import ProbeError
from harness.results.message import Message, maybe, say

SIGNALS = {signal.SIGXCPU: "reason.cpu", signal.SIGXFSZ: "reason.file_size", signal.SIGSEGV: "reason.segfault",
           signal.SIGABRT: "reason.aborted", signal.SIGKILL: "reason.killed", signal.SIGBUS: "reason.bus_error"}


def item_cpu_limit(cpu_seconds: float) -> Message:
    return say("reason.item_cpu", seconds=_g(cpu_seconds))


def item_wall_limit(wall_seconds: float, cpu_seconds: float) -> Message:
    return say("reason.item_wall", wall=_g(wall_seconds), seconds=_g(cpu_seconds))


def total_cpu_limit(cpu_seconds: float) -> Message:
    return say("reason.total_cpu", seconds=_g(cpu_seconds))


def total_wall_limit(wall_seconds: float, cpu_seconds: float) -> Message:
    return say("reason.total_wall", wall=_g(wall_seconds), seconds=_g(cpu_seconds))


def exit_reason(status: int | None, isolated: bool = False) -> Message:
    """How a worker ended, from its exit status (a negative one: the signal that killed it)."""
    if status is None:
        return say("reason.not_stopped")
    if status > 128 and isolated:  # the launcher, PID 1, reports a signal as 128 + its number
        status = 128 - status
    if status < 0:
        try:
            sig = signal.Signals(-status)
        except ValueError:
            return say("reason.signal", signal=str(-status))
        return say(SIGNALS[sig]) if sig in SIGNALS else say("reason.signal", signal=sig.name)
    if status == 0:
        return say("reason.exit_zero")
    return say("reason.exit_status", status=status)


def probe_error(kind: str, reason: Message) -> ProbeError:
    """An error the grader gives a probe, its reason kept as data beside its English text."""
    return ProbeError(kind, reason, reason=reason.to_json())


def worded(error: ProbeError) -> ProbeError:
    """A worker's error with its reason (checked already: :func:`protocol.worker_reason`) worded from the
    catalogue; one without a reason as it came."""
    if error.reason is None:
        return error
    params = error.reason["params"]
    if error.reason["id"] == "reason.missing":
        tried, close = params["tried"], params["close"]
        said = say("reason.missing", name=params["name"],
                   tried=maybe("reason.tried", tried, names=", ".join(f"`{name}`" for name in tried)),
                   close=maybe("reason.close", close, close=close, name=params["name"]))
    else:
        said = worker_said(error.reason)
    return replace(error, message=said, reason=said.to_json())


# A worker reason's enumerated parameter is worded by the catalogue entry under this prefix.
WORDS = {"thing": "looked", "limit": "limit"}


def worker_said(reason: dict) -> Message:
    """A checked worker reason (:func:`protocol.worker_reason`) as its catalogue message."""
    params = {key: say(f"{WORDS[key]}.{value}") if key in WORDS else value for key, value in reason["params"].items()}
    return say(reason["id"], **params)


def _g(seconds: float) -> str:
    """Seconds as the English text always showed them (``{:g}``): 120, 0.5."""
    return f"{seconds:g}"
