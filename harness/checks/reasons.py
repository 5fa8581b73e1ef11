"""The worker's and the supervisor's reasons (why a probe has no answer) as messages.

Not a check kind (nothing registers here).  The reasons are written in English where
they happen (harness/worker/resolve.py, harness/supervise.py, harness/sandbox.py); the
ones a student meets often are recognised here by their exact form and given an id, so
a Persian page can say them in Persian.  Anything else (an exception's own text) is
kept as written: it is the student's program talking.
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


# What a trusted worker action looks for in the target's answer (a model, an optimizer...), as it
# says when the answer is not one (harness/worker/actions): the student is told what was looked for.
LOOKED_FOR = re.compile(r"^(?:TypeError: )?expected (?P<thing>a Keras model|a Keras optimizer|"
                        r"a function build_hypermodel\(hp\)|a function), got an? (?P<got>[\w.]+)$")
THINGS = {"a Keras model": "looked.model", "a Keras optimizer": "looked.optimizer",
          "a function build_hypermodel(hp)": "looked.hypermodel", "a function": "looked.function"}


def looked_for(text: str, what: str) -> Message | None:
    """"The check looks for a Keras model in `build(...)` and found none" when an action's answer was
    not the thing it inspects (None from an unfinished function, say); None for any other error."""
    found = LOOKED_FOR.match(text or "")
    if not found:
        return None
    return say("error.looked_for", what=what, thing=say(THINGS[found["thing"]]), got=found["got"])


def reason(text: str) -> Message | str:
    """``text`` as a message when it has a known form, else as it is."""
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
