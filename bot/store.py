"""Per-server settings, the bot's only mutable state: one async interface over two backends.

`open_store(database)` picks the backend from `CAREERBOT_DATABASE`: a file path or ":memory:" is an embedded
SQLite file (the default, no server), a `postgresql://` URL a PostgreSQL server that shard processes on several
hosts share. Backends are synchronous and thread-safe; `SettingsStore` runs every call in a worker thread, so no
database call ever runs on the event loop, and keeps each guild's settings in memory until they change.

How a change reaches the other processes (the "documented delay" in the README):
- in this process: at once (a write marks the cached entry stale);
- PostgreSQL: every write sends `NOTIFY careerbot_settings` in its transaction and each process LISTENs, so the
  others mark their entry stale within milliseconds; while that feed is down the cache is bypassed;
- SQLite (processes on one host sharing the file): a cached entry lives at most `SqliteBackend.change_delay`.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Callable, Protocol

from bot.guild_settings import DEFAULT_COOLDOWN_SECONDS, GuildSettings, StoreError, StoreUnavailable

log = logging.getLogger(__name__)

__all__ = ["DEFAULT_COOLDOWN_SECONDS", "GuildSettings", "SettingsStore", "StoreError", "StoreUnavailable",
           "open_store"]


class Backend(Protocol):
    """What a backend provides. Every method blocks; `SettingsStore` calls them from worker threads."""

    database: str
    change_delay: float  # how long a cached entry may be served before it is read again

    def open(self, on_change: Callable[[int | None], None]) -> None: ...
    def schema_version(self) -> int: ...
    def listening(self) -> bool: ...  # True while changes made by other processes are being delivered
    def get(self, guild_id: int) -> GuildSettings: ...
    def update(self, guild_id: int, mention_only: bool | None, cooldown_seconds: int | None) -> None: ...
    def add_channel(self, guild_id: int, channel_id: int) -> bool: ...
    def remove_channel(self, guild_id: int, channel_id: int) -> bool: ...
    def forget_guild(self, guild_id: int) -> None: ...
    def get_state(self, key: str) -> str | None: ...
    def set_state(self, key: str, value: str) -> None: ...
    def close(self) -> None: ...


def open_store(database: str) -> SettingsStore:
    """The store for `database`, not yet connected (`await store.start()` connects and migrates).

    Raises StoreError at once for a setting that can never work (a missing folder, a URL without a driver).
    """
    if database.startswith(("postgresql://", "postgres://")):
        from bot.store_postgres import PostgresBackend

        return SettingsStore(PostgresBackend(database))
    from bot.store_sqlite import SqliteBackend

    return SettingsStore(SqliteBackend(database))


class SettingsStore:
    """The async settings interface the bot uses, with a per-guild cache invalidated on change."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self._cache: dict[int, tuple[GuildSettings, float]] = {}
        self._generation = 0  # bumped on every invalidation, so a read racing a change is not cached
        self._started = False
        self._start_lock: asyncio.Lock | None = None
        self._outage_logged = False

    @property
    def database(self) -> str:
        return self.backend.database

    async def start(self) -> None:
        """Connect and bring the schema up to date (safe when several processes start at once). Idempotent."""
        if self._start_lock is None:
            self._start_lock = asyncio.Lock()
        async with self._start_lock:
            if not self._started:
                await asyncio.to_thread(self.backend.open, self.invalidate)
                self._started = True

    async def schema_version(self) -> int:
        return await asyncio.to_thread(self.backend.schema_version)

    def invalidate(self, guild_id: int | None = None) -> None:
        """Mark one guild's cached settings stale, or every guild's (None). Safe from any thread.

        A stale entry is read again before use; it is kept only to serve while the database is unreachable.
        """
        self._generation += 1
        if guild_id is None:
            self._cache = {guild: (settings, 0.0) for guild, (settings, _) in list(self._cache.items())}
        elif guild_id in self._cache:
            self._cache[guild_id] = (self._cache[guild_id][0], 0.0)

    async def get(self, guild_id: int) -> GuildSettings:
        """The guild's settings: from memory when unchanged, else one read in a worker thread.

        While the database is unreachable, the last known settings (or the defaults: answer only when mentioned)
        are served, so the bot keeps answering; the outage is logged once.
        """
        cached = self._cache.get(guild_id)
        now = time.monotonic()
        if cached is not None and cached[1] > now and self.backend.listening():
            return cached[0]
        generation = self._generation
        try:
            settings = await asyncio.to_thread(self.backend.get, guild_id)
        except StoreUnavailable as error:
            if not self._outage_logged:
                log.warning("serving cached or default settings while the settings database is down: %s", error)
                self._outage_logged = True
            return cached[0] if cached is not None else GuildSettings(guild_id)
        self._outage_logged = False
        # A change announced during the read may not be in it: keep the value, but only as stale.
        fresh_until = time.monotonic() + self.backend.change_delay if generation == self._generation else 0.0
        self._cache[guild_id] = (settings, fresh_until)
        return settings

    async def update(self, guild_id: int, *, mention_only: bool | None = None,
                     cooldown_seconds: int | None = None) -> GuildSettings:
        """Change the given settings only, in one statement: a concurrent change to the other one survives."""
        await self._write(self.backend.update, guild_id, mention_only, cooldown_seconds)
        return await self.get(guild_id)

    async def add_channel(self, guild_id: int, channel_id: int) -> bool:
        """True when the channel was newly added."""
        return await self._write(self.backend.add_channel, guild_id, channel_id)

    async def remove_channel(self, guild_id: int, channel_id: int) -> bool:
        """True when the channel was in the list."""
        return await self._write(self.backend.remove_channel, guild_id, channel_id)

    async def forget_guild(self, guild_id: int) -> None:
        """Delete everything kept for a guild (the bot was removed from it)."""
        await self._write(self.backend.forget_guild, guild_id)
        self._cache.pop(guild_id, None)

    async def get_state(self, key: str) -> str | None:
        return await asyncio.to_thread(self.backend.get_state, key)

    async def set_state(self, key: str, value: str) -> None:
        await asyncio.to_thread(self.backend.set_state, key, value)

    async def _write(self, method, guild_id: int, *args):
        self.invalidate(guild_id)
        try:
            return await asyncio.to_thread(method, guild_id, *args)
        finally:
            self.invalidate(guild_id)

    async def close(self) -> None:
        await asyncio.to_thread(self.backend.close)
        self._cache.clear()
