"""Per-server settings in an embedded SQLite file: the bot's only mutable state.

WAL mode lets readers run beside the one writer, every change is its own short transaction (a killed process
loses at most the change in flight), and `PRAGMA user_version` numbers the schema so an older file is
migrated in place, never discarded.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from dataclasses import dataclass

# Each entry upgrades the schema from version N to N+1; append, never edit, so old files keep migrating.
_MIGRATIONS: tuple[str, ...] = (
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
)

DEFAULT_COOLDOWN_SECONDS = 60


@dataclass(frozen=True, slots=True)
class GuildSettings:
    guild_id: int
    mention_only: bool = False
    cooldown_seconds: int = DEFAULT_COOLDOWN_SECONDS  # the rate-limit window for plain answers
    channels: frozenset[int] = frozenset()


def _maybe_int(value: bool | None) -> int | None:
    return None if value is None else int(value)


class SettingsStore:
    def __init__(self, database: str) -> None:
        self.database = database
        self._lock = threading.Lock()  # one writer at a time, whichever thread asks
        self._db = sqlite3.connect(database, check_same_thread=False, isolation_level=None, timeout=10)
        self._db.execute("PRAGMA busy_timeout = 10000")
        if database != ":memory:":
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA synchronous = NORMAL")
        self._migrate()

    @property
    def schema_version(self) -> int:
        return self._db.execute("PRAGMA user_version").fetchone()[0]

    def _migrate(self) -> None:
        with self._lock:
            version = self.schema_version
            for number, script in enumerate(_MIGRATIONS[version:], start=version + 1):
                self._db.execute("BEGIN IMMEDIATE")
                try:
                    for statement in filter(str.strip, script.split(";")):
                        self._db.execute(statement)
                    self._db.execute(f"PRAGMA user_version = {number}")
                    self._db.execute("COMMIT")
                except BaseException:
                    self._db.execute("ROLLBACK")
                    raise

    def get(self, guild_id: int) -> GuildSettings:
        # Reads take the lock too and consume their cursors whole: a half-read statement would keep an old
        # snapshot open on this connection, and a write after another process's commit would then fail.
        with self._lock:
            rows = self._db.execute(
                "SELECT mention_only, cooldown_seconds FROM guild_settings WHERE guild_id = ?", (guild_id,)
            ).fetchall()
            channels = frozenset(
                channel for (channel,) in self._db.execute(
                    "SELECT channel_id FROM answer_channels WHERE guild_id = ?", (guild_id,)
                ).fetchall()
            )
        row = rows[0] if rows else None
        if row is None:
            return GuildSettings(guild_id, channels=channels)
        return GuildSettings(guild_id, bool(row[0]), int(row[1]), channels)

    def update(self, guild_id: int, *, mention_only: bool | None = None,
               cooldown_seconds: int | None = None) -> GuildSettings:
        """Change the given settings only, in one statement: a concurrent change to the other one survives."""
        self._write(
            "INSERT INTO guild_settings (guild_id, mention_only, cooldown_seconds, updated_at) "
            "VALUES (?, coalesce(?, 0), coalesce(?, ?), ?) "
            "ON CONFLICT(guild_id) DO UPDATE SET "
            "mention_only = coalesce(?, mention_only), cooldown_seconds = coalesce(?, cooldown_seconds), "
            "updated_at = excluded.updated_at",
            (guild_id, _maybe_int(mention_only), cooldown_seconds, DEFAULT_COOLDOWN_SECONDS, int(time.time()),
             _maybe_int(mention_only), cooldown_seconds),
        )
        return self.get(guild_id)

    def add_channel(self, guild_id: int, channel_id: int) -> bool:
        """True when the channel was newly added."""
        return self._write(
            "INSERT OR IGNORE INTO answer_channels (guild_id, channel_id, added_at) VALUES (?, ?, ?)",
            (guild_id, channel_id, int(time.time()))
        ) > 0

    def remove_channel(self, guild_id: int, channel_id: int) -> bool:
        """True when the channel was in the list."""
        return self._write(
            "DELETE FROM answer_channels WHERE guild_id = ? AND channel_id = ?", (guild_id, channel_id)
        ) > 0

    def _write(self, sql: str, params: tuple) -> int:
        with self._lock:
            return self._db.execute(sql, params).rowcount

    def close(self) -> None:
        with self._lock:
            self._db.close()
