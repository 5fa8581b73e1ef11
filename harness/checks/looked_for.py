"""What a trusted worker action looked for in a target's answer, said when the answer is not one.

The actions (harness/worker/actions) raise ``TypeError("expected a Keras model, got a str")``; the form
is recognised here so the student is told what the check inspects.  This still reads the worker's
English back (a typed reason from the actions, as :data:`harness.contract.protocol.WORKER_REASONS`
gives the missing names, would retire it).
"""
from __future__ import annotations

import re

from harness.results.message import Message, say

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
