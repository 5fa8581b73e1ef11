"""The student template of an assignment, written from its rubric and reference.

For each question: its prompt (Persian, English or both), a code cell per name the
student must define (the reference's signature, no docstring, body ``raise
NotImplementedError``), a tagged answer cell for prose, and at the end how to run
``harness check``.  The template is built from the rubric's structure and the
reference's *signatures* only: no input value, no expected value, no hidden check's name
is ever read into it.
"""
from __future__ import annotations

import ast
import copy
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from harness.spec.course import Course
from harness.spec.reference_code import (
    ReferenceError,
    module_path,
    package_sources,
    parse,
    reference_name,
    student_names,
    top_level,
)
from harness.spec.rubric import Question, Rubric

LANGUAGES = ("fa", "en")
PLACEHOLDER = {"fa": "پاسخ خود را اینجا بنویسید", "en": "Your answer here"}  # harness.intake.prose treats these as unanswered
TEXT = {
    "fa": {"intro": "نام‌ها و امضای توابع را تغییر ندهید؛ بدنه‌ی هر تابع را کامل کنید.",
           "check": "پیش از تحویل، این دفترچه را با نام `{file}` ذخیره و اجرا کنید:",
           "hidden": "{public} بررسی عمومی اکنون اجرا می‌شود؛ {hidden} بررسی پنهان هنگام نمره‌دهی اجرا می‌شود.",
           "answer": "پاسخ تشریحی این سوال را در خانه‌ی بعدی بنویسید."},
    "en": {"intro": "Keep the names and signatures; write each function's body.",
           "check": "Before you hand in, save this notebook as `{file}` and run:",
           "hidden": "{public} public checks run now; {hidden} hidden checks run at grading time.",
           "answer": "Write your answer to this question in the next cell."},
}


def languages(choice: str) -> tuple[str, ...]:
    if choice == "both":
        return LANGUAGES
    if choice not in LANGUAGES:
        raise ValueError(f"unknown language '{choice}'; use fa, en or both")
    return (choice,)


def build_template(course: Course, rubric: Rubric, lang: str = "both") -> nbformat.NotebookNode:
    langs = languages(lang)
    cells = [new_markdown_cell(_rtl_aware(f"# {rubric.id}: {rubric.title}\n\n", langs, "intro"))]
    imports = _imports(course, rubric)
    if imports:
        cells.append(new_code_cell(imports))
    for question in rubric.questions:
        cells.extend(_question_cells(course, rubric, question, langs))
    cells.append(new_markdown_cell(_how_to_check(rubric, langs)))
    book = new_notebook(cells=cells)
    book.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    book.metadata["harness"] = {"assignment": rubric.id, "template": True, "languages": list(langs)}
    return book


def write_template(course: Course, rubric: Rubric, out: Path, lang: str = "both") -> Path:
    book = build_template(course, rubric, lang)
    nbformat.validate(book)
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{rubric.id}.ipynb"
    tmp = path.with_suffix(".ipynb.tmp")
    nbformat.write(book, tmp)
    tmp.replace(path)
    return path


def _question_cells(course: Course, rubric: Rubric, question: Question, langs) -> list:
    prompt = prompts(course, rubric, question)
    text = [f"## {question.id}: {question.title}"]
    text += [_in_language(prompt[lang], lang) for lang in langs if prompt.get(lang)]
    cells = [new_markdown_cell("\n\n".join(text))]
    names = student_names(question)
    if names:
        definitions = top_level(parse(module_path(course, rubric, question)))
        constants = package_constants(course, rubric)
        cells += [new_code_cell(stub(name, definitions.get(reference_name(question, name)), constants))
                  for name in names]
    if any(check.kind == "manual" for check in question.checks):
        cells.append(new_markdown_cell(" ".join(TEXT[lang]["answer"] for lang in langs)))
        answer = new_markdown_cell(PLACEHOLDER[langs[0]])
        answer.metadata["harness"] = {"answer": question.id}
        answer.metadata["tags"] = [f"answer:{question.id}"]
        cells.append(answer)
    return cells


def prompts(course: Course, rubric: Rubric, question: Question) -> dict[str, str]:
    """The question's prompt per language: the rubric is its one home."""
    return dict(question.prompt)


def package_constants(course: Course, rubric: Rubric) -> dict[str, ast.expr]:
    """Module-level names bound to literals anywhere in the reference package (``SEED_EPOCHS = 50``)."""
    found = {}
    for _, text in package_sources(course, rubric):
        for name, node in top_level(ast.parse(text)).items():
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                try:
                    ast.literal_eval(node.value)
                except ValueError:
                    continue
                found[name] = node.value
    return found


class _Inlined(ast.NodeTransformer):
    """A default naming a reference constant gets its value: the template does not define the name."""

    def __init__(self, constants: dict[str, ast.expr]):
        self.constants = constants

    def visit_Name(self, node):
        return copy.deepcopy(self.constants[node.id]) if node.id in self.constants else node


def stub(name: str, definition: ast.stmt | None, constants: dict[str, ast.expr] | None = None) -> str:
    """A definition the student fills in: same signature, no docstring, no body."""
    if isinstance(definition, (ast.FunctionDef, ast.AsyncFunctionDef)):
        definition = copy.deepcopy(definition)
        inline = _Inlined(constants or {})
        arguments = definition.args
        arguments.defaults = [inline.visit(d) for d in arguments.defaults]
        arguments.kw_defaults = [d if d is None else inline.visit(d) for d in arguments.kw_defaults]
    if isinstance(definition, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        node = _stubbed(_named(definition, name))
        return ast.unparse(ast.fix_missing_locations(node))
    if definition is None:
        raise ReferenceError(f"the reference does not define `{name}`")
    return f"{name} = None  # your answer"


def _named(node, name):
    copy = type(node)(**{f: getattr(node, f) for f in node._fields})
    copy.name = name
    return copy


def _stubbed(node):
    if isinstance(node, ast.ClassDef):
        methods = [_stubbed(n) for n in node.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
        return type(node)(**{**{f: getattr(node, f) for f in node._fields},
                             "body": methods or [ast.Pass()], "decorator_list": []})
    body = [ast.Raise(ast.Name("NotImplementedError", ast.Load()), None)]
    return type(node)(**{**{f: getattr(node, f) for f in node._fields}, "body": body, "decorator_list": []})


def _imports(course: Course, rubric: Rubric) -> str:
    """The question modules' top-level imports (numpy, ...), except the reference package's own."""
    own = rubric.reference.split(".")[0]
    lines: list[str] = []
    for question in rubric.questions:
        path = module_path(course, rubric, question)
        if not question.module or not path.exists():
            continue
        for node in parse(path).body:
            if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").split(".")[0] == own):
                continue
            if isinstance(node, (ast.Import, ast.ImportFrom)) and ast.unparse(node) not in lines:
                lines.append(ast.unparse(node))
    return "\n".join(lines)


def _how_to_check(rubric: Rubric, langs) -> str:
    checks = [c for q in rubric.questions for c in q.checks if c.kind != "manual"]
    public = sum(1 for c in checks if c.visibility == "public")
    hidden = len(checks) - public
    parts = []
    for lang in langs:
        words = TEXT[lang]
        parts.append(_in_language(words["check"].format(file=f"{rubric.id}.ipynb") + "\n\n"
                                  + words["hidden"].format(public=public, hidden=hidden), lang))
    return "## harness check\n\n" + "\n\n".join(parts) + f"\n\n```\nharness check {rubric.id}.ipynb\n```"


def _rtl_aware(head: str, langs, key: str) -> str:
    return head + "\n\n".join(_in_language(TEXT[lang][key], lang) for lang in langs)


def _in_language(text: str, lang: str) -> str:
    """Persian reads right to left; Jupyter honours dir on an HTML block."""
    return f'<div dir="rtl">\n\n{text}\n\n</div>' if lang == "fa" else text
