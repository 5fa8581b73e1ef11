"""Check messages in both languages: every id the code says is in both catalogues with the same
fields, results.json keeps the id, and a Persian page says the checks' verdicts in Persian."""
import ast
import json
import re
from pathlib import Path

from harness.render.exports import read_results
from harness.render.html import feedback_page
from harness.render.i18n import catalogue
from harness.render.locale import en, fa
from harness.results.legacy_reasons import from_old_text
from harness.results.message import Message, fields, say
from harness.results.model import SubmissionResult

HARNESS = Path(__file__).resolve().parents[2] / "harness"
ID = re.compile(r"^[a-z]+(?:\.[a-z0-9_]+)+$")


def literal_ids() -> set[str]:
    """Every string in the package shaped like a message id whose prefix the catalogue uses."""
    prefixes = {key.split(".")[0] for key in en.ENGINE}
    found = set()
    for path in HARNESS.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and ID.match(node.value) \
                    and node.value.rsplit(".", 1)[1] not in ("csv", "json", "html", "py", "toml") \
                    and node.value.split(".")[0] in prefixes:
                found.add(node.value)
    return found


def test_every_id_the_code_says_is_in_both_catalogues_with_the_same_fields():
    used = literal_ids()
    assert {"compare.mismatch", "reason.missing", "check.correct", "tuner.undeclared"} <= used  # the scan works
    assert used - set(en.ENGINE) == set() and set(en.ENGINE) == set(fa.ENGINE)
    for key, text in en.ENGINE.items():
        assert fields(text) == fields(fa.ENGINE[key]), key
    # ids built at run time: f"tuner.{aspect}_ok", f"hidden.{status}", f"{failure.id}.category"
    built = {k for k in en.ENGINE if k.endswith(".category") or k.startswith("hidden.") or k.endswith("_ok")}
    assert set(en.ENGINE) - used - built <= {"text"}, "catalogue entries no code says"


def test_a_message_is_its_english_text_and_keeps_its_id_through_json():
    said = say("compare.shape", got="(3, 2)", where=say("compare.at", path="[0]"), expected="(2, 3)")
    assert said == "shape (3, 2) at [0], expected (2, 3)" and isinstance(said, str)
    stored = json.loads(json.dumps(said.to_json()))
    html, lang = catalogue("fa").say(stored)
    assert lang == "fa" and "ابعاد" in html and '<bdi dir="ltr">(3, 2)</bdi>' in html
    assert catalogue("en").say(stored)[0] == said


def said_at_origins() -> list[tuple[str, str, set[str]]]:
    """(where, id, keyword names) of every ``say("id", k=...)``, ``maybe("id", v, k=...)`` and the
    worker's ``reason("id", k=...)`` in the package: the places a message or a reason is made."""
    found = []
    for path in HARNESS.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) in \
                    ("say", "maybe", "reason") and node.args and isinstance(node.args[0], ast.Constant) \
                    and isinstance(node.args[0].value, str) and not any(k.arg is None for k in node.keywords):
                found.append((f"{path.relative_to(HARNESS)}:{node.lineno}", node.args[0].value,
                              {k.arg for k in node.keywords}))
    return found


def test_every_reason_made_at_its_origin_fills_exactly_its_catalogue_fields_in_both_languages():
    origins = said_at_origins()
    reasons = [(where, id, names) for where, id, names in origins if id.startswith("reason.")]
    places = {where.split(":")[0] for where, _, _ in reasons}
    assert {"run/reasons.py", "run/watcher.py", "worker/resolve.py"} <= places  # the scan reaches the origins
    for where, id, names in reasons:
        assert id in en.ENGINE and id in fa.ENGINE, where
        assert names == fields(en.ENGINE[id]) == fields(fa.ENGINE[id]), (where, id)
    for where, id, names in origins:  # any message: no parameter its catalogue entry does not use
        assert id not in en.ENGINE or names <= fields(en.ENGINE[id]), (where, id)


def test_the_worker_may_give_only_reasons_both_catalogues_hold_with_exactly_their_fields():
    from harness.contract.protocol import WORKER_REASONS

    for id, schema in WORKER_REASONS.items():
        assert set(schema) == fields(en.ENGINE[id]) == fields(fa.ENGINE[id]), id


def test_results_written_before_reasons_had_ids_are_still_read_exactly():
    for text in ["`layer_norm` is not defined after running the submission (nor any of `ln`); did you mean "
                 "`layer_nrom`? (it must be named exactly `layer_norm`)", "it ran for more than 30 s",
                 "the process was killed (often: out of memory)", "the submission's time limit (120 s) was reached"]:
        said = from_old_text(text)
        assert isinstance(said, Message) and said == text, text
    assert not isinstance(from_old_text("ValueError: shapes (3,) and (4,) not aligned"), Message)


def test_results_json_keeps_the_id_so_a_page_renders_later_in_persian(graded_class):
    data = json.loads((graded_class / "s2302" / "hw06" / "results.json").read_text(encoding="utf-8"))
    failed = next(t for t in data["tests"] if t["status"] == "failed" and t["visibility"] == "visible")
    assert failed["extra_data"]["message"]["id"] == "check.mistake"
    assert "values differ" in failed["extra_data"]["instructor_message"]  # the English text stays for Gradescope
    again = SubmissionResult.from_json(data)
    assert again.to_json() == data


def check_messages(page: str) -> list[str]:
    """The checks' own messages (not the rubric's mistake boxes), without code and left-to-right values."""
    page = re.sub(r'<div class="mistake">.*?</div>\s*</div>|<div class="mistake">.*?</div>', "", page, flags=re.S)
    messages = re.findall(r'<div class="msg"[^>]*>(.*?)</div>', page, flags=re.S)
    return [re.sub(r"<code[^>]*>.*?</code>|<bdi[^>]*>.*?</bdi>|<[^>]+>", "", m, flags=re.S) for m in messages]


def test_a_persian_page_for_a_failing_submission_says_no_check_message_in_english(graded_class):
    for student in ("s2302", "s2303", "s2304"):
        result = next(r for r in read_results(graded_class) if r.student == student)
        assert result.score < result.max_score
        page = feedback_page(result, "fa")
        messages = check_messages(page)
        assert messages, student
        english = [m for m in messages if re.search(r"[A-Za-z]{2,}", m)]
        assert english == [], student
        assert 'class="msg" lang="en"' not in page, student
    english_page = check_messages(feedback_page(result, "en"))
    assert any(re.search(r"[A-Za-z]{3,}", m) for m in english_page)  # the filter keeps words it should judge


def test_the_persian_page_explains_the_mistake_and_its_fix_in_persian(graded_class):
    result = next(r for r in read_results(graded_class) if r.student == "s2302")
    mistake = next(c.mistake for c in result.checks if c.mistake)
    assert mistake["explanation_fa"] and mistake["hint_fa"]
    page = feedback_page(result, "fa")
    assert mistake["explanation_fa"] in page and mistake["explanation"] not in page
    assert feedback_page(result, "en").count(mistake["explanation"].replace("'", "&#39;")) == 1


def test_a_cell_stopped_by_a_limit_is_explained_in_persian_and_an_exception_kept_as_written(training_result):
    from dataclasses import replace

    from harness.contract.protocol import CellReport

    cells = (CellReport(2, "error", error="ZeroDivisionError: division by zero"),
             CellReport(3, "timeout", error="cell 3: it ran for more than 30 s"),
             CellReport(4, "not-run", error="the worker stopped before reaching it"))
    page = feedback_page(replace(training_result, cells=cells), "fa")
    # the supervisor counts code cells from 0; the page names the cell as Jupyter does (here: from 1)
    assert 'سلول <bdi dir="ltr">4</bdi>: بیش از <bdi dir="ltr">30</bdi> ثانیه طول کشید' in page
    assert "پیش از رسیدن به آن متوقف شد" in page
    assert '<div class="msg" lang="en" dir="ltr">ZeroDivisionError: division by zero</div>' in page
    assert "it ran for more than" not in page


def test_a_message_survives_pickling_as_a_dask_worker_sends_it():
    import pickle

    from harness.checks import Outcome

    outcome = Outcome(0.0, say("error.timeout", what="`f(...)`", error=say("reason.item_cpu", seconds="3")),
                      hidden_summary=say("summary.timeout"))
    back = pickle.loads(pickle.dumps(outcome))
    assert back == outcome and back.message.to_json() == outcome.message.to_json()
    assert back.message.params["error"].id == "reason.item_cpu"


def test_a_message_id_this_version_does_not_know_shows_the_stored_english(training_result):
    from dataclasses import replace

    check = replace(training_result.checks[1], said={"id": "metrics.from_the_future", "params": {"x": 1}})
    page = feedback_page(replace(training_result, checks=(training_result.checks[0], check)), "fa")
    assert "class 1 recall 0.60, expected at least 0.80" in page and "from_the_future" not in page
    assert catalogue("fa").say({"id": "nope", "params": {}}) == ("", "en")


def test_a_sandbox_limit_the_program_hit_is_worded_by_the_grader_in_the_page_s_language():
    import errno

    from harness.contract.protocol import error_from_json
    from harness.results.message import from_json
    from harness.run.reasons import worded
    from harness.worker.execute import describe_exception

    for exc, words in [(MemoryError("x"), "out of memory"), (OSError(errno.EAGAIN, "no"), "process limit"),
                       (OSError(errno.EMFILE, "no"), "open files limit")]:
        error = worded(error_from_json(describe_exception(exc)))
        said = from_json(error.reason)
        assert error.kind == "limit" and said.id == "reason.worker_limit" and words in str(said)
        assert said.params["limit"].id in fa.ENGINE
    forged = {"kind": "limit", "message": "m", "reason": {"id": "reason.worker_limit",
                                                          "params": {"limit": "bogus", "error": "x"}}}
    assert error_from_json(forged).reason is None  # a limit the worker may not name is not taken
