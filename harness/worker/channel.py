"""The worker's half of the event pipe."""
from __future__ import annotations

import json
import os
import time


class Channel:
    def __init__(self, fd: int):
        self.fd = fd

    def send(self, event: str, **fields) -> None:
        line = json.dumps({"event": event, **fields}, ensure_ascii=True, allow_nan=False) + "\n"
        data = line.encode("ascii")
        while data:
            try:
                written = os.write(self.fd, data)
            except OSError:
                _wait_to_be_stopped()
            data = data[written:]


def _wait_to_be_stopped() -> None:
    """The submission closed the channel (a statement may do so and end before the grader looks): wait
    for the grader, which sees the pipe closed and blames the item, rather than exit as if crashed."""
    while True:
        time.sleep(60)
