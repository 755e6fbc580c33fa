"""What a member sees and clicks under a card, end to end with SimCord: the pay chart on salary cards, few
components (two menus and at most one row of short buttons), and "did you mean" that opens what was asked."""

from __future__ import annotations

import io

import discord
import pytest
from PIL import Image

from bot.core.chart import FILENAME
from tests.discord_layer.helpers import bot_messages, default_option, related_menu

RELATED = "cb:rel:"  # the custom id prefix of the "Related roles / compare with…" menu


def rows(message) -> list[dict]:
    return [row if isinstance(row, dict) else row.to_dict() for row in message.components]


def menus(message) -> list[dict]:
    return [c for row in rows(message) for c in row.get("components", []) if c.get("type") == 3]


def section_menu(message) -> dict:
    (menu,) = [m for m in menus(message) if m["custom_id"].startswith("cb:sec:")]
    return menu


def button_rows(message) -> list[list[dict]]:
    return [[c for c in row.get("components", []) if c.get("type") == 2] for row in rows(message)
            if any(c.get("type") == 2 for c in row.get("components", []))]


def labels(message) -> list[str]:
    return [b.get("label") for row in button_rows(message) for b in row]


def assert_few_components(message) -> None:
    """Besides the menus, at most one row of buttons, with short labels; each role offered once."""
    assert len(button_rows(message)) <= 1, labels(message)
    assert all(len(label) <= 40 for label in labels(message)), labels(message)
    assert len(menus(message)) <= 2
    if any(m["custom_id"].startswith(RELATED) for m in menus(message)):
        values = [o["value"] for o in related_menu(message)["options"]]
        names = [o["label"] for o in related_menu(message)["options"]]
        assert len(values) == len(set(values)) and len(names) == len(set(names)), names


async def attachment_bytes(message) -> dict[str, bytes]:
    return {a.filename: await a.read() for a in message.attachments}


# -- the pay chart -----------------------------------------------------------------------------------------------

async def test_a_salary_card_carries_the_pay_chart_of_the_wage_tables(simcord_env, careers, member, answerer, kb):
    result = await member.slash(careers, "salary", role="ops manager", place="TX")
    message = result.response.message
    embed = message.embeds[0]
    assert embed.image.url == f"attachment://{FILENAME}"
    files = await attachment_bytes(message)
    assert set(files) == {FILENAME}
    chart = answerer.pay_chart((kb.roles["operations-manager"],), "TX")
    assert files[FILENAME] == chart.png  # the very chart whose figures are checked below
    for row in chart.rows:
        bls = kb.wages.get("11-1021", row.area).annual
        assert row.values == tuple(a.value for a in (bls.p10, bls.p25, bls.median, bls.p75, bls.p90))
    assert [row.area for row in chart.rows] == ["TX", "US"]
    assert Image.open(io.BytesIO(files[FILENAME])).format == "PNG"


async def test_a_plain_salary_question_gets_the_chart_too(simcord_env, general, member):
    await member.send(general, f"{simcord_env.bot.user.mention} what do welders make in Wyoming?")
    (reply,) = bot_messages(general, simcord_env.bot.user.id)
    assert reply.embeds[0].image.url == f"attachment://{FILENAME}"
    assert [a.filename for a in reply.attachments] == [FILENAME]


async def test_the_chart_comes_and_goes_with_the_salary_section(simcord_env, careers, member):
    result = await member.slash(careers, "role", name="physicist")
    message = result.response.message
    assert message.attachments == [] and not message.embeds[0].image
    await member.select(message, ["salary"], custom_id=section_menu(message)["custom_id"])
    shown = careers.last_message
    assert shown.embeds[0].title.startswith("Physicist · Salary")
    assert [a.filename for a in shown.attachments] == [FILENAME]
    await member.select(shown, ["skills"], custom_id=section_menu(shown)["custom_id"])
    after = careers.last_message
    assert after.embeds[0].title.startswith("Physicist · Skills")
    assert after.attachments == [] and not after.embeds[0].image


async def test_a_comparison_salary_card_charts_both_roles(simcord_env, careers, member, answerer, kb):
    result = await member.slash(careers, "compare", role_a="nurse practitioner", role_b="physician assistant",
                                section="salary")
    message = result.response.message
    files = await attachment_bytes(message)
    chart = answerer.pay_chart((kb.roles["nurse-practitioner"], kb.roles["physician-assistant"]), None)
    assert files == {FILENAME: chart.png}
    assert [row.role_id for row in chart.rows] == ["nurse-practitioner", "physician-assistant"]


async def test_if_the_chart_cannot_be_drawn_the_card_still_goes_out_complete(simcord_env, careers, member,
                                                                             answerer, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise OSError("no fonts today")

    monkeypatch.setattr(answerer, "pay_chart", broken)
    result = await member.slash(careers, "salary", role="ops manager")
    message = result.response.message
    assert message.attachments == [] and not message.embeds[0].image
    assert "$105,770" in str(message.embeds[0].to_dict())
    assert any("pay chart" in r.getMessage() for r in caplog.records)


async def test_without_attach_files_the_card_goes_out_without_the_chart(simcord_env, guild, member):
    channel = guild.create_text_channel(
        "no-files", overwrites={guild.me: discord.PermissionOverwrite(attach_files=False)})
    await member.send(channel, f"{simcord_env.bot.user.mention} what does a chemist earn?")
    (reply,) = bot_messages(channel, simcord_env.bot.user.id)
    assert reply.embeds[0].title.startswith("Chemist · Salary")
    assert reply.attachments == [] and not reply.embeds[0].image


# -- fewer components --------------------------------------------------------------------------------------------

async def test_a_role_card_has_two_menus_and_no_wall_of_buttons(simcord_env, careers, member):
    result = await member.slash(careers, "role", name="ops manager", section="requirements")
    message = result.response.message
    assert_few_components(message)
    assert default_option(section_menu(message)) == "requirements"
    menu = related_menu(message)
    assert menu["placeholder"] == "Related roles / compare with…"
    option = next(o for o in menu["options"] if o["label"] == "Operations Coordinator")
    await member.select(message, [option["value"]], custom_id=menu["custom_id"])
    assert careers.last_message.embeds[0].title == "Operations Coordinator · Requirements"


async def test_a_comparison_keeps_swap_and_offers_compare_with_in_the_menu(simcord_env, careers, member):
    result = await member.slash(careers, "compare", role_a="data analyst", role_b="database analyst",
                                section="skills")
    message = result.response.message
    assert_few_components(message)
    assert "⇄ Swap" in labels(message)
    options = related_menu(message)["options"]
    pick = next(o for o in options if o["label"].startswith("Data Analyst vs "))
    other = pick["label"].removeprefix("Data Analyst vs ")
    await member.select(message, [pick["value"]], custom_id=related_menu(message)["custom_id"])
    assert careers.last_message.embeds[0].title.startswith(f"Data Analyst vs {other} · Skills")


async def test_a_bls_occupation_card_offers_its_full_profile_as_one_short_button(simcord_env, careers, member):
    result = await member.slash(careers, "salary", role="soc-15-1252")
    message = result.response.message
    assert_few_components(message)
    (button,) = [b for b in labels(message) if "Software Engineer" in b]
    await member.click(message, label=button)
    assert careers.last_message.embeds[0].title.startswith("Software Engineer · Salary")


async def test_long_official_titles_get_short_labels(simcord_env, careers, member):
    await member.send(careers, f"{simcord_env.bot.user.mention} what do welders make in Wyoming?")
    (reply,) = bot_messages(careers, simcord_env.bot.user.id)
    assert_few_components(reply)
    assert all(len(o["label"]) <= 60 for o in related_menu(reply)["options"])


@pytest.mark.parametrize("question", ["physicist", "nurse practitioner vs physician assistant", "truck driver",
                                      "software engineer salary in texas", "dental hygienist"])
async def test_every_card_stays_within_the_component_budget(simcord_env, general, member, question):
    await member.send(general, f"{simcord_env.bot.user.mention} {question}")
    (reply,) = bot_messages(general, simcord_env.bot.user.id)
    assert_few_components(reply)


# -- did you mean ------------------------------------------------------------------------------------------------

async def test_did_you_mean_opens_the_asked_section_and_clears_the_question(simcord_env, general, member):
    await member.send(general, f"{simcord_env.bot.user.mention} PM salary")
    (reply,) = bot_messages(general, simcord_env.bot.user.id)
    assert "Did you mean" in reply.content
    assert set(labels(reply)) == {"Product Manager", "Project Manager", "Program Manager"}  # no noise
    await member.click(reply, label="Project Manager")
    (edited,) = bot_messages(general, simcord_env.bot.user.id)
    assert edited.embeds[0].title.startswith("Project Manager · Salary")
    assert edited.content == ""  # the "I'm not sure which role…" text is gone
    assert [a.filename for a in edited.attachments] == [FILENAME]


async def test_a_slash_command_with_an_unknown_name_offers_the_same_buttons(simcord_env, careers, member):
    result = await member.slash(careers, "salary", role="PM", place="TX")
    assert result.ephemeral and "Did you mean" in result.response.content
    assert set(labels(result.response)) == {"Product Manager", "Project Manager", "Program Manager"}
    clicked = await member.click(result.response.message, label="Program Manager")
    card = clicked.response
    assert card.embeds[0].title.startswith("Program Manager · Salary · Texas")
    assert card.content == ""


async def test_compare_with_one_unknown_name_offers_comparisons_with_the_known_one(simcord_env, careers, member):
    result = await member.slash(careers, "compare", role_a="PM", role_b="software engineer", section="duties")
    assert result.ephemeral and "Did you mean" in result.response.content
    clicked = await member.click(result.response.message, label="Product Manager")
    assert clicked.response.embeds[0].title.startswith("Product Manager vs Software Engineer · Duties")


async def test_a_name_with_nothing_close_gets_a_hint_and_no_buttons(simcord_env, careers, member):
    result = await member.slash(careers, "role", name="qwzxv")
    assert result.ephemeral and "qwzxv" in result.response.content
    assert labels(result.response) == []
