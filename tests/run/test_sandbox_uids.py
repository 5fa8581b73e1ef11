"""Sandbox uids are held across harness processes, so two gradings never share one."""
import os
import subprocess
import sys
import textwrap

from harness.run import isolation

HOLD = textwrap.dedent("""
    import sys, time
    from harness.run import isolation
    print(isolation.UIDS.take(), flush=True)
    sys.stdin.readline()
""")


def test_a_uid_another_process_holds_is_not_handed_out(tmp_path, monkeypatch):
    env = {**os.environ, "HARNESS_SANDBOX_UID": "62000", "HARNESS_UID_LOCKS": str(tmp_path)}
    other = subprocess.Popen([sys.executable, "-c", HOLD], env=env, stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True)
    try:
        held_elsewhere = int(other.stdout.readline())
        monkeypatch.setenv("HARNESS_UID_LOCKS", str(tmp_path))
        uids = isolation._Uids()
        uids.base = 62000
        mine = uids.take()
        assert held_elsewhere == 62000 and mine == 62001
    finally:
        other.communicate("\n", timeout=30)
    uids.give(mine)
    assert uids.take() == 62000, "a finished process's uid comes free"


def test_a_given_back_uid_is_taken_again_in_the_same_process(tmp_path, monkeypatch):
    monkeypatch.setenv("HARNESS_UID_LOCKS", str(tmp_path))
    uids = isolation._Uids()
    first, second = uids.take(), uids.take()
    assert first != second
    uids.give(first)
    assert uids.take() == first
