"""A reader for results.json files written before reasons had ids: nothing new is read here.

Reasons are now made as messages where they arise
(:mod:`harness.run.reasons`, :func:`harness.contract.protocol.worker_reason`) and stored with their
id and parameters (``CellReport.reason``; a check's message).  A failed cell stored before that
holds only the English text; :func:`from_old_text` recognises the forms those versions wrote, so a
Persian page still says them in Persian.  The patterns are frozen: they match what was written
then, not what the catalogue says now (rewording it changes nothing here).  Anything else (an
exception's own text) is kept as written: it is the student's program talking.  Likewise a failed
cell's exception class and line, which the worker now sends as fields: :func:`old_place` reads them
from the text of a cell stored before.
"""
from __future__ import annotations

import re

from harness.results.message import Message, say

_NAME = r"`(?P<name>[^`]+)`"
PATTERNS = [
    (re.compile(rf"^{_NAME} is not defined after running the submission"
                r"(?: \(nor any of (?P<tried>[^()]*)\))?"
                r"(?:; did you mean `(?P<close>[^`]+)`\? \(it must be named exactly `[^`]+`\))?$"), "reason.missing"),
    (re.compile(rf"^{_NAME} is not defined: `(?P<head>[^`]+)` has no attribute `(?P<part>[^`]+)`$"),
     "reason.no_attribute"),
    (re.compile(r"^it ran for more than (?P<seconds>[\d.]+) s$"), "reason.item_time"),
    (re.compile(r"^it used more than (?P<seconds>[\d.]+) s of CPU time$"), "reason.item_cpu"),
    (re.compile(r"^it waited more than (?P<wall>[\d.]+) s without using its (?P<seconds>[\d.]+) s of CPU time$"),
     "reason.item_wall"),
    (re.compile(r"^the submission used more than its (?P<seconds>[\d.]+) s of CPU time in all$"), "reason.total_cpu"),
    (re.compile(r"^the submission waited more than (?P<wall>[\d.]+) s in all without using its "
                r"(?P<seconds>[\d.]+) s of CPU time$"), "reason.total_wall"),
    (re.compile(r"^the submission's time limit \((?P<seconds>[\d.]+) s\) was reached(?: first)?$"),
     "reason.total_time"),
    (re.compile(r"^the worker did not start within (?P<seconds>[\d.]+) s$"), "reason.no_start"),
    (re.compile(r"^the worker stopped before reaching it$"), "reason.stopped_before"),
    (re.compile(r"^no answer was recorded$"), "reason.no_answer"),
    (re.compile(r"^the CPU time limit was reached$"), "reason.cpu"),
    (re.compile(r"^a file grew past the file size limit$"), "reason.file_size"),
    (re.compile(r"^the process crashed \(segmentation fault\)$"), "reason.segfault"),
    (re.compile(r"^the process aborted$"), "reason.aborted"),
    (re.compile(r"^the process was killed \(often: out of memory\)$"), "reason.killed"),
    (re.compile(r"^the process crashed \(bus error\)$"), "reason.bus_error"),
    (re.compile(r"^the process was killed by (?:signal )?(?P<signal>\w+)$"), "reason.signal"),
    (re.compile(r"^the submission ended the process early \(exit status 0\)"), "reason.exit_zero"),
    (re.compile(r"^the process exited with status (?P<status>-?\d+)$"), "reason.exit_status"),
    (re.compile(r"^output limit: more than (?P<kib>\d+) KiB were written to the terminal$"), "reason.output"),
    (re.compile(r"^file size limit: the files written take more than (?P<mib>\d+) MiB$"), "reason.disk"),
    (re.compile(r"^the submission closed the grader's channel$"), "reason.channel"),
]


_SYNTAX = re.compile(r"^(?P<ename>SyntaxError|IndentationError|TabError): (?P<what>.*?)"
                     r" \(<cell (?P<cell>\d+)>, line (?P<line>\d+)\)\s*$", re.S)
_FRAME = re.compile(r'File "<cell (?P<cell>\d+)>", line (?P<line>\d+)')
_ENAME = re.compile(r"^(?P<ename>[A-Za-z_][\w.]*)(?::|$)")
_NAME_ERROR = re.compile(r"^NameError: name '(?P<name>[^']+)' is not defined")


def old_place(cell) -> tuple[str, int | None, str, str]:
    """(exception class, the student's line, the parser's words, a NameError's name) of a failed cell
    stored before the worker sent them as fields (``CellReport.ename`` and the rest)."""
    found = _SYNTAX.match(cell.error or "")
    if found and int(found.group("cell")) == cell.index:
        return found.group("ename"), int(found.group("line")), found.group("what"), ""
    frames = [m for m in _FRAME.finditer(cell.traceback or "") if int(m.group("cell")) == cell.index]
    name, missing = _ENAME.match(cell.error or ""), _NAME_ERROR.match(cell.error or "")
    return (name.group("ename") if name else "", int(frames[-1].group("line")) if frames else None, "",
            missing.group("name") if missing else "")


def from_old_text(text: str) -> Message | str:
    """Stored ``text`` (written before reasons had ids) as a message when it has a known form, else as it is."""
    for pattern, id in PATTERNS:
        found = pattern.match(text or "")
        if found:
            params = {k: v for k, v in found.groupdict().items()}
            if id == "reason.missing":
                params["tried"] = say("reason.tried", names=params["tried"]) if params["tried"] else ""
                params["close"] = say("reason.close", close=params["close"], name=params["name"]) \
                    if params["close"] else ""
            return say(id, **params)
    return text
