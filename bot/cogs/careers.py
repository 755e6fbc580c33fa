"""/compare, /role and /salary: the cards, with autocomplete for role and place options."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.answers import unknown_role_message
from bot.core.cards import escape_markdown, shorten
from bot.core.models import SECTIONS, Role, Section
from bot.core.normalize import normalize
from bot.core.places import place_choices, resolve_place
from bot.ui.views import card_message, place_view, suggestion_view

if TYPE_CHECKING:
    from bot.client import CareerBot

log = logging.getLogger(__name__)

AUTOCOMPLETE_LIMIT = 25  # Discord shows at most 25 choices
SECTION_CHOICES = [app_commands.Choice(name=s.label, value=s.value) for s in SECTIONS]


async def role_autocomplete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    bot: CareerBot = interaction.client  # type: ignore[assignment]
    answerer = bot.answerer
    choices = []
    for ranked in answerer.index.resolve(current[:100], limit=AUTOCOMPLETE_LIMIT):
        role = answerer.kb.roles[ranked.role_id]
        choices.append(app_commands.Choice(name=shorten(_choice_name(role), 100), value=role.id))
    return choices[:AUTOCOMPLETE_LIMIT]


def _choice_name(role: Role) -> str:
    return role.title if role.curated else f"{role.title} (BLS {role.soc})"


async def place_autocomplete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    """States by name or code and metro areas by city, name or nickname; each value is a postal or metro code."""
    bot: CareerBot = interaction.client  # type: ignore[assignment]
    choices = place_choices(current[:100], bot.answerer.kb.language.places, limit=AUTOCOMPLETE_LIMIT)
    return [app_commands.Choice(name=label, value=value) for label, value in choices]


class Careers(commands.Cog):
    def __init__(self, bot: CareerBot) -> None:
        self.bot = bot

    @app_commands.command(name="compare", description="Compare two roles section by section")
    @app_commands.describe(role_a="The first role", role_b="The second role", section="Which section to open on",
                           private="Only you see the answer")
    @app_commands.choices(section=SECTION_CHOICES)
    @app_commands.autocomplete(role_a=role_autocomplete, role_b=role_autocomplete)
    async def compare(self, interaction: discord.Interaction, role_a: app_commands.Range[str, 1, 100],
                      role_b: app_commands.Range[str, 1, 100], section: app_commands.Choice[str] | None = None,
                      private: bool = False) -> None:
        answerer = self.bot.answerer
        a, b = answerer.role(role_a), answerer.role(role_b)
        if a is None:  # "did you mean" pairs each suggestion with the role named clearly, on its side
            await self._did_you_mean(interaction, role_a, _section(section), None, other=b)
            return
        if b is None:
            await self._did_you_mean(interaction, role_b, _section(section), None, other=a, other_first=True)
            return
        if a.id == b.id:
            await interaction.response.send_message(
                f"Both names point to **{a.title}**. Pick two different roles to compare.", ephemeral=True)
            return
        await self._send_card(interaction, (a, b), _section(section), None, private)

    @app_commands.command(name="role", description="What a role is like: overview, duties, pay and more")
    @app_commands.describe(name="The role", section="Which section to open on", private="Only you see the answer")
    @app_commands.choices(section=SECTION_CHOICES)
    @app_commands.autocomplete(name=role_autocomplete)
    async def role(self, interaction: discord.Interaction, name: app_commands.Range[str, 1, 100],
                   section: app_commands.Choice[str] | None = None, private: bool = False) -> None:
        role = self.bot.answerer.role(name)
        if role is None:
            await self._did_you_mean(interaction, name, _section(section), None)
            return
        await self._send_card(interaction, (role,), _section(section), None, private)

    @app_commands.command(name="salary", description="What a role pays, nationally, in a US state or a metro area")
    @app_commands.describe(role="The role", place="A US state (Texas, TX) or a metro area (Austin, Austin TX)",
                           private="Only you see the answer")
    @app_commands.autocomplete(role=role_autocomplete, place=place_autocomplete)
    async def salary(self, interaction: discord.Interaction, role: app_commands.Range[str, 1, 100],
                     place: app_commands.Range[str, 1, 100] | None = None, private: bool = False) -> None:
        found_place = resolve_place(place, self.bot.answerer.kb.language.places) if place else None
        if place and found_place is None:
            await interaction.response.send_message(
                f"I don't know a US state or metro area called “{escape_markdown(shorten(place, 60))}”. "
                "Try a state (Texas, TX) or a city (Austin, TX).", ephemeral=True)
            return
        where = None
        if found_place is not None and not found_place.ambiguous:
            where = found_place.metro or found_place.state
        found = self.bot.answerer.role(role)
        if found is None:
            await self._did_you_mean(interaction, role, Section.SALARY, where)
            return
        if found_place is not None and found_place.ambiguous:
            await interaction.response.send_message(
                self.bot.answerer.which_place_text(found_place.said, found_place.options),
                view=place_view(self.bot.answerer, interaction.user.id, (found,), found_place.options, found_place.said),
                ephemeral=True)
            return
        await self._send_card(interaction, (found,), Section.SALARY, where, private)

    async def _did_you_mean(self, interaction: discord.Interaction, typed: str, section: Section,
                            area: str | None, *, other: Role | None = None, other_first: bool = False) -> None:
        """A private "did you mean" for a name no role answers to, with the same buttons a plain question gets:
        each opens the section (and place) the command asked for, paired with `other` for /compare."""
        answerer = self.bot.answerer
        suggestions = tuple(r for r in answerer.suggest(typed) if other is None or r.id != other.id)
        text = unknown_role_message(answerer, typed, suggestions)
        if not suggestions:
            await interaction.response.send_message(text, ephemeral=True)
            return
        view = suggestion_view(interaction.user.id, suggestions, area, section,
                               other=other.id if other else None, other_first=other_first)
        await interaction.response.send_message(text, view=view, ephemeral=True)

    async def _send_card(self, interaction: discord.Interaction, roles: tuple[Role, ...], section: Section,
                         area: str | None, private: bool) -> None:
        message = await card_message(self.bot.answerer, interaction.user.id, roles, section, area)
        await interaction.response.send_message(embed=message.embed, view=message.view, files=message.files,
                                                ephemeral=private)


def _section(choice: app_commands.Choice[str] | None) -> Section:
    return Section(choice.value) if choice is not None else Section.OVERVIEW


async def setup(bot: CareerBot) -> None:
    await bot.add_cog(Careers(bot))
