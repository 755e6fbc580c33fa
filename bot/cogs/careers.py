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
from bot.core.places import place_choices, resolve_place
from bot.ui.embeds import card_embed
from bot.ui.views import card_view, place_view

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
        a = await self._role_or_reply(interaction, role_a)
        if a is None:
            return
        b = await self._role_or_reply(interaction, role_b)
        if b is None:
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
        role = await self._role_or_reply(interaction, name)
        if role is not None:
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
        found = await self._role_or_reply(interaction, role)
        if found is None:
            return
        if found_place is not None and found_place.ambiguous:
            await interaction.response.send_message(
                self.bot.answerer.which_place_text(found_place.said, found_place.options),
                view=place_view(self.bot.answerer, interaction.user.id, (found,), found_place.options, found_place.said),
                ephemeral=True)
            return
        where = (found_place.metro or found_place.state) if found_place is not None else None
        await self._send_card(interaction, (found,), Section.SALARY, where, private)

    async def _role_or_reply(self, interaction: discord.Interaction, typed: str) -> Role | None:
        role = self.bot.answerer.role(typed)
        if role is None:
            await interaction.response.send_message(unknown_role_message(self.bot.answerer, typed), ephemeral=True)
        return role

    async def _send_card(self, interaction: discord.Interaction, roles: tuple[Role, ...], section: Section,
                         area: str | None, private: bool) -> None:
        card = self.bot.answerer.card(roles, section, area)
        view = card_view(self.bot.answerer, interaction.user.id, roles, section, area)
        await interaction.response.send_message(embed=card_embed(card), view=view, ephemeral=private)


def _section(choice: app_commands.Choice[str] | None) -> Section:
    return Section(choice.value) if choice is not None else Section.OVERVIEW


async def setup(bot: CareerBot) -> None:
    await bot.add_cog(Careers(bot))
