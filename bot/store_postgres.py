"""The PostgreSQL settings backend, for shard processes on several hosts sharing one server.

psycopg 3 (synchronous) on one connection per process, called from worker threads like the SQLite backend, so
both backends have one shape and the event loop never waits on the network. A second connection LISTENs for
`careerbot_settings` notifications in a plain thread and drops changed guilds from the cache.

When the server goes away (a restart, a failover) calls retry for a few seconds, then raise StoreUnavailable; the
outage and the recovery are each logged once. Migrations run under an advisory lock, so processes starting
together apply each one exactly once.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Callable
from urllib.parse import urlsplit, urlunsplit

from bot.guild_settings import (DEFAULT_COOLDOWN_SECONDS, GuildSettings, StoreError, StoreUnavailable,
                                apply_migrations)

log = logging.getLogger(__name__)

CHANNEL = "careerbot_settings"
MIGRATION_LOCK = 0x63617265  # any fixed 64-bit number: the advisory lock that serialises migrations
CONNECT_TIMEOUT_SECONDS = 5
WRITE_PATIENCE_SECONDS = 10.0  # how long a change waits for the server to come back before giving up
READ_PATIENCE_SECONDS = 0.5  # reads wait less, and not at all once the server is known to be down: the store
#                               then serves the settings it last read, and messages are not held up

# Each entry upgrades the schema from version N to N+1 (the same numbers as the SQLite backend's).
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE guild_settings (
        guild_id BIGINT PRIMARY KEY,
        mention_only BOOLEAN NOT NULL DEFAULT FALSE,
        cooldown_seconds INTEGER NOT NULL DEFAULT 60
    );
    CREATE TABLE answer_channels (
        guild_id BIGINT NOT NULL,
        channel_id BIGINT NOT NULL,
        PRIMARY KEY (guild_id, channel_id)
    );
    """,
    """
    ALTER TABLE guild_settings ADD COLUMN updated_at TIMESTAMPTZ NOT NULL DEFAULT now();
    ALTER TABLE answer_channels ADD COLUMN added_at TIMESTAMPTZ NOT NULL DEFAULT now();
    """,
    """
    CREATE TABLE app_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    """,
)


def redacted(url: str) -> str:
    """The URL without its password, for messages and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


class PostgresBackend:
    # With LISTEN/NOTIFY delivering changes, a cached entry is read again only after this long (a safety net).
    change_delay = 60.0

    def __init__(self, url: str) -> None:
        try:
            import psycopg  # noqa: F401 - imported only when PostgreSQL is configured
        except ImportError:
            raise StoreError(f"CAREERBOT_DATABASE={redacted(url)}: PostgreSQL needs the psycopg driver; install "
                             "it with: pip install 'careerbot[postgres]'") from None
        self.database = redacted(url)
        self._url = url
        self._lock = threading.Lock()
        self._conn = None
        self._down_since: float | None = None
        self._last_attempt = 0.0
        self._listener: _Listener | None = None

    # -- connection handling ------------------------------------------------------------------------------------

    def _connect(self):
        import psycopg

        return psycopg.connect(self._url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_SECONDS)

    def open(self, on_change: Callable[[int | None], None] | None = None) -> None:
        import psycopg

        try:
            self._conn = self._connect()
            self._migrate()
        except psycopg.Error as error:
            raise StoreError(f"CAREERBOT_DATABASE={self.database}: cannot use the settings database: "
                             f"{_first_line(error)}") from None
        if on_change is not None:
            self._listener = _Listener(self, on_change)
            self._listener.start()

    def _migrate(self) -> None:
        conn = self._conn
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
            conn.execute("CREATE TABLE IF NOT EXISTS careerbot_schema (version INTEGER NOT NULL)")
            row = conn.execute("SELECT version FROM careerbot_schema").fetchone()
            version = row[0] if row else 0
            if row is None:
                conn.execute("INSERT INTO careerbot_schema (version) VALUES (0)")
            apply_migrations(MIGRATIONS, version, conn.execute,
                             lambda number: conn.execute("UPDATE careerbot_schema SET version = %s", (number,)),
                             database=self.database, what="database")

    def _call(self, action: Callable, *, read: bool = False):
        """Run `action(connection)`; while the server is unreachable, reconnect and retry for a while.

        A change waits up to WRITE_PATIENCE_SECONDS. A read waits READ_PATIENCE_SECONDS, and not at all while
        the server is known to be down (then at most one reconnect a second), nor behind a waiting change: the
        store serves the settings it last read instead. Deadlines read perf_counter, wall-clock elapsed time in
        every context (test harnesses may make time.monotonic virtual).
        """
        import psycopg

        known_down = self._down_since is not None
        patience = (0.0 if known_down else READ_PATIENCE_SECONDS) if read else WRITE_PATIENCE_SECONDS
        if read and known_down and time.perf_counter() - self._last_attempt < 1.0:
            raise StoreUnavailable(f"the settings database {self.database} is unreachable")
        if not self._lock.acquire(timeout=patience + 0.5 if read else -1):
            raise StoreUnavailable(f"the settings database {self.database} is busy or unreachable")
        deadline = time.perf_counter() + patience
        pause = 0.1
        try:
            while True:
                self._last_attempt = time.perf_counter()
                had_connection = self._conn is not None and not self._conn.closed
                try:
                    if not had_connection:
                        self._conn = self._connect()
                    result = action(self._conn)
                except (psycopg.OperationalError, psycopg.InterfaceError) as error:
                    self._note_down(error)
                    if self._conn is not None and not self._conn.closed:
                        self._conn.close()
                    self._conn = None
                    if had_connection:
                        continue  # a connection broken by a past restart: one fresh connection at once
                    if time.perf_counter() > deadline:
                        raise StoreUnavailable(f"the settings database {self.database} is unreachable: "
                                               f"{_first_line(error)}") from None
                    time.sleep(pause)
                    pause = min(pause * 2, 1.0)
                    continue
                self._note_up()
                return result
        finally:
            self._lock.release()

    def _note_down(self, error: Exception) -> None:
        if self._down_since is None:
            self._down_since = time.perf_counter()
            log.warning("settings database %s is unreachable (%s); retrying", self.database, _first_line(error))

    def _note_up(self) -> None:
        if self._down_since is not None:
            log.warning("settings database %s reachable again after %.1f s", self.database,
                        time.perf_counter() - self._down_since)
            self._down_since = None

    # -- the backend interface ----------------------------------------------------------------------------------

    def schema_version(self) -> int:
        return self._call(lambda c: c.execute("SELECT version FROM careerbot_schema").fetchone()[0])

    def listening(self) -> bool:
        return self._listener is not None and self._listener.connected

    def get(self, guild_id: int) -> GuildSettings:
        def read(conn):
            with conn.transaction():  # one snapshot for both tables
                row = conn.execute("SELECT mention_only, cooldown_seconds FROM guild_settings WHERE guild_id = %s",
                                   (guild_id,)).fetchone()
                channels = frozenset(r[0] for r in conn.execute(
                    "SELECT channel_id FROM answer_channels WHERE guild_id = %s", (guild_id,)).fetchall())
            return row, channels

        row, channels = self._call(read, read=True)
        if row is None:
            return GuildSettings(guild_id, channels=channels)
        return GuildSettings(guild_id, bool(row[0]), int(row[1]), channels)

    def update(self, guild_id: int, mention_only: bool | None, cooldown_seconds: int | None) -> None:
        self._write(guild_id,
                    "INSERT INTO guild_settings (guild_id, mention_only, cooldown_seconds) "
                    "VALUES (%(g)s, coalesce(%(m)s, FALSE), coalesce(%(c)s, %(d)s)) "
                    "ON CONFLICT (guild_id) DO UPDATE SET mention_only = coalesce(%(m)s, guild_settings.mention_only), "
                    "cooldown_seconds = coalesce(%(c)s, guild_settings.cooldown_seconds), updated_at = now()",
                    dict(g=guild_id, m=mention_only, c=cooldown_seconds, d=DEFAULT_COOLDOWN_SECONDS))

    def add_channel(self, guild_id: int, channel_id: int) -> bool:
        return self._write(guild_id, "INSERT INTO answer_channels (guild_id, channel_id) VALUES (%s, %s) "
                           "ON CONFLICT DO NOTHING", (guild_id, channel_id)) > 0

    def remove_channel(self, guild_id: int, channel_id: int) -> bool:
        return self._write(guild_id, "DELETE FROM answer_channels WHERE guild_id = %s AND channel_id = %s",
                           (guild_id, channel_id)) > 0

    def forget_guild(self, guild_id: int) -> None:
        self._write(guild_id, "DELETE FROM answer_channels WHERE guild_id = %(g)s; "
                    "DELETE FROM guild_settings WHERE guild_id = %(g)s", dict(g=guild_id))

    def get_state(self, key: str) -> str | None:
        row = self._call(lambda c: c.execute("SELECT value FROM app_state WHERE key = %s", (key,)).fetchone())
        return row[0] if row else None

    def set_state(self, key: str, value: str) -> None:
        self._call(lambda c: c.execute("INSERT INTO app_state (key, value) VALUES (%s, %s) "
                                       "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (key, value)))

    def _write(self, guild_id: int, sql: str, params) -> int:
        """One transaction: the change and its notification, delivered to the other processes on commit."""
        def write(conn):
            changed = 0
            with conn.transaction():
                for statement in filter(str.strip, sql.split(";")):
                    changed += conn.execute(statement, params).rowcount
                conn.execute("SELECT pg_notify(%s, %s)", (CHANNEL, str(guild_id)))
            return changed

        return self._call(write)

    def close(self) -> None:
        if self._listener is not None:
            self._listener.stop()
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None


class _Listener(threading.Thread):
    """Receives change notifications on its own connection; reconnects after a server restart.

    Every (re)connection drops the whole cache: notifications sent while it was down are lost.
    """

    def __init__(self, backend: PostgresBackend, on_change: Callable[[int | None], None]) -> None:
        super().__init__(name="careerbot-settings-listener", daemon=True)
        self.backend = backend
        self.on_change = on_change
        self.connected = False
        self._lost = False
        self._stopping = threading.Event()
        self._conn = None

    def run(self) -> None:
        import psycopg

        while not self._stopping.is_set():
            try:
                self._conn = self.backend._connect()
                self._conn.execute(f"LISTEN {CHANNEL}")
                if self._lost:
                    log.warning("settings change feed from %s restored", self.backend.database)
                self._lost = False
                self.connected = True
                self.on_change(None)
                while not self._stopping.is_set():
                    for notice in self._conn.notifies(timeout=0.5):
                        self.on_change(int(notice.payload) if notice.payload.isdigit() else None)
            except psycopg.Error as error:
                if self.connected:
                    self._lost = True
                    log.warning("lost the settings change feed from %s (%s); reconnecting, reading settings "
                                "directly meanwhile", self.backend.database, _first_line(error))
                self.connected = False
                self.on_change(None)
                self._close()
                self._stopping.wait(1.0)
        self.connected = False
        self._close()

    def _close(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            except Exception:  # noqa: BLE001 - already broken
                pass
            self._conn = None

    def stop(self) -> None:
        self._stopping.set()
        self.join(timeout=5)


def _first_line(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
