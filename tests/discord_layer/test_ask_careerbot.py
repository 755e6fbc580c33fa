"""The "Ask careerbot" message context menu: right-click a message → Apps → Ask careerbot answers it privately."""

from __future__ import annotations

import discord
import pytest

from bot.client import create_bot
from bot.core.chart import FILENAME
from bot.settings import Settings
from tests.discord_layer.helpers import bot_messages

ASK = "Ask careerbot"


@pytest.fixture
def simcord_bot(database, answerer, request):
    """`no_message_content` builds the bot without the privileged intent."""
    config = Settings(database=database, message_content="no_message_content" not in request.keywords)
    return create_bot(database=database, answerer=answerer, config=config)


@pytest.fixture
def bob(simcord_env, guild):
    return guild.add_member(simcord_env.create_user("bob"))


def labels(response) -> list[str]:
    return [c.get("label") for row in response.components for c in row.get("components", []) if c.get("type") == 2]


async def test_a_question_the_bot_stayed_quiet_on_is_answered_privately(simcord_env, general, member, bob):
    question = await member.send(general, "what does a chemist earn?")
    assert bot_messages(general, simcord_env.bot.user.id) == []  # not an answer channel: the bot stays quiet
    result = await bob.context_menu(general, ASK, question)
    assert result.ephemeral
    embed = result.response.embeds[0]
    assert embed.title.startswith("Chemist · Salary")
    assert [a.filename for a in result.response.attachments] == [FILENAME]
    assert bot_messages(general, simcord_env.bot.user.id) == []  # nothing public


async def test_it_answers_the_message_as_if_addressed_so_a_bare_role_name_is_enough(simcord_env, general, member,
                                                                                   bob):
    question = await member.send(general, "physicist or engineer, still deciding")
    result = await bob.context_menu(general, ASK, question)
    assert result.ephemeral
    assert result.response.embeds[0].title.startswith("Physicist vs Engineer")


async def test_chatter_gets_a_private_hint(simcord_env, general, member, bob):
    chatter = await member.send(general, "good morning everyone")
    result = await bob.context_menu(general, ASK, chatter)
    assert result.ephemeral and not result.response.embeds
    assert "/role" in result.response.content


async def test_an_unclear_name_gets_private_choices_that_open_the_asked_section(simcord_env, general, member, bob):
    question = await member.send(general, "my PM salary is lower than I hoped")
    result = await bob.context_menu(general, ASK, question)
    assert result.ephemeral and "Did you mean" in result.response.content
    clicked = await bob.click(result.response.message, label="Product Manager")
    assert clicked.response.embeds[0].title.startswith("Product Manager · Salary")
    assert clicked.response.content == ""


async def test_the_menu_is_a_message_command_named_ask_careerbot(simcord_env, general, member):
    commands = simcord_env.bot.tree.get_commands(type=discord.AppCommandType.message)
    assert [c.name for c in commands] == [ASK]


async def test_the_context_menu_goes_when_its_cog_unloads(simcord_env, general, member):
    bot = simcord_env.bot
    await bot.unload_extension("bot.cogs.plain_questions")
    assert bot.tree.get_commands(type=discord.AppCommandType.message) == []
    await bot.load_extension("bot.cogs.plain_questions")
    assert [c.name for c in bot.tree.get_commands(type=discord.AppCommandType.message)] == [ASK]


@pytest.mark.no_message_content
@pytest.mark.simcord(approved_intents=discord.Intents.default())
async def test_without_the_message_content_intent_the_menu_still_answers(simcord_env, general, member, bob):
    question = await member.send(general, "how much do dental hygienists make in Ohio?")
    result = await bob.context_menu(general, ASK, question)
    assert result.ephemeral
    assert result.response.embeds[0].title.startswith("Dental Hygienist")
    assert "Ohio" in result.response.embeds[0].title
