"""A notebook's bytes, handed to a streaming JSON parser in a shape that keeps its memory bounded.

ijson's memory depends on its backend: the C one holds one token at a time, but the pure-Python
one (all a machine without the compiled backend has) keeps every string that spans a read in one
growing buffer, so a run of image outputs costs it twice the file.  Two things make every backend
bounded: each chunk handed over ends outside any string, and a string longer than ``limit`` bytes
is emptied before the parser sees it (no cell source is that long; images are).
"""
from __future__ import annotations

QUOTE = ord('"')


class BoundedJSONReader:
    """A file-like ``read()`` over ``handle`` giving chunks that end outside strings, long strings emptied."""

    def __init__(self, handle, limit: int, block: int = 1 << 16):
        self._chunks = _chunks(handle, limit, block)

    def read(self, size: int = -1) -> bytes:
        if size == 0:  # ijson asks for nothing to learn whether it reads bytes or text
            return b""
        # A parser stops at b"", so an empty chunk is never handed over before the end.
        return next(self._chunks, b"")


def _chunks(handle, limit: int, block: int):
    text = bytearray()  # the string being read, from its opening quote; emptied once it passes limit
    in_string = dropped = False
    run = 0  # backslashes ending the string so far: an odd run escapes the quote that follows
    while data := handle.read(block):
        out = bytearray()
        at = 0
        while at < len(data):
            quote = data.find(b'"', at)
            end = len(data) if quote < 0 else quote
            if not in_string:
                out += data[at:end]
                if quote >= 0:
                    text, in_string, dropped, run = bytearray(b'"'), True, False, 0
                at = end + 1
                continue
            piece = data[at:end]
            stripped = piece.rstrip(b"\\")
            run = len(piece) - len(stripped) + (run if not stripped else 0)
            if not dropped:
                text += piece
                dropped = len(text) > limit
                if dropped:
                    text = bytearray(b'"')
            if quote >= 0:
                if run % 2:  # an escaped quote is part of the text
                    if not dropped:
                        text.append(QUOTE)
                    run = 0
                else:
                    out += text
                    out.append(QUOTE)
                    in_string = False
            at = end + 1
        if out:
            yield bytes(out)
    if in_string:  # cut off inside a string: hand it over unfinished, so the parser says so
        yield bytes(text)
