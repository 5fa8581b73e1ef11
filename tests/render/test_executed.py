"""The notebook as the grader ran it: does the copy show what ran, and nothing it must not?"""
from __future__ import annotations

import json
import re

import nbformat
import pytest
from harness_testing import active_content
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from harness.contract.protocol import CellReport
from harness.render.executed import executed_html, executed_notebook
from harness.results.model import CheckResult, SubmissionResult
from harness.results.store import write_submission

PERSIAN = "## پرسش ۱\nنرمال‌سازی دسته‌ای را پیاده‌سازی کردم."
HOSTILE_MARKDOWN = ("<script>document.title='pwned'</script>\n<img src=x onerror=\"document.title='pwned'\">\n"
                    "[click](javascript:document.title='pwned')\n<iframe src=\"https://evil.example/\"></iframe>\n"
                    "![tracker](https://evil.example/pixel.png)\n<style>body{display:none}</style>\n"
                    "<a href=\"#\" onclick=\"document.title='pwned'\">x</a>")
SECRET = "9137.25"  # an expected value: must never reach the copy


def write_notebook(tmp_path, extra_markdown: str = "") -> str:
    saved_html = new_output("display_data", data={"text/html": "<script>document.title='pwned'</script>"})
    cells = [new_markdown_cell(PERSIAN),
             new_code_cell("import numpy as np\nprint('hello from cell 2')", outputs=[saved_html]),
             new_code_cell("x = np.ones(3)\nraise ValueError('bad shape')"),
             new_markdown_cell(extra_markdown or "text"),
             new_code_cell("while True:\n    pass"),
             new_code_cell("y = 2")]
    path = tmp_path / "s9001" / "hw06.ipynb"
    path.parent.mkdir(parents=True)
    nbformat.write(new_notebook(cells=cells), path)
    return str(path)


def result_for(path: str) -> SubmissionResult:
    reports = (CellReport(0, "ok", output="hello from cell 2\n"),
               CellReport(1, "error", error="ValueError: bad shape",
                          traceback="Traceback (most recent call last):\n  File \"<cell 3>\", line 2, in <module>\n"
                                    "ValueError: bad shape"),
               CellReport(2, "timeout", error="it ran for more than 40 s"),
               CellReport(3, "ok"))
    check = CheckResult("Q1", 1, "batch_norm on the 5x5 array", "function", 0.0, 2.0, "public",
                        f"expected {SECRET} at [0, 0], yours 1.0", details={"expected": SECRET})
    return SubmissionResult("s9001", "hw06", "Normalisation", path, (check,), (("Q1", "Batch norm"),),
                            cells=reports, notes=("2 IPython magic or shell line(s) were not run: '!pip install x'",))


def test_each_cell_shows_what_the_worker_saw_in_run_order(tmp_path):
    notebook = executed_notebook(result_for(write_notebook(tmp_path)), "en")
    nbformat.validate(notebook)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert [c.execution_count for c in code] == [1, 2, None, 3]
    assert [c.metadata["harness"]["position"] for c in code] == [2, 3, 5, 6]  # as the student's notebook numbers them
    assert code[0].outputs == [new_output("stream", name="stdout", text="hello from cell 2\n")]
    error = code[1].outputs[0]
    assert (error.output_type, error.ename, error.evalue) == ("error", "ValueError", "bad shape")
    # The worker's `<cell 3>` (code cells from 0) named as the student finds it (this result kept no labels:
    # code cells from 1).
    assert 'File "cell 4", line 2' in "\n".join(error.traceback) and "<cell" not in "\n".join(error.traceback)
    assert code[2].outputs == []


def test_the_graders_notes_are_marked_cells_after_the_cell_they_are_about(tmp_path):
    notebook = executed_notebook(result_for(write_notebook(tmp_path)), "en")
    notes = [(i, c.source) for i, c in enumerate(notebook.cells) if c.metadata.get("harness", {}).get("note")]
    assert "IPython magic" in notes[0][1] and notes[0][0] == 0
    after_loop = [c.source for c in notebook.cells].index("while True:\n    pass") + 1
    assert notes[1][0] == after_loop and "stopped" in notes[1][1] and "40 s" in notes[1][1]


def test_the_students_saved_outputs_and_the_graders_expected_values_never_enter_it(tmp_path):
    result = result_for(write_notebook(tmp_path))
    notebook = executed_notebook(result, "en")
    text = json.dumps(notebook)
    assert SECRET not in text and "pwned" not in text
    assert SECRET not in executed_html(notebook, "en")


def test_persian_markdown_is_rendered_right_to_left(tmp_path):
    page = executed_html(executed_notebook(result_for(write_notebook(tmp_path)), "fa"), "fa")
    assert re.search(r'<html (?=[^>]*lang="fa")(?=[^>]*dir="rtl")', page)
    assert "پرسش ۱" in page and "نرمال‌سازی دسته‌ای" in page


def test_hostile_markdown_renders_inert(tmp_path):
    page = executed_html(executed_notebook(result_for(write_notebook(tmp_path, HOSTILE_MARKDOWN)), "en"), "en")
    assert active_content(page) == []
    assert "default-src 'none'" in page  # and should anything slip through, the page may load nothing


def test_the_inertness_check_can_fail():
    assert active_content('<p><img src=x onerror="x()"><a href="javascript:x()">a</a><script></script></p>') == [
        "img onerror=x()", "a href=javascript:x()", "script"]


def test_markdown_a_student_wrote_is_still_rendered(tmp_path):
    page = executed_html(executed_notebook(result_for(write_notebook(tmp_path)), "en"), "en")
    assert re.search(r"<h2[^>]*>پرسش ۱", page)


def test_a_module_is_one_cell_with_its_report(tmp_path):
    path = tmp_path / "hw06.py"
    path.write_text("import numpy as np\nprint('module ran')\n")
    result = SubmissionResult("s9001", "hw06", "Normalisation", str(path), (), (),
                              cells=(CellReport(0, "ok", output="module ran\n"),))
    notebook = executed_notebook(result, "en")
    assert [c.source for c in notebook.cells] == ["import numpy as np\nprint('module ran')\n"]
    assert notebook.cells[0].outputs[0].text == "module ran\n"


@pytest.mark.parametrize("content", [b"{not json", b"\xff\xfe binary"])
def test_an_unreadable_file_gets_no_copy_and_the_feedback_still_renders(tmp_path, content):
    path = tmp_path / "s9001" / "hw06.ipynb"
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    folder = write_submission(tmp_path / "out", result_for(str(path)), "en")
    assert not (folder / "executed.html").exists()
    assert "executed.html" not in (folder / "feedback.html").read_text()


def test_the_feedback_page_links_the_copy_beside_each_failed_cell(tmp_path):
    folder = write_submission(tmp_path / "out", result_for(write_notebook(tmp_path)), "en")
    nbformat.validate(nbformat.read(folder / "executed.ipynb", as_version=4))
    feedback = (folder / "feedback.html").read_text()
    assert 'href="executed.html#cell-id=code-1"' in feedback and 'href="executed.html#cell-id=code-2"' in feedback
    page = (folder / "executed.html").read_text()
    assert 'id="cell-id=code-1"' in page and 'id="cell-id=code-2"' in page


def a_png() -> bytes:
    import io

    import matplotlib
    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    figure = Figure(figsize=(2, 1))
    figure.add_subplot().plot([1, 3, 2])
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=40)
    return buffer.getvalue()


def test_a_cells_figures_are_its_image_outputs_stored_beside_the_results_not_inside(tmp_path):
    import base64
    import dataclasses

    png = a_png()
    encoded = base64.b64encode(png).decode()
    result = result_for(write_notebook(tmp_path))
    cells = list(result.cells)
    cells[0] = dataclasses.replace(cells[0], images=(encoded,))
    folder = write_submission(tmp_path / "out", dataclasses.replace(result, cells=tuple(cells)), "en")
    assert (folder / "figures" / "cell-0-1.png").read_bytes() == png
    stored = json.loads((folder / "results.json").read_text())
    assert stored["extra_data"]["cells"][0]["images"] == ["figures/cell-0-1.png"]
    assert encoded not in (folder / "results.json").read_text()
    code = [c for c in nbformat.read(folder / "executed.ipynb", as_version=4).cells if c.cell_type == "code"]
    assert code[0].outputs[-1] == new_output("display_data", data={"image/png": encoded})
    assert f'src="data:image/png;base64,{encoded}"' in (folder / "executed.html").read_text()
    # Written again from results.json (a manual import does): the figure is still there, and still one file.
    again = write_submission(tmp_path / "out", SubmissionResult.from_json(stored), "en")
    assert f'src="data:image/png;base64,{encoded}"' in (again / "executed.html").read_text()
    assert [p.name for p in (folder / "figures").iterdir()] == ["cell-0-1.png"]


def test_only_figures_the_grader_stored_are_read(tmp_path):
    result = result_for(write_notebook(tmp_path))
    (tmp_path / "secret.png").write_bytes(a_png())
    cells = list(result.cells)
    forged = ("../../secret.png", "figures/../../secret.png", "figures/cell-0-9.png", 'iVBORw0KGg"><script>x</script>')
    import dataclasses
    cells[0] = dataclasses.replace(cells[0], images=forged)
    notebook = executed_notebook(dataclasses.replace(result, cells=tuple(cells)), "en", figures=tmp_path / "s")
    assert all(o.output_type != "display_data" for c in notebook.cells for o in c.get("outputs", []))


def test_the_copy_names_each_cell_as_the_feedback_page_does(tmp_path):
    from harness.intake.notebook import load_source
    from harness.results.cell_failures import placed

    path = write_notebook(tmp_path)
    notebook = nbformat.read(path, as_version=4)
    notebook.cells[2].execution_count = 7  # the failing cell ran as In [7] in the student's Jupyter
    notebook.cells.insert(1, nbformat.v4.new_raw_cell("raw"))  # Jupyter counts raw cells too
    nbformat.write(notebook, path)
    folder = write_submission(tmp_path / "out", placed(load_source(path), result_for(path)), "en")
    feedback = (folder / "feedback.html").read_text()
    named = re.findall(r"<strong>cell <bdi[^>]*>([^<]+)</bdi></strong>.*?executed\.html#cell-id=(code-\d)",
                       feedback, re.S)
    assert named == [("[7]", "code-1"), ("6", "code-2")]
    page = (folder / "executed.html").read_text()
    for label, anchor_id in named:
        prompt = re.search(rf'id="cell-id={anchor_id}".*?input_prompt">cell ([^<]+?)</div>', page, re.S)
        assert prompt.group(1).strip() == label


def test_a_statement_that_failed_while_the_cell_went_on_is_a_note_after_that_cell(tmp_path):
    import dataclasses

    result = result_for(write_notebook(tmp_path))
    cells = list(result.cells)
    cells[1] = dataclasses.replace(cells[1], statements=2, failed=(
        {"line": 2, "status": "error", "error": "ValueError: bad shape", "after": 0},))
    cells[3] = dataclasses.replace(cells[3], statements=3, failed=(
        {"line": 1, "status": "error", "error": "NameError: name 'q' is not defined", "after": 2},))
    notebook = executed_notebook(dataclasses.replace(result, cells=tuple(cells)), "en")
    sources = [c.source for c in notebook.cells]
    after_last = sources.index("y = 2") + 1
    assert "line 1 of this cell failed" in sources[after_last] and "the 2 statement(s) after it" in sources[after_last]
    assert "NameError" in sources[after_last]
    assert not any("line 2 of this cell failed" in s for s in sources)  # nothing ran after it: the error says it all


def test_a_question_graded_from_another_name_says_so_after_the_cell_defining_it(tmp_path):
    import dataclasses

    path = write_notebook(tmp_path)
    notebook = nbformat.read(path, as_version=4)
    notebook.cells[5].source = "def layernorm_forward(x):\n    return x\ny = 2"
    nbformat.write(notebook, path)
    result = result_for(path)
    public = CheckResult("Q2", 1, "layer norm", "function", 1.0, 1.0, "public", "Graded `layernorm_forward`.",
                         details={"resolution": {"name": "layernorm_forward", "how": "behaviour"}})
    hidden = CheckResult("Q3", 1, "secret", "function", 1.0, 1.0, "hidden", "",
                         details={"resolution": {"name": "y", "how": "alias"}})
    forged = CheckResult("Q4", 1, "x", "function", 1.0, 1.0, "public", "",
                         details={"resolution": {"name": "<script>", "how": "alias"}})
    copy = executed_notebook(dataclasses.replace(result, checks=result.checks + (public, hidden, forged)), "en")
    sources = [c.source for c in copy.cells]
    note = sources[sources.index(notebook.cells[5].source) + 1]
    assert "Q2 graded from `layernorm_forward`, defined here" in note
    text = json.dumps(copy)
    assert "Q3" not in text and "Q4" not in text and SECRET not in text


def test_the_review_queue_links_each_item_to_the_students_copy_at_the_likely_cell(tmp_path):
    import dataclasses

    from harness.render.html import class_page

    result = result_for(write_notebook(tmp_path))
    asked = CheckResult("Q2", 1, "layer norm", "function", 0.0, 1.0, "public", "missing",
                        review={"reason": "", "likely": [{"file": "hw06.ipynb", "cell": 3, "excerpt": "y = 2"}]})
    waiting = dataclasses.replace(result, checks=result.checks + (asked,), questions=result.questions + (("Q2", "LN"),))
    nothing_ran = dataclasses.replace(waiting, student="s9002", cells=())
    page = class_page([waiting, nothing_ran], [], "en")
    queue = page.split('id="review-queue"')[1].split("</section>")[0]
    assert 'href="s9001/hw06/executed.html#cell-id=code-3"' in queue
    assert "s9002/hw06/feedback.html" in queue and "s9002/hw06/executed.html" not in queue  # no copy was written


def test_several_files_get_a_copy_each_and_each_failed_cell_links_its_own(tmp_path):
    folder_in = tmp_path / "s9001" / "hw06"
    (folder_in / "part2").mkdir(parents=True)
    nbformat.write(new_notebook(cells=[new_code_cell("a = 1"), new_code_cell("raise ValueError('q3 broke')")]),
                   folder_in / "DL_1_Q3.ipynb")
    nbformat.write(new_notebook(cells=[new_code_cell("1 / 0")]), folder_in / "part2" / "DL_1_Q4.ipynb")
    cells = (CellReport(0, "ok"), CellReport(1, "error", error="ValueError: q3 broke"),
             CellReport(0, "error", error="ZeroDivisionError: division by zero"))
    result = SubmissionResult("s9001", "hw06", "Normalisation", str(folder_in / "DL_1_Q3.ipynb"), (), (),
                              cells=cells, files=("DL_1_Q3.ipynb", "DL_1_Q4.ipynb"),
                              cell_files=("DL_1_Q3.ipynb", "DL_1_Q3.ipynb", "DL_1_Q4.ipynb"),
                              notes=("DL_1_Q4.ipynb: only about Q4", "about both"))
    folder = write_submission(tmp_path / "out", result, "en")
    q3, q4 = (folder / "executed-DL_1_Q3.html").read_text(), (folder / "executed-DL_1_Q4.html").read_text()
    assert "q3 broke" in q3 and "division by zero" not in q3 and "only about Q4" not in q3 and "about both" in q3
    assert "division by zero" in q4 and "q3 broke" not in q4 and "only about Q4" in q4
    assert (folder / "executed.html").read_text() == q3  # one name always opens a copy: the first file's
    assert [c.source for c in nbformat.read(folder / "executed-DL_1_Q4.ipynb", as_version=4).cells
            if c.cell_type == "code"] == ["1 / 0"]
    feedback = (folder / "feedback.html").read_text()
    assert 'href="executed-DL_1_Q3.html#cell-id=code-1"' in feedback
    assert 'href="executed-DL_1_Q4.html#cell-id=code-0"' in feedback
