from harness.intake.notebook import Source
from harness.intake.prose import extract_answers


def source(*markdown, answers=None):
    return Source("x.ipynb", "notebook", (), tuple(markdown), answers or {})


def test_headings_in_english_and_persian_delimit_answers():
    found = extract_answers(source("## Q1\nnumbers", "## سوال ۲\nBERT پیش‌آموزش", "### 3. Tuning\nmore"),
                            ["Q1", "Q2", "Q3"])
    assert found["Q2"] == {"answered": True, "text": "BERT پیش‌آموزش"}
    assert found["Q3"]["text"] == "more"


def test_numbered_lines_count_only_when_there_are_no_question_headings():
    found = extract_answers(source("تمرین ۶", "١.\nآرایه", "٢.\n\nBERT is a language model"), ["Q1", "Q2"])
    assert found["Q2"]["text"] == "BERT is a language model"
    found = extract_answers(source("## Q2\nanswer\n1. first point\n2. second point"), ["Q1", "Q2"])
    assert "second point" in found["Q2"]["text"] and not found["Q1"]["answered"]


def test_empty_or_placeholder_answers_are_unanswered():
    found = extract_answers(source("## Q2\n", "## Q3\n**YOUR ANSWER HERE**"), ["Q2", "Q3"])
    assert not found["Q2"]["answered"] and not found["Q3"]["answered"]


def test_persian_ordinal_headings_name_questions():
    found = extract_answers(source("## پاسخ سوال اول\nیک", "## پاسخ سوال دوم\nدو"), ["Q1", "Q2"])
    assert found["Q1"]["text"] == "یک" and found["Q2"]["text"] == "دو"


def test_a_tagged_answer_cell_wins():
    found = extract_answers(source("## Q2\nheading text", answers={"Q2": "tagged answer"}), ["Q2"])
    assert found["Q2"]["text"] == "tagged answer"
