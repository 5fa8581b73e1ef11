import io
import json
import random

import pytest

from harness.intake.json_stream import BoundedJSONReader


def _chunks(data: bytes, limit: int, block: int) -> list[bytes]:
    reader = BoundedJSONReader(io.BytesIO(data), limit, block)
    assert reader.read(0) == b""  # asked only to learn the type: nothing is consumed
    chunks = []
    while chunk := reader.read(65536):
        chunks.append(chunk)
    return chunks


def _emptied(value, limit, ascii_only):
    """What the reader promises: every string whose JSON text (its opening quote on) is over ``limit`` bytes
    becomes ''."""
    if isinstance(value, str):
        return "" if len(json.dumps(value, ensure_ascii=ascii_only).encode()) - 1 > limit else value
    if isinstance(value, list):
        return [_emptied(v, limit, ascii_only) for v in value]
    if isinstance(value, dict):
        return {_emptied(k, limit, ascii_only): _emptied(v, limit, ascii_only) for k, v in value.items()}
    return value


TRICKY = ['', '"', '\\', '\\"', '\\\\', 'a\\\\"b', 'end\\', '"\\"\\\\"', 'شبکه «عصبی»', '😀\n\t', 'x' * 40]


@pytest.mark.parametrize("block", [1, 2, 3, 7, 64, 1 << 16])
@pytest.mark.parametrize("ascii_only", [True, False])
def test_chunks_are_the_same_json_with_long_strings_emptied(block, ascii_only):
    rng = random.Random(block)
    value = {"cells": [{"source": [rng.choice(TRICKY) * rng.randint(0, 3) for _ in range(5)],
                        "outputs": [{"data": {"image/png": "iVBOR" + "A" * rng.randint(0, 60)}}],
                        "n": rng.randint(-5, 5), "ok": [True, None, 1.5e-3]} for _ in range(20)],
             TRICKY[3]: TRICKY[7]}
    data = json.dumps(value, ensure_ascii=ascii_only).encode()
    limit = 30
    chunks = _chunks(data, limit, block)
    assert json.loads(b"".join(chunks)) == _emptied(value, limit, ascii_only)
    assert _emptied(value, limit, ascii_only) != value  # some strings were long, some kept
    assert len(chunks) > 1 or block > len(data)
    for n in range(1, len(chunks)):  # each ends outside a string: what the pure-Python parser needs to let go
        assert _outside_string(b"".join(chunks[:n])), chunks[n - 1][-20:]


def _outside_string(prefix: bytes) -> bool:
    inside = escaped = False
    for byte in prefix:
        if inside and escaped:
            escaped = False
        elif inside and byte == ord("\\"):
            escaped = True
        elif byte == ord('"'):
            inside = not inside
    return not inside


def test_a_long_string_is_emptied_without_being_held():
    data = b'{"a": "' + b"A" * 5_000_000 + b'", "b": "kept"}'
    chunks = _chunks(data, limit=1000, block=4096)
    assert json.loads(b"".join(chunks)) == {"a": "", "b": "kept"}
    assert max(map(len, chunks)) < 10_000


def test_a_file_cut_off_inside_a_string_stays_cut_off():
    data = b'{"a": "' + b"A" * 5000
    joined = b"".join(_chunks(data, limit=100, block=64))
    with pytest.raises(json.JSONDecodeError):
        json.loads(joined)
    assert joined.endswith(b'"') and joined.count(b"\"") == 3  # the key, then the unfinished string
