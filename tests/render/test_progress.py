"""The progress bar: count and ETA on a terminal; silent in logs, pipes and CI."""
import io

from harness.render.progress import Progress, wanted


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_it_shows_the_count_and_an_eta_from_the_pace_so_far(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    now = [0.0]
    stream = Terminal()
    bar = Progress(4, stream=stream, clock=lambda: now[0])
    now[0] = 10.0
    bar.advance("s2301 hw06: 15 / 15")
    assert "1/4" in stream.getvalue().split("\r")[-1] and "ETA 0:30" in stream.getvalue()
    assert "s2301 hw06" in stream.getvalue()
    for _ in range(3):
        bar.advance()
    bar.finish()
    assert "4/4 done in 0:10" in stream.getvalue() and stream.getvalue().endswith("\n")


def test_it_is_silent_when_not_on_a_terminal_or_in_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    pipe = io.StringIO()
    bar = Progress(3, stream=pipe)
    bar.advance("x")
    bar.finish()
    assert pipe.getvalue() == ""
    monkeypatch.setenv("CI", "true")
    assert not wanted(Terminal())
