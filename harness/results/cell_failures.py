"""Failed cells as a student should read them: which cell (as Jupyter numbers it), which line, why.

The worker reports a failed cell by its index among code cells and the exception it raised.
Three things in that report mislead a student, and are put right here, on the grader's side,
from the cell's own code:

- a syntax error is raised by the parser, so its traceback ends in Python's ``ast.py``; it is
  rewritten to the student's line, with a caret under the column, as Python would show it;
- a name that a later cell or a check misses is often missing only because the cell that
  defines it failed first: such a failure says so ("`batch_norm` is not defined because
  cell 4 raised SyntaxError at line 7") instead of guessing at a misspelling;
- a submission of several files runs each file as its own program, so all of this is done per
  file: a cell is named with its file ("Q3.ipynb, cell 4"), and a name is traced only to a failed
  cell of the file it was missed in (a check's answering file; when no file defines the name,
  the first failed cell of any file that would have defined it);
- a cell that failed for want of the network, or of a data file the harness could not
  serve, is not the student's mistake: :func:`failed_cells` marks it (see
  :mod:`harness.grading.environment_failures`) so that pages and the terminal list it apart.
"""
from __future__ import annotations

import keyword
import re
from dataclasses import dataclass, replace
from typing import Any, Iterable

from harness.contract.protocol import CellReport
from harness.results.legacy_reasons import old_place
from harness.results.message import Message, from_json, is_message, say, to_json

# "X is not defined" (a check's message; a hidden check's summary) -> the same, told which cell failed
BECAUSE = {"reason.missing": "reason.missing_because", "summary.missing": "summary.missing_because"}
BECAUSE_IN = {"reason.missing": "reason.missing_because_in", "summary.missing": "summary.missing_because_in"}


@dataclass(frozen=True)
class FailedCell:
    index: int        # among code cells, from 0 (how results key it)
    label: str        # as the student finds it (``SubmissionResult.cell_label``)
    status: str       # error | timeout | crash | not-run
    ename: str        # SyntaxError, NameError, ... ("" for a time limit or a crash)
    line: int | None  # the student's line in that cell, when known
    reason: str       # the error's text, or the supervisor's reason
    environment: str  # "" (the student's own), or what failed around the code: library | network | data
    because: str = ""  # the label of an earlier failed cell (of the same file) this failure follows from
    file: str = ""    # which of several files the cell is in ("" for a one-file submission)
    defines: frozenset[str] = frozenset()  # the names its code would have bound


def failed_cells(result) -> list[FailedCell]:
    """The cells of ``result`` that did not run cleanly, in order, each placed and explained."""
    out: list[FailedCell] = []
    for file, cell in result.filed_cells():
        earlier = [c for c in out if c.file == file]  # each file ran as a program of its own
        failed = failed_cell(cell, result.cell_label(cell.index, file), earlier, result.definitions_in(file), file)
        if failed is not None:
            out.append(failed)
    return out


def failed_cell(cell: CellReport, label: str, earlier: list[FailedCell],
                definitions_of: dict[int, frozenset[str]], file: str = "") -> FailedCell | None:
    """One cell's report placed and explained (None when it ran cleanly); ``earlier``: the cells of its
    program that failed before it, which a NameError in it may follow from."""
    from harness.grading.environment_failures import environment_cause

    if cell.status in ("ok", "skipped"):
        return None
    ename, line = error_place(cell)
    failed = FailedCell(cell.index, label, cell.status, ename, line, _reason(cell),
                        environment_cause(cell.error) if cell.status == "error" else "", file=file,
                        defines=frozenset(definitions_of.get(cell.index, ())))
    missing = _place(cell)[3] if ename == "NameError" else ""
    origin = _origin(missing, earlier) if missing else None
    return replace(failed, because=origin.label) if origin is not None else failed


def error_place(cell: CellReport) -> tuple[str, int | None]:
    """(exception name, the student's line in the cell) for a failed cell."""
    ename, line, syntax, _ = _place(cell)
    return (ename if cell.status == "error" or syntax else ""), line


def _place(cell: CellReport) -> tuple[str, int | None, str, str]:
    """(exception class, line, the parser's words, a NameError's name), as the worker sent them."""
    if cell.ename or cell.status != "error":
        return cell.ename, cell.error_line, cell.syntax, cell.missing
    return old_place(cell)  # a cell stored before the worker sent these as fields


def _reason(cell: CellReport) -> str:
    said = from_json(cell.reason)
    if said is not None:
        return said  # the supervisor's reason (a Message: a page says it in its language)
    ename, _, syntax, _ = _place(cell)
    if syntax:
        return f"{ename}: {syntax}"  # Python's text adds the place, which the page says its own way
    return re.sub(r"^cell \d+: ", "", (cell.error or cell.status).strip())  # results stored before reasons had ids


def placed(source, result):
    """``result`` with its cells named as Jupyter shows them, syntax errors at the student's line, and
    each check that misses a name a failed cell would have defined told which cell and why."""
    code = {c.index: c.code for c in source.cells}
    labels = _labels(source)
    cells = explain(result.cells, code, labels)
    result = replace(result, cells=cells, cell_labels=tuple(labels[i] for i in sorted(labels)),
                     cell_names=names_of_failed(cells, code))
    return replace(result, checks=blame(result.checks, result))


def placed_files(sources: dict, result):
    """:func:`placed` for a submission of several files: ``sources`` maps each file that ran (its name, as
    ``result.cell_files`` has it) to its :class:`~harness.intake.notebook.Source`; each file's cells are
    named with its own labels, and a check is told only of a failed cell of a file that would have defined
    the name it misses."""
    code = {name: {c.index: c.code for c in s.cells} for name, s in sources.items()}
    labels = {name: _labels(s) for name, s in sources.items()}
    cells = tuple(explain([cell], code.get(file, {}), labels.get(file, {}), file)[0]
                  for file, cell in result.filed_cells())
    filed = list(zip(result.cell_files, cells))
    result = replace(result, cells=cells,
                     file_cell_labels={name: tuple(own[i] for i in sorted(own)) for name, own in labels.items()},
                     file_cell_names={name: names_of_failed([c for f, c in filed if f == name], code[name])
                                      for name in sources})
    return replace(result, checks=blame(result.checks, result))


def _labels(source) -> dict[int, str]:
    return {c.index: c.label or str(c.index + 1) for c in source.cells}


def explain(cells: Iterable[CellReport], code: dict[int, str], labels: dict[int, str],
            file: str = "") -> tuple[CellReport, ...]:
    """Cell reports with a syntax error's traceback put at the student's line (not the parser's);
    ``file``: which of several files the cells are in, named in the traceback."""
    out = []
    for cell in cells:
        ename, line, syntax, _ = _place(cell) if cell.status == "error" else ("", None, "", "")
        if syntax and line is not None:
            where = f"cell {labels.get(cell.index, str(cell.index + 1))}"
            out.append(replace(cell, traceback=_syntax_traceback(ename, syntax, line, code.get(cell.index, ""),
                                                                 f"{file}, {where}" if file else where)))
        else:
            out.append(cell)
    return tuple(out)


def _syntax_traceback(ename: str, syntax: str, line: int, code: str, where: str) -> str:
    lines = code.splitlines()
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    shown = f"    {text.strip()}\n" if text.strip() else ""
    return f'  File "{where}", line {line}\n{shown}{ename}: {syntax}'


def definitions(code: str) -> frozenset[str]:
    """Top-level names a cell's code binds (def, class, assignment, import), read without parsing:
    the cells this is asked about are often the ones that do not parse."""
    names = set()
    for match in re.finditer(r"^(?:async\s+)?(?:def|class)\s+([A-Za-z_]\w*)", code, re.M):
        names.add(match.group(1))
    # One line's targets (a target list spanning lines would take the line before it for names it binds),
    # and not a def's parameters (``def f(x, eps=0.0)`` binds ``f`` alone).
    for match in re.finditer(r"^(?!(?:async\s+)?(?:def|class)\b)([A-Za-z_][\w \t,()]*?)[ \t]*(?::[^=\n]*)?=(?!=)",
                             code, re.M):
        names.update(n for n in re.findall(r"[A-Za-z_]\w*", match.group(1)) if not keyword.iskeyword(n))
    for match in re.finditer(r"^(?:from\s+\S+\s+)?import\s+(.+)$", code, re.M):
        for part in match.group(1).split(","):
            words = part.replace("(", " ").replace(")", " ").split()
            if words:
                names.add(words[-1].split(".")[0])
    return frozenset(names)


def _origin(name: str, earlier: list[FailedCell]) -> FailedCell | None:
    """The first earlier failed cell that would have defined ``name`` (a failure that is not itself one)."""
    for cell in earlier:
        if name in cell.defines and cell.status != "not-run":
            return cell
    return None


def names_of_failed(cells: Iterable[CellReport], code: dict[int, str]) -> dict[int, tuple[str, ...]]:
    """What ``SubmissionResult.cell_names`` keeps: the names each failed cell would have bound."""
    return {c.index: tuple(sorted(definitions(code.get(c.index, "")))) for c in cells
            if c.status not in ("ok", "skipped")}


def blame(checks, result) -> tuple:
    """Checks whose answer is missing because a failed cell would have defined it, told so.  Of several
    files, a check answered by one is told only of that file's cells (another file's variables were
    never its to see); one that no file answered, of the first failed cell of any file that would
    have defined the name."""
    failed = failed_cells(result)
    if not failed:
        return tuple(checks)
    out = []
    for c in checks:
        cells = [f for f in failed if f.file == c.file] if c.file else failed
        new_said = _rewrite(c.said, cells)
        new_hidden = _rewrite(c.hidden_said, cells)
        if new_said is None and new_hidden is None:
            out.append(c)
            continue
        changes: dict[str, Any] = {}
        if new_said is not None:
            message = message_of(new_said)
            changes.update(message=message, said=to_json(message))
        if new_hidden is not None:
            summary = message_of(new_hidden)
            changes.update(hidden_summary=summary, hidden_said=to_json(summary))
        out.append(replace(c, **changes))
    return tuple(out)


def _rewrite(said: Any, cells: list[FailedCell]) -> dict | None:
    """``said`` with each 'X is not defined' that a failed cell explains replaced; None: nothing to do."""
    if not is_message(said):
        return None
    params = said["params"]
    if said["id"] in BECAUSE:
        name = params.get("name", params.get("target", ""))
        origin = _origin(str(name).split(".")[0], cells)
        if origin is None:
            return None
        if origin.file:
            return {"id": BECAUSE_IN[said["id"]], "params": {"name": name, "cell": origin.label, "file": origin.file,
                                                             "failure": failure(origin).to_json()}}
        return {"id": BECAUSE[said["id"]], "params": {"name": name, "cell": origin.label,
                                                      "failure": failure(origin).to_json()}}
    changed, new = False, {}
    for key, value in params.items():
        rewritten = _rewrite(value, cells)
        changed |= rewritten is not None
        new[key] = rewritten if rewritten is not None else value
    return {"id": said["id"], "params": new} if changed else None


def failure(cell: FailedCell) -> Message:
    """What went wrong in a cell, as a clause: "raised SyntaxError at line 7", "ran out of time"."""
    if cell.status == "timeout":
        return say("cell.timed_out")
    if cell.status == "crash":
        return say("cell.crashed")
    if cell.status == "not-run":
        return say("cell.not_run")
    line = say("cell.at_line", line=cell.line) if cell.line else ""
    return say("cell.raised", error=cell.ename or "an exception", line=line)


def message_of(said: dict) -> Message:
    """A stored message (nested ones too) as a live :class:`Message`."""
    return say(said["id"], **{k: message_of(v) if is_message(v) else v for k, v in said["params"].items()})
