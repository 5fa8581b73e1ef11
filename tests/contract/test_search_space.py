"""One matching of search spaces, names aside: by signature (the "space" aspect), then, for values, by the
one declared entry of the kind whose range holds the value."""
from harness.contract.search_space import holds, listing, match, notation

UNITS = {"kind": "Int", "name": "dense_neurons", "min": 16.0, "max": 512.0, "step": 16.0, "sampling": "linear"}
RATE = {"kind": "Choice", "name": "learning_rate", "values": [0.0001, 0.001, 0.01]}


def renamed(entry, name, **changes):
    return {**entry, "name": name, **changes}


def test_names_and_order_do_not_matter():
    declared = [renamed(RATE, "lr_choice"), renamed(UNITS, "num_neurons")]
    assert match([UNITS, RATE], declared) == [1, 0]
    assert match([UNITS, RATE], declared, [352, 0.001]) == [1, 0]


def test_without_values_only_the_exact_kind_and_range_answers():
    declared = [renamed(UNITS, "n", step=32.0), RATE]
    assert match([UNITS, RATE], declared) == [None, 1]


def test_a_value_finds_the_one_entry_of_its_kind_whose_range_holds_it():
    step_32 = renamed(UNITS, "n", step=32.0)
    assert match([UNITS, RATE], [step_32, RATE], [352, 0.001]) == [0, 1]
    too_short = renamed(UNITS, "n", max=256.0)
    assert match([UNITS, RATE], [too_short, RATE], [352, 0.001]) == [None, 1]
    as_float = {"kind": "Float", "name": "n", "min": 16.0, "max": 512.0, "step": None, "sampling": "linear"}
    assert match([UNITS], [as_float], [352]) == [None]


def test_two_candidates_are_not_guessed_between_but_two_exact_ones_go_in_order():
    a, b = renamed(UNITS, "a", step=8.0), renamed(UNITS, "b", step=32.0)
    assert match([UNITS], [a, b], [352]) == [None]
    assert match([UNITS, UNITS], [renamed(UNITS, "a"), renamed(UNITS, "b")], [352, 64]) == [0, 1]


def test_each_declared_entry_answers_once():
    assert match([UNITS, UNITS], [UNITS], [352, 352]) == [0, None]


def test_what_a_range_holds():
    assert holds(UNITS, 352) and holds(UNITS, 16) and not holds(UNITS, 600) and not holds(UNITS, True)
    assert holds(RATE, 1e-3) and not holds(RATE, 0.002)
    assert holds({"kind": "Choice", "name": "act", "values": ["relu", "tanh"]}, "tanh")


def test_notation_is_what_the_messages_show():
    assert notation(UNITS) == "Int 16..512 step 16 (linear)"
    assert listing([UNITS, RATE]) == ("dense_neurons: Int 16..512 step 16 (linear), "
                                      "learning_rate: Choice [0.0001, 0.001, 0.01]")
