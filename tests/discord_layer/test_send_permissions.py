"""No request Discord will refuse: the bot checks it may send before replying, and after a 403 it stays quiet in
that channel until the server's permissions change (Discord bans an IP after 10,000 invalid requests in 10 min)."""

from __future__ import annotations

import discord

from tests.discord_layer.helpers import bot_messages, message_posts


async def _ask_many(simcord_env, guild, channel, count: int) -> None:
    for index in range(count):
        asker = guild.add_member(simcord_env.create_user(f"asker{index}"))
        await asker.send(channel, f"{simcord_env.bot.user.mention} what does a chemist earn?")


async def test_a_channel_where_the_bot_may_not_send_gets_no_attempts(simcord_env, guild):
    channel = guild.create_text_channel("read-only", overwrites={guild.me: discord.PermissionOverwrite(send_messages=False)})
    await _ask_many(simcord_env, guild, channel, 12)
    assert message_posts(simcord_env) == []


async def test_a_thread_needs_send_messages_in_threads(simcord_env, guild):
    channel = guild.create_text_channel(
        "no-threads", overwrites={guild.me: discord.PermissionOverwrite(send_messages_in_threads=False)})
    await simcord_env.bot.get_channel(channel.id).create_thread(name="questions", type=discord.ChannelType.public_thread)
    await simcord_env.settle()
    (thread,) = channel.threads
    before = len(message_posts(simcord_env))
    await _ask_many(simcord_env, guild, thread, 3)
    assert len(message_posts(simcord_env)) == before


async def test_after_a_403_the_channel_is_left_alone_until_permissions_change(simcord_env, guild, careers):
    # Discord refuses what the cached permissions allowed (as after a change the bot has not seen yet).
    simcord_env.inject_error("POST", "/channels/*/messages", status=403, code=50013, message="Missing Permissions",
                             times=1)
    await _ask_many(simcord_env, guild, careers, 6)
    assert len(message_posts(simcord_env)) == 1  # the refused one; the next five were never sent
    assert bot_messages(careers, simcord_env.bot.user.id) == []

    # A moderator changes the server's permissions: the bot tries again.
    bot_channel = simcord_env.bot.get_channel(careers.id)
    await bot_channel.set_permissions(bot_channel.guild.me, send_messages=True)
    await simcord_env.settle()
    asker = guild.add_member(simcord_env.create_user("after-fix"))
    await asker.send(careers, f"{simcord_env.bot.user.mention} what does a chemist earn?")
    assert len(bot_messages(careers, simcord_env.bot.user.id)) == 1


async def test_a_403_in_one_channel_does_not_silence_another(simcord_env, guild, careers, general):
    simcord_env.inject_error("POST", f"/channels/{careers.id}/messages", status=403, code=50013,
                             message="Missing Permissions", times=1)
    await _ask_many(simcord_env, guild, careers, 2)
    asker = guild.add_member(simcord_env.create_user("elsewhere"))
    await asker.send(general, f"{simcord_env.bot.user.mention} what does a chemist earn?")
    assert len(bot_messages(general, simcord_env.bot.user.id)) == 1
