"""The settings store under concurrency, a killed writer, and an older file: nothing lost, nothing corrupted."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import threading

from bot.store import _MIGRATIONS, SettingsStore


def integrity(path: str) -> str:
    return sqlite3.connect(path).execute("PRAGMA integrity_check").fetchone()[0]


def test_concurrent_changes_from_many_servers_are_all_kept(tmp_path):
    path = str(tmp_path / "s.sqlite3")
    stores = [SettingsStore(path) for _ in range(3)]  # as several shard processes would each hold one
    errors: list[BaseException] = []

    def admin(guild_id: int) -> None:
        store = stores[guild_id % len(stores)]
        try:
            for value in range(5, 105):
                store.update(guild_id, cooldown_seconds=value, mention_only=value % 2 == 0)
                store.add_channel(guild_id, value)
        except BaseException as error:  # noqa: BLE001 - the test reports any failure
            errors.append(error)

    threads = [threading.Thread(target=admin, args=(guild,)) for guild in range(1, 9)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert integrity(path) == "ok"
    fresh = SettingsStore(path)
    for guild in range(1, 9):
        settings = fresh.get(guild)
        assert settings.cooldown_seconds == 104 and settings.mention_only
        assert settings.channels == frozenset(range(5, 105))


WRITER = """
import sys
from bot.store import SettingsStore
store = SettingsStore(sys.argv[1])
for value in range(5, 100000):
    store.update(7, cooldown_seconds=value)
    print(value, flush=True)
"""


def test_a_killed_writer_loses_at_most_the_change_in_flight(tmp_path):
    path = str(tmp_path / "s.sqlite3")
    SettingsStore(path).close()
    child = subprocess.Popen([sys.executable, "-c", WRITER, path], stdout=subprocess.PIPE, text=True)
    last = 0
    for line in child.stdout:
        last = int(line)
        if last >= 300:
            break
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert integrity(path) == "ok"
    kept = SettingsStore(path).get(7).cooldown_seconds
    assert kept >= last  # everything confirmed before the kill is there


def test_a_settings_file_from_the_first_version_is_migrated_not_discarded(tmp_path):
    path = str(tmp_path / "old.sqlite3")
    old = sqlite3.connect(path)
    old.executescript(_MIGRATIONS[0])
    old.execute("INSERT INTO guild_settings (guild_id, mention_only, cooldown_seconds) VALUES (1, 1, 45)")
    old.execute("INSERT INTO answer_channels (guild_id, channel_id) VALUES (1, 99)")
    old.execute("PRAGMA user_version = 1")
    old.commit()
    old.close()
    store = SettingsStore(path)
    assert store.schema_version == len(_MIGRATIONS)
    settings = store.get(1)
    assert settings.mention_only and settings.cooldown_seconds == 45 and settings.channels == {99}
    store.update(1, cooldown_seconds=50)
    assert SettingsStore(path).get(1).cooldown_seconds == 50
