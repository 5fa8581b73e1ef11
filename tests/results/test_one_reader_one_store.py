"""One reader of results.json, one owner of the output folder's paths, one set of defaults."""
from __future__ import annotations

import ast
import inspect
import json
import re
from dataclasses import replace
from pathlib import Path

from harness.contract.protocol import CellReport
from harness.results import store
from harness.results.message import say, to_json
from harness.results.model import CheckResult, SubmissionResult

PACKAGE = Path(__file__).resolve().parents[2] / "harness"


def every_kind_of_result() -> SubmissionResult:
    hidden_summary = say("grader.failed", error="shape (3,) instead of (4,)")
    public = CheckResult("Q1", 1, "value", "function", 1.5, 2.0, "public", say("grader.failed", error="close"),
                         details={"expected": [1, 2]}, output="printed\n", said=to_json(say("grader.failed", error="close")),
                         file="part1.ipynb")
    hidden = CheckResult("Q1", 2, "hidden value", "function", 0.0, 3.0, "hidden", "full instructor message",
                         mistake={"name": "off-by-one", "explanation": "one too many", "hint": "count"},
                         details={"inputs": "secret"}, output="secret print", hidden_summary=hidden_summary,
                         hidden_said=to_json(hidden_summary), file="part1.ipynb")
    broken = CheckResult("Q2", 1, "model", "model", 0.0, 1.0, "hidden", "kind crashed", grader_error=True,
                         file="part2.ipynb")
    manual = CheckResult("Q3", 1, "explain", "manual", 4.0, 5.0, "public", "graded by hand",
                         manual={"kind": "manual", "answered": True, "answer": "because", "points": 4.0,
                                 "comment": "good"})
    unanswered = CheckResult("Q3", 2, "explain more", "manual", 0.0, 2.0, "public", "no answer",
                             manual={"kind": "manual", "answered": False, "answer": ""})
    review = CheckResult("Q4", 1, "train", "train", 0.0, 2.0, "public", "cannot tell",
                         review={"reason": to_json(say("grader.failed", error="?")),
                                 "likely": [{"file": "part2.ipynb", "cell": "[3]", "excerpt": "fit("}]})
    decided = CheckResult("Q4", 2, "evaluate", "metrics", 1.0, 2.0, "public", "a person decided",
                          review={"reason": "old text", "likely": [], "points": 1.0, "comment": "half"})
    return SubmissionResult(
        student="s1", assignment="hw01", title="Homework 1", path="subs/s1/part1.ipynb",
        checks=(public, hidden, broken, manual, unanswered, review, decided),
        questions=(("Q1", "One"), ("Q2", "Two"), ("Q3", "Three"), ("Q4", "Four")),
        cells=(CellReport(0, "ok", output="hi", seconds=0.5, statements=2),
               CellReport(1, "error", "NameError: x", "Traceback", statements=3,
                          failed=({"line": 2, "status": "error", "error": "NameError: x", "after": 1},))),
        notes=("graded on fixtures",), environment={"python": "3.11", "worker_restarts": 1}, seconds=12.5,
        cell_labels=("[1]", "3"), cell_names={1: ("model", "x")}, files=("part1.ipynb", "part2.ipynb"),
        cell_files=("part1.ipynb", "part2.ipynb"),
        file_cell_labels={"part1.ipynb": ("[1]",), "part2.ipynb": ("1", "3")},
        file_cell_names={"part1.ipynb": {}, "part2.ipynb": {1: ("model", "x")}})


def test_results_json_reads_back_whole_and_writes_back_the_same(tmp_path):
    result = every_kind_of_result()
    folder = store.write_submission(tmp_path, result)
    written = store.results_file(tmp_path, "s1", "hw01").read_text(encoding="utf-8")
    read = store.read_result(store.results_file(tmp_path, "s1", "hw01"))
    assert json.dumps(read.to_json(), ensure_ascii=False, indent=2) + "\n" == written
    # Everything but what the writer keeps from the file on purpose (hidden checks' details and prints).
    secretless = tuple(replace(c, details={}, output="") if c.visibility == "hidden" else c for c in result.checks)
    assert read == replace(result, checks=secretless)
    assert read.checks[1].hidden_summary and read.checks[3].manual["comment"] == "good"
    assert read.review() == ["Q4"] and read.reviewed() == [] and read.answered_by()["Q2"] == ["part2.ipynb"]
    assert folder == store.submission_dir(tmp_path, result)


def test_a_wrong_reading_would_be_seen():
    """The comparison above fails when the reader loses a field (here: the manual comment)."""
    result = every_kind_of_result()
    data = result.to_json()
    del data["tests"][3]["extra_data"]["comment"]
    assert SubmissionResult.from_json(data) != result


OUTPUT_NAMES = re.compile(r"(?<![\w.])(results\.json|feedback\.html|executed\.ipynb|executed\.html|gradebook\.csv|"
                          r"index\.html|not-graded\.json|manual\.csv|\.class-complete|\.check-complete|\.complete)"
                          r"(?![\w.])|-feedback\b")


def output_names_outside_the_store(root: Path = PACKAGE) -> list[str]:
    """Every string literal (docstrings aside) outside results/store.py that spells an output file's name."""
    found = []
    for path in sorted(root.rglob("*.py")):
        if path == root / "results" / "store.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
                      and node.body and isinstance(node.body[0], ast.Expr)
                      and isinstance(node.body[0].value, ast.Constant)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings \
                    and OUTPUT_NAMES.search(node.value):
                found.append(f"{path.relative_to(root.parent)}:{node.lineno}: {node.value!r}")
    return found


def test_only_the_store_spells_the_output_folders_file_names():
    assert output_names_outside_the_store() == []


def test_the_search_finds_a_file_name_spelled_elsewhere(tmp_path):
    (tmp_path / "results").mkdir()
    (tmp_path / "results" / "store.py").write_text('NAME = "results.json"\n')
    (tmp_path / "api.py").write_text('"""Writes results.json."""\npage = out / "feedback.html"\n'
                                     'template = "feedback.html.j2"\n')
    assert output_names_outside_the_store(tmp_path) == [f"{tmp_path.name}/api.py:2: 'feedback.html'"]


def _parser_defaults(parser, verb: str, *step: str) -> dict:
    import argparse

    def sub(p, name):
        action = next(a for a in p._actions if isinstance(a, argparse._SubParsersAction))
        return action.choices[name]

    p = sub(parser, verb)
    for name in step:
        p = sub(p, name)
    return {a.dest: a.default for a in p._actions if a.dest not in ("help",)}


def test_the_cli_takes_its_defaults_from_the_api():
    from harness import api
    from harness.cli import build_parser

    parser = build_parser()
    renamed = {"max_mutants": "cap"}
    for verb, step, function in (("grade", (), api.grade), ("check", (), api.check), ("export", (), api.export),
                                 ("manual", ("export",), api.manual_export), ("manual", ("import",), api.manual_import),
                                 ("release", (), api.release), ("validate", (), api.validate)):
        signature = inspect.signature(function)
        assert all(p.kind is p.KEYWORD_ONLY for p in signature.parameters.values()), function.__name__
        compared = 0
        for dest, default in _parser_defaults(parser, verb, *step).items():
            name = renamed.get(dest, dest)
            if name in signature.parameters and default is not None \
                    and signature.parameters[name].default is not inspect.Parameter.empty:
                assert default == signature.parameters[name].default, (verb, dest)
                compared += 1
        assert compared, verb
