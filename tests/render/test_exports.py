"""Canvas and Moodle CSVs from the results already in the output folder."""
import csv
import io
import subprocess
import sys

from harness.render.exports import export_csv, read_results
from harness.results.model import SubmissionResult

from .fixtures import REPO


def rows(text):
    return list(csv.reader(io.StringIO(text)))


def test_results_json_reads_back_into_the_same_results(graded_class):
    for result in read_results(graded_class):
        assert SubmissionResult.from_json(result.to_json()) == result


def test_canvas_has_its_id_columns_a_points_possible_row_and_a_score_per_student(graded_class):
    table = rows(export_csv(read_results(graded_class), "canvas"))
    assert table[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "hw06"]
    assert table[1][0] == "Points Possible" and table[1][5] == "15"
    by_id = {row[2]: row[5] for row in table[2:]}
    assert by_id["s2301"] == "10" and by_id["s2303"] == "0" and len(by_id) == 6


def test_moodle_has_an_id_number_a_score_and_a_feedback_column(graded_class):
    table = rows(export_csv(read_results(graded_class), "moodle"))
    assert table[0] == ["ID number", "hw06", "hw06 feedback"]
    s2302 = next(row for row in table if row[0] == "s2302")
    assert s2302[1] == "5" and "no-keepdims" in s2302[2] and "Q1 5/10" in s2302[2]


def test_the_export_verb_writes_the_file_and_refuses_an_empty_folder(graded_class, tmp_path):
    run = subprocess.run([sys.executable, "-m", "harness", "export", "--format", "moodle", "--out", str(graded_class),
                          "--to", str(tmp_path / "m.csv")], cwd=REPO, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert rows((tmp_path / "m.csv").read_text())[0][0] == "ID number"
    empty = subprocess.run([sys.executable, "-m", "harness", "export", "--format", "canvas", "--out", str(tmp_path)],
                           cwd=REPO, capture_output=True, text=True)
    assert empty.returncode == 2 and "no results.json" in empty.stderr
