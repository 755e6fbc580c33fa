"""The settings store, one suite run against both backends: SQLite and a real PostgreSQL server.

Several processes share one database in production (shard processes), so the cases that matter most start real
processes: concurrent writers, a writer killed mid-write, processes starting together on a fresh (or old)
database. A schema from a newer careerbot is refused with one clear line.
"""

from __future__ import annotations

import asyncio
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from bot import store_postgres
from bot.store import StoreError, StoreUnavailable, open_store
from bot.store_postgres import MIGRATIONS as PG_MIGRATIONS
from bot.store_sqlite import MIGRATIONS as SQLITE_MIGRATIONS

SCHEMA_VERSION = len(SQLITE_MIGRATIONS)


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "settings.sqlite3")
    return request.getfixturevalue("postgres_url")


_open_stores: list = []


@pytest.fixture(autouse=True)
async def _close_stores():
    """Close every store a test opened (each PostgreSQL store holds two connections)."""
    yield
    while _open_stores:
        await _open_stores.pop().close()


async def opened(database: str):
    store = open_store(database)
    await store.start()
    _open_stores.append(store)
    return store


def run_children(script: str, *args: str, count: int) -> list[subprocess.CompletedProcess]:
    """Start `count` processes running `script` at once and wait for them all."""
    children = [subprocess.Popen([sys.executable, "-c", script, *args, str(n)], stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True) for n in range(count)]
    results = []
    for child in children:
        out, err = child.communicate(timeout=120)
        results.append(subprocess.CompletedProcess(child.args, child.returncode, out, err))
    return results


def test_both_backends_have_the_same_number_of_migrations():
    assert len(PG_MIGRATIONS) == len(SQLITE_MIGRATIONS)


async def test_settings_persist_across_store_instances(database):
    store = await opened(database)
    await store.add_channel(1, 10)
    await store.update(1, mention_only=True, cooldown_seconds=30)
    await store.close()
    again = await (await opened(database)).get(1)
    assert again.channels == {10} and again.mention_only and again.cooldown_seconds == 30


async def test_defaults_for_an_unknown_guild(database):
    settings = await (await opened(database)).get(42)
    assert settings.channels == frozenset() and not settings.mention_only and settings.cooldown_seconds == 60


async def test_channel_add_and_remove_report_changes(database):
    store = await opened(database)
    assert await store.add_channel(1, 5) is True
    assert await store.add_channel(1, 5) is False
    assert await store.remove_channel(1, 5) is True
    assert await store.remove_channel(1, 5) is False


async def test_an_update_changes_only_the_settings_it_names(database):
    store = await opened(database)
    await store.update(1, mention_only=True)
    after = await store.update(1, cooldown_seconds=90)
    assert after.mention_only and after.cooldown_seconds == 90


async def test_snowflake_sized_ids_round_trip(database):
    store = await opened(database)
    guild, channel = 1_234_567_890_123_456_789, 987_654_321_098_765_432
    await store.add_channel(guild, channel)
    assert (await store.get(guild)).channels == {channel}


async def test_forgetting_a_guild_deletes_its_settings_and_only_its(database):
    store = await opened(database)
    for guild in (1, 2):
        await store.add_channel(guild, 10)
        await store.update(guild, mention_only=True)
    await store.forget_guild(1)
    assert (await store.get(1)).channels == frozenset() and not (await store.get(1)).mention_only
    fresh = await opened(database)
    assert (await fresh.get(1)).channels == frozenset()
    assert (await fresh.get(2)).channels == {10}


async def test_a_cached_read_sees_this_process_s_change_at_once(database):
    store = await opened(database)
    assert (await store.get(1)).channels == frozenset()  # now cached
    await store.add_channel(1, 7)
    assert (await store.get(1)).channels == {7}


async def test_a_change_by_another_process_arrives_within_the_documented_delay(database):
    reader, writer = await opened(database), await opened(database)
    assert (await reader.get(1)).channels == frozenset()  # cached in the reader
    await writer.add_channel(1, 7)
    started = time.monotonic()
    while (await reader.get(1)).channels != {7}:
        assert time.monotonic() - started < reader.backend.change_delay + 1.0
        await asyncio.sleep(0.05)


WRITER = """
import asyncio, sys
from bot.store import open_store

async def main(database, worker):
    store = open_store(database)
    await store.start()
    for value in range(5, 45):
        for guild in (worker * 10 + 1, 100):  # its own guild, and one guild every worker writes to
            await store.update(guild, cooldown_seconds=value)
            await store.add_channel(guild, worker * 1000 + value)
    await store.close()

asyncio.run(main(sys.argv[1], int(sys.argv[2])))
"""


async def test_concurrent_writers_from_several_processes_are_all_kept(database):
    await (await opened(database)).close()
    results = await asyncio.to_thread(run_children, WRITER, database, count=4)
    assert [r.returncode for r in results] == [0] * 4, [r.stderr[-2000:] for r in results]
    store = await opened(database)
    for worker in range(4):
        settings = await store.get(worker * 10 + 1)
        assert settings.cooldown_seconds == 44
        assert settings.channels == {worker * 1000 + v for v in range(5, 45)}
    assert len((await store.get(100)).channels) == 4 * 40


KILLED_WRITER = """
import asyncio, sys
from bot.store import open_store

async def main(database):
    store = open_store(database)
    await store.start()
    for value in range(5, 1_000_000):
        await store.update(7, cooldown_seconds=value)
        print(value, flush=True)

asyncio.run(main(sys.argv[1]))
"""


async def test_a_killed_writer_loses_at_most_the_change_in_flight(database):
    await (await opened(database)).close()
    child = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, database], stdout=subprocess.PIPE, text=True)
    last = 0

    def read_until_300() -> None:
        nonlocal last
        for line in child.stdout:
            last = int(line)
            if last >= 300:
                return

    await asyncio.to_thread(read_until_300)
    child.send_signal(signal.SIGKILL)
    child.wait()
    kept = (await (await opened(database)).get(7)).cooldown_seconds
    assert kept >= last  # everything confirmed before the kill is there
    if not database.startswith("postgresql"):
        assert sqlite3.connect(database).execute("PRAGMA integrity_check").fetchone()[0] == "ok"


STARTER = """
import asyncio, sys, time
from bot.store import open_store

async def main(database, start_at, worker):
    time.sleep(max(0.0, start_at - time.time()))  # every process opens the database at the same moment
    store = open_store(database)
    await store.start()
    await store.add_channel(1, worker)
    print(await store.schema_version())

asyncio.run(main(sys.argv[1], float(sys.argv[2]), int(sys.argv[3])))
"""


async def _start_together(database: str, count: int = 4) -> None:
    results = await asyncio.to_thread(run_children, STARTER, database, str(time.time() + 2.0), count=count)
    assert [r.returncode for r in results] == [0] * count, [r.stderr[-2000:] for r in results]
    assert {r.stdout.strip() for r in results} == {str(SCHEMA_VERSION)}
    assert (await (await opened(database)).get(1)).channels == set(range(count))


async def test_processes_starting_together_on_a_fresh_database_all_start(database):
    await _start_together(database)


def write_version_1(database: str) -> None:
    """The database as the first release of careerbot left it, with one server's settings."""
    if database.startswith("postgresql"):
        import psycopg

        with psycopg.connect(database, autocommit=True) as conn:
            for statement in filter(str.strip, PG_MIGRATIONS[0].split(";")):
                conn.execute(statement)
            conn.execute("CREATE TABLE careerbot_schema (version INTEGER NOT NULL)")
            conn.execute("INSERT INTO careerbot_schema VALUES (1)")
            conn.execute("INSERT INTO guild_settings (guild_id, mention_only, cooldown_seconds) VALUES (1, TRUE, 45)")
            conn.execute("INSERT INTO answer_channels (guild_id, channel_id) VALUES (1, 99)")
        return
    old = sqlite3.connect(database)
    old.executescript(SQLITE_MIGRATIONS[0])
    old.execute("INSERT INTO guild_settings (guild_id, mention_only, cooldown_seconds) VALUES (1, 1, 45)")
    old.execute("INSERT INTO answer_channels (guild_id, channel_id) VALUES (1, 99)")
    old.execute("PRAGMA user_version = 1")
    old.commit()
    old.close()


async def test_a_version_1_database_is_migrated_not_discarded(database):
    write_version_1(database)
    store = await opened(database)
    assert await store.schema_version() == SCHEMA_VERSION
    settings = await store.get(1)
    assert settings.mention_only and settings.cooldown_seconds == 45 and settings.channels == {99}
    await store.update(1, cooldown_seconds=50)
    assert (await (await opened(database)).get(1)).cooldown_seconds == 50


async def test_processes_starting_together_on_a_version_1_database_all_start(database):
    write_version_1(database)
    results = await asyncio.to_thread(run_children, STARTER, database, str(time.time() + 2.0), count=4)
    assert [r.returncode for r in results] == [0] * 4, [r.stderr[-2000:] for r in results]
    settings = await (await opened(database)).get(1)
    assert settings.channels == {99, 0, 1, 2, 3} and settings.cooldown_seconds == 45


def write_newer_schema(database: str) -> None:
    if database.startswith("postgresql"):
        import psycopg

        with psycopg.connect(database, autocommit=True) as conn:
            conn.execute("CREATE TABLE careerbot_schema (version INTEGER NOT NULL)")
            conn.execute("INSERT INTO careerbot_schema VALUES (%s)", (SCHEMA_VERSION + 5,))
        return
    newer = sqlite3.connect(database)
    newer.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    newer.commit()
    newer.close()


async def test_a_database_from_a_newer_careerbot_is_refused_with_one_clear_line(database):
    write_newer_schema(database)
    store = open_store(database)
    with pytest.raises(StoreError) as refused:
        await store.start()
    message = str(refused.value)
    assert "\n" not in message
    assert message.startswith(f"CAREERBOT_DATABASE={store.database}:")
    assert f"schema version {SCHEMA_VERSION + 5}" in message and "newer" in message


async def test_the_password_never_appears_in_messages(postgres_url):
    url = postgres_url.replace("postgres@", "postgres:s3cret@")
    store = open_store(url)
    assert "s3cret" not in store.database


async def test_a_server_restart_loses_nothing_and_is_logged_while_down(postgres_server, postgres_url, caplog,
                                                                       monkeypatch):
    monkeypatch.setattr(store_postgres, "WRITE_PATIENCE_SECONDS", 1.0)
    store = await opened(postgres_url)
    await store.add_channel(1, 10)
    assert (await store.get(1)).channels == {10}
    await asyncio.to_thread(postgres_server.stop)
    try:
        assert (await store.get(1)).channels == {10}  # the last known settings, while the server is down
        with pytest.raises(StoreUnavailable):
            await store.add_channel(1, 11)  # refused, never silently dropped
        assert f"settings database {store.database} is unreachable" in caplog.text
    finally:
        await asyncio.to_thread(postgres_server.start)
    assert await store.add_channel(1, 12) is True  # reconnected
    assert (await store.get(1)).channels == {10, 12}
    assert "reachable again" in caplog.text
    started = time.monotonic()
    while not store.backend.listening():  # the change feed reconnects on its own
        assert time.monotonic() - started < 10
        await asyncio.sleep(0.1)
