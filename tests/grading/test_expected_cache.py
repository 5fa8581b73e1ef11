"""Reference answers: a job budget of their own, answers kept across an overrun, computed once per machine.

The worker is replaced by a stand-in that answers (or does not) as told, so these run in a second;
the real reference jobs run in the slow suites (tests/test_example_class.py, the validate tests).
"""
from __future__ import annotations

import multiprocessing
import time
from pathlib import Path

import pytest

from harness.contract.protocol import Answer, ProbeError
from harness.grading import expected
from harness.run.job import RunRecord
from harness.spec.course import find_course
from harness.spec.plan import plan, reference_probes

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def hw01(tmp_path, monkeypatch):
    monkeypatch.setenv("HARNESS_CACHE", str(tmp_path / "cache"))
    course = find_course(ROOT)
    rubric = course.rubric("hw01")
    return course, rubric, plan(rubric)


def answering(calls: list, *, stop_after: int | None = None):
    """A stand-in for run_job: answers each probe with its id, or only the first ``stop_after``."""
    def run_job(job):
        calls.append([p.id for p in job.probes])
        record = RunRecord()
        for k, probe in enumerate(job.probes):
            if stop_after is not None and k >= stop_after:
                record.answers[probe.id] = Answer(error=ProbeError("timeout", "the job's time ran out"))
            else:
                record.answers[probe.id] = Answer(value=f"answer of {probe.id}")
        return record
    return run_job


def test_answers_computed_before_an_overrun_are_kept_and_only_the_rest_computed_again(hw01, monkeypatch):
    course, rubric, planned = hw01
    calls: list = []
    monkeypatch.setattr(expected, "run_job", answering(calls, stop_after=3))
    first = expected.reference_answers(course, rubric, planned)
    every = [p.id for p in reference_probes(planned)]
    assert len(every) > 3 and calls == [every]
    assert [pid for pid in every if first[pid].ok] == every[:3]

    monkeypatch.setattr(expected, "run_job", answering(calls))
    second = expected.reference_answers(course, rubric, planned)
    assert calls[1] == every[3:]  # not the three already answered
    assert all(second[pid].ok for pid in every)
    assert second[every[0]].value == "answer of " + every[0]

    expected.reference_answers(course, rubric, planned)
    assert len(calls) == 2  # whole now: nothing computed


def test_a_timeout_is_not_kept_but_a_reference_exception_is(hw01, monkeypatch):
    course, rubric, planned = hw01
    every = [p.id for p in reference_probes(planned)]

    def run_job(job):
        record = RunRecord()
        record.answers = {pid: Answer(value=1) for pid in (p.id for p in job.probes)}
        record.answers[every[0]] = Answer(error=ProbeError("timeout", "ran out"))
        record.answers[every[1]] = Answer(error=ProbeError("exception", "ValueError: no"))
        return record

    monkeypatch.setattr(expected, "run_job", run_job)
    expected.reference_answers(course, rubric, planned)
    computed: list = []
    monkeypatch.setattr(expected, "run_job", answering(computed))
    again = expected.reference_answers(course, rubric, planned)
    assert computed == [[every[0]]]
    assert again[every[1]].error.kind == "exception"


def test_the_reference_job_gets_every_probe_s_budget_not_one_submission_s(hw01, monkeypatch):
    course, rubric, planned = hw01
    budgets: list = []

    def run_job(job):
        budgets.append(job.total_seconds)
        return answering([])(job)

    monkeypatch.setattr(expected, "run_job", run_job)
    expected.reference_answers(course, rubric, planned)
    probes = reference_probes(planned)
    assert budgets == [max(600.0, rubric.limits.submission_seconds,
                           sum(p.timeout for p in probes) + expected.REFERENCE_START_SECONDS)]
    assert expected.reference_budget(rubric, probes * 40) > rubric.limits.submission_seconds


def _grade_in_another_process(cache: str, log: str, delay: float) -> None:
    import os
    os.environ["HARNESS_CACHE"] = cache
    course = find_course(ROOT)
    rubric = course.rubric("hw01")

    def run_job(job):
        with open(log, "a") as out:
            out.write("computed\n")
        time.sleep(delay)
        return answering([])(job)

    expected.run_job = run_job
    expected.reference_answers(course, rubric, plan(rubric))


def test_two_gradings_at_once_compute_the_answers_once_and_the_second_says_it_waits(hw01, tmp_path, monkeypatch):
    course, rubric, planned = hw01
    log = tmp_path / "computed.log"
    first = multiprocessing.get_context("fork").Process(
        target=_grade_in_another_process, args=(str(tmp_path / "cache"), str(log), 3.0))
    first.start()
    deadline = time.monotonic() + 60
    while not log.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    events: list = []
    monkeypatch.setattr(expected, "run_job", lambda job: pytest.fail("computed a second time"))
    answers = expected.reference_answers(course, rubric, planned, observer=events.append)
    first.join(60)
    assert log.read_text() == "computed\n"
    assert all(a.ok for a in answers.values())
    assert events and events[0]["waiting"] is True and events[0]["assignment"] == "hw01"


def test_a_cached_reference_error_keeps_its_reason_so_a_page_words_it_in_its_language(hw01, monkeypatch):
    from harness.results.message import Message, say

    course, rubric, planned = hw01
    every = [p.id for p in reference_probes(planned)]
    missing = say("reason.missing", name="f", tried="", close="")

    def run_job(job):
        record = answering([])(job)
        record.answers[every[0]] = Answer(error=ProbeError("missing", missing, reason=missing.to_json()))
        return record

    monkeypatch.setattr(expected, "run_job", run_job)
    expected.reference_answers(course, rubric, planned)
    monkeypatch.setattr(expected, "run_job", lambda job: pytest.fail("computed again"))
    error = expected.reference_answers(course, rubric, planned)[every[0]].error
    assert error.kind == "missing" and isinstance(error.message, Message) and error.message.id == "reason.missing"
    assert error.reason == missing.to_json()
