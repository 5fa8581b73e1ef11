"""Capturing what a cell prints, with a cap so a print loop cannot flood the grader, and the figures it draws."""
from __future__ import annotations

import base64
import contextlib
import io
import sys

from harness.contract.protocol import MAX_FIGURES, MAX_PNG_BYTES


class CappedText(io.TextIOBase):
    def __init__(self, limit: int):
        self.limit = limit
        self.parts: list[str] = []
        self.size = 0
        self.dropped = 0

    def writable(self) -> bool:
        return True

    def write(self, text) -> int:
        text = str(text)
        room = self.limit - self.size
        if room > 0:
            self.parts.append(text[:room])
            self.size += min(len(text), room)
        self.dropped += max(0, len(text) - max(room, 0))
        return len(text)

    def getvalue(self) -> str:
        text = "".join(self.parts)
        if self.dropped:
            text += f"\n[... {self.dropped} more characters of output not kept]"
        return text


@contextlib.contextmanager
def captured(limit: int):
    buffer = CappedText(limit)
    saved = sys.stdout, sys.stderr
    sys.stdout = sys.stderr = buffer
    try:
        yield buffer
    finally:
        sys.stdout, sys.stderr = saved


# Figures the student's code drew (matplotlib, Agg backend: see harness/run/sandbox.py), kept as the
# inline backend would show them: PNG, small, a few per cell, closed once taken so the next cell starts clean.
DPI = (60, 40, 25)       # tried in order until the PNG fits


class Figures:
    """The figures taken for the current cell: when ``plt.show()`` is called (a figure shown and then closed
    inside one statement, a loop's say, is not lost), and those still open after the cell's last statement,
    as the inline backend shows them.  Not after every statement: ``plt.plot(...)`` then ``plt.title(...)``
    build one figure over two statements."""

    def __init__(self):
        self.cell: int | None = None
        self.taken = 0          # figures kept for ``cell`` so far
        self.pending: list[str] = []
        self.dropped = 0

    def start_step(self, cell: int) -> None:
        if cell != self.cell:
            self.cell, self.taken = cell, 0
        self.pending, self.dropped = [], 0

    def take(self) -> None:
        """Save every open figure (only where the student imported pyplot) and close it."""
        pyplot = sys.modules.get("matplotlib.pyplot")
        if pyplot is None:
            return
        try:
            numbers = list(pyplot.get_fignums())
        except BaseException:  # a student's own replacement of pyplot: nothing to take
            return
        for number in numbers:
            try:
                figure = pyplot.figure(number)
                if self.taken < MAX_FIGURES and (png := _png(figure)) is not None:
                    self.pending.append(base64.b64encode(png).decode("ascii"))
                    self.taken += 1
                else:
                    self.dropped += 1
                pyplot.close(figure)
            except BaseException:
                self.dropped += 1

    def end_step(self, take: bool = True) -> tuple[list[str], str]:
        """This step's figures (base64 PNG), with those still open when ``take`` (the cell's last step), and a
        line for its output when some were not kept."""
        if take:
            self.take()
        note = f"\n[{self.dropped} figure(s) not kept: at most {MAX_FIGURES} per cell, " \
               f"{MAX_PNG_BYTES // 1000} KB each]\n" if self.dropped else ""
        return self.pending, note


def _png(figure) -> bytes | None:
    for dpi in DPI:
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=dpi)
        if buffer.tell() <= MAX_PNG_BYTES:
            return buffer.getvalue()
    return None


FIGURES = Figures()


def keep_shown_figures(pyplot) -> None:
    """``plt.show()`` takes the open figures for the cell (as the inline backend shows and closes them);
    under Agg it would do nothing, and a ``plt.close()`` after it would lose the figure."""
    def show(*args, **kwargs):
        FIGURES.take()

    pyplot.show = show
