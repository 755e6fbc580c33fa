"""Interactive components under a card: a section menu, "swap", and buttons to open related cards.

Every component is a `DynamicItem` whose custom id carries all it needs (who asked, which roles, which area),
so cards keep working after a restart with no per-message state in memory. The member who asked switches
sections in place; anyone else who clicks gets their own private copy instead of changing the asker's card.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import discord

from bot.core.answers import Answerer
from bot.core.cards import available_sections, shorten
from bot.core.models import SECTIONS, Role, Section
from bot.ui.embeds import card_embed

log = logging.getLogger(__name__)

CUSTOM_ID_LIMIT = 100
_ID = r"[a-z0-9-]+"
_STATE = rf"(?P<asker>\d+):(?P<a>{_ID}):(?P<b>{_ID}|):(?P<area>[A-Z]{{2}}|[0-9]{{5,7}}|)"  # a state or metro code


def _state_id(prefix: str, asker: int, a: str, b: str | None, area: str | None, *extra: str) -> str:
    return ":".join([prefix, str(asker), a, b or "", area or "", *extra])


class SectionSelect(discord.ui.DynamicItem[discord.ui.Select], template=rf"cb:sec:{_STATE}"):
    def __init__(self, asker: int, a: str, b: str | None, area: str | None, current: Section,
                 sections: tuple[Section, ...] = SECTIONS) -> None:
        self.asker, self.a, self.b, self.area = asker, a, b, area
        if current not in sections:
            current = Section.OVERVIEW  # a section with nothing to show opens the overview
        options = [
            discord.SelectOption(label=section.label, value=section.value, default=section is current)
            for section in sections
        ]
        super().__init__(
            discord.ui.Select(custom_id=_state_id("cb:sec", asker, a, b, area), options=options,
                              placeholder="Choose a section", row=0)
        )

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Select,
                             match: re.Match[str]) -> SectionSelect:
        return cls(int(match["asker"]), match["a"], match["b"] or None, match["area"] or None, Section.OVERVIEW)

    async def callback(self, interaction: discord.Interaction) -> None:
        section = Section(self.item.values[0]) if self.item.values else Section.OVERVIEW
        await show_card(interaction, self.asker, self.a, self.b, self.area, section)


class OpenCardButton(discord.ui.DynamicItem[discord.ui.Button], template=rf"cb:open:{_STATE}:(?P<section>[a-z]+)"):
    """Opens a card: a related role, a "compare with …", a "did you mean" suggestion, or the swapped pair."""

    def __init__(self, asker: int, a: str, b: str | None, area: str | None, section: Section, label: str,
                 style: discord.ButtonStyle = discord.ButtonStyle.secondary, row: int = 1) -> None:
        self.asker, self.a, self.b, self.area, self.section = asker, a, b, area, section
        super().__init__(
            discord.ui.Button(label=shorten(label, 80), style=style, row=row,
                              custom_id=_state_id("cb:open", asker, a, b, area, section.value))
        )

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button,
                             match: re.Match[str]) -> OpenCardButton:
        section = Section(match["section"]) if match["section"] in Section._value2member_map_ else Section.OVERVIEW
        return cls(int(match["asker"]), match["a"], match["b"] or None, match["area"] or None, section,
                   item.label or "Open")

    async def callback(self, interaction: discord.Interaction) -> None:
        await show_card(interaction, self.asker, self.a, self.b, self.area, self.section)


def card_view(answerer: Answerer, asker: int, roles: tuple[Role, ...], section: Section, area: str | None) -> discord.ui.View:
    """The components under a card: the section menu, then swap / compare-with / related-role buttons."""
    view = discord.ui.View(timeout=None)
    a = roles[0]
    b = roles[1] if len(roles) > 1 else None
    sections = available_sections(answerer.kb, roles)
    _add(view, lambda: SectionSelect(asker, a.id, b.id if b else None, area, section, sections))
    if b is not None:
        _add(view, lambda: OpenCardButton(asker, b.id, a.id, area, section, "⇄ Swap", discord.ButtonStyle.primary))
        for side, other in ((a, b), (b, a)):
            for related in related_roles(answerer, side, exclude={a.id, b.id})[:2]:
                label = f"{side.title} vs {related.title}"
                _add(view, lambda s=side, r=related, lab=label: OpenCardButton(asker, s.id, r.id, area, section, lab))
    else:
        if not a.curated:
            for profile in profiles_for(answerer, a)[:2]:
                _add(view, lambda r=profile: OpenCardButton(asker, r.id, None, area, section,
                                                            f"Full profile: {r.title}", discord.ButtonStyle.primary))
        related = related_roles(answerer, a, exclude={a.id})
        for other in related[:4]:
            _add(view, lambda r=other: OpenCardButton(asker, r.id, None, area, section, r.title))
        if related:
            _add(view, lambda r=related[0]: OpenCardButton(asker, a.id, r.id, area, section,
                                                           f"Compare with {r.title}", discord.ButtonStyle.primary))
    return view


CARD_COMPONENTS = (SectionSelect, OpenCardButton)  # registered by the bot.cogs.card_components extension


def suggestion_view(asker: int, roles: tuple[Role, ...], area: str | None) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for role in roles[:5]:
        _add(view, lambda r=role: OpenCardButton(asker, r.id, None, area, Section.OVERVIEW, r.title, row=0))
    return view


def place_view(answerer: Answerer, asker: int, roles: tuple[Role, ...], metros: tuple[str, ...],
               said: str) -> discord.ui.View:
    """One button per metro area a city name could be ("Portland, OR", "Portland, ME"): each opens the salary card."""
    view = discord.ui.View(timeout=None)
    places = answerer.kb.language.places
    a, b = roles[0].id, roles[1].id if len(roles) > 1 else None
    for code in metros[:5]:
        label = places.metro_label(code, said)
        _add(view, lambda c=code, lab=label: OpenCardButton(asker, a, b, c, Section.SALARY, lab, row=0))
    return view


def _add(view: discord.ui.View, build: Any) -> None:
    """Add a component unless its custom id would pass Discord's 100-character limit or the row is full."""
    try:
        item = build()
    except ValueError:
        return
    custom_id = getattr(item.item, "custom_id", "") or ""
    if len(custom_id) > CUSTOM_ID_LIMIT:
        return
    try:
        view.add_item(item)
    except ValueError:
        pass  # the row is full: fewer buttons is better than an error


def profiles_for(answerer: Answerer, occupation: Role) -> list[Role]:
    """Curated roles that cover a BLS occupation, the one whose names best match its title first."""
    covering = {r.id: r for r in answerer.kb.curated_roles() if occupation.soc and r.soc == occupation.soc}
    ranked = [r.role_id for r in answerer.index.resolve(occupation.title, limit=50) if r.role_id in covering]
    ordered = ranked + sorted(set(covering) - set(ranked))
    return [covering[role_id] for role_id in ordered]


def related_roles(answerer: Answerer, role: Role, exclude: set[str]) -> list[Role]:
    return [r for r in answerer.kb.related_roles(role) if r.id not in exclude]


async def show_card(interaction: discord.Interaction, asker: int, a: str, b: str | None, area: str | None,
                    section: Section) -> None:
    """Answer a component click with the requested card: in place for the asker, privately for anyone else."""
    # The bot's current answerer, read at click time: a reload since the card was sent is honoured.
    answerer: Answerer = interaction.client.answerer  # type: ignore[attr-defined]
    kb = answerer.kb
    if a not in kb.roles or (b is not None and b not in kb.roles):
        await interaction.response.send_message(
            "This card has expired: a role on it is no longer in my knowledge base. Ask again to get a fresh one.",
            ephemeral=True,
        )
        return
    roles = (kb.roles[a], kb.roles[b]) if b else (kb.roles[a],)
    card = answerer.card(roles, section, area)
    in_place = asker == 0 or interaction.user.id == asker
    owner = asker if in_place else interaction.user.id
    view = card_view(answerer, owner, roles, section, area)
    if in_place:
        # content=None clears a question the card answers ("Which Portland: …?", "Did you mean …?").
        await interaction.response.edit_message(content=None, embed=card_embed(card), view=view)
    else:
        await interaction.response.send_message(embed=card_embed(card), view=view, ephemeral=True)
