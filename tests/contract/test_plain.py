import math

import numpy as np

from harness.contract import plain


def roundtrip(value):
    encoded, arrays = plain.encode(value)
    return plain.decode(encoded, arrays)


def test_numbers_arrays_and_containers_survive_the_trip():
    value = {"a": [1, 2.5, None, True], "b": (np.arange(6).reshape(2, 3), "text"), 3: np.float32(1.5)}
    back = roundtrip(value)
    assert back["a"] == [1, 2.5, None, True]
    assert isinstance(back["b"], tuple) and back["b"][1] == "text"
    np.testing.assert_array_equal(back["b"][0], np.arange(6).reshape(2, 3))
    assert back[3] == 1.5


def test_non_finite_floats_are_encoded_explicitly():
    back = roundtrip([math.nan, math.inf, -math.inf])
    assert math.isnan(back[0]) and back[1] == math.inf and back[2] == -math.inf


def test_objects_that_are_not_plain_data_become_opaque_without_running_their_code():
    class Liar:
        def __eq__(self, other):
            return True

        def __array__(self, *args, **kwargs):
            raise RuntimeError("boom")

    back = roundtrip(Liar())
    assert isinstance(back, plain.Opaque) and back.type_name == "Liar"


def test_ndarray_subclasses_and_object_arrays_are_not_number_arrays():
    assert isinstance(roundtrip(np.ma.masked_array([1.0, 2.0])), plain.Opaque)
    assert isinstance(roundtrip(np.array([1, "a", None], dtype=object)), plain.Opaque)


def test_decoded_arrays_are_copies_so_in_place_edits_do_not_leak_between_uses():
    encoded, arrays = plain.encode(np.zeros(3))
    first = plain.decode(encoded, arrays)
    first += 1
    np.testing.assert_array_equal(plain.decode(encoded, arrays), np.zeros(3))


def test_malformed_values_are_rejected():
    import pytest

    with pytest.raises(ValueError):
        plain.decode({"__eval__": "os.system('x')"}, {})
