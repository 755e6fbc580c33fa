"""The rate limiter, without Discord (the settings store has its own suite: test_store_backends.py)."""

from __future__ import annotations

from bot.ratelimit import SlidingWindowLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_limiter_allows_the_allowance_then_refuses_until_the_window_passes():
    clock = Clock()
    limiter = SlidingWindowLimiter(clock)
    keys = [("member", 3), ("channel", 10)]
    assert [limiter.allow(keys, 60) for _ in range(5)] == [True, True, True, False, False]
    clock.now += 60
    assert limiter.allow(keys, 60)


def test_a_refused_event_does_not_use_up_another_key():
    limiter = SlidingWindowLimiter(Clock())
    for _ in range(3):
        assert limiter.allow([("alice", 3), ("room", 10)], 60)
    assert not limiter.allow([("alice", 3), ("room", 10)], 60)
    for _ in range(7):
        assert limiter.allow([("bob", 10), ("room", 10)], 60)
    assert not limiter.allow([("carol", 3), ("room", 10)], 60)


def test_limiter_forgets_expired_keys():
    clock = Clock()
    limiter = SlidingWindowLimiter(clock)
    for member in range(1000):
        limiter.allow([(member, 3)], 60)
    assert len(limiter) == 1000
    clock.now += 61
    limiter.allow([("new", 3)], 60)
    assert len(limiter) == 1


def test_a_long_cooldown_in_one_server_does_not_keep_every_other_servers_keys():
    clock = Clock()
    limiter = SlidingWindowLimiter(clock)
    limiter.allow([(("member", 1, 1), 3)], 3600)  # one server with an hour-long cooldown
    for member in range(1000):  # everyone else on the default minute
        limiter.allow([(("member", 2, member), 3)], 60)
    clock.now += 61
    limiter.allow([(("member", 2, "new"), 3)], 60)
    assert len(limiter) == 2  # the hour-long key and the new one; the 1,000 expired keys are gone
    clock.now += 3600
    limiter.allow([(("member", 2, "later"), 3)], 60)
    assert len(limiter) == 1


def test_the_long_window_is_still_enforced_after_sweeps():
    clock = Clock()
    limiter = SlidingWindowLimiter(clock)
    keys = [(("member", 1, 1), 1)]
    assert limiter.allow(keys, 3600)
    for step in range(10):
        clock.now += 100
        limiter.allow([(("member", 2, step), 3)], 60)
        assert not limiter.allow(keys, 3600)
