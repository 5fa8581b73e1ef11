"""Each top-level statement is a step: a failing or endless one costs only itself, in a notebook
cell as in a ``.py`` module, and the report names its line."""
from __future__ import annotations

import time

from harness.contract.protocol import CellReport, Probe
from harness.contract.statements import statement_lines
from harness.grading.pipeline import _statement_notes
from harness.intake.notebook import CodeCell, Source, load_source
from harness.run.job import Job, RunRecord
from harness.run.supervise import run_job


def job(cells, probes=(), **kw):
    return Job(source={"kind": "cells", "cells": [{"index": i, "code": c} for i, c in enumerate(cells)]},
               probes=list(probes), **kw)


def value(name):
    return Probe(name, name, call=False)


def test_a_failing_import_does_not_take_the_rest_of_its_cell_with_it():
    record = run_job(job(["import not_a_module\nimport numpy as np", "total = int(np.arange(4).sum())"],
                         [value("total")]))
    assert record.answers["total"].value == 6
    first = record.cells[0]
    assert first.status == "error" and first.error.startswith("ModuleNotFoundError")  # as environment notes read it
    assert first.statements == 2
    assert first.failed == ({"line": 1, "status": "error", "error": first.error, "after": 1},)
    assert record.cells[1].status == "ok"


def test_a_module_keeps_its_functions_before_and_after_a_failing_and_an_endless_statement(tmp_path):
    path = tmp_path / "hw99.py"
    path.write_text("import time\n"
                    "def before():\n    return 1\n"
                    "broken = 1 / 0\n"
                    "while True:\n    pass\n"
                    "def after():\n    return 2\n"
                    "print('end of module')\n")
    source = load_source(path)
    module = job([source.cells[0].code], [Probe("b", "before"), Probe("a", "after")], cell_seconds=1.0)
    started = time.monotonic()
    record = run_job(module)
    assert record.answers["b"].value == 1 and record.answers["a"].value == 2
    cell = record.cells[0]
    assert [(f["line"], f["status"]) for f in cell.failed] == [(4, "error"), (5, "timeout")]
    assert cell.failed[0]["after"] == 3 and cell.failed[1]["after"] == 2
    assert "ZeroDivisionError" in cell.error and "CPU time" in cell.failed[1]["error"]
    assert "end of module" in cell.output
    assert record.restarts == 1 and time.monotonic() - started < 60
    notes = _statement_notes(source, record)
    assert notes[0].startswith("Line 4: ZeroDivisionError") and "3 top-level statement(s) after it still ran" in notes[0]
    assert notes[1].startswith("Line 5: it used more than 1 s of CPU time")


def test_an_endless_statement_costs_only_itself_and_the_other_cells_are_graded():
    record = run_job(job(["a = 1\nwhile True:\n    pass\nb = a + 1", "c = b * 10"], [value("b"), value("c")],
                         cell_seconds=1.0))
    assert record.answers["b"].value == 2 and record.answers["c"].value == 20
    assert record.cells[0].status == "timeout" and record.cells[0].failed[0]["line"] == 2
    assert record.cells[1].status == "ok"


def test_compound_statements_stay_whole_and_lines_are_the_students():
    code = ("import functools\n"
            "@functools.lru_cache\n"
            "def f(n):\n"
            "    return n\n"
            "for i in range(2):\n"
            "    pass\n"
            "if True:\n"
            "    y = 1\n"
            "else:\n"
            "    y = 2\n")
    assert statement_lines(code) == [(1, 1), (2, 4), (5, 6), (7, 10)]
    assert statement_lines("def broken(:\n    pass\nx = 1") == [(1, 3)]  # does not parse: the cell is one step


def test_a_statement_failing_inside_a_compound_one_fails_that_statement_only():
    record = run_job(job(["for i in range(3):\n    last = i\n    if i == 1:\n        raise ValueError('one')\nafter = i"],
                         [value("last"), value("after")]))
    assert record.answers["last"].value == 1 and record.answers["after"].value == 1
    assert record.cells[0].failed[0]["line"] == 1 and "ValueError: one" in record.cells[0].error


def test_a_cell_magic_keeps_the_line_numbers_and_the_last_expression_is_shown(tmp_path):
    from harness_testing import write_notebook

    path = write_notebook(tmp_path / "hw99.ipynb", [("code", "%%time\nx = 1\n1 / 0\nx + 1")])
    code = load_source(path).cells[0].code
    record = run_job(job([code]))
    assert record.cells[0].failed[0]["line"] == 3 and "Out: 2" in record.cells[0].output


def test_future_imports_hold_for_the_statements_after_them():
    record = run_job(job(["from __future__ import annotations\ndef f(x: undefined_name) -> int:\n    return x"],
                         [Probe("f", "f", args=(3,))]))
    assert record.cells[0].status == "ok" and record.answers["f"].value == 3


def test_a_syntax_error_fails_the_cell_as_one_step_and_the_next_cell_runs():
    record = run_job(job(["x = (\ny = 2", "z = 3"], [value("z")]))
    assert record.cells[0].status == "error" and "SyntaxError" in record.cells[0].error
    assert record.cells[0].statements == 1 and record.answers["z"].value == 3


def test_where_an_exception_arose_travels_as_fields_not_as_text_to_read_back():
    from harness.results.cell_failures import failed_cell

    misleading = "def check():\n    raise ValueError('File \"<cell 2>\", line 99')\n\ncheck()"
    record = run_job(job(["x = 1\ny = (\nz = 2", "print(batch_norm)", misleading]))
    syntax, missing, raised = record.cells[0], record.cells[1], record.cells[2]
    assert (syntax.ename, syntax.error_line, syntax.syntax) == ("SyntaxError", 2, "'(' was never closed")
    assert (missing.ename, missing.error_line, missing.missing) == ("NameError", 1, "batch_norm")
    # The student's own message names a place; the line is the frame's, the last of the cell's own.
    assert (raised.ename, raised.error_line, raised.syntax, raised.missing) == ("ValueError", 2, "", "")
    assert failed_cell(raised, "3", [], {}).line == 2  # read from the field; the text would say 99


def test_a_cell_stored_before_places_were_fields_is_placed_as_one_stored_now():
    from harness.results.cell_failures import explain, failed_cell

    now = CellReport(1, "error", error="SyntaxError: '(' was never closed (<cell 1>, line 2)", ename="SyntaxError",
                     error_line=2, syntax="'(' was never closed")
    before = CellReport(1, "error", error=now.error)
    code = {1: "x = 1\ny = (\nz = 2"}
    for cell in (now, before):
        failed = failed_cell(cell, "[4]", [], {})
        assert (failed.ename, failed.line, failed.reason) == ("SyntaxError", 2, "SyntaxError: '(' was never closed")
        assert explain([cell], code, {1: "[4]"})[0].traceback == \
            '  File "cell [4]", line 2\n    y = (\nSyntaxError: \'(\' was never closed'
    first = failed_cell(now, "[4]", [], {1: frozenset({"batch_norm"})})
    later = CellReport(2, "error", error="NameError: name 'batch_norm' is not defined", ename="NameError",
                       error_line=1, missing="batch_norm")
    assert failed_cell(later, "[5]", [first], {}).because == "[4]"
    assert failed_cell(CellReport(2, "error", error=later.error), "[5]", [first], {}).because == "[4]"


def test_a_place_forged_by_the_submission_is_dropped_not_trusted():
    from harness.run.watcher import _error_place

    assert _error_place({"ename": "x; rm", "line": 10**9, "syntax": 3, "missing": "a b"}, last_line=4) == \
        {"ename": "", "error_line": None, "syntax": "", "missing": ""}
    assert _error_place({"ename": "KeyError", "line": True}, last_line=4)["error_line"] is None
    assert _error_place({"ename": "SyntaxError", "line": 5, "syntax": "x" * 900}, 4)["syntax"] == "x" * 500


def test_a_forged_step_event_is_tampering_blamed_on_its_statement():
    forged = ("import json, os, sys\n"
              "os.write(int(sys.argv[2]), (json.dumps({'event': 'step_end', 'index': 0, 'step': 1, 'error': None,"
              " 'output': 'forged', 'seconds': 0}) + '\\n').encode())\n"
              "x = 1")
    record = run_job(job([forged, "y = 2"], [value("x"), value("y")]))
    assert record.cells[0].status == "tampered" and record.cells[0].failed[0]["line"] == 2
    assert record.answers["x"].value == 1 and record.answers["y"].value == 2
    assert "forged" not in record.cells[0].output


def test_cell_reports_read_back_from_json_keep_their_failed_statements():
    import dataclasses
    import json

    report = CellReport(0, "error", error="E", statements=3,
                        failed=({"line": 2, "status": "error", "error": "E", "after": 1},))
    again = CellReport(**json.loads(json.dumps(dataclasses.asdict(report))))
    assert again == report
    assert CellReport(index=1, status="ok", error="", traceback="", output="", seconds=0.1)


def test_notes_name_the_cell_and_line_for_a_notebook():
    record = RunRecord()
    record.cells[2] = CellReport(2, "error", error="NameError: x", statements=3,
                                 failed=({"line": 2, "status": "error", "error": "NameError: x", "after": 1},))
    record.cells[3] = CellReport(3, "error", error="KeyError: 'k'", statements=1,
                                 failed=({"line": 1, "status": "error", "error": "KeyError: 'k'", "after": 0},))
    cells = (CodeCell(2, "a = 1\nx\nb = 2", label="5"), CodeCell(3, "d['k']", label="[7]"))
    notes = _statement_notes(Source("hw99.ipynb", "notebook", cells), record)
    # The cell as the student finds it in Jupyter (its label), not the worker's index among code cells.
    assert notes == ("Cell 5, line 2: NameError: x (the 1 statement(s) after it in the same cell still ran)",)


def test_a_cell_never_reached_is_not_run_without_a_failure_per_statement():
    from harness.run.job import StepReport, cell_report

    steps = {(4, 0): StepReport(1, "ok"), (4, 1): StepReport(2, "timeout", error="cell 4: it used more than 1 s")}
    report = cell_report(4, [(1, 1), (2, 2), (3, 3)], steps)
    assert report.status == "timeout" and [f["line"] for f in report.failed] == [2]
    assert report.failed[0]["after"] == 0  # statement 3 never ran
    never = cell_report(5, [(1, 1), (2, 2)], {(5, 0): StepReport(1, "not-run", error="out of time"),
                                              (5, 1): StepReport(2, "not-run", error="out of time")})
    assert never.status == "not-run" and never.error == "out of time" and never.failed == ()
