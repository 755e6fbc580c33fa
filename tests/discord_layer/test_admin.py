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
