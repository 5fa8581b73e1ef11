"""A keras-tuner search space as plain data, and how one space answers another, names aside.

An entry is what the worker's ``describe_entry`` (harness/worker/actions/tuner_actions.py) makes of one
hyper-parameter: ``{"kind": "Int", "name": ..., "min": 16.0, "max": 512.0, "step": 16.0, "sampling":
"linear"}``, ``{"kind": "Choice", "name": ..., "values": [...sorted]}``.  Both sides match with the code
here: the ``tuner`` check's "space" aspect (grader) and the builders that give a hypermodel values under
the submission's own names (worker), so "matched by kind and range" means one thing.
"""
from __future__ import annotations

from typing import Any


def signature(entry: dict) -> tuple:
    """What identifies a hyper-parameter: everything but its name."""
    return tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in entry.items() if k != "name"))


def notation(entry: dict) -> str:
    """The entry as code-like notation ("Int 16..512 step 16 (linear)", "Choice [0.3, 0.4]"), not a sentence."""
    if entry["kind"] == "Choice":
        return f"Choice {entry['values']}"
    if entry["kind"] in ("Int", "Float"):
        step = f" step {entry['step']:g}" if entry.get("step") else ""
        return f"{entry['kind']} {entry['min']:g}..{entry['max']:g}{step} ({entry['sampling']})"
    return entry["kind"]


def listing(space: list[dict]) -> str:
    """Every declared entry with its name: "units: Int 16..512 step 16 (linear), lr: Choice [...]"."""
    return ", ".join(f"{e['name']}: {notation(e)}" for e in space)


def holds(entry: dict, value: Any) -> bool:
    """Whether ``value`` is one the entry can take (its step aside)."""
    if entry["kind"] == "Choice":
        wanted = float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else str(value)
        return wanted in entry["values"]
    if entry["kind"] in ("Int", "Float"):
        return isinstance(value, (int, float)) and not isinstance(value, bool) and entry["min"] <= value <= entry["max"]
    if entry["kind"] == "Boolean":
        return isinstance(value, bool)
    return entry.get("value") == value


def match(wanted: list[dict], declared: list[dict], values: list | None = None) -> list[int | None]:
    """For each wanted entry, the index of the declared entry that answers it (None: none does).

    First by signature, each declared entry used once, in the order declared (the "space" aspect).
    With ``values`` (one per wanted entry), a wanted entry left over then takes the one unused declared
    entry of its kind whose range holds its value: a step or bound the "space" aspect already marks
    wrong does not also lose the checks that only need the name (two candidates: none is guessed).
    """
    unused = list(range(len(declared)))
    found: list[int | None] = []
    for entry in wanted:
        index = next((i for i in unused if signature(declared[i]) == signature(entry)), None)
        if index is not None:
            unused.remove(index)
        found.append(index)
    if values is None:
        return found
    for position, (entry, value) in enumerate(zip(wanted, values)):
        if found[position] is not None:
            continue
        candidates = [i for i in unused if declared[i]["kind"] == entry["kind"] and holds(declared[i], value)]
        if len(candidates) == 1:
            found[position] = candidates[0]
            unused.remove(candidates[0])
    return found
