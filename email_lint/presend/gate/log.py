"""The gate's log: one JSON object per line, per message (and one at start and stop)."""

from __future__ import annotations

import json
import sys
import threading
from datetime import UTC, datetime
from typing import IO, Any


class JsonLog:
    """Writes JSON lines to a file (appended) or to standard error; safe to call from any thread."""

    def __init__(self, path: str | None = None):
        self._stream: IO[str] = open(path, "a", encoding="utf-8") if path else sys.stderr  # noqa: SIM115
        self._owned = path is not None
        self._lock = threading.Lock()

    def write(self, event: str, **fields: Any) -> None:
        record = {"time": datetime.now(UTC).isoformat(timespec="milliseconds"), "event": event, **fields}
        line = json.dumps(record, ensure_ascii=False, sort_keys=False, default=str)
        with self._lock:
            self._stream.write(line + "\n")
            self._stream.flush()

    def close(self) -> None:
        if self._owned:
            self._stream.close()
