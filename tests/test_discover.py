import pytest

from harness.intake.discover import DiscoveryError, discover, infer_assignment

ASSIGNMENTS = ["hw01", "hw03", "hw06", "hw13", "hw14"]


def touch(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("x = 1\n")
    return path


@pytest.mark.parametrize("stem, expected", [
    ("hw06", ["hw06"]), ("HW6", ["hw06"]), ("hw06_final", ["hw06"]), ("Homework-13 (1)", ["hw13"]),
    ("notes", []), ("hw06_and_hw13", ["hw06", "hw13"]),
])
def test_the_assignment_is_inferred_from_the_file_name(stem, expected):
    assert infer_assignment(stem, ASSIGNMENTS) == expected


def test_a_class_folder_a_student_folder_and_a_file(tmp_path):
    touch(tmp_path / "c" / "ana" / "hw06.ipynb")
    touch(tmp_path / "c" / "ana" / "utils.py")
    touch(tmp_path / "c" / "bo" / "HW13.py")
    found = discover(tmp_path / "c", ASSIGNMENTS)
    assert [(s.student, s.assignment) for s in found] == [("ana", "hw06"), ("bo", "hw13")]
    assert [s.student for s in discover(tmp_path / "c" / "bo", ASSIGNMENTS)] == ["bo"]
    assert discover(tmp_path / "c" / "ana" / "hw06.ipynb", ASSIGNMENTS)[0].assignment == "hw06"


def test_a_file_named_for_an_assignment_without_a_rubric_is_reported(tmp_path):
    touch(tmp_path / "ana" / "hw06.ipynb")
    touch(tmp_path / "ana" / "hw99.ipynb")
    found = discover(tmp_path / "ana", ASSIGNMENTS)
    assert [s.assignment for s in found] == ["hw06", None]
    assert "no rubric for hw99" in found[1].problem


def test_two_files_for_one_assignment_are_a_problem_for_that_student(tmp_path):
    touch(tmp_path / "ana" / "hw06.ipynb")
    touch(tmp_path / "ana" / "hw06.py")
    [found] = discover(tmp_path / "ana", ASSIGNMENTS)
    assert "two files" in found.problem


def test_unknown_or_ambiguous_single_files_name_the_assignments(tmp_path):
    with pytest.raises(DiscoveryError, match="hw01, hw03, hw06, hw13, hw14"):
        discover(touch(tmp_path / "notes.py"), ASSIGNMENTS)
    with pytest.raises(DiscoveryError, match="could be any of hw06, hw13"):
        discover(touch(tmp_path / "hw06_hw13.py"), ASSIGNMENTS)
    assert discover(tmp_path / "notes.py", ASSIGNMENTS, forced="hw06")[0].assignment == "hw06"


def test_missing_paths_are_usage_errors(tmp_path):
    with pytest.raises(DiscoveryError, match="does not exist"):
        discover(tmp_path / "nope", ASSIGNMENTS)


def test_a_forced_assignment_on_a_class_folder_picks_that_assignments_files(tmp_path):
    for student in ("ana", "bo"):
        (tmp_path / student).mkdir()
        for name in ("hw06.ipynb", "hw13.py", "hw99.py"):
            (tmp_path / student / name).write_text("x = 1\n")
    (tmp_path / "bo" / "notebook.ipynb").write_text("{}")
    found = discover(tmp_path, ASSIGNMENTS, forced="hw13")
    assert [(s.student, s.path.name, s.problem) for s in found] == [
        ("ana", "hw13.py", ""),
        ("bo", "hw13.py", "two files were handed in for hw13 (hw13.py, notebook.ipynb); "
                          "hand in exactly one so it is clear which to grade")]
