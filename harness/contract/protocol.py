"""The contract between the grader and a worker: what is asked, what comes back.

The grader writes a job (``job.json`` plus ``inputs.npz``) into the worker's private
directory; the worker answers with JSON lines on a pipe, one event per line, and writes
the arrays of each answer into ``<probe id>.npz``.  Both sides import only this module
and :mod:`harness.contract.plain`; the grader never imports the worker's runtime.

The job holds the public probes only.  Hidden probes (and the inputs only they use)
reach the worker after every cell and public probe has run: the worker asks with a
``hidden`` event, the grader writes ``<token>.json`` (and ``<token>.npz``) and then the
token on a second pipe (the worker's third argument).  Until then no hidden input
exists in the worker's memory, files or descriptors for a top-level cell to find.

Events, in order:
  {"event": "ready"}                                           worker started, data served
  {"event": "step_start", "index": i, "step": k}               one per top-level statement k of cell i, in
  {"event": "step_end", "index": i, "step": k, "error": {...}|null,   order (harness/contract/statements.py),
   "output": str, "display": str|null, "images": [base64 PNG], "seconds": s}   but the ones ``skip_steps`` names
  {"event": "probe_start", "id": pid}                          public probes, then hidden ones
  {"event": "probe_end", "id": pid, "value": <plain>|null, "error": {...}|null, "output": str, "seconds": s,
   "resolution": {...}}                                        (resolution: optional, see Answer)
  {"event": "environment", ...}                                after the last public probe
  {"event": "hidden"}                                          only when the job has hidden probes pending;
                                                               the hidden probes' start/end pairs follow
  {"event": "done"}
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# Figures a cell may send back (harness/worker/capture.py takes them, harness/run/watcher.py checks them).
MAX_FIGURES = 4          # per cell
MAX_PNG_BYTES = 300_000  # per figure

# Signature adapters a probe may allow (harness/worker/adapters.py); the rubric may forbid any.
ADAPTERS = ("rename-kwargs", "neutral-params", "keras-loss", "first-of-tuple")


@dataclass(frozen=True)
class Probe:
    """One question put to a namespace: the value of ``target``, or the result of calling it.

    ``args`` / ``kwargs`` are rubric values where a string ``"@name"`` stands for a named
    input.  ``action`` names a worker-side step that turns a live object (a Keras model,
    say) into plain data before it crosses the boundary.
    """
    id: str
    target: str
    call: bool = True
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)
    timeout: float = 60.0
    action: str | None = None
    options: dict = field(default_factory=dict)
    # Leniency for notebooks that do not follow the template (all optional; the defaults
    # ask for the exact name, called exactly).  See harness/worker/resolve.py.
    aliases: tuple = ()           # other names that stand for ``target``
    fuzzy: bool = False           # accept a different case, underscores or a close misspelling
    avoid: tuple = ()             # names a fuzzy match must not take (the question's other targets)
    adapters: dict = field(default_factory=dict)  # {"allowed": [...], "neutral": {...}, "shape": [...]}
    # Not a name but a listing: {"kind": "arrays", "shape": [5, 5]} or {"kind": "shims"}.
    discover: dict | None = None
    # A hidden check's probe: sent to the worker only after the cells and public probes ran.
    hidden: bool = False

    def to_json(self) -> dict:
        data = asdict(self)
        data["args"] = list(self.args)
        data["aliases"], data["avoid"] = list(self.aliases), list(self.avoid)
        return data


@dataclass(frozen=True)
class ProbeError:
    """Why a probe has no value.  ``kind`` is one of:

    missing    the target name is not defined after the code ran
    exception  calling or converting raised; ``message`` is ``Type: text``
    timeout    the probe used more than its CPU time, or waited past its wall-clock ceiling; the worker was killed
    crash      the worker process died during the probe
    not-run    the submission's time ran out before the probe started
    limit      a resource limit (memory, output, file size) was hit

    ``reason``, when the harness (not the student's program) says why, is that reason as data:
    ``{"id": <catalogue id>, "params": {...}}`` (see :func:`reason`).  From the worker it is only a
    claim: the grader keeps it after checking it (harness/run/reasons.py), and ``message`` is then its
    English text from the catalogue; otherwise ``message`` is shown as the plain text it is.
    """
    kind: str
    message: str
    traceback: str = ""
    ename: str = ""
    reason: dict | None = None


@dataclass(frozen=True)
class Answer:
    value: Any = None
    error: ProbeError | None = None
    output: str = ""
    seconds: float = 0.0
    # What the worker did to get an answer from a notebook that does not follow the
    # template: {"name": used name, "how": "exact|alias|case|fuzzy", "adaptations": [...]}.
    resolution: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class CellReport:
    """What happened to one code cell (or to a whole ``.py`` module, as cell 0).

    Each top-level statement runs as a step of its own, so one that fails does not stop the
    ones after it.  ``status``, ``error`` and ``traceback`` are the first failed statement's
    (a cell of one statement reads as before); ``failed`` lists every failed statement:
    ``{"line": its first line in the cell, "status": ..., "error": ..., "after": how many
    statements after it in the cell still ran, "reason": as ``reason`` below, when set}``.
    """
    index: int
    status: str  # "ok", "error", "timeout", "crash", "limit", "tampered", "skipped", "not-run"
    error: str = ""
    traceback: str = ""
    output: str = ""
    seconds: float = 0.0
    statements: int = 0  # top-level statements of the cell (0: not known, a report written before steps)
    failed: tuple = ()
    # The figures the cell drew, as the worker sent them (base64 PNG, see harness/worker/capture.py); once
    # stored, the names of the PNG files written beside results.json (harness/results/store.py).
    images: tuple = ()
    # The supervisor's reason (a time or resource limit, a crash) as a catalogue message's JSON, without
    # the cell's number; None for an exception's own text, and in results written before reasons had ids.
    reason: dict | None = None
    # Where the first failed statement's exception arose, as the worker saw it: its class, the student's
    # line in the cell (None when no frame of the cell's own code is in its traceback), for a cell that
    # does not parse the parser's words without the place ("invalid syntax"), for a NameError the name.
    # Empty in results written before places were data (harness/results/legacy_reasons.py reads those).
    ename: str = ""
    error_line: int | None = None
    syntax: str = ""
    missing: str = ""

    def __post_init__(self):
        object.__setattr__(self, "failed", tuple(dict(f) for f in self.failed))  # a list, read back from JSON
        object.__setattr__(self, "images", tuple(str(i) for i in self.images))


FIELDS_OF_ERROR = ("kind", "message", "traceback", "ename")
PLACE_FIELDS = ("ename", "error_line", "syntax", "missing")  # CellReport's, as each step reports them


def reason(id: str, **params) -> dict:
    """Why something has no answer, as it crosses the worker boundary: a catalogue id and its parameters
    (plain JSON values), never a sentence; the grader words it (harness/render/locale)."""
    return {"id": id, "params": params}


def resolution_from_json(data: Any) -> dict:
    """The ``resolution`` of a probe_end event, kept only in the shape the grader expects."""
    if not isinstance(data, dict):
        return {}
    out = {k: str(data[k])[:200] for k in ("name", "how", "not_callable") if k in data}
    adaptations = data.get("adaptations")
    if isinstance(adaptations, list):
        out["adaptations"] = [{"name": str(a.get("name", ""))[:60], "text": str(a.get("text", ""))[:300]}
                              for a in adaptations[:10] if isinstance(a, dict)]
    return out


def error_from_json(data: Any) -> ProbeError:
    if not isinstance(data, dict):
        return ProbeError("exception", "malformed error report from the worker")
    return ProbeError(**{k: str(data.get(k, ""))[:20_000] for k in FIELDS_OF_ERROR},
                      reason=worker_reason(data.get("reason")))


# The reasons a worker may give, and the parameters of each: a name is text, ``tried`` a list of names, a
# tuple the words one may be (each a catalogue id under its own prefix, see harness/run/reasons.py).
# The grader words them (harness/run/reasons.py); a test checks each id is in every catalogue.
LOOKED_FOR = ("model", "optimizer", "hypermodel", "function")
WORKER_LIMITS = ("memory", "processes", "file_size", "open_files")
WORKER_REASONS = {
    "reason.missing": {"name": str, "tried": list, "close": str},
    "reason.no_attribute": {"name": str, "head": str, "part": str},
    "reason.looked_for": {"thing": LOOKED_FOR, "got": str},  # the answer is not what a check inspects
    "reason.worker_limit": {"limit": WORKER_LIMITS, "error": str},  # the student's program hit a sandbox limit
    # A builder that gives a hypermodel's own hyper-parameters values by kind and range found none to take
    # ``wanted`` (harness/worker/builders/hypermodel_values.py): notation, not sentences.
    "reason.hp_unmatched": {"of": str, "wanted": str, "declared": str},
    "reason.hp_none_declared": {"of": str, "wanted": str},
    "reason.hp_space_unread": {"of": str, "error": str},
}
HYPERPARAMETER_REASONS = ("reason.hp_unmatched", "reason.hp_none_declared", "reason.hp_space_unread")


def worker_reason(claimed: Any) -> dict | None:
    """A reason the worker sent, kept only when it is one the worker may give, with exactly its parameters,
    each of its type and short; anything else is not trusted (the error's ``message`` is shown as text)."""
    if not isinstance(claimed, dict) or set(claimed) != {"id", "params"}:
        return None
    schema, params = WORKER_REASONS.get(claimed["id"]) if isinstance(claimed["id"], str) else None, claimed["params"]
    if schema is None or not isinstance(params, dict) or set(params) != set(schema):
        return None
    for key, kind in schema.items():
        value = params[key]
        if isinstance(kind, tuple) and value not in kind:
            return None
        if kind is str and not (isinstance(value, str) and len(value) <= 200):
            return None
        if kind is list and not (isinstance(value, list) and len(value) <= 20
                                 and all(isinstance(v, str) and len(v) <= 200 for v in value)):
            return None
    return {"id": claimed["id"], "params": dict(params)}
