"""--jobs sizes TensorFlow's threads; results keep their order; a re-grade skip sees reference changes."""
from __future__ import annotations

import json
import random
import threading
import time
from pathlib import Path
from types import SimpleNamespace

from harness.grading import pipeline, reference_print
from harness.grading.executors import LocalExecutor
from harness.results import resume
from harness.run import warm
from harness.spec.course import find_course
from harness.spec.plan import plan

ROOT = Path(__file__).resolve().parents[2]


def test_workers_share_the_cores_instead_of_each_taking_all(monkeypatch):
    monkeypatch.setattr(pipeline.os, "cpu_count", lambda: 2)
    assert pipeline.threads_per_worker(pipeline.Settings(jobs=2)) == 1
    assert pipeline.threads_per_worker(pipeline.Settings(jobs=1)) == 2
    assert pipeline.threads_per_worker(pipeline.Settings(jobs=8)) == 1
    monkeypatch.setattr(pipeline.os, "cpu_count", lambda: 16)
    assert pipeline.threads_per_worker(pipeline.Settings(jobs=4)) == 4


def test_the_student_job_carries_the_thread_count_but_the_reference_cache_key_does_not(monkeypatch):
    monkeypatch.setattr(pipeline.os, "cpu_count", lambda: 2)
    course = find_course(str(ROOT))
    rubric = course.rubric("hw06")
    source = pipeline.load_source(ROOT / "submissions" / "s2301" / "hw06.ipynb")
    one, two = (pipeline._student_job(source, rubric, plan(rubric, ("public", "hidden")),
                                      pipeline.Settings(jobs=jobs)) for jobs in (1, 2))
    assert one.payload(set(), set())["determinism"]["intra_op_threads"] == 2
    assert two.payload(set(), set())["determinism"]["intra_op_threads"] == 1
    assert "intra_op_threads" not in pipeline.worker_setup(rubric, pipeline.Settings(jobs=2))["determinism"]


def test_results_come_back_in_the_order_given_whatever_order_they_finish():
    items = list(range(12))

    def grade(i):
        time.sleep(random.uniform(0, 0.02) if i else 0.3)  # the first finishes last
        return i

    assert LocalExecutor(4).run(items, grade) == items
    finished = list(LocalExecutor(4).as_finished(items, grade))
    assert sorted(finished) == [(i, i) for i in items]
    assert finished[-1] == (0, 0)  # handed back as finished, not held for the slowest


def test_gradings_not_yet_started_are_dropped_when_the_caller_stops():
    started = []

    def grade(i):
        started.append(i)
        time.sleep(0.05)
        return i

    finished = LocalExecutor(2).as_finished(list(range(40)), grade)
    next(finished)
    finished.close()
    assert len(started) < 10


def test_a_changed_reference_or_library_version_means_grading_again(tmp_path, monkeypatch):
    references = tmp_path / "reference" / "hw"
    references.mkdir(parents=True)
    (references / "q1.py").write_text("def f(x):\n    return x\n")
    submission, rubric = tmp_path / "hw.py", tmp_path / "hw.toml"
    submission.write_text("def f(x):\n    return x\n")
    rubric.write_text("id = 'hw'\n")
    setup = {"device": "cpu", "data_dir": None}

    def fingerprint():
        return resume.fingerprint(submission, str(rubric), ("public", "hidden"),
                                  reference_print.reference_print(references, setup))

    first = fingerprint()
    assert fingerprint() == first
    (references / "q1.py").write_text("def f(x):\n    return x + 0\n")
    second = fingerprint()
    assert second != first
    real = reference_print._version
    monkeypatch.setattr(reference_print, "_version", lambda name: "99.0" if name == "tensorflow" else real(name))
    assert fingerprint() != second
    assert reference_print.reference_print(references, {**setup, "device": "gpu"}) \
        != reference_print.reference_print(references, setup)


def test_the_longest_submissions_start_first_by_last_run_or_else_by_size(tmp_path):
    from harness.intake.discover import Submission

    students = {"a": 10, "b": 3000, "c": 200}
    subs = []
    for student, size in students.items():
        (tmp_path / "class" / student).mkdir(parents=True)
        path = tmp_path / "class" / student / "hw.py"
        path.write_text("#" * size)
        subs.append(Submission(student, "hw", path))
    out = tmp_path / "out"
    assert [s.student for s in resume.longest_first(subs, out)] == ["b", "c", "a"]
    for student, seconds in (("a", 9.5), ("b", 0.2)):
        (out / student / "hw").mkdir(parents=True)
        (out / student / "hw" / "results.json").write_text(json.dumps({"execution_time": seconds}))
    assert [s.student for s in resume.longest_first(subs, out)] == ["b", "c", "a"]  # c has no time: by size
    (out / "c" / "hw").mkdir(parents=True)
    (out / "c" / "hw" / "results.json").write_text(json.dumps({"execution_time": 1.0}))
    assert [s.student for s in resume.longest_first(subs, out)] == ["a", "c", "b"]


def test_one_assignment_s_reference_answers_do_not_wait_for_another_s(monkeypatch):
    started, release = threading.Event(), threading.Event()

    def answers(course, rubric, planned, **kw):
        if rubric.id == "slow":
            started.set()
            release.wait(10)
        return {rubric.id: "answer"}

    monkeypatch.setattr(pipeline, "reference_answers", answers)
    monkeypatch.setattr(pipeline, "worker_setup", lambda rubric, settings: {})
    store = pipeline.ExpectedStore(course=None, settings=pipeline.Settings())
    got = {}
    slow = threading.Thread(target=lambda: got.update(slow=store.answers(SimpleNamespace(id="slow"), [])))
    quick = threading.Thread(target=lambda: got.update(quick=store.answers(SimpleNamespace(id="quick"), [])))
    slow.start()
    assert started.wait(10)
    quick.start()
    quick.join(5)
    waited = quick.is_alive()
    release.set()
    slow.join()
    quick.join()
    assert not waited, "the quick assignment waited for the slow one's reference answers"
    assert got == {"slow": {"slow": "answer"}, "quick": {"quick": "answer"}}


def test_a_zygote_started_ahead_is_the_one_workers_are_forked_from(monkeypatch):
    booted = []

    class Booting:
        def __init__(self, env, root, flavour):
            time.sleep(0.2)
            self.alive = True
            booted.append(flavour)

    monkeypatch.setattr(warm, "Zygote", Booting)
    monkeypatch.setattr(warm, "enabled", lambda: True)
    monkeypatch.setattr(warm, "_zygotes", {})
    env = {"PATH": "/bin", "HOME": "/nowhere"}
    warm.prestart(env, str(ROOT), "light")
    time.sleep(0.05)  # the boot has begun; asking now waits for it instead of starting another
    zygote = warm._zygote({**env, "HOME": "/elsewhere"}, str(ROOT), "light")
    assert isinstance(zygote, Booting) and booted == ["light"]
