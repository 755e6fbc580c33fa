"""Settings in the running bot: read once per server and then from memory, deleted when the bot is removed from
a server, and slash commands synced by one process only when they changed."""

from __future__ import annotations

import dataclasses

import discord
from discord import app_commands

from bot.command_sync import syncs_commands
from bot.store import open_store
from tests.discord_layer.helpers import bot_messages


def count_reads(bot) -> list[int]:
    """Count the backend reads from now on (the real read still runs)."""
    calls = [0]
    backend = bot.store.backend
    read = backend.get

    def counted(guild_id):
        calls[0] += 1
        return read(guild_id)

    backend.get = counted
    return calls


async def test_a_servers_settings_are_read_once_and_then_served_from_memory(simcord_env, careers, moderator,
                                                                           member):
    await moderator.slash(careers, "careerbot channels add", channel=careers)
    reads = count_reads(simcord_env.bot)
    for question in ("what does a nurse earn?", "what does a plumber do?", "hello all", "how do I become a lawyer?"):
        await member.send(careers, question)
    assert len(bot_messages(careers, simcord_env.bot.user.id)) == 3
    assert reads[0] <= 1


async def test_a_change_is_honoured_at_once_despite_the_cache(simcord_env, careers, moderator, member):
    await member.send(careers, "what does a nurse earn?")  # caches "no answer channels"
    assert bot_messages(careers, simcord_env.bot.user.id) == []
    await moderator.slash(careers, "careerbot channels add", channel=careers)
    await member.send(careers, "what does a nurse earn?")
    assert len(bot_messages(careers, simcord_env.bot.user.id)) == 1
    await moderator.slash(careers, "careerbot channels remove", channel=careers)
    await member.send(careers, "what does a plumber earn?")
    assert len(bot_messages(careers, simcord_env.bot.user.id)) == 1


async def test_removing_the_bot_from_a_server_deletes_its_settings(simcord_env, guild, careers, moderator,
                                                                  database):
    await moderator.slash(careers, "careerbot channels add", channel=careers)
    await moderator.slash(careers, "careerbot settings", mention_only=True, cooldown_seconds=120)
    other = simcord_env.create_guild("Other Club")
    other_channel = other.create_text_channel("jobs")
    other_mod = other.add_member(simcord_env.create_user("othermod"),
                                 roles=[other.create_role("Mods", permissions=discord.Permissions(manage_guild=True))])
    await other_mod.slash(other_channel, "careerbot channels add", channel=other_channel)

    simcord_env.backend.remove_guild(guild.id)  # kicked, as Discord announces it: GUILD_DELETE
    await simcord_env.settle()

    fresh = open_store(database)
    await fresh.start()
    gone = await fresh.get(guild.id)
    assert gone.channels == frozenset() and not gone.mention_only and gone.cooldown_seconds == 60
    assert (await fresh.get(other.id)).channels == {other_channel.id}
    await fresh.close()


def command_syncs(env) -> int:
    return sum(1 for r in env.http_requests if r.method == "PUT" and r.path.endswith("/commands"))


async def test_unchanged_commands_are_not_synced_again(simcord_env, careers, member):
    before = command_syncs(simcord_env)
    assert before == 1  # at start, on a fresh database
    assert await simcord_env.bot._sync_commands() is False
    assert command_syncs(simcord_env) == before


async def test_changed_commands_are_synced(simcord_env, careers, member):
    bot = simcord_env.bot

    @app_commands.command(name="ping", description="A new command")
    async def ping(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("pong")

    bot.tree.add_command(ping)
    assert await bot._sync_commands() is True
    assert command_syncs(simcord_env) == 2
    assert "ping" in member.available_commands(careers)


async def test_only_the_process_running_shard_0_syncs(simcord_env, careers):
    bot = simcord_env.bot
    bot.tree.add_command(app_commands.Command(name="ping", description="A new command",
                                              callback=_pong))
    bot.config = dataclasses.replace(bot.config, shard_count=4, shard_ids=(1, 2))
    assert await bot._sync_commands() is False
    assert command_syncs(simcord_env) == 1
    assert syncs_commands(None) and syncs_commands((0, 1)) and not syncs_commands((3,))


async def _pong(interaction: discord.Interaction) -> None:
    await interaction.response.send_message("pong")
