"""What the settings store keeps for each server, and how it fails: shared by the store and its backends."""

from __future__ import annotations

from dataclasses import dataclass

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
