"""What the settings store keeps for each server, how it fails, and how its schema is brought up to date: shared by
the store and its backends."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

DEFAULT_COOLDOWN_SECONDS = 60


@dataclass(frozen=True, slots=True)
class GuildSettings:
    guild_id: int
    mention_only: bool = False
    cooldown_seconds: int = DEFAULT_COOLDOWN_SECONDS  # the rate-limit window for plain answers
    channels: frozenset[int] = frozenset()


class StoreError(RuntimeError):
    """The settings store cannot be used as configured; the message is one line naming CAREERBOT_DATABASE."""


class StoreUnavailable(StoreError):
    """The settings database cannot be reached right now (a server restart, a network cut): try again later."""


def apply_migrations(migrations: Sequence[str], version: int, execute: Callable[[str], object],
                     record: Callable[[int], object], *, database: str, what: str) -> None:
    """Bring a settings schema at `version` up to date inside the caller's transaction: each later migration's
    statements run in turn and `record` notes the version reached. A schema newer than `migrations` knows is
    refused (`what` the settings store is: "file" or "database")."""
    if version > len(migrations):
        raise StoreError(
            f"CAREERBOT_DATABASE={database}: this settings {what} has schema version {version}, newer than this "
            f"careerbot understands ({len(migrations)}); upgrade careerbot or use another {what}")
    for number, script in enumerate(migrations[version:], start=version + 1):
        for statement in filter(str.strip, script.split(";")):
            execute(statement)
        record(number)
