"""The `tuner` kind's "responds" aspect: each value of the block-count Int must build that many
blocks, whatever the layers per block; hw06 Q5's reference passes and its `range(n - 1)`
mutant, one block fewer than the hyper-parameter says, fails."""
import pytest
from harness_testing import REPO

from harness.author.mutant_source import mutate_module
from harness.checks import CheckContext, kind
from harness.contract.protocol import Answer
from harness.spec.rubric import Check, Question, RubricError
from harness.worker.actions.tuner_actions import describe_hypermodel

OPTIONS = {"aspect": "responds", "int_range": [1, 3], "counts": "Conv"}


def responds(*candidates, low=1, high=3):
    found = [{"name": name, "step": 1, "counts": [[low + i, c] for i, c in enumerate(counts)]}
             for name, counts in candidates]
    return {"space": [], "default": {}, "varies": {},
            "responds": {"int_range": [low, high], "layers": "Conv", "candidates": found}}


REFERENCE = responds(("num_cnn_block", [2, 4, 6]))


def grade(student, reference=REFERENCE):
    check = Check(kind="tuner", target="build_hypermodel", points=1, options=OPTIONS)
    ctx = CheckContext(check=check, question=Question(id="Q5", title="t", points=1, checks=[check]),
                       student={"main": Answer(value=student)}, reference={"main": Answer(value=reference)},
                       mistakes=[])
    return kind("tuner").grade(ctx)


@pytest.mark.parametrize("counts", [[2, 4, 6], [1, 2, 3], [3, 5, 7], [1, 3, 6]],
                         ids=["two-per-block", "one-per-block", "a-stem-conv", "deeper-blocks-have-more"])
def test_any_number_of_convolutions_per_block_passes(counts):
    assert grade(responds(("blocks", counts))).fraction == 1.0


@pytest.mark.parametrize("counts", [[0, 2, 4], [2, 2, 2], [2, 4, 4]],
                         ids=["one-block-fewer", "ignores-the-value", "stops-at-two"])
def test_fewer_blocks_than_the_value_fails_and_says_the_counts(counts):
    outcome = grade(responds(("n", counts)))
    assert outcome.fraction == 0.0
    assert f"at n = 1, 2, 3 the model has {', '.join(map(str, counts))} Conv layers" in outcome.message


def test_any_int_over_the_range_may_be_the_block_count():
    assert grade(responds(("filters_exp", [2, 2, 2]), ("depth", [1, 2, 3]))).fraction == 1.0


def test_no_int_over_the_range_fails():
    outcome = grade(responds())
    assert outcome.fraction == 0.0 and "no Int hyper-parameter declared over 1..3" in outcome.message


def test_the_range_must_be_two_integers():
    check = Check(kind="tuner", target="build_hypermodel", points=1, options={"aspect": "responds"})
    with pytest.raises(RubricError, match="int_range"):
        kind("tuner").validate(check, None, "Q5")


def _hw06_q5(mutated: bool):
    """hw06 Q5's reference module, or its mutant building range(num_cnn_block - 1) blocks."""
    source = (REPO / "reference" / "hw06" / "q5.py").read_text(encoding="utf-8")
    if mutated:
        [mutant] = [m for m in mutate_module(source, ["build_hypermodel"], cap=200)
                    if m.operator == "range-off-by-one" and "num_cnn_block" in m.before and m.after.endswith("- 1)")]
        source = mutant.source
    namespace = {"__name__": "q5_under_test"}
    exec(compile(source, "q5.py", "exec"), namespace)
    return namespace["build_hypermodel"]


def test_hw06_reference_passes_and_its_one_block_fewer_mutant_fails():
    options = {"int_range": [1, 3], "counts": "Conv"}
    reference = describe_hypermodel(_hw06_q5(False), options, {})
    assert reference["responds"]["candidates"][0]["counts"] == [[1, 2], [2, 4], [3, 6]]
    assert grade(reference, reference).fraction == 1.0
    mutant = describe_hypermodel(_hw06_q5(True), options, {})
    assert mutant["responds"]["candidates"][0]["counts"] == [[1, 0], [2, 2], [3, 4]]
    outcome = grade(mutant, reference)
    assert outcome.fraction == 0.0 and "num_cnn_block does not build as many blocks" in outcome.message
