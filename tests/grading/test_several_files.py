"""An assignment handed in as several files: which run, how their answers merge, what needs review.

Fast: the runs are made up (no worker starts); tests/test_past_semester.py grades real ones.
"""
import json
import os
import subprocess
import sys
import textwrap

import pytest

from harness.contract.protocol import Answer, CellReport, ProbeError
from harness.grading import review
from harness.grading.merge import choose, merged_prose
from harness.grading.review import Run
from harness.intake.assignment_files import entry_points, helper_modules, preamble
from harness.intake.notebook import CodeCell, Source
from harness.run.job import RunRecord
from harness.spec.rubric import Check, Question
from harness.spec.plan import PlannedCheck
from harness.contract.protocol import Probe


def source(name, *cells, kind=None, markdown=(), labels=()):
    kind = kind or ("module" if name.endswith(".py") else "notebook")
    labels = labels or [""] * len(cells)
    return Source(f"/class/ana/hw06/{name}", kind,
                  tuple(CodeCell(i, textwrap.dedent(c), label=label)
                        for i, (c, label) in enumerate(zip(cells, labels))),
                  tuple(markdown))


def planned(target="layer_norm", visibility="public", title="Batch and layer normalisation", aliases=()):
    check = Check(kind="function", target=target, points=2, visibility=visibility, aliases=list(aliases))
    question = Question(id="Q1", title=title, points=2, checks=[check])
    return PlannedCheck(question, check, 1, (Probe("main", target),))


def run(src, answer=None, cells=()):
    record = RunRecord(cells={c.index: c for c in cells})
    if answer is not None:
        record.answers["Q1.1.main"] = answer
    return Run(src, record)


MISSING = Answer(error=ProbeError("missing", "`layer_norm` is not defined"))
RIGHT = Answer(value=[[0.0]])


# --- which files run ---------------------------------------------------------------------------

def test_every_notebook_runs_and_a_module_runs_unless_it_is_a_helper():
    nb1, nb2 = source("Q1.ipynb", "from utils import load"), source("Q3.ipynb", "x = 1")
    utils = source("utils.py", "import numpy as np\ndef load():\n    return np.ones(3)\n")
    model = source("model.py", "from utils import load\nlayer_norm = load")  # defines a target: runs
    trains = source("train.py", "from utils import load\nhistory = load()\nprint(history)")  # imported by none
    lonely_library = source("extra.py", "def f():\n    return 1\n")
    entries = entry_points([nb1, nb2, utils, model, trains, lonely_library], {"layer_norm"})
    assert [s.path.rsplit("/", 1)[1] for s in entries] == ["Q1.ipynb", "Q3.ipynb", "model.py", "train.py"]


def test_one_file_always_runs_and_modules_importing_each_other_keep_their_programs():
    only = source("hw06.py", "def f():\n    return 1\n")
    assert entry_points([only], {"layer_norm"}) == [only]
    a = source("a.py", "import b\nb.go()")
    b = source("b.py", "import a\ndef go():\n    pass\n")
    assert [s.path.rsplit("/", 1)[1] for s in entry_points([a, b], set())] == ["a.py", "b.py"]


def test_the_preamble_makes_the_modules_importable_and_leaves_no_name(tmp_path):
    (tmp_path / "hw").mkdir()
    (tmp_path / "hw" / "utils.py").write_text("def three():\n    return 3\n")
    (tmp_path / "hw" / "pkg").mkdir()
    (tmp_path / "hw" / "pkg" / "deep.py").write_text("VALUE = 'deep'\n")
    sources = [source("Q1.ipynb", "x = 1"), Source(str(tmp_path / "hw" / "utils.py"), "module", ()),
               Source(str(tmp_path / "hw" / "pkg" / "deep.py"), "module", ())]
    modules = helper_modules(sources, tmp_path / "hw")
    assert sorted(modules) == ["pkg/deep.py", "utils.py"]
    work = tmp_path / "worker"
    work.mkdir()
    program = preamble(modules) + "import utils\nfrom pkg import deep\nprint(utils.three(), deep.VALUE, " \
                                  "sorted(n for n in globals() if 'harness' in n))\n"
    done = subprocess.run([sys.executable, "-c", program], cwd=work, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": ""})
    assert done.stdout.strip() == "3 deep []", done.stderr


# --- merging -----------------------------------------------------------------------------------

def test_the_answer_comes_from_the_file_that_defines_the_target():
    pc = planned()
    runs = [run(source("Q1.ipynb"), MISSING), run(source("Q3.ipynb"), RIGHT)]
    choice = choose(pc, runs)
    assert (choice.index, choice.all_missing, choice.note) == (1, False, "")


def test_when_several_files_define_it_the_one_without_error_wins_and_it_is_said():
    pc = planned()
    broken = Answer(error=ProbeError("exception", "NameError: name 'mu' is not defined"))
    runs = [run(source("Q1.ipynb"), broken), run(source("Q3.ipynb"), RIGHT)]
    choice = choose(pc, runs)
    assert choice.index == 1 and "defined in Q1.ipynb, Q3.ipynb" in choice.note and "without error" in choice.note
    both_right = choose(pc, [run(source("Q1.ipynb"), RIGHT), run(source("Q3.ipynb"), RIGHT)])
    assert both_right.index == 0 and "first of them" in both_right.note


def test_prose_comes_from_whichever_file_answers():
    first = source("Q1.ipynb", markdown=("# Q1\nsee code",))
    second = source("Q3.ipynb", markdown=("## Q2\nBERT masks tokens and predicts them from both sides.",))
    assert merged_prose([first, second], ["Q2"])["Q2"]["answered"]


# --- needs review ------------------------------------------------------------------------------

def decide(pc, answer, runs, all_missing, score=0.0, grader_error=False):
    return review.decide(pc, score, grader_error, None, answer, runs[0], runs, all_missing)


def test_a_question_nothing_mentions_is_a_zero_not_a_review():
    pc = planned()
    runs = [run(source("Q1.ipynb", "import numpy as np\nx = np.ones(3)", "model = build()"), MISSING)]
    assert decide(pc, MISSING, runs, True) is None


def test_the_untouched_template_is_a_zero_not_a_review():
    pc = planned()
    stub = "def layer_norm(x, eps=0.0):\n    # TODO\n    raise NotImplementedError\n"
    raised = Answer(error=ProbeError("exception", "NotImplementedError: ", ename="NotImplementedError"))
    assert decide(pc, raised, [run(source("Q1.ipynb", stub), raised)], False) is None
    # Even were it looked for by name only, a stub is not an attempt.
    assert review.likely_cells([run(source("Q1.ipynb", stub))], pc, defined_only=True) == []


def test_an_answer_under_a_name_the_rubric_does_not_know_goes_to_review_with_its_cell():
    pc = planned()
    runs = [run(source("Q1.ipynb", "import numpy as np", "layer_noramlization = (X - m) / s", labels=("2", "[7]"))),
            run(source("Q3.ipynb", "BatchNormalization()\nlayer = 3"))]
    verdict = decide(pc, MISSING, runs, True)
    assert verdict["reason"]["id"] == "review.not_located"
    assert verdict["reason"]["params"]["where"] == "Q1.ipynb, cell [7]"  # named as Jupyter shows it
    assert verdict["likely"] == [{"file": "Q1.ipynb", "cell": 1, "label": "[7]",
                                  "excerpt": "layer_noramlization = (X - m) / s"}]
    from harness.results.sheet import likely_text

    assert likely_text(verdict).startswith("[Q1.ipynb, cell [7]]\n")
    assert likely_text({"likely": [{"file": "Q1.ipynb", "cell": 1}]}).startswith("[Q1.ipynb, cell 1]")  # before


def test_a_library_name_used_is_not_an_attempt():
    pc = planned(target="batch_norm")
    runs = [run(source("Q3.ipynb", "from keras.layers import BatchNormalization\nm.add(BatchNormalization())"))]
    assert decide(pc, MISSING, runs, True) is None


def test_an_environment_failure_goes_to_review_only_where_it_could_be_the_cause():
    pc = planned(target="batch_norm")
    failed = CellReport(0, "error", "ModuleNotFoundError: No module named 'kaggle_datasets'")
    name_error = Answer(error=ProbeError("exception", "NameError: name 'np' is not defined", ename="NameError"))
    src = source("Q1.ipynb", "from kaggle_datasets import K\nimport numpy as np",
                 "def batch_norm(x):\n    return (x - np.mean(x, 0)) / np.std(x, 0)")
    verdict = decide(pc, name_error, [run(src, name_error, [failed])], False)
    assert verdict["reason"]["id"] == "review.environment"
    assert verdict["reason"]["params"]["error"].startswith("Q1.ipynb, cell 1: ModuleNotFoundError")
    # The student's own mistake in the same file stays theirs.
    type_error = Answer(error=ProbeError("exception", "TypeError: bad operand", ename="TypeError"))
    assert decide(pc, type_error, [run(src, type_error, [failed])], False) is None
    # And a question nothing mentions stays a zero, environment problem or not.
    other = planned(target="layer_norm", title="Layer normalisation")
    assert decide(other, MISSING, [run(src, MISSING, [failed])], True) is None


def test_a_hidden_checks_own_error_is_named_by_type_only():
    pc = planned(visibility="hidden")
    leak = Answer(error=ProbeError("exception", "ModuleNotFoundError: No module named 'secret [[1.5, 2.5]]'"))
    verdict = decide(pc, leak, [run(source("Q1.ipynb", "def layer_norm(x):\n    import x\n"), leak)], False)
    assert verdict["reason"]["params"]["error"] == "ModuleNotFoundError"


@pytest.mark.parametrize("kind, expected", [("not-run", "review.not_run"), ("timeout", None), ("crash", None)])
def test_time_and_crashes(kind, expected):
    pc = planned()
    answer = Answer(error=ProbeError(kind, "..."))
    verdict = decide(pc, answer, [run(source("Q1.ipynb", "def layer_norm(x):\n    while True: pass\n"), answer)],
                     False)
    assert (verdict or {}).get("reason", {}).get("id") == expected


def test_the_graders_own_failure_and_full_marks():
    pc = planned()
    runs = [run(source("Q1.ipynb", "x = 1"), RIGHT)]
    assert decide(pc, RIGHT, runs, False, grader_error=True)["reason"]["id"] == "review.grader"
    assert decide(pc, RIGHT, runs, False, score=2.0) is None
    assert decide(pc, RIGHT, runs, False) is None  # answered and wrong: the student's


def test_review_and_file_survive_results_json():
    from harness.results.model import CheckResult, SubmissionResult

    pending = CheckResult("Q1", 1, "layer_norm", "function", 0.0, 2.0, "hidden", "not defined", file="Q1.ipynb",
                          review={"reason": {"id": "review.grader", "params": {}}, "likely": []})
    done = CheckResult("Q2", 1, "one_hot", "function", 1.0, 2.0, "public", "ok", file="Q3.ipynb",
                       review={"reason": {"id": "review.grader", "params": {}}, "likely": [], "points": 1.0,
                               "comment": ""})
    result = SubmissionResult("ana", "hw06", "t", "Q1.ipynb", (pending, done), (("Q1", "a"), ("Q2", "b")),
                              files=("Q1.ipynb", "Q3.ipynb"), cell_files=())
    data = json.loads(json.dumps(result.to_json()))
    assert data["extra_data"]["review"] == ["Q1"] and data["extra_data"]["reviewed"] == ["Q2"]
    assert data["extra_data"]["answered_by"] == {"Q1": ["Q1.ipynb"], "Q2": ["Q3.ipynb"]}
    assert [t["extra_data"]["needs_review"] for t in data["tests"]] == [True, False]
    assert SubmissionResult.from_json(data) == result


# --- cells placed per file ---------------------------------------------------------------------
# A one-file submission's cells are named as Jupyter shows them, its syntax errors put at the student's
# line and a missing name traced to the failed cell that would have defined it (tests/test_cli_outputs.py);
# with several files the same is done per file, each with its own labels.

Q1_CODE = ("import numpy as np", "def batch_norm(x):\n    return (x - x.mean(0)) / x.std(0)\n")
Q3_CODE = ("import numpy as np", "def layer_norm(x):\n    return = (x - x.mean(1))\n", "out = layer_norm(np.ones(3))")
SYNTAX = CellReport(1, "error", error="SyntaxError: invalid syntax (<cell 1>, line 2)",
                    traceback='  File "/usr/lib/python3.11/ast.py", line 50, in parse\nSyntaxError: invalid syntax')
LATER = CellReport(2, "error", error="NameError: name 'layer_norm' is not defined",
                   traceback='  File "<cell 2>", line 1, in <module>\nNameError: name \'layer_norm\' is not defined')


def missing(name):
    from harness.run.reasons import worded

    return Answer(error=worded(ProbeError("missing", f"`{name}` is not defined", reason={
        "id": "reason.missing", "params": {"name": name, "tried": [], "close": ""}})))


def grade_made_up(monkeypatch, runs, *checks):
    """``grade_files`` on made-up runs ({file: (source, record)}): the whole merge and placement, no worker."""
    from pathlib import Path
    from types import SimpleNamespace

    from harness.grading import pipeline
    from harness.intake.discover import Submission
    from harness.spec.plan import plan
    from harness.spec.rubric import Rubric

    monkeypatch.setattr(pipeline, "_student_job", lambda src, *args, **kwargs: src)
    monkeypatch.setattr(pipeline, "run_job", lambda src: runs[Path(src.path).name][1])
    questions = [Question(id=f"Q{i}", title=f"Q{i}", points=2, checks=[c]) for i, c in enumerate(checks, 1)]
    rubric = Rubric(id="hw06", title="Normalisation", reference="reference.hw06", questions=questions)
    planned = plan(rubric, ("public", "hidden"))
    reference = {pc.probe_id(p.id, "reference"): RIGHT for pc in planned for p in pc.probes}
    sources = [src for src, _ in runs.values()]
    files = tuple(Path(s.path) for s in sources)
    return pipeline.grade_files(Submission("ana", "hw06", files[0], files=files), SimpleNamespace(
        reference_dir=lambda r: None), rubric, planned, reference, sources, pipeline.Settings())


def two_notebooks(q3_cells=(CellReport(0, "ok"), SYNTAX, LATER)):
    q1 = source("Q1.ipynb", *Q1_CODE, labels=("[1]", "[2]"))
    q3 = source("Q3.ipynb", *Q3_CODE, labels=("2", "4", "5"))  # markdown between: Jupyter's places
    q1_record = RunRecord(cells={0: CellReport(0, "ok"), 1: CellReport(1, "ok")})
    q1_record.answers.update({"Q1.1.main": missing("layer_norm"), "Q2.1.main": RIGHT})
    q3_record = RunRecord(cells={c.index: c for c in q3_cells})
    q3_record.answers.update({"Q1.1.main": missing("layer_norm"), "Q2.1.main": missing("batch_norm")})
    return {"Q1.ipynb": (q1, q1_record), "Q3.ipynb": (q3, q3_record)}


def test_a_syntax_error_in_the_second_notebook_is_named_with_its_file_its_cell_and_the_students_line(monkeypatch):
    from harness.render import check_report
    from harness.render.html import feedback_page
    from harness.results.cell_failures import failed_cells

    result = grade_made_up(monkeypatch, two_notebooks(), Check(kind="value", target="layer_norm", points=2),
                           Check(kind="value", target="batch_norm", points=2))
    layer, batch = result.checks
    assert layer.message == "`layer_norm` is not defined because cell 4 of Q3.ipynb raised SyntaxError at line 2"
    assert layer.said["id"] == "reason.missing_because_in" and layer.hidden_said["id"] == "summary.missing_because_in"
    assert (batch.score, batch.file) == (2.0, "Q1.ipynb")  # answered by the other file, right
    assert result.cell_files == ("Q1.ipynb", "Q1.ipynb", "Q3.ipynb", "Q3.ipynb", "Q3.ipynb")
    syntax = result.cells[3]
    assert 'File "Q3.ipynb, cell 4", line 2' in syntax.traceback and "return = " in syntax.traceback
    assert "ast.py" not in syntax.traceback
    failed = failed_cells(result)
    assert [(f.file, f.label, f.ename, f.line, f.because) for f in failed] == [
        ("Q3.ipynb", "4", "SyntaxError", 2, ""), ("Q3.ipynb", "5", "NameError", 1, "4")]
    words = check_report.engine("en")
    assert check_report.cell_line(words, failed[0]) == "Q3.ipynb, cell 4, line 2: SyntaxError: invalid syntax"
    assert check_report.cell_line(words, failed[1]) == \
        "Q3.ipynb, cell 5, line 1: NameError: name 'layer_norm' is not defined (because cell 4 failed first)"
    page = feedback_page(result)
    assert "Q3.ipynb</bdi>, cell <bdi" in page and "because cell 4 of" in page
    persian = feedback_page(result, "fa")
    assert "Q3.ipynb</bdi>، سلول <bdi" in persian and "چون سلول" in persian
    # What results.json keeps reads back the same, labels and all.
    again = type(result).from_json(json.loads(json.dumps(result.to_json())))
    assert again == result and again.cell_label(1, "Q3.ipynb") == "4" and again.cell_label(1, "Q1.ipynb") == "[2]"


def test_without_the_failed_cell_the_check_says_only_that_the_name_is_missing(monkeypatch):
    runs = two_notebooks(q3_cells=(CellReport(0, "ok"), CellReport(1, "ok"), CellReport(2, "ok")))
    result = grade_made_up(monkeypatch, runs, Check(kind="value", target="layer_norm", points=2))
    assert "because" not in result.checks[0].message and result.checks[0].said["id"] == "reason.missing"


def several(cells, checks=()):
    """A made-up result of Q1.ipynb and Q3.ipynb, cells as (file, report), placed as the pipeline places them."""
    from harness.results.cell_failures import placed_files
    from harness.results.model import SubmissionResult

    sources = {"Q1.ipynb": source("Q1.ipynb", "import numpy as np", "mu = np.mean(X, 0\nsigma = 1", "y = mu"),
               "Q3.ipynb": source("Q3.ipynb", "import numpy as np", "import kaggle_datasets\nscale = 2",
                                  "z = mu * 2", "w = scale")}
    raw = SubmissionResult("ana", "hw06", "t", "/class/ana/hw06/Q1.ipynb", tuple(checks), (("Q1", "a"),),
                           cells=tuple(c for _, c in cells), files=tuple(sources),
                           cell_files=tuple(f for f, _ in cells))
    return placed_files(sources, raw)


def missing_check(name, file):
    from harness.results.message import say, to_json
    from harness.results.model import CheckResult

    said = say("reason.missing", name=name, tried="", close="")
    return CheckResult("Q1", 1, name, "value", 0.0, 2.0, "public", said, said=to_json(said), file=file)


def test_a_name_a_failed_cell_of_one_file_would_have_defined_is_not_blamed_on_another_files_cells():
    from harness.results.cell_failures import failed_cells

    mu_fails = CellReport(1, "error", error="SyntaxError: '(' was never closed (<cell 1>, line 1)")
    kaggle_fails = CellReport(1, "error", error="ModuleNotFoundError: No module named 'kaggle_datasets'")
    mu_missing = CellReport(2, "error", error="NameError: name 'mu' is not defined")
    scale_missing = CellReport(3, "error", error="NameError: name 'scale' is not defined")
    checks = (missing_check("mu", "Q3.ipynb"), missing_check("mu", "Q1.ipynb"), missing_check("mu", ""),
              missing_check("scale", "Q1.ipynb"))
    result = several([("Q1.ipynb", CellReport(0, "ok")), ("Q1.ipynb", mu_fails), ("Q1.ipynb", CellReport(2, "ok")),
                      ("Q3.ipynb", CellReport(0, "ok")), ("Q3.ipynb", kaggle_fails), ("Q3.ipynb", mu_missing),
                      ("Q3.ipynb", scale_missing)], checks)
    in_q3, in_q1, nowhere, scale_in_q1 = result.checks
    # Q3 never saw Q1's variables: its own failed cell at the same index (which defines `scale`) is not the cause.
    assert in_q3.said["id"] == "reason.missing" and "because" not in in_q3.message
    assert in_q1.message == "`mu` is not defined because cell 2 of Q1.ipynb raised SyntaxError at line 1"
    assert nowhere.said["id"] == "reason.missing_because_in" and nowhere.said["params"]["file"] == "Q1.ipynb"
    assert scale_in_q1.said["id"] == "reason.missing"  # Q3's failed cell defines `scale`, Q1 looked for it
    failed = {(f.file, f.index): f for f in failed_cells(result)}
    assert failed[("Q3.ipynb", 2)].because == ""  # Q3's NameError for `mu` is not Q1's cell's doing
    assert failed[("Q3.ipynb", 3)].because == "2"  # but the one for `scale` is Q3's own cell 2's
    assert failed[("Q3.ipynb", 3)].environment == "" and failed[("Q3.ipynb", 1)].environment == "library"
    assert result.definitions_in("Q1.ipynb") == {1: frozenset({"mu", "sigma"})}
    assert result.definitions_in("Q3.ipynb")[1] == frozenset({"kaggle_datasets", "scale"})


def test_one_file_results_keep_their_form_and_several_files_results_written_before_still_read():
    from harness.results.cell_failures import placed
    from harness.results.model import SubmissionResult

    one = source("Q1.ipynb", "import numpy as np", "mu = np.mean(X, 0\nsigma = 1", labels=("1", "[3]"))
    raw = SubmissionResult("ana", "hw06", "t", "/class/ana/hw06/Q1.ipynb", (missing_check("mu", ""),),
                           (("Q1", "a"),), cells=(CellReport(0, "ok"), CellReport(
                               1, "error", error="SyntaxError: '(' was never closed (<cell 1>, line 1)")))
    done = placed(one, raw)
    assert done.cell_labels == ("1", "[3]") and done.cell_names == {1: ("mu", "sigma")} and not done.file_cell_labels
    assert done.checks[0].message == "`mu` is not defined because cell [3] raised SyntaxError at line 1"
    assert 'File "cell [3]", line 1' in done.cells[1].traceback
    extra = done.to_json()["extra_data"]
    assert "file_cell_labels" not in extra and "file_cell_names" not in extra and "cell_files" not in extra
    # A result of several files written before labels were kept per file: cells numbered from 1, as then.
    data = several([("Q1.ipynb", CellReport(0, "ok")), ("Q3.ipynb", CellReport(0, "ok"))]).to_json()
    assert data["extra_data"]["cell_labels"] == [] and data["extra_data"]["cell_names"] == {}  # the old keys' form
    del data["extra_data"]["file_cell_labels"], data["extra_data"]["file_cell_names"]
    old = SubmissionResult.from_json(data)
    assert old.cell_label(2, "Q3.ipynb") == "3" and old.to_json() == data


def test_a_failed_cell_binds_its_own_lines_targets_not_a_defs_parameters():
    from harness.results.cell_failures import definitions

    assert definitions("import kaggle_datasets\nscale = 2") == {"kaggle_datasets", "scale"}
    assert definitions("def layer_norm(x, eps=0.0):\n    mu = 1\nclass A(B, metaclass=M): pass") == {"layer_norm", "A"}
    assert definitions("a, (b, c) = 1, (2, 3)\nx: int = 3\nprint(y)\nz == 1") == {"a", "b", "c", "x"}
