"""Places end to end with SimCord: /salary's place option and its autocomplete, metros in plain questions, and
the question back when a city could be several metro areas."""

from __future__ import annotations

import pytest

from tests.discord_layer.helpers import bot_messages, button_labels, choose_section, default_option, select_menu

AUSTIN = "Austin-Round Rock-San Marcos, TX"


@pytest.fixture
async def answer_channel(simcord_env, careers, moderator):
    await moderator.slash(careers, "careerbot channels add", channel=careers)
    return careers


def field_names(embed) -> list[str]:
    return [f.name for f in embed.fields]


async def test_salary_for_a_metro_shows_metro_state_and_us_side_by_side(simcord_env, careers, member):
    result = await member.slash(careers, "salary", role="registered nurse", place="Austin")
    embed = result.response.embeds[0]
    assert embed.title == f"Registered Nurse · Salary · {AUSTIN}"
    assert field_names(embed)[:3] == [AUSTIN, "Texas", "United States"]
    assert all(f.inline for f in embed.fields[:3])
    values = {f.name: f.value for f in embed.fields}
    assert "$97,890" in values[AUSTIN] and "$95,970" in values["Texas"] and "$97,550" in values["United States"]
    assert "BLS OEWS, May 2025" in embed.footer.text


@pytest.mark.parametrize("typed", ["Austin, TX", "austin tx", "12420"])
async def test_salary_place_accepts_city_and_state_or_a_metro_code(simcord_env, careers, member, typed):
    result = await member.slash(careers, "salary", role="registered nurse", place=typed)
    assert result.response.embeds[0].title.endswith(AUSTIN)


async def test_place_autocomplete_offers_metros_and_states_and_its_values_are_accepted(simcord_env, careers, member):
    choices = await member.autocomplete(careers, "salary", "place", "aust", role="registered nurse")
    austin = next(c for c in choices if c["value"] == "12420")
    assert austin["name"] == f"{AUSTIN} (metro area)"
    result = await member.slash(careers, "salary", role="registered nurse", place=austin["value"])
    assert result.response.embeds[0].title.endswith(AUSTIN)

    choices = await member.autocomplete(careers, "salary", "place", "new", role="registered nurse")
    names = [c["name"] for c in choices]
    assert "New York" in names and "New York-Newark-Jersey City, NY-NJ (metro area)" in names
    assert names.index("New York") < names.index("New York-Newark-Jersey City, NY-NJ (metro area)")
    assert (await member.autocomplete(careers, "salary", "place", "tx", role="nurse"))[0]["value"] == "TX"
    bay = await member.autocomplete(careers, "salary", "place", "bay area", role="nurse")
    assert bay[0]["value"] == "41860"
    assert all(len(c["name"]) <= 100 for c in choices) and len(choices) <= 25


async def test_salary_for_an_ambiguous_city_asks_which_and_each_button_opens_its_card(simcord_env, careers, member):
    result = await member.slash(careers, "salary", role="registered nurse", place="Portland")
    assert result.ephemeral and not result.response.embeds
    assert result.response.content.startswith("Which Portland: Portland, OR or Portland, ME?")
    assert button_labels(result.response) == ["Portland, OR", "Portland, ME"]
    await member.click(result.response.message, label="Portland, ME")
    card = result.response.message  # the private question, edited into its answer
    embed = card.embeds[0]
    assert embed.title == "Registered Nurse · Salary · Portland-South Portland, ME"
    assert field_names(embed)[:3] == ["Portland-South Portland, ME", "Maine", "United States"]


async def test_a_plain_question_about_the_bay_area_names_the_metro_it_picked(simcord_env, answer_channel, member):
    await member.send(answer_channel, "how much do registered nurses make in the Bay Area?")
    (reply,) = bot_messages(answer_channel, simcord_env.bot.user.id)
    assert "San Francisco-Oakland-Fremont, CA metro area" in reply.content and "Bay Area" in reply.content
    embed = reply.embeds[0]
    assert embed.title == "Registered Nurse · Salary · San Francisco-Oakland-Fremont, CA"
    assert field_names(embed)[:3] == ["San Francisco-Oakland-Fremont, CA", "California", "United States"]


async def test_the_section_menu_keeps_the_metro(simcord_env, answer_channel, member):
    await member.send(answer_channel, "what do registered nurses make in Austin?")
    (reply,) = bot_messages(answer_channel, simcord_env.bot.user.id)
    await choose_section(member, reply, "duties")
    await choose_section(member, bot_messages(answer_channel, simcord_env.bot.user.id)[-1], "salary")
    edited = bot_messages(answer_channel, simcord_env.bot.user.id)[-1]
    assert edited.embeds[0].title == f"Registered Nurse · Salary · {AUSTIN}"
    assert default_option(select_menu(edited)) == "salary"


async def test_a_plain_question_about_portland_asks_which(simcord_env, answer_channel, member):
    await member.send(answer_channel, "what do nurses make in Portland?")
    (reply,) = bot_messages(answer_channel, simcord_env.bot.user.id)
    assert reply.content.startswith("Which Portland: Portland, OR or Portland, ME?") and not reply.embeds
    await member.click(reply, label="Portland, OR")
    (answered,) = bot_messages(answer_channel, simcord_env.bot.user.id)
    assert answered.embeds[0].title == "Registered Nurse · Salary · Portland-Vancouver-Hillsboro, OR-WA"
    assert not answered.content  # the question is replaced by its answer


async def test_an_unknown_place_gets_a_friendly_reply(simcord_env, careers, member):
    result = await member.slash(careers, "salary", role="registered nurse", place="Atlantis")
    assert result.ephemeral and "Atlantis" in result.response.content and "state or metro area" in result.response.content
