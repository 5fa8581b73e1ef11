"""The house, read from its imports: is the trust boundary where the README says it is?

Every import of every module under ``harness/`` is read with ``ast`` (late imports inside
functions and ``TYPE_CHECKING`` blocks included: they run, or document a dependency, all
the same).  Each rule has a test that builds a small tree breaking it, so a rule that could
never fail would be caught here too.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "harness"
ASSIGNMENT = re.compile(r"\bhw ?\d+", re.IGNORECASE)
WORKER_MAY_IMPORT = ("harness.worker", "harness.contract", "harness.data")
MAY_IMPORT_WORKER = ("harness.run", "harness.worker")


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules(root: Path = PACKAGE) -> dict[str, Path]:
    return {module_name(p, root): p for p in sorted(root.rglob("*.py"))}


def imports(path: Path, name: str, known: dict[str, Path]) -> set[str]:
    """The harness modules ``path`` imports: ``from pkg import sub`` names the submodule."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(up + ([node.module] if node.module else []))
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                found.add(sub if sub in known else base)
    root = next(iter(known)).split(".")[0]
    return {m for m in found if m == root or m.startswith(root + ".")} - {name}


def graph(root: Path = PACKAGE) -> dict[str, set[str]]:
    known = modules(root)
    return {name: imports(path, name, known) for name, path in known.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in edges.get(node, ()):
            if nxt not in edges:
                continue
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def inside(name: str, prefixes) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def boundary_breaches(edges: dict[str, set[str]], root: str = "harness") -> list[str]:
    worker_may = tuple(p.replace("harness", root, 1) for p in WORKER_MAY_IMPORT)
    may_import_worker = tuple(p.replace("harness", root, 1) for p in MAY_IMPORT_WORKER)
    worker = f"{root}.worker"
    breaches = []
    for name, targets in edges.items():
        for target in sorted(targets):
            if inside(name, (worker,)) and target != root and not inside(target, worker_may):
                breaches.append(f"{name} (worker side) imports {target}")
            if inside(target, (worker,)) and not inside(name, may_import_worker):
                breaches.append(f"{name} (grader side) imports {target}")
    return breaches


def assignment_names(root: Path = PACKAGE) -> list[str]:
    return [f"{path.relative_to(root.parent)}:{n}: {line.strip()}"
            for path in sorted(root.rglob("*.py")) if "locale" not in path.parts
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if ASSIGNMENT.search(line)]


# --- the rules, on the real package ------------------------------------------------------------

def test_no_import_circles():
    assert cycles(graph()) == []


def test_the_worker_imports_only_its_side_and_the_contract_and_only_run_starts_it():
    assert boundary_breaches(graph()) == []


def test_no_module_of_the_engine_names_an_assignment():
    assert assignment_names() == []


def test_the_top_of_the_package_stays_small():
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(top) <= 12, top


def test_no_two_modules_share_a_name():
    names = [p.stem for p in PACKAGE.rglob("*.py") if p.stem != "__init__" and "locale" not in p.parts]
    assert sorted({n for n in names if names.count(n) > 1}) == []


# --- each rule can fail -------------------------------------------------------------------------

def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root / "pkg"


def test_a_circle_through_a_late_import_is_found(tmp_path):
    root = write(tmp_path, {"pkg/__init__.py": "", "pkg/a.py": "from pkg import b\n",
                            "pkg/b.py": "def f():\n    from pkg.a import x\n"})
    assert cycles(graph(root)) == [["pkg.a", "pkg.b"]]


def test_a_relative_import_is_read_as_the_module_it_names(tmp_path):
    root = write(tmp_path, {"pkg/__init__.py": "", "pkg/run/__init__.py": "", "pkg/run/x.py": "",
                            "pkg/worker/__init__.py": "", "pkg/worker/main.py": "from ..run import x\n"})
    assert graph(root)["pkg.worker.main"] == {"pkg.run.x"}


@pytest.mark.parametrize("files, breach", [
    ({"pkg/worker/main.py": "from pkg.grading import pipeline\n"}, "pkg.worker.main (worker side) imports pkg.grading.pipeline"),
    ({"pkg/grading/pipeline.py": "from pkg.worker import main\n"}, "pkg.grading.pipeline (grader side) imports pkg.worker.main"),
])
def test_a_breach_of_the_boundary_is_found(tmp_path, files, breach):
    base = {"pkg/__init__.py": "", "pkg/worker/__init__.py": "", "pkg/worker/main.py": "",
            "pkg/grading/__init__.py": "", "pkg/grading/pipeline.py": "", "pkg/contract/__init__.py": ""}
    root = write(tmp_path, {**base, **files})
    assert boundary_breaches(graph(root), root="pkg") == [breach]


def test_a_module_that_names_an_assignment_is_found(tmp_path):
    root = write(tmp_path, {"pkg/__init__.py": "", "pkg/grading/rotations.py": "# as hw06 Q3 wants\n"})
    assert assignment_names(root) == ["pkg/grading/rotations.py:1: # as hw06 Q3 wants"]
