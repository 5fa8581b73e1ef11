"""Read a submission file into code cells and prose, without running anything.

Notebooks are read with nbformat (v4; older versions are converted).  IPython magics
and shell escapes are never executed: each such line becomes ``pass`` so the cell's
indentation stays valid, and the feedback lists what was skipped.  The one exception is a
shell line that fetches or unpacks a course dataset file (``!wget .../fer2013.zip``,
``!unzip fer2013.zip``): it becomes a call that writes those files from the fixed subsets
(:mod:`harness.data.shell`), and runs nothing else.

Notebooks as Colab and Jupyter save them are graded even when they are not perfect:
one that breaks nbformat's schema in a way Jupyter ignores (a missing ``outputs``, an
odd metadata field) is read from its JSON with a note; one over ``MAX_FILE_BYTES`` (its
outputs full of images, as a Colab notebook saved after training often is) is read as a
stream, code and markdown only, its outputs never held in memory, also with a note.
"""
from __future__ import annotations

import json
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from harness.data.shell import recognised as _dataset_download
from harness.intake.json_stream import BoundedJSONReader

MAX_FILE_BYTES = 50 * 1024 * 1024  # above this a notebook is streamed, its outputs dropped
MAX_STREAMED_BYTES = 2 * 1024**3  # above this not even streaming is worth the time
MAX_CELL_CHARS = 1_000_000  # one cell's source, when streaming (a pasted dataset is not an answer)
# A JSON string this long holds more than MAX_CELL_CHARS characters however it is escaped
# (a character takes at most 12 bytes, as a surrogate pair), so streaming may empty it unread.
MAX_STREAMED_STRING_BYTES = 12 * (MAX_CELL_CHARS + 1)
# Cell magics whose body is ordinary Python: run the body, drop the magic line.
PYTHON_BODY_MAGICS = {"time", "timeit", "capture", "prun"}
MAGIC_LINE = re.compile(r"^(\s*)(%|!)")
ASSIGNED_SHELL = re.compile(r"^(\s*)[\w.,\s]+=\s*[!%]")
HELP_LINE = re.compile(r"^(\s*)[\w.]+\?\??\s*$")


class SourceError(Exception):
    """The file cannot be read as a submission; the message is shown to the student."""


@dataclass(frozen=True)
class CodeCell:
    index: int  # position among code cells, from 0: how the worker and the results key a cell
    code: str
    skipped_magics: tuple[str, ...] = ()
    label: str = ""  # how the student finds it in Jupyter (``cell_label``); shown wherever a cell is named


def cell_label(position: int, execution_count: int | None = None) -> str:
    """The one way a cell is named to a student: ``[7]`` when Jupyter shows it ran as ``In [7]``, else its
    position among all the notebook's cells, markdown included, counted from 1 (what a student counts)."""
    if isinstance(execution_count, int) and not isinstance(execution_count, bool) and execution_count > 0:
        return f"[{execution_count}]"
    return str(position)


@dataclass(frozen=True)
class Source:
    path: str
    kind: str  # "notebook" or "module"
    cells: tuple[CodeCell, ...]
    markdown: tuple[str, ...] = ()  # prose, in order (markdown cells, or a module's docstring/comments)
    answer_cells: dict = field(default_factory=dict)  # question id -> text of a tagged answer cell
    notes: tuple[str, ...] = ()


def load_source(path: Path) -> Source:
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise SourceError(f"cannot read {path.name}: {exc.strerror or exc}") from exc
    if size == 0:
        raise SourceError(f"{path.name} is empty")
    if size > MAX_FILE_BYTES and path.suffix == ".ipynb" and size <= MAX_STREAMED_BYTES:
        return _streamed_notebook(path, size)
    if size > MAX_FILE_BYTES:
        raise SourceError(f"{path.name} is {size // 2**20} MiB; the limit is {MAX_FILE_BYTES // 2**20} MiB "
                          "(clear large outputs before submitting)")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(f"{path.name} is not UTF-8 text (byte {exc.start} cannot be decoded)") from exc
    if path.suffix == ".ipynb":
        return _notebook(path, text)
    return _module(path, text)


def _notebook(path: Path, text: str) -> Source:
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SourceError(f"{path.name} is not valid JSON (line {exc.lineno}, column {exc.colno}: "
                          f"{exc.msg}); was it saved completely?") from exc
    version = raw.get("nbformat") if isinstance(raw, dict) else None
    if not isinstance(version, int) or not 3 <= version <= 4:
        raise SourceError(f"{path.name} is not a Jupyter notebook of format 3 or 4 "
                          f"(its 'nbformat' field is {version!r})")
    notes = [f"converted from notebook format v{version} to v4"] if version < 4 else []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            nb = nbformat.reads(text, as_version=4)
        nbformat.validate(nb)
        raw_cells = nb.cells
    except Exception as exc:  # nbformat raises several unrelated types for bad content
        # Jupyter and Colab open such notebooks; so do we, from the JSON itself.
        raw_cells = _raw_cells(raw)
        if raw_cells is None:
            raise SourceError(f"{path.name} is not a readable notebook: {_first_line(exc)}") from exc
        notes.append(f"{path.name} does not follow the notebook format exactly ({_first_line(exc)}); "
                     "it was read as Jupyter reads it and graded.")
    return _source(path, raw_cells, notes)


def _source(path: Path, raw_cells, notes: list[str]) -> Source:
    cells, markdown, answers = [], [], {}
    for position, cell in enumerate(raw_cells, start=1):
        body = _text(cell.get("source", cell.get("input", "")))
        if cell.get("cell_type") == "code":
            code, skipped = strip_magics(body)
            count = cell.get("execution_count", cell.get("prompt_number"))
            cells.append(CodeCell(len(cells), code, tuple(skipped), cell_label(position, count)))
        elif cell.get("cell_type") in ("markdown", "heading"):
            markdown.append(body)
            answer_for = _answer_tag(cell)
            if answer_for:
                answers[answer_for] = body
    return Source(str(path), "notebook", tuple(cells), tuple(markdown), answers, tuple(notes))


def _raw_cells(raw: dict) -> list[dict] | None:
    """The cells of a notebook's JSON as Jupyter would show them (v4 ``cells``, v3 ``worksheets``)."""
    cells = raw.get("cells")
    if cells is None and isinstance(raw.get("worksheets"), list):
        cells = [c for w in raw["worksheets"] if isinstance(w, dict) for c in w.get("cells", []) or []]
    if not isinstance(cells, list):
        return None
    return [c for c in cells if isinstance(c, dict)]


def _text(value) -> str:
    """A cell's source: a string, or a list of lines (as saved on disk)."""
    if isinstance(value, list):
        return "".join(v for v in value if isinstance(v, str))
    return value if isinstance(value, str) else ""


def _streamed_notebook(path: Path, size: int) -> Source:
    """A notebook too big to load: its cells' sources and tags, read as a stream; outputs skipped.

    The parser sees the file through :class:`BoundedJSONReader`, so memory stays bounded by
    ``MAX_STREAMED_STRING_BYTES`` whatever ijson backend is installed, never by the whole file.
    """
    import ijson

    cells: list[dict] = []
    version = None
    try:
        with open(path, "rb") as handle:
            for prefix, event, value in ijson.parse(BoundedJSONReader(handle, MAX_STREAMED_STRING_BYTES)):
                if prefix == "nbformat" and event == "number":
                    version = int(value)
                    continue
                where = _cell_field(prefix)
                if where is None:
                    continue
                field_name, rest = where
                if field_name == "" and event == "start_map":
                    cells.append({"source": []})
                elif not cells:
                    continue
                elif field_name == "cell_type" and event == "string":
                    cells[-1]["cell_type"] = value
                elif field_name in ("execution_count", "prompt_number") and event == "number" and not rest:
                    cells[-1]["execution_count"] = int(value)
                elif field_name in ("source", "input") and event == "string":
                    _append(cells[-1]["source"], value)
                elif field_name == "metadata" and rest == "tags.item" and event == "string":
                    cells[-1].setdefault("metadata", {}).setdefault("tags", []).append(value)
    except (ijson.JSONError, ijson.IncompleteJSONError, UnicodeDecodeError) as exc:
        raise SourceError(f"{path.name} is not valid JSON ({_first_line(exc)}); was it saved completely?") from exc
    except OSError as exc:
        raise SourceError(f"cannot read {path.name}: {exc.strerror or exc}") from exc
    if not isinstance(version, int) or not 3 <= version <= 4:
        raise SourceError(f"{path.name} is not a Jupyter notebook of format 3 or 4 "
                          f"(its 'nbformat' field is {version!r})")
    note = (f"{path.name} is {size // 2**20} MiB, over the {MAX_FILE_BYTES // 2**20} MiB a notebook is read "
            "whole; its code and markdown were read and graded, its saved outputs ignored.")
    return _source(path, cells, [note])


def _cell_field(prefix: str) -> tuple[str, str] | None:
    """('' | field, rest) for a prefix inside a cell (``cells.item...`` or v3's worksheets), else None."""
    for head in ("cells.item", "worksheets.item.cells.item"):
        if prefix == head:
            return "", ""
        if prefix.startswith(head + "."):
            field_name, _, rest = prefix[len(head) + 1:].partition(".")
            return field_name, rest
    return None


def _append(lines: list[str], value: str) -> None:
    if sum(map(len, lines)) + len(value) <= MAX_CELL_CHARS:
        lines.append(value)


def _answer_tag(cell) -> str | None:
    meta = cell.get("metadata", {})
    if not isinstance(meta, dict):
        return None
    harness_meta = meta.get("harness", {})
    if isinstance(harness_meta, dict) and isinstance(harness_meta.get("answer"), str):
        return harness_meta["answer"]
    for tag in meta.get("tags", []) or []:
        if isinstance(tag, str) and tag.startswith("answer:"):
            return tag.split(":", 1)[1]
    return None


def _module(path: Path, text: str) -> Source:
    code, skipped = strip_magics(text)
    return Source(str(path), "module", (CodeCell(0, code, tuple(skipped), "1"),), (_module_prose(text),))


def _module_prose(text: str) -> str:
    """A module's prose: its docstring and its comment lines, in file order."""
    import ast

    lines = []
    try:
        doc = ast.get_docstring(ast.parse(text))
    except SyntaxError:
        doc = None
    if doc:
        lines.extend(doc.splitlines())
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            lines.append(stripped.lstrip("#").strip())
    return "\n".join(lines)


def strip_magics(code: str) -> tuple[str, list[str]]:
    """Replace magics and shell escapes with ``pass``; return the code and what was skipped."""
    lines = code.splitlines()
    skipped: list[str] = []
    if lines and lines[0].startswith("%%"):
        magic = lines[0][2:].split()[0] if lines[0][2:].split() else ""
        skipped.append(lines[0])
        if magic not in PYTHON_BODY_MAGICS:
            skipped.extend(lines[1:2])
            return "", skipped
        lines = lines[1:]
    # A comment in the magic line's place: the body keeps its line numbers, which feedback names.
    out = ["# harness: the cell magic line was not run"] if skipped else []
    for line in lines:
        match = MAGIC_LINE.match(line) or ASSIGNED_SHELL.match(line) or HELP_LINE.match(line)
        if match and not _continues_expression(out) and match.re is MAGIC_LINE and match.group(2) == "!" \
                and _dataset_download(line.strip()[1:]):
            out.append(f"{match.group(1)}__import__('harness.data.shell', fromlist=['run']).run({line.strip()[1:]!r})")
        elif match and not _continues_expression(out):
            skipped.append(line.strip())
            out.append(f"{match.group(1)}pass  # harness: skipped {line.strip()[:60]!r}")
        else:
            out.append(line)
    return "\n".join(out), skipped


def _continues_expression(previous: list[str]) -> bool:
    """A '%' at the start of a line inside brackets or after a backslash is the modulo operator."""
    if not previous:
        return False
    last = previous[-1].rstrip()
    if last.endswith("\\"):
        return True
    joined = "\n".join(previous)
    return joined.count("(") + joined.count("[") + joined.count("{") > \
        joined.count(")") + joined.count("]") + joined.count("}")


def _first_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:300] if text else type(exc).__name__
