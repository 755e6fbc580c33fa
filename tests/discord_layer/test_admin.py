"""/careerbot: help, roles, and the settings only Manage Server may change."""

from __future__ import annotations

import pytest


async def test_help_is_private_and_lists_the_commands(simcord_env, careers, member):
    result = await member.slash(careers, "careerbot help")
    assert result.ephemeral
    text = result.response.embeds[0].description
    for command in ("/role", "/compare", "/salary", "/careerbot roles"):
        assert command in text


async def test_roles_are_paginated_by_field(simcord_env, careers, member, kb):
    result = await member.slash(careers, "careerbot roles")
    embed = result.response.embeds[0]
    assert embed.footer.text.startswith("Page 1 of ")
    pages = int(embed.footer.text.rsplit(" ", 1)[1])
    assert pages >= 2
    seen = {line.removeprefix("• ") for f in embed.fields for line in f.value.splitlines()}
    message = result.response.message
    for page in range(2, pages + 1):
        clicked = await member.click(message, label="Next ▶")
        embed = clicked.response.message.embeds[0] if clicked.response else None
        embed = embed or careers.last_message.embeds[0]
        assert embed.footer.text.startswith(f"Page {page} of ")
        seen |= {line.removeprefix("• ") for f in embed.fields for line in f.value.splitlines()}
    assert seen == {role.title for role in kb.curated_roles()}


@pytest.mark.parametrize(
    "command, options",
    [("careerbot channels add", "channel"), ("careerbot channels remove", "channel"),
     ("careerbot channels list", None), ("careerbot settings", None)],
)
async def test_members_without_manage_server_are_refused(simcord_env, careers, member, command, options):
    kwargs = {options: careers} if options else {}
    result = await member.slash(careers, command, **kwargs)
    assert result.ephemeral
    assert "Manage Server" in result.response.content


async def test_channels_add_list_remove(simcord_env, careers, general, moderator):
    await moderator.slash(careers, "careerbot channels add", channel=careers)
    again = await moderator.slash(careers, "careerbot channels add", channel=careers)
    assert "already" in again.response.content
    listed = await moderator.slash(careers, "careerbot channels list")
    assert careers.mention in listed.response.content and general.mention not in listed.response.content
    removed = await moderator.slash(careers, "careerbot channels remove", channel=careers)
    assert "quiet" in removed.response.content
    listed = await moderator.slash(careers, "careerbot channels list")
    assert "No answer channels" in listed.response.content


async def test_settings_without_options_shows_them(simcord_env, careers, moderator):
    result = await moderator.slash(careers, "careerbot settings")
    assert result.ephemeral and result.response.content in ("", None)
    fields = {f.name: f.value for f in result.response.embeds[0].fields}
    assert fields["Mention only"] == "off" and fields["Cooldown"] == "60 s"
    await moderator.slash(careers, "careerbot settings", mention_only=True, cooldown_seconds=30)
    fields = {f.name: f.value for f in (await moderator.slash(careers, "careerbot settings")).response.embeds[0].fields}
    assert fields["Mention only"] == "on" and fields["Cooldown"] == "30 s"


async def test_server_settings_in_a_direct_message_are_refused_privately(simcord_env, member):
    result = await member.user.slash("careerbot channels list")
    assert result.ephemeral
    assert "inside a server" in result.response.content


async def test_an_unloaded_extension_takes_its_buttons_with_it_and_a_reload_brings_them_back(
        simcord_env, careers, member):
    bot = simcord_env.bot
    first = await member.slash(careers, "careerbot roles")
    message = first.response.message
    await bot.unload_extension("bot.cogs.admin")
    assert "RolesPageButton" not in {item.__name__ for item in bot._connection._view_store._dynamic_items.values()}
    await bot.load_extension("bot.cogs.admin")
    registered = {item.__name__: item for item in bot._connection._view_store._dynamic_items.values()}
    import bot.ui.admin as ui_admin

    assert registered["RolesPageButton"] is ui_admin.RolesPageButton
    clicked = await member.click(message, label="Next ▶")
    embed = clicked.response.message.embeds[0] if clicked.response else careers.last_message.embeds[0]
    assert embed.footer.text.startswith("Page 2 of ")


async def test_card_components_work_after_their_extension_is_reloaded(simcord_env, careers, member):
    result = await member.slash(careers, "role", name="physicist")
    await simcord_env.bot.reload_extension("bot.cogs.card_components")
    message = result.response.message
    await member.select(message, ["salary"])
    edited = careers.get_message(message.id) if hasattr(careers, "get_message") else careers.last_message
    assert edited.embeds[0].title == "Physicist · Salary"


async def test_many_answer_channels_are_listed_within_discord_limits_and_never_cut_mid_mention(
        simcord_env, guild, careers, moderator):
    import re

    channels = [guild.create_text_channel(f"careers-{i}") for i in range(90)]
    for channel in channels:
        await simcord_env.bot.store.add_channel(guild.id, channel.id)  # as 90 `/careerbot channels add` would
    listed = await moderator.slash(careers, "careerbot channels list")
    text = listed.response.content
    assert len(text) <= 2000
    assert "90 channels" in text and re.search(r"…and \d+ more$", text)
    assert re.sub(r"<#\d+>", "", text).count("<#") == 0
    shown = [int(c) for c in re.findall(r"<#(\d+)>", text)]
    assert len(shown) + int(re.search(r"…and (\d+) more", text)[1]) == 90
    settings = await moderator.slash(careers, "careerbot settings")
    (field,) = [f for f in settings.response.embeds[0].fields if f.name == "Answer channels"]
    assert len(field.value) <= 1024 and re.sub(r"<#\d+>", "", field.value).count("<#") == 0
    assert field.value.endswith("more")
