"""Plain questions in answer channels and mentions: answered once, quietly; chatter and bots ignored."""

from __future__ import annotations

import discord
import pytest

from bot.client import create_bot
from bot.settings import Settings
from tests.discord_layer.helpers import bot_messages, choose_section, message_posts


@pytest.fixture
async def answer_channel(simcord_env, careers, moderator):
    result = await moderator.slash(careers, "careerbot channels add", channel=careers)
    assert result.ephemeral and careers.mention in result.response.content
    return careers


def replies(channel, env) -> list[discord.Message]:
    return bot_messages(channel, env.bot.user.id)


async def test_a_question_in_an_answer_channel_gets_one_reply_with_the_card(simcord_env, answer_channel, member):
    question = await member.send(answer_channel, "what does an operations manager earn?")
    (reply,) = replies(answer_channel, simcord_env)
    assert reply.reference is not None and reply.reference.message_id == question.id
    assert reply.embeds[0].title == "Operations Manager · Salary"
    assert "$105,770" in "".join(f.value for f in reply.embeds[0].fields)


async def test_two_names_of_one_job_compared_get_its_card_and_say_why(simcord_env, answer_channel, member):
    await member.send(answer_channel, "paralegal vs legal assistant?")
    (reply,) = replies(answer_channel, simcord_env)
    assert reply.content == "“paralegal” and “legal assistant” are one job here (Paralegal), so here is its card."
    assert reply.embeds[0].title.startswith("Paralegal · ")


@pytest.mark.parametrize("chatter", ["my manager is annoying lol", "the engineer in tf2 is op",
                                     "what does an API do", "good morning everyone"])
async def test_chatter_gets_nothing(simcord_env, answer_channel, member, chatter):
    await member.send(answer_channel, chatter)
    assert replies(answer_channel, simcord_env) == []


async def test_questions_outside_answer_channels_are_ignored(simcord_env, answer_channel, general, member):
    await member.send(general, "what does an operations manager earn?")
    assert replies(general, simcord_env) == []


async def test_a_mention_is_answered_anywhere(simcord_env, general, member):
    await member.send(general, f"{simcord_env.bot.user.mention} physisist vs engineer?")
    (reply,) = replies(general, simcord_env)
    assert reply.embeds[0].title == "Physicist vs Engineer · Overview"


async def test_a_mention_without_a_role_gets_a_short_hint(simcord_env, general, member):
    await member.send(general, f"{simcord_env.bot.user.mention} hello there")
    (reply,) = replies(general, simcord_env)
    assert "/role" in reply.content and not reply.embeds


async def test_a_mention_with_an_unclear_role_offers_choices(simcord_env, general, member):
    await member.send(general, f"{simcord_env.bot.user.mention} how much does a PM make?")
    (reply,) = replies(general, simcord_env)
    assert "Did you mean" in reply.content
    labels = [c.label for row in reply.components for c in row.children]
    assert {"Product Manager", "Project Manager", "Program Manager"} <= set(labels)
    await member.click(reply, label="Project Manager")
    assert replies(general, simcord_env)[-1].embeds[0].title == "Project Manager · Salary"  # what was asked


async def test_bots_are_never_answered(simcord_env, guild, answer_channel):
    other_bot = guild.add_member(simcord_env.create_user("helperbot", bot=True))
    await other_bot.send(answer_channel, "what does an operations manager earn?")
    assert replies(answer_channel, simcord_env) == []


async def test_nothing_the_bot_sends_can_ping(simcord_env, answer_channel, member):
    await member.send(answer_channel, "@everyone what does a physicist earn? <@123456789012345678>")
    (reply,) = replies(answer_channel, simcord_env)
    assert reply.embeds[0].title == "Physicist · Salary"
    posts = message_posts(simcord_env)
    assert posts
    for post in posts:
        allowed = post.json.get("allowed_mentions")
        assert allowed is not None and allowed.get("parse") == [] and not allowed.get("replied_user"), allowed
    assert not reply.mention_everyone and reply.mentions == [] and reply.role_mentions == []


async def test_a_flood_from_one_member_gets_at_most_the_allowance(simcord_env, answer_channel, member):
    for i in range(50):
        await member.send(answer_channel, f"what does a physicist earn? ({i})")
    assert len(replies(answer_channel, simcord_env)) == 3
    await simcord_env.advance_time(61)
    await member.send(answer_channel, "what does a chemist earn?")
    assert len(replies(answer_channel, simcord_env)) == 4


async def test_a_channel_gets_at_most_its_allowance(simcord_env, guild, answer_channel):
    members = [guild.add_member(simcord_env.create_user(f"user{i}")) for i in range(6)]
    for member in members:
        for _ in range(3):
            await member.send(answer_channel, "what does a chemist earn?")
    assert len(replies(answer_channel, simcord_env)) == 10


async def test_mention_only_mode(simcord_env, answer_channel, moderator, member):
    result = await moderator.slash(answer_channel, "careerbot settings", mention_only=True)
    assert "Settings saved" in result.response.content
    await member.send(answer_channel, "what does a chemist earn?")
    assert replies(answer_channel, simcord_env) == []
    await member.send(answer_channel, f"{simcord_env.bot.user.mention} what does a chemist earn?")
    assert len(replies(answer_channel, simcord_env)) == 1


async def test_cooldown_setting_changes_the_window(simcord_env, answer_channel, moderator, member):
    await moderator.slash(answer_channel, "careerbot settings", cooldown_seconds=10)
    for _ in range(5):
        await member.send(answer_channel, "what does a chemist earn?")
    assert len(replies(answer_channel, simcord_env)) == 3
    await simcord_env.advance_time(11)
    await member.send(answer_channel, "what does a chemist earn?")
    assert len(replies(answer_channel, simcord_env)) == 4


async def test_settings_survive_a_restart(simcord_env, answer_channel, member, database, answerer):
    await simcord_env.restart_bot(create_bot(database=database, answerer=answerer))
    await member.send(answer_channel, "what does an operations manager earn?")
    assert len(replies(answer_channel, simcord_env)) == 1


async def test_section_menu_still_works_after_a_restart(simcord_env, careers, member, database, answerer):
    result = await member.slash(careers, "role", name="physicist")
    await simcord_env.restart_bot(create_bot(database=database, answerer=answerer))
    await choose_section(member, result.response.message, "skills")
    assert careers.last_message.embeds[0].title == "Physicist · Skills"


@pytest.fixture
def simcord_bot(database, answerer, request):
    """This module's bot; `no_message_content` builds it without the privileged intent."""
    config = Settings(database=database, message_content="no_message_content" not in request.keywords)
    return create_bot(database=database, answerer=answerer, config=config)


@pytest.mark.no_message_content
@pytest.mark.simcord(approved_intents=discord.Intents.default())
async def test_without_message_content_mentions_still_work(simcord_env, answer_channel, member):
    await member.send(answer_channel, "what does a chemist earn?")
    assert replies(answer_channel, simcord_env) == []
    await member.send(answer_channel, f"{simcord_env.bot.user.mention} what does a chemist earn?")
    assert len(replies(answer_channel, simcord_env)) == 1
