"""Loading a rubric: TOML into the typed model of :mod:`harness.spec.rubric`, validated.

An unknown key is rejected with the nearest valid name, so a typo in a rubric fails loudly
instead of silently granting or withholding points.  The same builder types each check
kind's ``options`` (see ``CheckKind.Options``).
"""
from __future__ import annotations

import difflib
import math
import sys
from dataclasses import fields
from pathlib import Path

from harness.checks import known_kinds
from harness.contract.protocol import ADAPTERS
from harness.spec.rubric import SAFE_ID, Check, Limits, Question, Rubric, RubricError
from harness.spec.typed_tables import build_typed

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

# Names people reach for that are spelled differently here: unknown-key errors suggest these too.
SYNONYMS = {"tolerance": "rtol' or 'atol", "tol": "rtol' or 'atol", "score": "points", "weight": "points",
            "hidden": "visibility", "function_name": "target", "name_in_notebook": "target"}


def load_rubric(path: Path) -> Rubric:
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise RubricError(f"{path}: cannot read rubric: {exc}") from exc
    for name, spec in data.get("inputs", {}).items():
        if isinstance(spec, dict):
            spec.setdefault("name", name)
    data["path"] = str(path)
    rubric = build_typed(Rubric, data, str(path), SYNONYMS)
    _validate(rubric)
    return rubric


def _validate(rubric: Rubric) -> None:
    where = rubric.path
    _validate_limits(rubric.limits, where)
    _validate_defers(rubric.limits.self_check_defers, where, known_kinds())
    seen = set()
    for q in rubric.questions:
        if q.id in seen:
            raise RubricError(f"{where}: question {q.id} appears twice")
        seen.add(q.id)
        total = sum(c.points for c in q.checks)
        if not math.isclose(total, q.points):
            raise RubricError(f"{where}: {q.id} has points = {q.points} but its checks add up to {total}")
        for i, check in enumerate(q.checks):
            _validate_check(rubric, q, check, f"{where}: {q.id}.checks[{i}]", known_kinds())
        entries = [(m.target, m.function) for m in q.mistakes]
        if len(entries) != len(set(entries)):
            raise RubricError(f"{where}: {q.id} lists the same mistake function twice for one target")
        if not SAFE_ID.fullmatch(q.id):
            raise RubricError(f"{where}: question id '{q.id}' must be letters, digits, '_' or '-'")
        for m in q.mistakes:
            if not SAFE_ID.fullmatch(m.name):
                raise RubricError(f"{where}: {q.id} mistake name '{m.name}' must be letters, digits, '_' or '-'")
            if not 0.0 <= m.credit <= 1.0:
                raise RubricError(f"{where}: {q.id} mistake '{m.name}': credit must be in 0..1")
            if not any(c.target == m.target for c in q.checks):
                raise RubricError(f"{where}: {q.id} mistake '{m.name}' targets '{m.target}', "
                                  "which no check of the question calls")


def _validate_limits(limits: Limits, where: str) -> None:
    """Every budget must be positive: a zero would stop every worker, or lift a limit unnoticed."""
    for spec in fields(Limits):
        value = getattr(limits, spec.name)
        if spec.name == "self_check_defers":
            continue  # kinds, checked with the checks' kinds
        if spec.name.startswith("served_"):
            if value < 0:
                raise RubricError(f"{where}: limits.{spec.name} must not be negative (0 serves the whole subset)")
        elif not value > 0:
            raise RubricError(f"{where}: limits.{spec.name} must be positive, not {value} ({spec.metadata['help']})")


def _validate_defers(defers: list[str], where: str, kinds) -> None:
    for name in defers:
        if name not in kinds:
            close = difflib.get_close_matches(name, list(kinds), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else f"; known kinds: {', '.join(sorted(kinds))}"
            raise RubricError(f"{where}: limits.self_check_defers: unknown check kind '{name}'{hint}")


def _validate_check(rubric: Rubric, q: Question, check: Check, where: str, kinds) -> None:
    if check.kind not in kinds:
        close = difflib.get_close_matches(check.kind, list(kinds), n=1)
        hint = f"; did you mean '{close[0]}'?" if close else f"; known kinds: {', '.join(sorted(kinds))}"
        raise RubricError(f"{where}: unknown check kind '{check.kind}'{hint}")
    if check.visibility not in ("public", "hidden"):
        raise RubricError(f"{where}: visibility must be 'public' or 'hidden', not '{check.visibility}'")
    if check.points < 0:
        raise RubricError(f"{where}: points must not be negative")
    for arg in [*check.args, *check.kwargs.values()]:
        if isinstance(arg, str) and arg.startswith("@") and arg[1:] not in rubric.inputs:
            close = difflib.get_close_matches(arg[1:], list(rubric.inputs), n=1)
            hint = f"; did you mean '@{close[0]}'?" if close else ""
            raise RubricError(f"{where}: input '{arg}' is not defined under [inputs]{hint}")
    build_typed(kinds[check.kind].Options, check.options, f"{where}.options")
    kinds[check.kind].validate(check, q, where)
    _validate_leniency(check, where)


def _validate_leniency(check: Check, where: str) -> None:
    unknown = [a for a in check.adapters or () if a not in ADAPTERS]
    if unknown:
        raise RubricError(f"{where}: unknown adapter '{unknown[0]}'; known: {', '.join(ADAPTERS)}")
    if not 0.0 <= check.discovery <= 1.0:
        raise RubricError(f"{where}: discovery must be in 0..1")
    if check.discovery and (check.visibility != "public" or check.kind not in ("function", "value")):
        raise RubricError(f"{where}: discovery is for public function/value checks: "
                          "hidden inputs still need a callable")
