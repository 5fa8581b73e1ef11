import sys
from pathlib import Path

import pytest
from harness_testing import REPO

from harness.spec.course import Course
from harness.spec.rubric import RubricError
from harness.spec.rubric_loader import load_rubric

MINIMAL = '''
id = "hw99"
title = "Toy"
reference = "reference.hw99"

[inputs.x]
value = [1.0, 2.0]

[[questions]]
id = "Q1"
title = "Double"
points = 2
module = "q1"

  [[questions.checks]]
  kind = "function"
  target = "double"
  args = ["@x"]
  points = 2
'''


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "rubrics" / "hw99.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_a_valid_rubric_loads_into_typed_fields(tmp_path):
    rubric = load_rubric(write(tmp_path, MINIMAL))
    check = rubric.questions[0].checks[0]
    assert rubric.points == 2 and check.rtol == 1e-5 and check.visibility == "public"


@pytest.mark.parametrize("typo, suggestion", [
    ('tolerence = 1e-3', "rtol' or 'atol"),
    ('pionts = 3', "points"),
    ('visiblity = "hidden"', "visibility"),
])
def test_unknown_keys_are_rejected_with_the_nearest_valid_name(tmp_path, typo, suggestion):
    text = MINIMAL.replace('  points = 2\n', f'  points = 2\n  {typo}\n')
    with pytest.raises(RubricError) as error:
        load_rubric(write(tmp_path, text))
    assert "unknown key" in str(error.value) and suggestion in str(error.value)


@pytest.mark.parametrize("change, message", [
    (('points = 2\nmodule', 'points = 3\nmodule'), "add up to"),
    (('kind = "function"', 'kind = "fuction"'), "did you mean 'function'"),
    (('args = ["@x"]', 'args = ["@y"]'), "not defined under [inputs]"),
    (('args = ["@x"]', 'args = ["@x"]\n  visibility = "secret"'), "visibility"),
    (('points = 2\n', 'points = "two"\n'), "expected float"),
])
def test_inconsistent_rubrics_are_rejected(tmp_path, change, message):
    with pytest.raises(RubricError) as error:
        load_rubric(write(tmp_path, MINIMAL.replace(*change, 1)))
    assert message in str(error.value)


def test_mistake_explanations_default_to_the_reference_docstring(tmp_path):
    (tmp_path / "reference" / "hw99").mkdir(parents=True)
    (tmp_path / "reference" / "hw99" / "q1.py").write_text(
        'def double(x):\n    return 2 * x\n\n'
        'def mistake_double_square(x):\n    """Squared instead of doubled.\n\n    More detail."""\n    return x * x\n')
    write(tmp_path, MINIMAL + '''
  [[questions.mistakes]]
  name = "square"
  target = "double"
  function = "mistake_double_square"
''')
    rubric = Course(tmp_path).rubric("hw99")
    assert rubric.questions[0].mistakes[0].explanation == "Squared instead of doubled."


def test_a_mistake_naming_a_missing_reference_function_is_rejected(tmp_path):
    (tmp_path / "reference" / "hw99").mkdir(parents=True)
    (tmp_path / "reference" / "hw99" / "q1.py").write_text("def double(x):\n    return 2 * x\n")
    write(tmp_path, MINIMAL + '''
  [[questions.mistakes]]
  name = "square"
  target = "double"
  function = "mistake_double_square"
''')
    with pytest.raises(RubricError, match="no function mistake_double_square"):
        Course(tmp_path).rubric("hw99")


def test_every_shipped_rubric_loads():
    course = Course(REPO)
    assert course.assignment_ids()
    for assignment in course.assignment_ids():
        assert course.rubric(assignment).points > 0


TRAINING = MINIMAL.replace('''  kind = "function"
  target = "double"
  args = ["@x"]''', '''  kind = "train"
  target = "build"
  options = { dataset = "mnist", epochs = 3, metric = "accuracy" }''')


def test_a_kinds_typed_options_load_and_keep_their_defaults(tmp_path):
    from harness.checks import kind

    check = load_rubric(write(tmp_path, TRAINING)).questions[0].checks[0]
    options = kind("train").options(check)
    assert (options.epochs, options.metric, options.ratio, options.curve) == (3, "accuracy", 0.8, "val")


@pytest.mark.parametrize("options, message", [
    ('{ dataset = "mnist", epoch = 3 }', "unknown key 'epoch'; did you mean 'epochs'?"),
    ('{ dataset = "mnist", metrc = "accuracy" }', "unknown key 'metrc'; did you mean 'metric'?"),
    ('{ dataset = "mnist", epochs = "three" }', "expected int, got str"),
    ('{ dataset = "mnist", ratio = "high" }', "expected float, got str"),
])
def test_a_misspelt_or_mistyped_option_fails_at_load_with_where_and_why(tmp_path, options, message):
    text = TRAINING.replace('{ dataset = "mnist", epochs = 3, metric = "accuracy" }', options)
    with pytest.raises(RubricError) as error:
        load_rubric(write(tmp_path, text))
    assert message in str(error.value) and "Q1.checks[0].options" in str(error.value)


def test_list_kinds_prints_every_kind_with_its_options():
    from harness import api
    from harness.checks import known_kinds
    from harness.spec.typed_tables import described_fields

    lines: list[str] = []
    api.list_kinds(echo=lines.append)
    text = "\n".join(lines)
    for name, kind in known_kinds().items():
        assert f"{name}: {kind.help}" in text
        for option, *_ in described_fields(kind.Options):
            assert f"  {option} (" in text
    assert "  epochs (int | None): epochs the check trains" in text


@pytest.mark.parametrize("assignment", ["hw01", "hw03", "hw06", "hw13", "hw14"])
def test_each_prose_question_has_its_prompt_in_the_rubric_in_both_languages(assignment):
    """A question's prompt lives in one place, the rubric (the released template is built from it)."""
    rubric = Course(REPO).rubric(assignment)
    for question in rubric.questions:
        if any(c.kind == "manual" for c in question.checks):
            assert question.prompt.get("fa", "").strip() and question.prompt.get("en", "").strip(), question.id


def test_the_kinds_a_self_check_leaves_to_grading_are_a_rubric_setting(tmp_path):
    tomllib = pytest.importorskip("tomllib" if sys.version_info >= (3, 11) else "tomli")
    from harness.render.check_report import Outline, counts

    rubric = load_rubric(write(tmp_path, MINIMAL))
    assert rubric.limits.self_check_defers == ["train", "tuner", "embedding"]
    assert Outline.of(rubric).defers == Outline.of_toml(tomllib.loads(MINIMAL)).defers
    deferring = MINIMAL.replace("[inputs.x]", "[limits]\nself_check_defers = [\"function\"]\n\n[inputs.x]")
    assert load_rubric(write(tmp_path, deferring)).limits.self_check_defers == ["function"]
    outline = Outline.of_toml(tomllib.loads(deferring))
    assert counts(outline, outline.defers)["deferred"] == 1 and counts(outline, ())["deferred"] == 0
    with pytest.raises(RubricError, match="self_check_defers: unknown check kind 'trian'; did you mean 'train'"):
        load_rubric(write(tmp_path, MINIMAL.replace("[inputs.x]", "[limits]\nself_check_defers = [\"trian\"]\n\n[inputs.x]")))
