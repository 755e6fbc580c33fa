"""Hostile text through the whole bot: never an exception, never a ping, never an oversized or reformatted reply.

Hypothesis drives real SimCord sessions: each example is a fresh bot in a fresh simulated server, sent the text
as a plain question (with and without a mention) and as every free-text slash command option.
"""

from __future__ import annotations

import asyncio

import discord
import simcord
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.client import create_bot

HOSTILE_PIECES = [
    "@everyone", "@here", "<@123456789012345678>", "<@&123456789012345678>", "<#123456789012345678>",
    "**bold**", "__under__", "~~strike~~", "||spoiler||", "`code`", "```py\nprint(1)\n```", "> quote",
    "# heading", "[click](https://evil.example)", "https://discord.gg/fake", "\u200b", "\u200d", "\u202e",
    "\u0301\u0302\u0303\u0304", "Z̷̨̛a̸l̶g̵o̴", "ops manager", "physicist", "vs", "pay", "in TX", "PA", "?",
]
texts = st.one_of(
    st.lists(st.sampled_from(HOSTILE_PIECES), min_size=1, max_size=25).map(" ".join),
    st.text(min_size=1, max_size=200),
    st.builds(lambda piece, n: (piece + " ") * n, st.sampled_from(HOSTILE_PIECES), st.integers(50, 400)),
)


def payload_mentions_allowed(request) -> bool:
    body = request.json or {}
    if request.path.endswith("/callback") and body.get("type") not in (4, 7):
        return False  # autocomplete choices, deferrals and the like carry no message
    data = body.get("data", body) if isinstance(body, dict) else {}
    allowed = data.get("allowed_mentions") if isinstance(data, dict) else None
    return allowed is None or bool(allowed.get("parse")) or bool(allowed.get("users")) or bool(allowed.get("roles")) \
        or bool(allowed.get("replied_user"))


def assert_safe(message_text: str, embeds: list[discord.Embed]) -> None:
    assert len(message_text) <= 2000
    for raw in ("@everyone", "@here", "<@1", "<@&", "](https://evil"):
        assert raw not in message_text, raw
    for embed in embeds:
        assert len(embed) <= 6000
        assert "@everyone" not in (embed.title or "") + (embed.description or "")


async def scenario(answerer, database: str, text: str) -> None:
    bot = create_bot(database=database, answerer=answerer)
    async with simcord.run(bot) as env:
        guild = env.create_guild("Hostile")
        channel = guild.create_text_channel("careers")
        mods = guild.create_role("Mods", permissions=discord.Permissions(manage_guild=True))
        moderator = guild.add_member(env.create_user("mod"), roles=[mods])
        member = guild.add_member(env.create_user("troll"))
        await moderator.slash(channel, "careerbot channels add", channel=channel)
        await member.send(channel, text[:2000])
        await member.send(channel, f"{bot.user.mention} {text}"[:2000])
        option = text[:100]
        results = [
            await member.slash(channel, "role", name=option),
            await member.slash(channel, "compare", role_a=option, role_b="physicist"),
            await member.slash(channel, "salary", role="physicist", place=option),
            await member.slash(channel, "salary", role=option),
        ]
        choices = await member.autocomplete(channel, "role", "name", option)
        assert len(choices) <= 25
        for result in results:
            response = result.response
            assert response is not None
            assert_safe(response.content or "", response.embeds)
        for message in channel.history():
            if message.author.id == bot.user.id:
                assert_safe(message.content, message.embeds)
                assert not message.mentions and not message.role_mentions and not message.mention_everyone
        for request in env.http_requests:
            if request.method == "POST" and (request.path.endswith("/messages") or request.path.endswith("/callback")):
                assert not payload_mentions_allowed(request), request.json


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=texts)
def test_hostile_text_never_breaks_pings_or_oversizes(answerer, tmp_path, text):
    asyncio.run(scenario(answerer, ":memory:", text))
