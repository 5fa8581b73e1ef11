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


def test_several_files_for_one_assignment_are_one_submission(tmp_path):
    touch(tmp_path / "ana" / "DL_HW6_Q4.ipynb")
    touch(tmp_path / "ana" / "DL_HW6_Q3.ipynb")
    [found] = discover(tmp_path / "ana", ASSIGNMENTS)
    assert found.problem == "" and found.assignment == "hw06"
    assert [f.name for f in found.all_files] == ["DL_HW6_Q3.ipynb", "DL_HW6_Q4.ipynb"]


def test_a_single_file_is_a_submission_of_one_file_as_before(tmp_path):
    [found] = discover(touch(tmp_path / "ana" / "hw06.ipynb").parent, ASSIGNMENTS)
    assert found.files == () and found.all_files == (found.path,)


def test_an_assignment_folder_holds_the_assignment_whatever_its_files_are_called(tmp_path):
    for name in ("Q10.ipynb", "Q1.ipynb", "Q3.ipynb", "utils.py"):
        touch(tmp_path / "c" / "ana" / "hw06" / name)
    touch(tmp_path / "c" / "ana" / "hw06" / ".ipynb_checkpoints" / "Q1-checkpoint.ipynb")
    touch(tmp_path / "c" / "bo" / "hw13.ipynb")
    found = discover(tmp_path / "c", ASSIGNMENTS)
    assert [(s.student, s.assignment, [f.name for f in s.all_files]) for s in found] == [
        ("ana", "hw06", ["Q1.ipynb", "Q3.ipynb", "Q10.ipynb", "utils.py"]), ("bo", "hw13", ["hw13.ipynb"])]
    # One student's folder, and one student's assignment folder, alike.
    assert [s.student for s in discover(tmp_path / "c" / "ana", ASSIGNMENTS)] == ["ana"]
    [alone] = discover(tmp_path / "c" / "ana" / "hw06", ASSIGNMENTS)
    assert (alone.student, alone.assignment, len(alone.all_files)) == ("ana", "hw06", 4)


def test_nbgrader_layout(tmp_path):
    touch(tmp_path / "submitted" / "p1" / "hw06" / "Keras.ipynb")
    touch(tmp_path / "submitted" / "p1" / "hw01" / "Keras.ipynb")
    touch(tmp_path / "submitted" / "p2" / "hw06" / "Q1.ipynb")
    found = discover(tmp_path / "submitted", ASSIGNMENTS)
    assert [(s.student, s.assignment) for s in found] == [("p1", "hw01"), ("p1", "hw06"), ("p2", "hw06")]
    assert [s.student for s in discover(tmp_path / "submitted", ASSIGNMENTS, forced="hw06")] == ["p1", "p2"]


def test_files_naming_no_assignment_need_the_folder_or_the_option(tmp_path):
    touch(tmp_path / "ana" / "Q1.ipynb")
    touch(tmp_path / "ana" / "Q3.ipynb")
    [undecided] = discover(tmp_path / "ana", ASSIGNMENTS)
    assert undecided.assignment is None and "Q1.ipynb, Q3.ipynb" in undecided.problem
    [forced] = discover(tmp_path / "ana", ASSIGNMENTS, forced="hw06")
    assert forced.assignment == "hw06" and len(forced.all_files) == 2


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
        ("bo", "notebook.ipynb", "")]  # both of bo's files are his hw13: notebooks first
    assert [f.name for f in found[1].all_files] == ["notebook.ipynb", "hw13.py"]


def test_a_notebook_naming_no_assignment_beside_named_files_is_reported_not_dropped(tmp_path):
    touch(tmp_path / "ana" / "hw06.ipynb")
    touch(tmp_path / "ana" / "scratch.ipynb")
    touch(tmp_path / "ana" / "utils.py")
    graded, reported = discover(tmp_path / "ana", ASSIGNMENTS)
    assert [f.name for f in graded.all_files] == ["hw06.ipynb", "utils.py"]  # the helper travels with it
    assert reported.assignment is None and "scratch.ipynb" in reported.problem


def test_a_dask_task_carries_every_file_by_its_place_in_the_assignment(tmp_path):
    from harness.grading.executors import _bundle

    for name in ("Q1.ipynb", "lib/data.py"):
        touch(tmp_path / "ana" / "hw06" / name)
    [found] = discover(tmp_path / "ana" / "hw06", ASSIGNMENTS)
    assert sorted(_bundle(found)) == ["Q1.ipynb", "lib/data.py"]
