"""A course: a folder with ``rubrics/<assignment>.toml`` and the ``reference/`` package."""
from __future__ import annotations

import ast
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from harness.spec.rubric import Rubric

# Where the harness checkout is (as harness.run.sandbox says); not imported from there, nor the rubric
# parser at the top: a re-run of an unchanged class finds its course without the grading engine.
HARNESS_ROOT = Path(__file__).resolve().parents[2]


# The course pack's worker-side helpers (actions and argument builders of its own checks).
PLUGIN_FOLDER = "worker_plugins"


class CourseError(LookupError):
    pass


@dataclass
class Course:
    root: Path
    _rubrics: dict[str, Rubric] = field(default_factory=dict, repr=False)

    @property
    def rubric_dir(self) -> Path:
        return self.root / "rubrics"

    def assignment_ids(self) -> list[str]:
        return sorted(p.stem for p in self.rubric_dir.glob("*.toml"))

    def rubric(self, assignment: str) -> Rubric:
        if assignment not in self._rubrics:
            path = self.rubric_dir / f"{assignment}.toml"
            if not path.exists():
                raise CourseError(f"no assignment '{assignment}'; this course has: "
                                  f"{', '.join(self.assignment_ids()) or 'none'}")
            from harness.spec.rubric_loader import load_rubric

            rubric = load_rubric(path)
            for name in rubric.worker_plugins:
                if not (self.root / PLUGIN_FOLDER / f"{name}.py").is_file():
                    raise CourseError(f"{path}: worker plugin '{name}' not found: expected "
                                      f"{self.root / PLUGIN_FOLDER / (name + '.py')}")
            self._rubrics[assignment] = with_explanations(rubric, self.reference_dir(rubric))
        return self._rubrics[assignment]

    def reference_dir(self, rubric: Rubric) -> Path:
        return self.root.joinpath(*rubric.reference.split("."))


def worker_plugin_sources(rubric: Rubric) -> list[dict]:
    """The source of each worker plugin the rubric declares, sent to its workers as text.

    Sent rather than bound into the jail: a worker sees the harness package and the data, nothing of
    the course folder (where the reference solutions are).  The text also keys the reference cache,
    so editing a plugin recomputes the answers that depend on it.
    """
    folder = Path(rubric.path).resolve().parent.parent / PLUGIN_FOLDER
    return [{"name": name, "source": (folder / f"{name}.py").read_text(encoding="utf-8")}
            for name in rubric.worker_plugins]


def with_explanations(rubric: Rubric, reference_dir: Path) -> Rubric:
    """Each mistake's explanation defaults to its function's docstring, read without running the module."""
    from harness.spec.rubric import RubricError

    questions = []
    for q in rubric.questions:
        if not q.mistakes:
            questions.append(q)
            continue
        module = reference_dir / f"{q.module}.py"
        docs = _docstrings(module)
        mistakes = []
        for m in q.mistakes:
            if m.function not in docs:
                raise RubricError(f"{rubric.path}: {q.id} mistake '{m.name}': no function {m.function} in {module}")
            english, persian = docs[m.function]
            explanation = m.explanation or english
            if not explanation:
                raise RubricError(f"{rubric.path}: {q.id} mistake '{m.name}' needs an explanation or a docstring")
            mistakes.append(replace(m, explanation=explanation, explanation_fa=m.explanation_fa or persian))
        questions.append(replace(q, mistakes=mistakes))
    return replace(rubric, questions=questions)


def _docstrings(module: Path) -> dict[str, tuple[str, str]]:
    from harness.spec.rubric import RubricError

    try:
        tree = ast.parse(module.read_text(encoding="utf-8"))
    except (OSError, SyntaxError) as exc:
        raise RubricError(f"cannot read reference module {module}: {exc}") from exc
    return {node.name: explanations(ast.get_docstring(node) or "")
            for node in tree.body if isinstance(node, ast.FunctionDef)}


def explanations(docstring: str) -> tuple[str, str]:
    """(English, Persian): the first paragraph, and the paragraph that starts with ``fa:``."""
    paragraphs = [" ".join(p.split()) for p in docstring.split("\n\n")]
    persian = next((p.removeprefix("fa:").strip() for p in paragraphs if p.startswith("fa:")), "")
    english = paragraphs[0] if paragraphs and not paragraphs[0].startswith("fa:") else ""
    return english, persian


def find_course(explicit: str | os.PathLike | None = None) -> Course:
    """The course given, else $HARNESS_COURSE, else the current folder, else the harness's own checkout."""
    candidates = [explicit, os.environ.get("HARNESS_COURSE"), Path.cwd(), HARNESS_ROOT]
    for candidate in candidates:
        if candidate and (Path(candidate) / "rubrics").is_dir():
            return Course(Path(candidate).resolve())
    if explicit:
        raise CourseError(f"{explicit} has no rubrics/ folder")
    raise CourseError("no course found: run inside a course folder (one with rubrics/), or pass --course")
