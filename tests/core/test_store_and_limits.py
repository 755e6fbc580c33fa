"""The settings store and the rate limiter, without Discord."""

from __future__ import annotations

import sqlite3

from bot.ratelimit import SlidingWindowLimiter
from bot.store import SettingsStore


def test_settings_persist_across_store_instances(tmp_path):
    path = str(tmp_path / "s.sqlite3")
    store = SettingsStore(path)
    store.add_channel(1, 10)
    store.update(1, mention_only=True, cooldown_seconds=30)
    store.close()
    again = SettingsStore(path).get(1)
    assert again.channels == {10} and again.mention_only and again.cooldown_seconds == 30


def test_defaults_for_an_unknown_guild():
    settings = SettingsStore(":memory:").get(42)
    assert settings.channels == frozenset() and not settings.mention_only and settings.cooldown_seconds == 60


def test_store_uses_wal_and_records_its_schema_version(tmp_path):
    path = str(tmp_path / "s.sqlite3")
    store = SettingsStore(path)
    assert store.schema_version == 2
    mode = sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_channel_add_and_remove_report_changes():
    store = SettingsStore(":memory:")
    assert store.add_channel(1, 5) is True
    assert store.add_channel(1, 5) is False
    assert store.remove_channel(1, 5) is True
    assert store.remove_channel(1, 5) is False


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
