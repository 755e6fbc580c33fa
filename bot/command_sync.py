"""Which process syncs the slash commands, and when.

With shard slices as processes, only the one running shard 0 (or an unsharded process) syncs, and only when the
commands' definitions differ from the last sync: the fingerprint of what was synced is kept in the settings
store the processes share, so a restart or a rebalance does not spend Discord's command-sync rate limit.
"""

from __future__ import annotations

import hashlib
import json
import logging

import discord
from discord import app_commands

log = logging.getLogger(__name__)


def syncs_commands(shard_ids: tuple[int, ...] | None) -> bool:
    """Exactly one process syncs: the one with shard 0 (a process without SHARD_IDS runs every shard)."""
    return shard_ids is None or 0 in shard_ids


def fingerprint(tree: app_commands.CommandTree, guild: discord.abc.Snowflake | None = None) -> str:
    """A digest of the command definitions as Discord receives them (names, options, permissions, locales)."""
    payload = sorted((command.to_dict(tree) for command in tree.get_commands(guild=guild)),
                     key=lambda data: (data.get("type", 1), data["name"]))
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


async def sync_if_changed(bot, dev_guild: int | None, shard_ids: tuple[int, ...] | None) -> bool:
    """Sync the commands (globally, or to the development guild) if this process syncs and they changed.

    True when a sync was sent.
    """
    if not syncs_commands(shard_ids):
        log.info("not syncing commands: the process running shard 0 does")
        return False
    guild = discord.Object(id=dev_guild) if dev_guild else None
    if guild is not None:
        bot.tree.copy_global_to(guild=guild)
    key = f"commands:{bot.application_id}:{dev_guild or 'global'}"
    digest = fingerprint(bot.tree, guild)
    if await bot.store.get_state(key) == digest:
        log.info("commands unchanged since the last sync: not syncing")
        return False
    synced = await bot.tree.sync(guild=guild)
    await bot.store.set_state(key, digest)
    log.info("synced %d commands %s", len(synced),
             f"to development guild {dev_guild}" if dev_guild else "globally")
    return True
