"""--executor dask: a LocalCluster on loopback grades the example class exactly as a local run does."""
from __future__ import annotations

from pathlib import Path

import pytest

from harness import api

ROOT = Path(__file__).resolve().parents[2]
distributed = pytest.importorskip("distributed", reason="dask[distributed] is not installed "
                                                        "(pip install 'harness[cluster]')")


def _summary(results):
    return [(r.student, r.assignment, r.score, r.problem,
             [(c.name, c.score, c.status, c.message, c.mistake) for c in r.checks],
             [(c.index, c.status, c.error) for c in r.cells]) for r in results]


def test_a_dask_cluster_grades_exactly_as_a_local_run(tmp_path):
    classdir = tmp_path / "class"
    for student in ("s2301", "s2302", "s2305", "s2306"):
        (classdir / student).mkdir(parents=True)
        for file in (ROOT / "submissions" / student).glob("hw06.*"):
            (classdir / student / file.name).write_bytes(file.read_bytes())
    local = api.grade(path=str(classdir), out=str(tmp_path / "local"), jobs=2, course=str(ROOT),
                      echo=lambda *_: None, progress=False)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        remote = api.grade(path=str(classdir), out=str(tmp_path / "dask"), course=str(ROOT),
                           executor="dask", scheduler=cluster.scheduler_address, echo=lambda *_: None,
                           progress=False)
    assert [r.student for r in remote] == ["s2301", "s2302", "s2305", "s2306"]  # discovery order
    assert _summary(remote) == _summary(local)
    assert [r.path for r in remote] == [r.path for r in local]  # the student's file, not the worker's copy
    assert (tmp_path / "dask" / "gradebook.csv").read_text() == (tmp_path / "local" / "gradebook.csv").read_text()


def test_dask_without_a_scheduler_is_a_usage_error(tmp_path):
    with pytest.raises(api.UsageError, match="--scheduler"):
        api.grade(path=str(ROOT / "submissions" / "s2301" / "hw06.ipynb"), out=str(tmp_path / "out"),
                  course=str(ROOT), executor="dask", echo=lambda *_: None, progress=False)
