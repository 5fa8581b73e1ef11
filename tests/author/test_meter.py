"""An author's long run says how far it is: every item, or at most every few seconds, and always the last."""
from harness.author.meter import Meter, clock


def test_each_count_is_said_with_the_time_left_when_not_throttled():
    said: list = []
    meter = Meter(4, "mutants", said.append)
    meter.count(1, "hw01 Q2")
    meter.count(3, "hw01 Q3")
    assert said[0].startswith("mutants 1/4 (hw01 Q2 done); 0m00s so far, about ")
    assert said[1].startswith("mutants 4/4 (hw01 Q3 done)") and said[1].endswith("about 0m00s left")


def test_a_throttled_meter_says_the_first_and_the_last_but_not_every_one_between():
    said: list = []
    meter = Meter(50, "conformance", said.append, every=3600)
    for k in range(50):
        meter.count(1, f"hw01 s{k}")
    assert [line.split(" (")[0] for line in said] == ["conformance 1/50", "conformance 50/50"]
    assert clock(125) == "2m05s"
