"""Reading reference modules as source, never importing them.

The instructor tools (release, validate, mutants) need the names a question asks for,
their signatures, and submissions assembled from the reference's own code.  All of it
comes from ``ast`` so that a reference which imports TensorFlow costs nothing to read.
"""
from __future__ import annotations

import ast
import copy
from pathlib import Path

from harness.spec.course import Course
from harness.spec.rubric import Question, Rubric


class ReferenceError(LookupError):
    """A reference module that cannot be read, or lacks a name the rubric relies on."""


def module_path(course: Course, rubric: Rubric, question: Question) -> Path:
    return course.reference_dir(rubric) / f"{question.module}.py"


def parse(path: Path) -> ast.Module:
    try:
        return ast.parse(path.read_text(encoding="utf-8"), str(path))
    except (OSError, SyntaxError) as exc:
        raise ReferenceError(f"cannot read reference module {path}: {exc}") from exc


def call_names(value) -> list[str]:
    """Names in nested ``{call = name}`` arguments: the student defines those too."""
    if isinstance(value, dict):
        found = [value["call"]] if isinstance(value.get("call"), str) else []
        for inner in [*value.get("args", []), *value.get("kwargs", {}).values()]:
            found += call_names(inner)
        return found
    if isinstance(value, list):
        return [name for item in value for name in call_names(item)]
    return []


# Kinds whose target is not a name the student defines: a ``source`` check's target is the
# call it looks for in the code (``fit``); its reference side is ``options.detector``.
STATIC_KINDS = {"source"}


def student_names(question: Question) -> list[str]:
    """Every name the student must define for this question, in rubric order."""
    names: list[str] = []
    for check in question.checks:
        target = "" if check.kind in STATIC_KINDS else check.target
        for name in [target, *call_names(list(check.args)), *call_names(list(check.kwargs.values()))]:
            if name and name not in names:
                names.append(name)
    return names


def reference_name(question: Question, student_name: str) -> str:
    """The reference's name for a student-facing name (a check's ``reference`` may rename it)."""
    for check in question.checks:
        if check.target == student_name and check.reference:
            return check.reference
    return student_name


def top_level(tree: ast.Module) -> dict[str, ast.stmt]:
    """Name -> the statement defining it at module level (def, class, assignment, import)."""
    found: dict[str, ast.stmt] = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            found[node.name] = node
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                for name in ast.walk(target):
                    if isinstance(name, ast.Name):
                        found[name.id] = node
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                found[(alias.asname or alias.name).split(".")[0]] = node
    return {**found, **{name: node for name, node in lazy_names(tree).items() if name not in found}}


def lazy_names(tree: ast.Module) -> dict[str, ast.Assign]:
    """Names a module-level ``__getattr__`` creates on first access (``if name == "x":``).

    A reference may build a TensorFlow object lazily so that reading or importing it stays
    cheap; to a student it is an ordinary variable, ``x = __getattr__("x")``.
    """
    getattr_ = next((n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "__getattr__"), None)
    if getattr_ is None:
        return {}
    names = [c.value for node in ast.walk(getattr_) if isinstance(node, ast.Compare)
             for c in [node.left, *node.comparators] if isinstance(c, ast.Constant) and isinstance(c.value, str)]
    return {name: ast.fix_missing_locations(ast.Assign(
        [ast.Name(name, ast.Store())], ast.Call(ast.Name("__getattr__", ast.Load()), [ast.Constant(name)], []),
        lineno=0)) for name in names}


def package_sources(course: Course, rubric: Rubric) -> list[tuple[str, str]]:
    """(module name, source) for the whole reference package: helpers first, then questions in rubric order."""
    folder = course.reference_dir(rubric)
    question_modules = [q.module for q in rubric.questions if q.module]
    helpers = sorted(p.stem for p in folder.glob("*.py") if p.stem != "__init__" and p.stem not in question_modules)
    ordered = helpers + [m for i, m in enumerate(question_modules) if m not in question_modules[:i]]
    return [(m, (folder / f"{m}.py").read_text(encoding="utf-8")) for m in ordered if (folder / f"{m}.py").exists()]


def flat_submission(course: Course, rubric: Rubric, replace: dict[str, str] | None = None) -> str:
    """The reference package as one student module, the way a student's notebook is one namespace.

    Imports from the reference package itself are dropped (those names are defined in the same
    namespace).  ``replace`` maps a top-level name to a function whose definition takes its
    place, renamed: ``{"layer_norm": "mistake_layer_norm_no_keepdims"}`` writes a submission
    that makes that mistake.  A target that is a variable gets the function's result instead.
    """
    replace = replace or {}
    trees = [(name, parse_source(text, name)) for name, text in package_sources(course, rubric)]
    functions = {n.name: n for _, tree in trees for n in tree.body if isinstance(n, ast.FunctionDef)}
    for wanted in replace.values():
        if wanted not in functions:
            raise ReferenceError(f"{rubric.reference} defines no function {wanted}")
    parts = []
    for name, tree in trees:
        tree = _OwnImportsDropped(rubric.reference).visit(copy.deepcopy(tree))
        body = list(tree.body)
        # Right after the module, before another module's ``__getattr__`` can take the name.
        body += list(lazy_names(tree).values())
        parts.append(f"# ---- {rubric.reference}.{name} ----\n" + ast.unparse(ast.Module(body, [])))
    # Appended last, so each replacement overrides the reference's definition of the name.
    overrides = [stmt for target, source in replace.items() for stmt in _override(target, functions[source], trees)]
    if overrides:
        parts.append("# ---- replaced ----\n" + ast.unparse(ast.Module(overrides, [])))
    return "\n\n".join(parts) + "\n"


def parse_source(text: str, name: str) -> ast.Module:
    try:
        return ast.parse(text, name)
    except SyntaxError as exc:
        raise ReferenceError(f"cannot parse reference module {name}: {exc}") from exc


class _OwnImportsDropped(ast.NodeTransformer):
    """Own imports at any depth: a function may import a sibling lazily (to keep TensorFlow out)."""

    def __init__(self, package: str):
        self.package = package

    def visit_ImportFrom(self, node):
        kept = _without_own_import(node, self.package)
        return kept or ast.Pass()


def _without_own_import(node: ast.stmt, package: str) -> list[ast.stmt]:
    """An import from the reference package itself: its names are already defined; an alias becomes an assignment."""
    own = isinstance(node, ast.ImportFrom) and (
        node.level > 0 or (node.module or "").startswith(package.split(".")[0] + "."))
    if not own:
        return [node]
    aliases = [ast.Assign([ast.Name(a.asname, ast.Store())], ast.Name(a.name, ast.Load()), lineno=0)
               for a in node.names if a.asname and a.asname != a.name]
    return [ast.fix_missing_locations(a) for a in aliases]


def _override(target: str, source: ast.FunctionDef, trees) -> list[ast.stmt]:
    # Another module importing the target (``from .q2 import build_cnn``) does not make it a variable.
    bound = [stmt for _, tree in trees for name, stmt in top_level(tree).items() if name == target]
    is_variable = any(isinstance(s, (ast.Assign, ast.AnnAssign)) for s in bound) and \
        not any(isinstance(s, ast.FunctionDef) for s in bound)
    if not is_variable:
        # Many mistakes are "the right answer, then one thing wrong" and call the target itself:
        # renamed to the target, such a call would recurse, so it goes to the reference's copy.
        source = copy.deepcopy(source)
        kept = f"_reference_{target}"
        calls_target = False
        for node in ast.walk(source):
            if isinstance(node, ast.Name) and node.id == target:
                node.id, calls_target = kept, True
        renamed = ast.FunctionDef(**{**{f: getattr(source, f) for f in source._fields}, "name": target})
        keep = [ast.Assign([ast.Name(kept, ast.Store())], ast.Name(target, ast.Load()), lineno=0)] if calls_target else []
        return [ast.fix_missing_locations(stmt) for stmt in [*keep, renamed]]
    # A variable target: its value is what the zero-argument mistake function returns.
    call = ast.Call(ast.Name(source.name, ast.Load()), [], [])
    return [ast.fix_missing_locations(ast.Assign([ast.Name(target, ast.Store())], call, lineno=0))]


def module_literal(path: Path, name: str):
    """A module-level constant read with ``ast.literal_eval`` (``DETECTOR_EXAMPLES``), else None."""
    node = top_level(parse(path)).get(name)
    if not isinstance(node, ast.Assign):
        return None
    try:
        return ast.literal_eval(node.value)
    except ValueError:
        return None
