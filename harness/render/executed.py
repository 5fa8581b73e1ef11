"""The notebook as the grader ran it: ``executed.ipynb`` and its page, ``executed.html``.

The copy is the student's own cells with the outputs *the worker* produced (never the
outputs saved in the file, which the student wrote), execution counts in run order, and
the grader's notes as clearly marked markdown cells (``metadata.harness.note``).  It is
built in the grader from the submission file and the cell reports in the result, so
nothing of the grader's side (expected values, hidden inputs, instructor messages)
can enter it: the reports hold only what the student's own code printed or raised.

The page comes from nbconvert's HTML exporter with the project's template
(``templates/executed``), sanitised as nbviewer does, under a Content-Security-Policy
that allows no script and no external load at all: markdown a student wrote stays inert
even if something slipped through the sanitiser.
"""
from __future__ import annotations

import ast
import base64
import json
import re
import warnings
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from harness.contract.statements import top_level
from harness.intake.notebook import cell_label
from harness.render.i18n import catalogue
from harness.results.model import SubmissionResult

TEMPLATES = Path(__file__).parent / "templates"
OUTPUT_CHARS = 20_000  # per cell: enough to read, not enough to bury the page
ERROR_LINES = 60
RAN = ("ok", "error")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
IDENTIFIER = re.compile(r"[A-Za-z_]\w{0,80}")  # a name the worker reported: shown in a code span only if it is one
FIGURES = "figures"  # beside results.json, the cells' figures: figures/cell-<cell>-<k>.png (results/store.py)
FIGURE_NAME = re.compile(r"figures/cell-\d+-\d+\.png")
PNG_BASE64 = re.compile(r"iVBORw0KGg[A-Za-z0-9+/]*={0,2}")


def executed_notebook(result: SubmissionResult, lang: str | None = None, figures: Path | None = None,
                      file: str | None = None) -> nbformat.NotebookNode | None:
    """The executed copy of ``file`` (of a submission of several files; the first by default), or None
    when it cannot be read again as cells.  ``figures``: the folder the result's stored figures are named
    in (see ``store_figures``)."""
    words = catalogue(lang)
    shown = file or Path(result.path).name
    path = _file_path(result, shown)
    cells = _student_cells(path) if path is not None else None
    if cells is None:
        return None
    reports = {c.index: c for f, c in zip(result.cell_files or [shown] * len(result.cells), result.cells)
               if f == shown}
    out = []
    # Several files: each note the pipeline named by its file goes to that file's copy; the others to each.
    notes = [n for n in result.notes if n.startswith(f"{shown}: ") or not any(n.startswith(f"{other}: ")
                                                                             for other in result.files)]
    if notes:
        out.append(_note("\n".join(f"- {_plain(n)}" for n in notes), words))
    count = 0
    code_index = 0
    graded_at = _graded_from(result, cells, shown)

    def named(text: str) -> str:  # a traceback's `<cell 2>` as the student finds the cell
        return result.cells_named(text, shown if result.cell_files else "")

    for number, cell in enumerate(cells):
        if cell["cell_type"] != "code":
            out.append(new_markdown_cell(cell["source"]))
            continue
        position = cell["position"]
        report = reports.get(code_index)
        code = new_code_cell(cell["source"])
        code.id = anchor(code_index)
        # ``label`` names the cell as the feedback page and the terminal do (``cell_label``): "cell 4" there
        # is "cell 4" here.  ``position``: among all cells, from 1.
        code.metadata["harness"] = {"code_cell": code_index, "position": position,
                                    "label": _label(result, code_index, position, cell.get("execution_count"),
                                                    shown)}
        if report is not None and report.status in RAN:
            count += 1
            code.execution_count = count
            code.outputs = _outputs(report, figures, named)
        out.append(code)
        notes = ([_cell_note(report, words)] + _statement_notes(report, words)) if report is not None else []
        notes += [words("executed graded from", questions=", ".join(questions), name=name)
                  for name, questions in graded_at.get(number, [])]
        for note in filter(None, notes):
            out.append(_note(note, words))
        code_index += 1
    notebook = new_notebook(cells=out, metadata={"language_info": {"name": "python"},
                                                 "harness": {"student": result.student,
                                                             "assignment": result.assignment,
                                                             "file": Path(result.path).name}})
    nbformat.validate(notebook)
    return notebook


def _label(result: SubmissionResult, code_index: int, position: int, execution_count, shown: str) -> str:
    """The label the result gave the cell when it gave labels (to the one file, or to each of several), else
    the same rule applied to the file (results written before)."""
    if result.cell_labels and not result.cell_files:
        return result.cell_label(code_index)
    if result.cell_files and shown in result.file_cell_labels:
        return result.cell_label(code_index, shown)
    return cell_label(position, execution_count)


def copied_files(result: SubmissionResult) -> list[str]:
    """The files an executed copy is made of: the one file, or each file of several that ran as a program."""
    if not result.files:
        return [Path(result.path).name]
    return list(dict.fromkeys(f for f in result.cell_files if f in result.files))


def page_for(result: SubmissionResult, file: str = "", suffix: str = ".html") -> str:
    """The name of the executed copy that shows ``file``: ``executed.html`` for a one-file submission (and,
    for several, the first file's copy again, so that one name always opens a copy);
    ``executed-<file stem>.html`` for each of several."""
    files = copied_files(result)
    if not result.files or file not in files:
        return f"executed{suffix}"
    stems = [re.sub(r"[^\w.\-]", "_", Path(f).stem).strip(".") or "_" for f in files]
    stem = stems[files.index(file)]
    if stems.count(stem) > 1:  # a.ipynb and a.py
        stem = f"{stem}-{files.index(file) + 1}"
    return f"executed-{stem}{suffix}"


def _file_path(result: SubmissionResult, name: str) -> Path | None:
    """Where a file of the submission is: results keep the first file's path and the others' names.  Only
    beside the first file, or in folders below it, is searched: never a folder that may hold another
    student's file of the same name (None then, and that file gets no copy)."""
    first = Path(result.path)
    if name == first.name:
        return first
    if name not in result.files:
        return None
    try:
        found = sorted(p for p in first.parent.rglob(name)
                       if p.is_file() and not p.is_symlink() and len(p.relative_to(first.parent).parts) <= 4)
    except OSError:
        return None
    return found[0] if found else None


def anchor(code_index: int) -> str:
    """The id of a code cell in the executed copy: ``executed.html#cell-id=<anchor>`` links to it."""
    return f"code-{code_index}"


def executed_html(notebook: nbformat.NotebookNode, lang: str | None = None) -> str:
    from nbconvert import HTMLExporter

    words = catalogue(lang)
    exporter = HTMLExporter(template_name="executed", extra_template_basedirs=[str(TEMPLATES)],
                            exclude_anchor_links=True)
    exporter.register_filter("safe_markdown_html", safe_markdown_html)
    meta = notebook.metadata.get("harness", {})
    title = words("executed title", student=meta.get("student", ""), assignment=meta.get("assignment", ""))
    html, _ = exporter.from_notebook_node(notebook, resources={
        "harness": {"lang": words.code, "dir": words.direction, "title": title, "cell_word": words("cell"),
                    "explained": words("executed explained")}})
    return html


# What rendered markdown may keep: text structure, tables, links, and pictures embedded in the file.
ALLOWED_TAGS = {"p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "em", "strong", "b", "i",
                "code", "pre", "blockquote", "a", "img", "table", "thead", "tbody", "tr", "th", "td", "span", "div",
                "sub", "sup", "del", "dl", "dt", "dd"}


def _allowed_attribute(tag: str, name: str, value: str) -> bool:
    value = value.strip().lower()
    if tag == "a" and name == "href":
        return value.startswith(("http://", "https://", "mailto:", "#"))  # a click leaves; nothing loads by itself
    if tag == "img" and name == "src":
        return value.startswith("data:image/")
    return name in ("title", "alt", "align", "colspan", "rowspan") or (tag == "a" and name == "title")


def safe_markdown_html(html: str) -> str:
    """Markdown rendered to HTML, kept to an allow-list: no script, style, frame, form, event handler,
    or source outside the page; whatever else the student wrote is shown as text."""
    import bleach

    return bleach.clean(str(html), tags=ALLOWED_TAGS, attributes=_allowed_attribute,
                        protocols=["http", "https", "mailto", "data"], strip=False, strip_comments=True)


def _student_cells(path: Path) -> list[dict] | None:
    """The submission's cells, markdown included, read without running anything."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    if path.suffix != ".ipynb":
        return [{"cell_type": "code", "source": text, "position": 1}]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            notebook = nbformat.reads(text, as_version=4)
    except Exception:  # nbformat raises several unrelated types for bad content
        try:
            notebook = nbformat.from_dict(json.loads(text))
        except Exception:
            return None
    cells = []
    for position, cell in enumerate(notebook.get("cells", []), 1):  # raw cells count, as Jupyter shows them
        kind = cell.get("cell_type")
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        if kind == "code":
            cells.append({"cell_type": kind, "source": source, "position": position,
                          "execution_count": cell.get("execution_count")})
        elif kind == "markdown":
            cells.append({"cell_type": kind, "source": source})
    return cells


def _outputs(report, figures: Path | None, named=lambda text: text) -> list:
    outputs = []
    if report.output:
        text = report.output
        if len(text) > OUTPUT_CHARS:
            text = text[:OUTPUT_CHARS] + f"\n[... {len(report.output) - OUTPUT_CHARS} more characters]"
        outputs.append(new_output("stream", name="stdout", text=text))
    for image in report.images:
        png = _figure(image, figures)
        if png is not None:
            outputs.append(new_output("display_data", data={"image/png": png}))
    if report.status == "error":
        name, _, value = named(report.error or "Error").partition(": ")
        lines = named(report.traceback or report.error or "").splitlines()[-ERROR_LINES:]
        outputs.append(new_output("error", ename=name, evalue=value, traceback=lines))
    return outputs


def _figure(image: str, folder: Path | None) -> str | None:
    """A figure as base64 PNG: read from its stored file, or as the worker sent it (a result not yet stored).
    Only base64 is ever returned: nbconvert pastes it into the page unescaped."""
    if FIGURE_NAME.fullmatch(image):  # only a name the grader would have written: nothing outside the folder
        try:
            png = (folder / image).read_bytes() if folder is not None else None
        except OSError:
            png = None
        return base64.b64encode(png).decode("ascii") if png and png.startswith(PNG_SIGNATURE) else None
    return image if PNG_BASE64.fullmatch(image) else None


def _statement_notes(report, words) -> list[str]:
    """A statement that failed while the ones after it in the cell still ran (the cell's first failure
    is already its error output; this says the rest of the cell was not lost)."""
    return [words("executed statement failed", line=f.get("line", "?"), error=_plain(f.get("error", "")[:300]),
                  after=f["after"])
            for f in report.failed if isinstance(f.get("after"), int) and f["after"] > 0]


def _graded_from(result: SubmissionResult, cells: list[dict], shown: str) -> dict[int, list[tuple[str, list[str]]]]:
    """Where a question was graded from a name other than the template's (an alias, a misspelling, a function
    found by what it does): {the cell defining it last: [(name, [question ids])]}.  Public checks only: a hidden
    check's details are never in the result, and the name is the student's own."""
    names: dict[str, list[str]] = {}
    for check in result.checks:
        found = (check.details or {}).get("resolution") if check.visibility == "public" else None
        name = found.get("name") if isinstance(found, dict) and found.get("how") != "exact" else None
        if (isinstance(name, str) and IDENTIFIER.fullmatch(name) and (not result.cell_files or check.file == shown)
                and check.question not in names.setdefault(name, [])):
            names[name].append(check.question)
    placed: dict[int, list[tuple[str, list[str]]]] = {}
    for name, questions in names.items():
        where = [k for k, c in enumerate(cells) if c["cell_type"] == "code" and name in _defines(c["source"])]
        if where and questions:
            placed.setdefault(where[-1], []).append((name, questions))
    return placed


def _defines(code: str) -> set[str]:
    """The names a cell's top-level statements bind (def, class, assignment, import)."""
    code = "\n".join("" if line.lstrip().startswith(("!", "%")) else line for line in code.splitlines())  # magics
    nodes = top_level(code)
    found: set[str] = set()
    for node in nodes or []:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            found.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            found.update(n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name))
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            found.update((a.asname or a.name).split(".")[0] for a in node.names)
    return found


def _cell_note(report, words) -> str:
    """What the grader has to say about a cell that did not simply run (empty when it did)."""
    if report.status == "timeout":
        return words("executed timeout", reason=_plain(report.error))
    if report.status == "crash":
        return words("executed crash", reason=_plain(report.error))
    if report.status in ("skipped", "not-run"):
        return words("executed not run", reason=_plain(report.error))
    return ""


def _note(text: str, words) -> nbformat.NotebookNode:
    cell = new_markdown_cell(f"**{words('executed note')}** {text}")
    cell.metadata["harness"] = {"note": True}
    return cell


def _plain(text: str) -> str:
    """A grader's sentence (which may quote the student) as inert markdown text."""
    text = " ".join(str(text).split())
    for char in "\\`*_[]<>#|":
        text = text.replace(char, "\\" + char)
    return text

