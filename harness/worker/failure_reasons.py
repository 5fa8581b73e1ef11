"""Why a step or probe failed, as data the grader words (:data:`harness.contract.protocol.WORKER_REASONS`).

The exception's own English text stays in the traceback the student reads; the reason beside it is
what the grader renders, in the page's language, without reading that text back.
"""
from __future__ import annotations

import errno

from harness.contract.protocol import reason

PHRASES = {"model": "a Keras model", "optimizer": "a Keras optimizer",
           "hypermodel": "a function build_hypermodel(hp)", "function": "a function"}


class NotInspectable(TypeError):
    """A worker action was given something other than what its check inspects (None from an unfinished
    function, say): raised by the actions, said as ``reason.looked_for``."""

    def __init__(self, thing: str, value):
        got = type(value).__name__
        super().__init__(f"expected {PHRASES[thing]}, got a {got}")
        self.reason = reason("reason.looked_for", thing=thing, got=got[:200])


def limit_reached(exc: BaseException) -> str | None:
    """Which sandbox limit is behind an exception (one of :data:`protocol.WORKER_LIMITS`), if any."""
    if isinstance(exc, MemoryError):
        return "memory"
    if isinstance(exc, OSError) and exc.errno == errno.EAGAIN and not isinstance(exc, TimeoutError):
        return "processes"
    if isinstance(exc, RuntimeError) and "can't start new thread" in str(exc):
        return "processes"
    if isinstance(exc, OSError) and exc.errno == errno.EFBIG:
        return "file_size"
    if isinstance(exc, OSError) and exc.errno == errno.EMFILE:
        return "open_files"
    return None


def reason_of(exc: BaseException, message: str) -> dict | None:
    """The reason to send beside an exception's report: a limit, or what an action looked for."""
    limit = limit_reached(exc)
    if limit is not None:
        return reason("reason.worker_limit", limit=limit, error=message[:200])
    if isinstance(exc, NotInspectable):
        return exc.reason
    return None
