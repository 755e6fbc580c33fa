"""Start-up: the invite link asks for exactly what the bot needs; commands sync globally or to a dev guild."""

from __future__ import annotations

import dataclasses
from urllib.parse import parse_qs, urlparse

import discord

from bot.client import PERMISSIONS, invite_url


def test_invite_url_has_exactly_the_needed_scopes_and_permissions():
    query = parse_qs(urlparse(invite_url(1234)).query)
    assert query["client_id"] == ["1234"]
    assert set(query["scope"][0].split()) == {"bot", "applications.commands"}
    granted = discord.Permissions(int(query["permissions"][0]))
    assert granted == PERMISSIONS
    assert {name for name, value in granted if value} == {  # read_messages is View Channels
        "read_messages", "send_messages", "send_messages_in_threads", "embed_links", "attach_files",
        "read_message_history"}


async def test_commands_are_synced_globally_by_default(simcord_env, careers, member):
    available = set(member.available_commands(careers))
    for command in ("compare", "role", "salary", "careerbot help", "careerbot roles", "careerbot channels add",
                    "careerbot channels remove", "careerbot channels list", "careerbot settings",
                    "careerbot reload"):
        assert command in available


async def test_a_dev_guild_gets_the_commands_synced_to_it(simcord_env, guild, careers, member):
    bot = simcord_env.bot
    bot.config = dataclasses.replace(bot.config, dev_guild=guild.id)
    await bot._sync_commands()
    synced = await bot.tree.fetch_commands(guild=discord.Object(id=guild.id))
    assert {c.name for c in synced} >= {"compare", "role", "salary", "careerbot"}
