"""Grading prose by hand: sheet out, points in; results, gradebook and pages follow; twice is once."""
import csv
import io
import json
import shutil
import subprocess
import sys

import pytest

from harness import api
from harness.render.exports import read_results
from harness.results.sheet import BOM, export_sheet, import_sheet

from .fixtures import REPO


@pytest.fixture
def out(graded_class, tmp_path):
    copy = tmp_path / "graded"
    shutil.copytree(graded_class, copy)
    return copy


def sheet_rows(text):
    return list(csv.DictReader(io.StringIO(text.removeprefix(BOM))))


def write_sheet(path, rows):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def snapshot(folder):
    return {p.relative_to(folder): (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.rglob("*") if p.is_file()}


def test_the_sheet_lists_every_prose_answer_with_its_maximum(out):
    rows = sheet_rows(export_sheet(read_results(out)))
    assert [r["student"] for r in rows] == ["s2301", "s2302", "s2303", "s2304", "s2305", "s2306"]
    assert {r["question"] for r in rows} == {"Q2"} and {r["max_points"] for r in rows} == {"5"}
    assert "BERT" in rows[1]["answer"] and rows[1]["points"] == ""


def test_points_and_comments_come_back_into_results_gradebook_and_pages(out, tmp_path):
    api.manual_export(out=str(out), echo=lambda *_: None)
    rows = sheet_rows((out / "manual.csv").read_text(encoding="utf-8"))
    rows[1].update(points="4", comment="خوب؛ ولی NSP را نگفتی.")
    rows[2].update(points="۲٫۵")  # Persian digits and decimal separator, as a Persian keyboard types them
    sheet = write_sheet(tmp_path / "graded-sheet.csv", rows)

    first = api.manual_import(sheet=str(sheet), out=str(out), echo=lambda *_: None)
    assert len(first.applied) == 2 and first.problems == [] and first.not_graded == 4
    data = json.loads((out / "s2302" / "hw06" / "results.json").read_text())
    q2 = next(t for t in data["tests"] if t["number"] == "Q2")
    assert q2["score"] == 4 and q2["extra_data"]["points"] == 4 and "NSP" in q2["extra_data"]["comment"]
    assert data["score"] == 5 + 4
    gradebook = {r["student"]: r for r in csv.DictReader(io.StringIO((out / "gradebook.csv").read_text()))}
    assert gradebook["s2302"]["hw06 Q2"] == "4" and gradebook["s2303"]["hw06"] == "2.5"
    assert "NSP" in (out / "s2302" / "hw06" / "feedback.html").read_text()

    before = snapshot(out)
    second = api.manual_import(sheet=str(sheet), out=str(out), echo=lambda *_: None)
    assert second.applied == [] and second.unchanged == 2 and snapshot(out) == before


def test_bad_rows_are_reported_and_change_nothing(out, tmp_path):
    rows = sheet_rows(export_sheet(read_results(out)))
    rows[0].update(points="6")  # more than the 5 the question is worth
    rows[1].update(student="s9999", points="3")
    rows[2].update(points="three")
    rows[3].update(comment="a comment but no points")
    before = snapshot(out)
    report = import_sheet(read_results(out), write_sheet(tmp_path / "s.csv", rows).read_text())
    problems = "\n".join(report.problems)
    assert "row 2: points 6 is outside 0 to 5" in problems and "unknown student 's9999'" in problems
    assert "'three' is not a number" in problems and "without points" in problems
    assert report.changed == [] and len(report.problems) == 4

    run = subprocess.run([sys.executable, "-m", "harness", "manual", "import", str(tmp_path / "s.csv"),
                          "--out", str(out)], cwd=REPO, capture_output=True, text=True)
    assert run.returncode == 1 and "not applied: row 3: unknown student" in run.stdout
    assert snapshot(out) == before


def test_a_sheet_without_the_needed_columns_is_a_usage_error(out, tmp_path):
    (tmp_path / "s.csv").write_text("name,score\ns2301,3\n")
    run = subprocess.run([sys.executable, "-m", "harness", "manual", "import", str(tmp_path / "s.csv"),
                          "--out", str(out)], cwd=REPO, capture_output=True, text=True)
    assert run.returncode == 2 and "no column student" in run.stderr


def test_the_class_page_keeps_the_files_it_could_not_grade_after_an_import(tmp_path):
    from harness_testing import hw06_first_questions_course

    from .fixtures import CLASS

    folder = tmp_path / "class"
    shutil.copytree(CLASS / "s2302", folder / "s2302")
    (folder / "s2399").mkdir()
    (folder / "s2399" / "hw99.ipynb").write_text("{}")  # no such assignment: listed, not graded
    out = tmp_path / "graded"
    course = hw06_first_questions_course(tmp_path / "course")
    api.grade(path=str(folder), out=str(out), jobs=1, course=str(course), echo=lambda *_: None, progress=False)
    assert "hw99.ipynb" in (out / "index.html").read_text()

    api.manual_export(out=str(out), echo=lambda *_: None)
    rows = sheet_rows((out / "manual.csv").read_text(encoding="utf-8"))
    rows[0].update(points="3")
    report = api.manual_import(sheet=str(write_sheet(tmp_path / "sheet.csv", rows)), out=str(out),
                               echo=lambda *_: None)
    assert report.applied and "hw99.ipynb" in (out / "index.html").read_text()
    gradebook = (out / "gradebook.csv").read_text()
    assert "s2302" in gradebook and "s2399" not in gradebook


def test_an_import_rewrites_a_page_in_persian_from_results_graded_in_english(out, tmp_path):
    rows = sheet_rows(export_sheet(read_results(out)))
    rows[1].update(points="4", comment="خوب بود.")
    api.manual_import(sheet=str(write_sheet(tmp_path / "s.csv", rows)), out=str(out), lang="fa", echo=lambda *_: None)
    page = (out / "s2302" / "hw06" / "feedback.html").read_text(encoding="utf-8")
    assert '<html lang="fa" dir="rtl">' in page and "مقدار متفاوت است" in page  # the checks' verdicts, in Persian
    assert "values differ" not in page and "خوب بود." in page
