"""The embedded SQLite settings backend: the default, one file, no server.

WAL mode lets readers run beside the one writer, every change is its own short transaction (a killed process
loses at most the change in flight), and `PRAGMA user_version` numbers the schema so an older file is migrated
in place, never discarded. Several processes may open one file at the same moment: the schema version is read
inside the write transaction that migrates, and a busy or locked file is waited for, not fatal.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path
from typing import Callable

from bot.guild_settings import DEFAULT_COOLDOWN_SECONDS, GuildSettings, StoreError, apply_migrations

# Each entry upgrades the schema from version N to N+1; append, never edit, so old files keep migrating.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE guild_settings (
        guild_id INTEGER PRIMARY KEY,
        mention_only INTEGER NOT NULL DEFAULT 0,
        cooldown_seconds INTEGER NOT NULL DEFAULT 60
    );
    CREATE TABLE answer_channels (
        guild_id INTEGER NOT NULL,
        channel_id INTEGER NOT NULL,
        PRIMARY KEY (guild_id, channel_id)
    );
    """,
    # 2: when each server's settings last changed, for moderators asking "who turned this on?".
    """
    ALTER TABLE guild_settings ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE answer_channels ADD COLUMN added_at INTEGER NOT NULL DEFAULT 0;
    """,
    # 3: small facts the processes share, such as the fingerprint of the last synced slash commands.
    """
    CREATE TABLE app_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    """,
)

BUSY_TIMEOUT_SECONDS = 30.0


def _maybe_int(value: bool | None) -> int | None:
    return None if value is None else int(value)


class SqliteBackend:
    # Changes made by another process on the same file are seen within this many seconds (this process's own
    # changes at once).
    change_delay = 2.0

    def __init__(self, database: str) -> None:
        self.database = database
        self._lock = threading.Lock()  # one statement at a time on the shared connection, whichever thread asks
        self._db: sqlite3.Connection | None = None
        if database != ":memory:":
            folder = Path(database).expanduser().absolute().parent
            if not folder.is_dir():
                raise StoreError(f"CAREERBOT_DATABASE={database}: the folder {folder} does not exist; "
                                 "create it or point CAREERBOT_DATABASE at a file in an existing folder")

    def open(self, on_change: Callable[[int | None], None] | None = None) -> None:
        try:
            self._db = sqlite3.connect(self.database, check_same_thread=False, isolation_level=None,
                                       timeout=BUSY_TIMEOUT_SECONDS)
            self._db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
            if self.database != ":memory:":
                _retry_while_busy(lambda: self._db.execute("PRAGMA journal_mode = WAL").fetchall())
                self._db.execute("PRAGMA synchronous = NORMAL")
            _retry_while_busy(self._migrate)
        except sqlite3.DatabaseError as error:
            raise StoreError(f"CAREERBOT_DATABASE={self.database}: cannot use this settings file: "
                             f"{_explain(error)}") from None

    def _migrate(self) -> None:
        """Bring the schema up to date in one write transaction, reading the version inside it.

        Taking the write lock first (BEGIN IMMEDIATE) means two processes never both see "version 1" and both
        add the same column; it also proves the file is writable, so a read-only file is refused at start.
        """
        db = self._db
        with self._lock:
            db.execute("BEGIN IMMEDIATE")
            try:
                version = db.execute("PRAGMA user_version").fetchone()[0]
                apply_migrations(MIGRATIONS, version, db.execute,
                                 lambda number: db.execute(f"PRAGMA user_version = {number}"),
                                 database=self.database, what="file")
                # Rewriting the version even when nothing changed is the write that proves the file writable.
                db.execute(f"PRAGMA user_version = {max(version, len(MIGRATIONS))}")
                db.execute("COMMIT")
            except BaseException:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise

    def schema_version(self) -> int:
        with self._lock:
            return self._db.execute("PRAGMA user_version").fetchone()[0]

    def listening(self) -> bool:
        return True

    def get(self, guild_id: int) -> GuildSettings:
        # Reads consume their cursors whole under the lock: a half-read statement would keep an old snapshot
        # open on this connection, and a write after another process's commit would then fail.
        with self._lock:
            rows = self._db.execute(
                "SELECT mention_only, cooldown_seconds FROM guild_settings WHERE guild_id = ?", (guild_id,)
            ).fetchall()
            channels = frozenset(channel for (channel,) in self._db.execute(
                "SELECT channel_id FROM answer_channels WHERE guild_id = ?", (guild_id,)).fetchall())
        if not rows:
            return GuildSettings(guild_id, channels=channels)
        return GuildSettings(guild_id, bool(rows[0][0]), int(rows[0][1]), channels)

    def update(self, guild_id: int, mention_only: bool | None, cooldown_seconds: int | None) -> None:
        self._write(
            "INSERT INTO guild_settings (guild_id, mention_only, cooldown_seconds, updated_at) "
            "VALUES (?, coalesce(?, 0), coalesce(?, ?), ?) "
            "ON CONFLICT(guild_id) DO UPDATE SET "
            "mention_only = coalesce(?, mention_only), cooldown_seconds = coalesce(?, cooldown_seconds), "
            "updated_at = excluded.updated_at",
            (guild_id, _maybe_int(mention_only), cooldown_seconds, DEFAULT_COOLDOWN_SECONDS, int(time.time()),
             _maybe_int(mention_only), cooldown_seconds),
        )

    def add_channel(self, guild_id: int, channel_id: int) -> bool:
        return self._write("INSERT OR IGNORE INTO answer_channels (guild_id, channel_id, added_at) VALUES (?, ?, ?)",
                           (guild_id, channel_id, int(time.time()))) > 0

    def remove_channel(self, guild_id: int, channel_id: int) -> bool:
        return self._write("DELETE FROM answer_channels WHERE guild_id = ? AND channel_id = ?",
                           (guild_id, channel_id)) > 0

    def forget_guild(self, guild_id: int) -> None:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.execute("DELETE FROM answer_channels WHERE guild_id = ?", (guild_id,))
                self._db.execute("DELETE FROM guild_settings WHERE guild_id = ?", (guild_id,))
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    def get_state(self, key: str) -> str | None:
        with self._lock:
            rows = self._db.execute("SELECT value FROM app_state WHERE key = ?", (key,)).fetchall()
        return rows[0][0] if rows else None

    def set_state(self, key: str, value: str) -> None:
        self._write("INSERT INTO app_state (key, value) VALUES (?, ?) "
                    "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, value))

    def _write(self, sql: str, params: tuple) -> int:
        with self._lock:
            return self._db.execute(sql, params).rowcount

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None


def _retry_while_busy(action: Callable[[], object], patience: float = BUSY_TIMEOUT_SECONDS) -> object:
    """Run `action`, again after a short pause while another process holds the file (busy/locked)."""
    deadline = time.perf_counter() + patience
    pause = 0.01
    while True:
        try:
            return action()
        except sqlite3.OperationalError as error:
            text = str(error)
            if ("locked" not in text and "busy" not in text) or time.perf_counter() > deadline:
                raise
            time.sleep(pause)
            pause = min(pause * 2, 0.25)


def _explain(error: sqlite3.DatabaseError) -> str:
    text = str(error)
    if "readonly" in text:
        return "the file is read-only for this user; make it writable or choose another path"
    if "unable to open" in text:
        return "the file cannot be opened or created here (check the path and the folder's permissions)"
    if "not a database" in text:
        return "this is not an SQLite settings file"
    return text
