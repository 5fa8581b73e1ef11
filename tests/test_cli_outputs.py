"""What `harness` writes and prints besides the verdicts: file modes, the summary table's width,
cells named as Jupyter shows them, automatic points apart from prose, the progress bar's ETA."""
import io
import os
import stat

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from harness.contract.protocol import CellReport
from harness.intake.notebook import cell_label, load_source
from harness.render.progress import Progress
from harness.render.terminal_table import summary_table
from harness.results import cell_failures
from harness.results.message import say
from harness.results.model import CheckResult, SubmissionResult
from harness.results.store import write_class, write_submission


def check(name, score, points, visibility="public", manual=None, said=None):
    return CheckResult(question="Q1" if manual is None else "Q2", number=1, name=name, kind="manual" if manual else "function",
                       score=score, max_score=points, visibility=visibility, message=str(said or "ok"), manual=manual,
                       said=said.to_json() if said is not None else None)


def result(checks, cells=(), labels=(), names=None, student="s1"):
    return SubmissionResult(student=student, assignment="hw06", title="Normalisation", path="hw06.ipynb",
                            checks=tuple(checks), questions=(("Q1", "Norms"), ("Q2", "Prose")), cells=tuple(cells),
                            cell_labels=tuple(labels), cell_names=names or {})


def test_a_cell_is_named_by_its_execution_count_or_its_place_among_all_cells(tmp_path):
    assert cell_label(3) == "3" and cell_label(3, 7) == "[7]" and cell_label(3, None) == "3"
    book = new_notebook(cells=[new_markdown_cell("# Title"), new_code_cell("x = 1"), new_markdown_cell("text"),
                               new_code_cell("y = 2", execution_count=12)])
    nbformat.write(book, tmp_path / "hw06.ipynb")
    cells = load_source(tmp_path / "hw06.ipynb").cells
    assert [(c.index, c.label) for c in cells] == [(0, "2"), (1, "[12]")]
    r = result([], labels=[c.label for c in cells])
    assert r.cell_label(0) == "2" and r.cell_label(1) == "[12]"
    assert result([]).cell_label(4) == "5"  # results written before labels: code cells from 1


def test_automatic_points_and_prose_points_are_apart():
    r = result([check("a", 2, 2), check("b", 0, 2), check("answer to Q2", 0, 5, manual={"answered": True}),
                check("answer to Q3", 0, 3, manual={"answered": False})])
    assert (r.auto_score, r.auto_max, r.prose_waiting, r.prose_score) == (2, 4, 8, 0)
    assert [c.verdict for c in r.checks] == ["passed", "failed", "to be graded", "no answer"]
    assert r.to_json()["output"] == "2 / 4 automatic points. 8 prose points to be graded by a person."
    graded = result([check("answer", 4, 5, manual={"answered": True, "points": 4})])
    assert graded.checks[0].verdict == "graded" and graded.prose_score == 4 and graded.prose_waiting == 0


def test_a_syntax_error_is_placed_at_the_students_line_and_a_missing_name_traced_to_it():
    syntax = CellReport(1, "error", error="SyntaxError: invalid syntax (<cell 1>, line 3)",
                        traceback='File "/usr/lib/python3.11/ast.py", line 50, in parse\nSyntaxError: invalid syntax')
    later = CellReport(2, "error", error="NameError: name 'batch_norm' is not defined",
                       traceback='  File "<cell 2>", line 4, in <module>\nNameError: ...')
    code = {1: "import numpy as np\ndef batch_norm(x):\n    return = x\n", 2: "a = 1\n\n\nbatch_norm(a)\n"}
    [placed, _] = cell_failures.explain([syntax, later], code, {1: "4", 2: "[9]"})
    assert "ast.py" not in placed.traceback and 'File "cell 4", line 3' in placed.traceback
    assert "return = x" in placed.traceback
    missing = say("reason.missing", name="batch_norm", tried="", close="")
    r = result([check("batch_norm", 0, 2, said=say("check.mistake", message=missing, explanation=""))],
               cells=[CellReport(0, "ok"), placed, later], labels=["2", "4", "[9]"],
               names=cell_failures.names_of_failed([placed, later], code))
    failed = cell_failures.failed_cells(r)
    assert [(f.label, f.ename, f.line, f.because) for f in failed] == [("4", "SyntaxError", 3, ""),
                                                                     ("[9]", "NameError", 4, "4")]
    [blamed] = cell_failures.blame(r.checks, r)
    assert "`batch_norm` is not defined because cell 4 raised SyntaxError at line 3" in blamed.message
    assert blamed.said["params"]["message"]["id"] == "reason.missing_because"


def test_environment_failures_are_told_apart_from_the_students_own():
    from harness.grading.environment_failures import environment_cause

    assert environment_cause("URLError: <urlopen error [Errno -3] Temporary failure in name resolution>") == "network"
    assert environment_cause("Exception: URL fetch failure on https://x: None -- [Errno 101] Network is unreachable") \
        == "network"
    assert environment_cause("FileNotFoundError: [Errno 2] No such file or directory: '/content/drive/x.csv'") == "data"
    assert environment_cause("ModuleNotFoundError: No module named 'kerastuner'") == "library"
    assert environment_cause("NameError: name 'x' is not defined") == ""
    assert environment_cause("KeyError: 'file does not exist'") == ""


def test_did_you_mean_offers_only_names_the_student_wrote():
    import types

    from harness.worker.resolve import _missing_reason

    module = types.ModuleType("__main__")
    exec("import numpy as layers\nfrom numpy import mean as batch_norms\nbatch_nrm = 3\n", module.__dict__)
    assert _missing_reason(module.__dict__, "batch_norm", {})["params"]["close"] == "batch_nrm"
    exec("del batch_nrm\n", module.__dict__)
    assert _missing_reason(module.__dict__, "batch_norm", {})["params"]["close"] == ""
    from harness.worker.resolve import Missing, resolve

    with pytest.raises(Missing):  # nor is numpy's function graded as a close spelling of the student's
        resolve(module.__dict__, {"target": "batch_norm", "fuzzy": True}, {})
    exec("def batch_nrm(x):\n    return x\n", module.__dict__)
    assert resolve(module.__dict__, {"target": "batch_norm", "fuzzy": True}, {}) is module.batch_nrm


def test_the_summary_table_fits_100_columns_and_keeps_prose_apart():
    cells = [CellReport(i, "error", error="NameError: x") for i in range(30)]
    long_names = [say("check.correct") for _ in range(3)]
    rows = [result([check("a", 2, 2), check("answer", 0, 5, manual={"answered": True})], cells=cells,
                   student="a-student-with-a-very-long-identifier-" + str(i)) for i in range(3)]
    rows = [r.__class__(**{**r.__dict__, "problem": "x" * 300}) if i == 0 else r for i, r in enumerate(rows)]
    table = summary_table(rows)
    assert max(len(line) for line in table.splitlines()) <= 100, table
    assert "5 to grade" in table and "2 / 2" in table and "+" in table
    assert long_names


@pytest.mark.parametrize("private", [False, True])
def test_output_files_are_readable_by_others_unless_private(tmp_path, monkeypatch, private):
    monkeypatch.setenv("HARNESS_PRIVATE", "1" if private else "0")
    public = result([check("a", 2, 2)])
    hidden = result([check("a", 2, 2), check("h", 1, 1, visibility="hidden")], student="s2")
    folder = write_submission(tmp_path / "out", public)
    write_submission(tmp_path / "out", hidden)
    write_class(tmp_path / "out", [public, hidden], [])
    mode = lambda p: stat.S_IMODE(os.stat(p).st_mode)  # noqa: E731
    shared = 0o600 if private else 0o644
    assert mode(folder / "feedback.html") == shared and mode(folder / "results.json") == shared
    assert mode(tmp_path / "out" / "gradebook.csv") == shared and mode(tmp_path / "out" / "index.html") == shared
    assert mode(tmp_path / "out" / "s2" / "hw06" / "results.json") == 0o600  # hidden checks' details
    assert mode(tmp_path / "out" / "s2" / "hw06" / "feedback.html") == shared
    assert mode(folder) & 0o077 == (0 if private else 0o055)


def test_the_gradebook_has_automatic_and_prose_columns():
    from harness.render.gradebook import gradebook_csv

    text = gradebook_csv([result([check("a", 2, 2), check("answer", 0, 5, manual={"answered": True})])])
    header, row = text.splitlines()
    assert header.split(",")[-3:] == ["hw06 auto", "hw06 auto max", "hw06 prose to grade"]
    assert row.split(",")[-3:] == ["2", "2", "5"]


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_the_eta_counts_from_when_students_work_began_and_says_what_it_waits_for(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("COLUMNS", "160")
    now = [0.0]
    stream = Terminal()
    bar = Progress(10, stream=stream, clock=lambda: now[0], estimate=300)
    assert "0/10" in stream.getvalue() and "ETA ~5:00" in stream.getvalue()  # the first tick, at once
    bar.phase("computing the reference answers for hw06")
    assert "computing the reference answers" in stream.getvalue().split("\r")[-1]
    now[0] = 600.0  # ten minutes of reference answers ...
    bar.working()
    now[0] = 660.0
    bar.advance("s1 hw06")  # ... then a minute per submission
    assert "ETA 9:00" in stream.getvalue().split("\r")[-1]
    bar.finish()


def test_an_unreadable_file_is_said_once_on_its_page():
    from harness.render.html import feedback_page

    problem = "hw06.ipynb is not valid JSON (line 1, column 2999: Expecting ','); was it saved completely?"
    said = say("check.not_graded", problem=problem)
    r = result([check(f"check {i}", 0, 1, said=said) for i in range(6)])
    r = r.__class__(**{**r.__dict__, "problem": problem})
    page = feedback_page(r)
    assert page.count("is not valid JSON") == 1


def test_a_check_the_grader_failed_is_not_answered_again_from_memory():
    from harness.api import _repeatable

    ok = result([check("a", 2, 2)])
    assert _repeatable(ok)
    assert _repeatable(result([check("a", 0, 2)], cells=[CellReport(0, "timeout")]))  # an endless loop stays one
    assert not _repeatable(result([check("a", 0, 2)], cells=[CellReport(0, "crash")]))
    failed = CheckResult(**{**check("a", 0, 2).__dict__, "grader_error": True})
    assert not _repeatable(result([failed]))
    restarted = result([check("a", 2, 2)])
    assert not _repeatable(restarted.__class__(**{**restarted.__dict__, "environment": {"worker_restarts": 1}}))
