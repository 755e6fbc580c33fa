"""Process settings, read once at the entry point from the environment (and a `.env` file)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Mapping


class SettingsError(ValueError):
    """A setting has a value the bot cannot use; the message says which and why."""


@dataclass(frozen=True)
class Settings:
    token: str = field(default="", repr=False)  # never printed, not even in a repr
    database: str = "careerbot.sqlite3"
    knowledge_dir: str | None = None
    dev_guild: int | None = None
    message_content: bool = True
    member_limit: int = 3
    channel_limit: int = 10
    shard_count: int | None = None
    shard_ids: tuple[int, ...] | None = None
    log_level: str = "INFO"
    owner_ids: tuple[int, ...] = ()  # who may /careerbot reload; empty = the application's owner or team
    metrics_port: int | None = None  # Prometheus /metrics and /healthz; off unless set

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        return cls(
            token=env.get("DISCORD_TOKEN", "").strip(),
            database=env.get("CAREERBOT_DATABASE", "careerbot.sqlite3"),
            knowledge_dir=env.get("CAREERBOT_KNOWLEDGE") or None,
            dev_guild=_int(env, "CAREERBOT_DEV_GUILD"),
            message_content=_bool(env, "CAREERBOT_MESSAGE_CONTENT", True),
            member_limit=_positive(env, "CAREERBOT_MEMBER_LIMIT", 3),
            channel_limit=_positive(env, "CAREERBOT_CHANNEL_LIMIT", 10),
            shard_count=_int(env, "SHARD_COUNT"),
            shard_ids=_int_list(env, "SHARD_IDS"),
            log_level=_log_level(env),
            owner_ids=_int_list(env, "CAREERBOT_OWNER_IDS") or (),
            metrics_port=_port(env, "CAREERBOT_METRICS_PORT"),
        )


LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def _log_level(env: Mapping[str, str]) -> str:
    raw = env.get("CAREERBOT_LOG_LEVEL", "").strip().upper() or "INFO"
    if raw not in LOG_LEVELS:
        raise SettingsError(f"CAREERBOT_LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}, not {raw!r}")
    return raw


def _int(env: Mapping[str, str], name: str) -> int | None:
    raw = env.get(name, "").strip()
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, not {raw!r}") from None


def _positive(env: Mapping[str, str], name: str, default: int) -> int:
    value = _int(env, name)
    if value is None:
        return default
    if value < 1:
        raise SettingsError(f"{name} must be 1 or more, not {value}")
    return value


def _port(env: Mapping[str, str], name: str) -> int | None:
    value = _int(env, name)
    if value is not None and not 0 <= value <= 65535:
        raise SettingsError(f"{name} must be a port number from 0 to 65535, not {value}")
    return value


def _int_list(env: Mapping[str, str], name: str) -> tuple[int, ...] | None:
    raw = env.get(name, "").strip()
    if not raw:
        return None
    try:
        return tuple(int(part) for part in raw.split(",") if part.strip())
    except ValueError:
        raise SettingsError(f"{name} must be comma-separated whole numbers, not {raw!r}") from None


def _bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    raise SettingsError(f"{name} must be 1 or 0, not {raw!r}")
