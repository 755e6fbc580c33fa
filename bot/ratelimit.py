"""Sliding-window rate limits for plain answers, per member and per channel.

Reads `time.monotonic()` (never wall-clock time, which jumps), and forgets keys whose window has passed, so
memory stays bounded however many members ask.
"""

from __future__ import annotations

import time
from collections import deque
from typing import Callable, Hashable


class SlidingWindowLimiter:
    def __init__(self, clock: Callable[[], float] | None = None) -> None:
        # Looked up on each call, not bound once, so a patched clock (SimCord's virtual time) is honoured.
        self._clock = clock or (lambda: time.monotonic())
        self._hits: dict[Hashable, deque[float]] = {}
        self._last_sweep: float | None = None  # set on first use: the clock may be replaced before then
        self._longest_window = 0.0  # sweeping by the longest window in use never drops a live key

    def allow(self, keys: list[tuple[Hashable, int]], window: float) -> bool:
        """Record one event against every key if each is under its limit within `window` seconds."""
        now = self._clock()
        self._longest_window = max(self._longest_window, window)
        self._sweep(now)
        for key, limit in keys:
            hits = self._hits.get(key)
            if hits is not None:
                while hits and now - hits[0] >= window:
                    hits.popleft()
                if len(hits) >= limit:
                    return False
        for key, _ in keys:
            self._hits.setdefault(key, deque()).append(now)
        return True

    def _sweep(self, now: float) -> None:
        window = self._longest_window
        if self._last_sweep is not None and 0 <= now - self._last_sweep < window:
            return
        self._last_sweep = now
        for key in [k for k, hits in self._hits.items() if not hits or now - hits[-1] >= window]:
            del self._hits[key]

    def __len__(self) -> int:
        return len(self._hits)
