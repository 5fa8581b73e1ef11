"""Writing a calibrated training bar into a rubric's TOML text, changing as little as possible.

Instructors keep comments and layout in their rubrics, so the file is never re-serialised:
only the ``ratio`` and ``floor`` values of one check change (or are added), and a
``# calibrated ...`` comment above them replaces the previous one.  The result is parsed
again and must equal the old rubric but for those two values, else nothing is written.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import tomllib

HEADER = re.compile(r"^\s*\[\[?\s*[A-Za-z_][A-Za-z0-9_.\- ]*\]\]?\s*(#.*)?$")
NUMBER = r"[-+]?[0-9][0-9_]*(?:\.[0-9_]+)?(?:[eE][-+]?[0-9]+)?"
MARK = "# calibrated "


class BarError(ValueError):
    """The check's bar cannot be edited safely by hand-free means."""


@dataclass(frozen=True)
class _Block:
    start: int  # the check's [[questions.checks]] line
    end: int  # first line after it and its sub-tables


def _check_block(lines: list[str], question: str, number: int) -> _Block:
    current, count, start = None, 0, None
    for i, line in enumerate(lines):
        if not HEADER.match(line):
            found = re.match(r'^\s*id\s*=\s*"([^"]*)"', line)
            if found and start is None and current == "" and count == 0:
                current = found.group(1)
            continue
        name = line.strip().split("#")[0].strip()
        if start is not None and not name.startswith("[questions.checks."):
            return _Block(start, i)
        if name == "[[questions]]":
            current, count = "", 0
        elif name == "[[questions.checks]]" and current == question:
            count += 1
            if count == number:
                start = i
    if start is not None:
        return _Block(start, len(lines))
    raise BarError(f"no check {question}.{number} in the rubric's text")


def write_bar(path: Path, question: str, number: int, bar: dict[str, float], comment: str) -> str:
    """Set ``bar`` (ratio, floor) on check ``question.number`` of the rubric at ``path``; the new text."""
    old_text = path.read_text(encoding="utf-8")
    new_text = edited(old_text, question, number, bar, comment)
    path.write_text(new_text, encoding="utf-8")
    return new_text


def edited(text: str, question: str, number: int, bar: dict[str, float], comment: str) -> str:
    lines = text.splitlines(keepends=True)
    block = _check_block(lines, question, number)
    body = [line for line in lines[block.start:block.end] if not line.lstrip().startswith(MARK)]
    for key, value in bar.items():
        body = _set(body, key, value)
    anchor = next((i for i, line in enumerate(body) if _key_at(line, "ratio")), None)
    if anchor is None:
        raise BarError(f"check {question}.{number}: could not place the comment")
    indent = re.match(r"\s*", body[anchor]).group(0)
    body.insert(anchor, f"{indent}{comment}\n")
    new = "".join(lines[:block.start] + body + lines[block.end:])
    _same_but_bar(text, new, question, number, bar)
    return new


def _key_at(line: str, key: str) -> re.Match | None:
    """The ``key = number`` assignment on a line (``loss_ratio`` is not ``ratio``)."""
    code = line.split("#")[0]
    return re.search(rf"(?<![\w.]){key}(\s*=\s*)({NUMBER})", code)


def _set(body: list[str], key: str, value: float) -> list[str]:
    shown = f"{value:g}"
    for i, line in enumerate(body):
        found = _key_at(line, key)
        if found:
            body[i] = line[:found.start(2)] + shown + line[found.end(2):]
            return body
    # Not set yet: beside the ratio (or the options) the check already has.
    for i, line in enumerate(body):
        if key != "ratio" and (found := _key_at(line, "ratio")):
            if line.split("#")[0].strip().startswith("ratio"):  # a line of an options sub-table
                indent = re.match(r"\s*", line).group(0)
                return body[:i + 1] + [f"{indent}{key} = {shown}\n"] + body[i + 1:]
            body[i] = line[:found.end(2)] + f", {key} = {shown}" + line[found.end(2):]
            return body
    for i, line in enumerate(body):
        if line.strip().split("#")[0].strip() == "[questions.checks.options]":
            indent = re.match(r"\s*", body[i + 1] if i + 1 < len(body) else line).group(0)
            return body[:i + 1] + [f"{indent}{key} = {shown}\n"] + body[i + 1:]
        inline = re.match(r"^(\s*options\s*=\s*\{)", line)
        if inline:
            body[i] = line[:inline.end()] + f" {key} = {shown}," + line[inline.end():]
            return body
    raise BarError(f"no options table to hold {key}")


def _same_but_bar(old: str, new: str, question: str, number: int, bar: dict[str, float]) -> None:
    before, after = tomllib.loads(old), tomllib.loads(new)
    check = _check(before, question, number)
    check.setdefault("options", {}).update(bar)
    if before != after:
        raise BarError(f"check {question}.{number}: the edit changed more than the bar; nothing written")


def _check(document: dict, question: str, number: int) -> dict:
    for q in document.get("questions", []):
        if q.get("id") == question:
            return q["checks"][number - 1]
    raise BarError(f"no question {question}")


def recorded_margins(path: Path) -> list[tuple[str, float | None]]:
    """("Q2.5", margin) for each check whose bar carries a calibration comment (margin None: no wrong
    model was for the bar alone to fail, so it was set under the worst right run)."""
    lines = Path(path).read_text(encoding="utf-8").splitlines(keepends=True)
    out, question, count = [], None, 0
    for line in lines:
        name = line.strip().split("#")[0].strip() if HEADER.match(line) else ""
        if name == "[[questions]]":
            question, count = "", 0
        elif name == "[[questions.checks]]":
            count += 1
        elif question == "" and (found := re.match(r'^\s*id\s*=\s*"([^"]*)"', line)) and count == 0:
            question = found.group(1)
        elif line.lstrip().startswith(MARK):
            found = re.search(rf"margin ({NUMBER})", line)
            out.append((f"{question}.{count}", float(found.group(1)) if found else None))
    return out
