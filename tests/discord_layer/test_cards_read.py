"""Cards as members get them in Discord: the answer in the first line, like-for-like pay, no empty sections."""

from __future__ import annotations

import re

from bot.core.models import Section
from tests.discord_layer.helpers import bot_messages, choose_section, default_option, select_menu

MONEY = re.compile(r"\$[0-9][0-9,]*(?:\.[0-9]{2})?")


def first_line(embed) -> str:
    return (embed.description or "").split("\n", 1)[0]


def all_text(embed) -> str:
    parts = [embed.title or "", embed.description or "", embed.footer.text or "", embed.author.name or ""]
    parts += [f"{f.name} {f.value}" for f in embed.fields]
    return " ".join(parts)


def bls_figures(kb, soc: str, area: str) -> set[str]:
    estimate = kb.wages.get(soc, area)
    out = set()
    for figures, period in ((estimate.annual, "year"), (estimate.hourly, "hour")):
        for amount in (figures.p10, figures.p25, figures.median, figures.p75, figures.p90) if figures else ():
            if amount.value is not None:
                out.add(f"${amount.value:,.0f}" if period == "year" else f"${amount.value:,.2f}")
    return out


def edited(channel, message):
    return channel.get_message(message.id) if hasattr(channel, "get_message") else channel.last_message


async def test_a_role_card_answers_first_and_links_its_sources(simcord_env, careers, member, kb):
    result = await member.slash(careers, "role", name="registered nurse")
    embed = result.response.embeds[0]
    median = kb.wages.get("29-1141").annual.median.format("year")
    assert embed.title == "Registered Nurse · Overview"
    assert first_line(embed).startswith(f"Registered nurses earn a median **{median}** a year")
    assert embed.url == "https://www.onetonline.org/link/summary/29-1141.00"
    assert embed.author.name == "BLS: Registered Nurses · SOC 29-1141"
    assert embed.author.url == "https://www.bls.gov/oes/2025/may/oes291141.htm"
    assert any(f.name == "↗ Where next" for f in embed.fields)
    sources = embed.footer.text.removeprefix("Sources: ").split(" · ")
    assert len(sources) == len(set(sources)) and "BLS OEWS, May 2025" in sources


async def test_a_comparison_says_which_pays_more_in_its_first_line(simcord_env, careers, member, kb):
    result = await member.slash(careers, "compare", role_a="nurse practitioner", role_b="physician assistant",
                                section="salary")
    embed = result.response.embeds[0]
    line = first_line(embed)
    medians = {soc: kb.wages.get(soc).annual.median.format("year") for soc in ("29-1171", "29-1071")}
    assert "earn more in the US" in line and all(m in line for m in medians.values())
    assert "nurse practitioners" in line.lower() and "physician assistants" in line.lower()
    # Phone-first: one line per fact with both roles on it, not two inline columns.
    bls = next(f for f in embed.fields if f.name.startswith("💰"))
    assert not bls.inline
    assert [line.split(":**")[0] for line in bls.value.splitlines()] == [
        "**Median", "**Middle half", "**10th–90th", "**Jobs"]


async def test_a_salary_card_without_a_state_answers_with_the_us_median(simcord_env, careers, member, kb):
    result = await member.slash(careers, "salary", role="ops manager")
    embed = result.response.embeds[0]
    assert first_line(embed).startswith("Operations managers earn a median **$105,770** a year")
    assert "General and Operations Managers" in first_line(embed)
    assert "$75,844" not in embed.description  # the article's average is labelled apart, never the answer
    assert "Seed article" not in all_text(embed)


async def test_a_salary_question_with_a_state_answers_with_the_state_against_the_us(simcord_env, general, member, kb):
    await member.send(general, f"{simcord_env.bot.user.mention} what do welders make in Wyoming?")
    (reply,) = bot_messages(general, simcord_env.bot.user.id)
    embed = reply.embeds[0]
    state = kb.wages.get("51-4121", "WY").annual.median.format("year")
    assert embed.title == "Welder · Salary · Wyoming"
    assert first_line(embed).startswith(f"Welders in Wyoming earn a median **{state}** a year")
    assert "above the US median" in first_line(embed)
    fields = {f.name: f.value for f in embed.fields}
    assert MONEY.findall(fields["Wyoming"]) and set(MONEY.findall(fields["Wyoming"])) <= bls_figures(
        kb, "51-4121", "WY")
    assert set(MONEY.findall(fields["United States"])) <= bls_figures(kb, "51-4121", "US")


async def test_no_field_mixes_a_state_figure_with_another_roles_national_one(simcord_env, general, member, kb):
    await member.send(general, f"{simcord_env.bot.user.mention} physicist vs engineer salary in california")
    (reply,) = bot_messages(general, simcord_env.bot.user.id)
    embed = reply.embeds[0]
    fields = {f.name: f.value for f in embed.fields}
    assert set(MONEY.findall(fields["💰 California (BLS)"])) <= bls_figures(kb, "19-2012", "CA")
    assert "$108,620" not in fields["💰 California (BLS)"]  # the engineers' national figure stays with the US
    assert "$108,620" in fields["💰 United States (BLS)"]


async def test_a_reference_role_leads_with_facts_and_offers_only_sections_with_content(
        simcord_env, careers, member, kb):
    result = await member.slash(careers, "role", name="tile setter")
    embed = result.response.embeds[0]
    assert embed.title == "Tile and Stone Setter · Overview"
    assert embed.author.name.startswith("BLS: Tile and Stone Setters")
    median = kb.wages.get("47-2044").annual.median.format("year")
    assert first_line(embed).startswith(f"Tile and stone setters earn a median **{median}**")
    assert "📈 Outlook: +" in embed.description and "jobs in the US" in embed.description
    assert "No full profile" not in all_text(embed)
    menu = select_menu(result.response)
    offered = [option["value"] for option in menu["options"]]
    assert Section.DUTIES.value not in offered and Section.ENVIRONMENT.value not in offered
    message = result.response.message
    for value in offered:
        await choose_section(member, message, value)
        shown = edited(careers, message)
        card = shown.embeds[0]
        assert card.title.startswith("Tile and Stone Setter · ") and card.description, value
        assert default_option(select_menu(shown)) == value
        assert "not written up" not in all_text(card).lower()


async def test_every_section_of_a_curated_pair_has_content(simcord_env, careers, member):
    result = await member.slash(careers, "compare", role_a="operations coordinator", role_b="operations manager")
    message = result.response.message
    offered = [option["value"] for option in select_menu(result.response)["options"]]
    assert offered == [s.value for s in Section]
    for value in offered:
        await choose_section(member, message, value)
        embed = edited(careers, message).embeds[0]
        line = first_line(embed).lower()
        assert "operations coordinators" in line and "operations managers" in line, (value, line)
        assert "seed article" not in all_text(embed).lower()
