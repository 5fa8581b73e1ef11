"""`harness release`: the student template holds stubs, prompts and answer cells, and nothing hidden."""
import json
import subprocess
import sys

import nbformat
from harness_testing import REPO
from toy_course import SECRET

from harness.author.release import build_template, write_template
from harness.spec.course import Course, find_course


def _code(book):
    return [c.source for c in book.cells if c.cell_type == "code"]


def test_hw06_template_has_a_stub_per_target_and_a_tagged_answer_cell():
    course = find_course(REPO)
    book = build_template(course, course.rubric("hw06"))
    nbformat.validate(book)
    code = _code(book)
    assert "import numpy as np" in code
    assert "def batch_norm(x, eps=0.0):\n    raise NotImplementedError" in code
    assert "def layer_norm(x, eps=0.0):\n    raise NotImplementedError" in code
    assert not any("mistake_" in c or '"""' in c for c in code)  # no mistakes, no docstrings
    answers = [c for c in book.cells if c.metadata.get("harness", {}).get("answer") == "Q2"]
    assert len(answers) == 1 and answers[0].metadata["tags"] == ["answer:Q2"]


def test_hw06_template_never_mentions_hidden_checks_or_inputs():
    course = find_course(REPO)
    rubric = course.rubric("hw06")
    text = json.dumps(build_template(course, rubric), ensure_ascii=False)
    hidden = [c.name for q in rubric.questions for c in q.checks if c.visibility == "hidden"]
    assert hidden and not any(name in text for name in hidden)
    assert "3x7" not in text and "@wide" not in text and "@tall" not in text and "harness check hw06.ipynb" in text


def test_template_includes_call_argument_names_prompts_and_no_hidden_values(toy_course):
    course = Course(toy_course)
    book = build_template(course, course.rubric("toy"), "en")
    code = _code(book)
    assert "def centre(x):\n    raise NotImplementedError" in code
    assert "def scaled(centred, factor=1.0):\n    raise NotImplementedError" in code
    text = json.dumps(book, ensure_ascii=False)
    assert "Why centre columns?" in text and "چرا" not in text  # --lang en: English only
    assert str(SECRET) not in text and "9137" not in text and "hush-hush" not in text


def test_release_cli_writes_the_notebook_and_it_scores_zero_on_check(toy_course, tmp_path):
    out = tmp_path / "templates"
    run = subprocess.run([sys.executable, "-m", "harness", "--course", str(toy_course), "release", "toy",
                          "--out", str(out), "--lang", "fa"], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    path = out / "toy.ipynb"
    assert nbformat.read(path, as_version=4).metadata["harness"]["languages"] == ["fa"]
    check = subprocess.run([sys.executable, "-m", "harness", "--course", str(toy_course), "check", str(path),
                            "--out", str(tmp_path / "fb")], capture_output=True, text=True, timeout=300)
    assert check.returncode == 0, check.stderr
    assert "auto 0 / " in check.stdout and "1 hidden checks" in check.stdout
    assert "NotImplementedError" in check.stdout and "No answer to Q2" in check.stdout


def test_an_unknown_language_is_a_usage_error(toy_course, tmp_path):
    run = subprocess.run([sys.executable, "-m", "harness", "--course", str(toy_course), "release", "toy",
                          "--lang", "de"], capture_output=True, text=True, timeout=60)
    assert run.returncode == 2 and "invalid choice" in run.stderr


def test_write_template_is_valid_nbformat_v4(toy_course, tmp_path):
    course = Course(toy_course)
    path = write_template(course, course.rubric("toy"), tmp_path / "t")
    book = nbformat.read(path, as_version=4)
    nbformat.validate(book)
    assert book.nbformat == 4


def test_a_default_naming_a_reference_constant_is_written_as_its_value(toy_course):
    q1 = toy_course / "reference" / "toy" / "q1.py"
    q1.write_text(q1.read_text().replace("def scaled(centred, factor=1.0):", "FACTOR = 1.5\n\n\ndef scaled(centred, factor=FACTOR):"))
    course = Course(toy_course)
    code = _code(build_template(course, course.rubric("toy"), "en"))
    assert "def scaled(centred, factor=1.5):\n    raise NotImplementedError" in code
    exec(compile("\n".join(code), "<template>", "exec"), {})  # every name the template uses is defined
