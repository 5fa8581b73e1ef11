"""An assignment of several files: which run as programs, and what the helpers look like to them.

Each notebook is a program of its own (one does not see another's variables), as on Colab.
A module is a program too, unless it is a helper: imported by another file of the
submission, or holding only imports, functions and classes, and defining none of the names
the rubric asks for.  Every module of the submission is importable by every program (its
folder is on ``sys.path``, as the notebook's folder is in Jupyter), so ``import utils`` and
``from data import load`` work as they did on the student's machine.
"""
from __future__ import annotations

import ast
import json
from pathlib import Path, PurePosixPath

from harness.intake.notebook import Source

MAX_HELPER_BYTES = 2 * 1024 * 1024  # all helper modules together, copied into each worker


def entry_points(sources: list[Source], targets: set[str]) -> list[Source]:
    """The sources that run as programs, in the order given; a single file is always one."""
    if len(sources) <= 1:
        return list(sources)
    modules = {Path(s.path).stem for s in sources if s.kind == "module"}
    imported: set[str] = set()
    for s in sources:
        own = Path(s.path).stem
        for cell in s.cells:
            imported |= (_imported(cell.code) & modules) - {own}
    entries = []
    for s in sources:
        if s.kind == "notebook":
            entries.append(s)
            continue
        tree = _parse(s.cells[0].code if s.cells else "")
        if tree is None or _defines(tree) & targets:
            entries.append(s)  # a module that does not parse runs, so that its error is reported
        elif Path(s.path).stem not in imported and not _library_only(tree):
            entries.append(s)
    return entries or [s for s in sources if Path(s.path).stem not in imported] or list(sources)


def helper_modules(sources: list[Source], root: Path) -> dict[str, str]:
    """``{relative path: code}`` of every module, for the worker to put on its ``sys.path``."""
    found, total = {}, 0
    for s in sources:
        if s.kind != "module":
            continue
        try:
            relative = PurePosixPath(Path(s.path).resolve().relative_to(root.resolve()).as_posix())
        except ValueError:
            relative = PurePosixPath(Path(s.path).name)
        if any(part in ("", ".", "..") for part in relative.parts):
            continue
        code = Path(s.path).read_text(encoding="utf-8-sig", errors="replace")
        total += len(code)
        if total > MAX_HELPER_BYTES:
            break
        found[str(relative)] = code
    return found


def preamble(modules: dict[str, str]) -> str:
    """A cell run before a program's own: writes the modules into the worker's folder and puts it
    on ``sys.path``, leaving no name behind in the program's namespace."""
    return ("def __harness_modules(files):\n"
            "    import os, sys\n"
            "    here = os.getcwd()\n"
            "    for name, code in files.items():\n"
            "        path = os.path.join(here, *name.split('/'))\n"
            "        os.makedirs(os.path.dirname(path), exist_ok=True)\n"
            "        with open(path, 'w', encoding='utf-8') as handle:\n"
            "            handle.write(code)\n"
            "    for folder in sorted({os.path.dirname(os.path.join(here, *n.split('/'))) for n in files}):\n"
            "        if folder not in sys.path:\n"
            "            sys.path.insert(0, folder)\n"
            f"__harness_modules(__import__('json').loads({json.dumps(json.dumps(modules))}))\n"
            "del __harness_modules\n")


def _parse(code: str) -> ast.Module | None:
    try:
        return ast.parse(code)
    except (SyntaxError, ValueError):
        return None


def _imported(code: str) -> set[str]:
    tree = _parse(code)
    names: set[str] = set()
    for node in ast.walk(tree) if tree is not None else ():
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
        elif isinstance(node, ast.ImportFrom) and node.level:
            names |= {alias.name for alias in node.names}
    return names


def _defines(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                names |= {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}
    return names


def _library_only(tree: ast.Module) -> bool:
    """Only imports, functions, classes, constants and a docstring: nothing runs, nothing is trained."""
    quiet = (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
    for node in tree.body:
        if isinstance(node, quiet):
            continue
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
            continue
        if isinstance(node, ast.If) and "__main__" in ast.dump(node.test):
            continue  # `if __name__ == "__main__":` runs only when it is the program
        return False
    return True
