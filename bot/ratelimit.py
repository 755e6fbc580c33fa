"""Sliding-window rate limits for plain answers, per member and per channel.

Reads `time.monotonic()` (never wall-clock time, which jumps), and forgets keys whose window has passed, so
memory stays bounded however many members ask. Keys are kept apart by window length and each group is swept by
its own window: one server with an hour-long cooldown keeps only its own keys for an hour, not every server's.
"""

from __future__ import annotations

import time
from collections import deque
from typing import Callable, Hashable


class _Window:
    """The events of every key limited over one window length."""

    __slots__ = ("seconds", "hits", "last_sweep")

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.hits: dict[Hashable, deque[float]] = {}
        self.last_sweep: float | None = None

    def sweep(self, now: float) -> None:
        """Drop keys whose newest event is a whole window old; at most once per window, so the cost is spread."""
        if self.last_sweep is not None and 0 <= now - self.last_sweep < self.seconds:
            return
        self.last_sweep = now
        for key in [k for k, hits in self.hits.items() if not hits or now - hits[-1] >= self.seconds]:
            del self.hits[key]


class SlidingWindowLimiter:
    def __init__(self, clock: Callable[[], float] | None = None) -> None:
        # Looked up on each call, not bound once, so a patched clock (SimCord's virtual time) is honoured.
        self._clock = clock or (lambda: time.monotonic())
        self._windows: dict[float, _Window] = {}

    def allow(self, keys: list[tuple[Hashable, int]], window: float) -> bool:
        """Record one event against every key if each is under its limit within `window` seconds."""
        now = self._clock()
        self._sweep(now)
        group = self._windows.get(window)
        if group is None:
            group = self._windows[window] = _Window(window)
        for key, limit in keys:
            hits = group.hits.get(key)
            if hits is not None:
                while hits and now - hits[0] >= window:
                    hits.popleft()
                if len(hits) >= limit:
                    return False
        for key, _ in keys:
            group.hits.setdefault(key, deque()).append(now)
        return True

    def _sweep(self, now: float) -> None:
        for seconds, group in list(self._windows.items()):
            group.sweep(now)
            if not group.hits:
                del self._windows[seconds]

    def __len__(self) -> int:
        return sum(len(group.hits) for group in self._windows.values())
