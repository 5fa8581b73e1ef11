"""--jobs sizes TensorFlow's threads; results keep their order; a re-grade skip sees reference changes."""
from __future__ import annotations

import random
import time
from pathlib import Path

from harness import pipeline, resume
from harness.course import find_course
from harness.executors import LocalExecutor
from harness.plan import plan

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
    arrived = []

    def grade(i):
        time.sleep(random.uniform(0, 0.02))
        return i

    assert LocalExecutor(4).run(items, grade, arrived.append) == items
    assert sorted(arrived) == items


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
                                  resume.references_print(references, setup))

    first = fingerprint()
    assert fingerprint() == first
    (references / "q1.py").write_text("def f(x):\n    return x + 0\n")
    second = fingerprint()
    assert second != first
    real = resume._version
    monkeypatch.setattr(resume, "_version", lambda name: "99.0" if name == "tensorflow" else real(name))
    assert fingerprint() != second
    assert resume.references_print(references, {**setup, "device": "gpu"}) != resume.references_print(references, setup)
