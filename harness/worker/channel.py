"""The worker's half of the event pipe."""
from __future__ import annotations

import json
import os


class Channel:
    def __init__(self, fd: int):
        self.fd = fd

    def send(self, event: str, **fields) -> None:
        line = json.dumps({"event": event, **fields}, ensure_ascii=True, allow_nan=False) + "\n"
        data = line.encode("ascii")
        while data:
            written = os.write(self.fd, data)
            data = data[written:]
