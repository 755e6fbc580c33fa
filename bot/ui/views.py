"""Interactive components under a card, kept few so a card reads well on a phone: the section menu, one
"Related roles / compare with…" menu, and at most one row of short buttons ("⇄ Swap", "Full profile: …", or the
roles "did you mean" offers).

Every component is a `DynamicItem` whose custom id carries all it needs (who asked, which roles, which area),
so cards keep working after a restart with no per-message state in memory. The member who asked switches
sections in place; anyone else who clicks gets their own private copy instead of changing the asker's card.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

import discord

from bot.core.answers import Answerer
from bot.core.cards import available_sections, shorten
from bot.core.where_next import where_next
from bot.core.models import SECTIONS, Role, Section
from bot.ui.charts import chart_file, show_chart
from bot.ui.embeds import card_embed

log = logging.getLogger(__name__)

CUSTOM_ID_LIMIT = 100
BUTTON_LABEL = 40  # characters: a button's label stays on one line of a phone screen
OPTION_LABEL = 60  # a menu option may say a little more (Discord allows 100)
RELATED_OPTIONS = 10  # of Discord's 25: enough to choose from without scrolling
RELATED_PLACEHOLDER = "Related roles / compare with…"
ROW_SECTIONS, ROW_RELATED, ROW_BUTTONS = 0, 1, 2
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
                              placeholder="Choose a section", row=ROW_SECTIONS)
        )

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Select,
                             match: re.Match[str]) -> SectionSelect:
        return cls(int(match["asker"]), match["a"], match["b"] or None, match["area"] or None, Section.OVERVIEW)

    async def callback(self, interaction: discord.Interaction) -> None:
        section = Section(self.item.values[0]) if self.item.values else Section.OVERVIEW
        await show_card(interaction, self.asker, self.a, self.b, self.area, section)


class OpenCardButton(discord.ui.DynamicItem[discord.ui.Button], template=rf"cb:open:{_STATE}:(?P<section>[a-z]+)"):
    """Opens a card: "⇄ Swap", a BLS occupation's full profile, or a "did you mean" suggestion."""

    def __init__(self, asker: int, a: str, b: str | None, area: str | None, section: Section, label: str,
                 style: discord.ButtonStyle = discord.ButtonStyle.secondary, row: int = ROW_BUTTONS) -> None:
        self.asker, self.a, self.b, self.area, self.section = asker, a, b, area, section
        super().__init__(
            discord.ui.Button(label=shorten(label, BUTTON_LABEL), style=style, row=row,
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


class RelatedSelect(discord.ui.DynamicItem[discord.ui.Select],
                    template=r"cb:rel:(?P<asker>\d+):(?P<area>[A-Z]{2}|[0-9]{5,7}|):(?P<section>[a-z]+)"):
    """"Related roles / compare with…": each option's value is the card it opens, "a|b" (b empty for one role),
    so the custom id only carries who asked, the area and the section."""

    def __init__(self, asker: int, area: str | None, section: Section,
                 options: list[discord.SelectOption] | None = None) -> None:
        self.asker, self.area, self.section = asker, area, section
        super().__init__(
            discord.ui.Select(custom_id=f"cb:rel:{asker}:{area or ''}:{section.value}", row=ROW_RELATED,
                              placeholder=RELATED_PLACEHOLDER,
                              options=options or [discord.SelectOption(label="—", value="|")])
        )

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Select,
                             match: re.Match[str]) -> RelatedSelect:
        section = Section(match["section"]) if match["section"] in Section._value2member_map_ else Section.OVERVIEW
        return cls(int(match["asker"]), match["area"] or None, section)

    async def callback(self, interaction: discord.Interaction) -> None:
        a, _, b = (self.item.values[0] if self.item.values else "|").partition("|")
        if not a:
            await interaction.response.defer()
            return
        await show_card(interaction, self.asker, a, b or None, self.area, self.section)


CARD_COMPONENTS = (SectionSelect, OpenCardButton, RelatedSelect)  # every DynamicItem a card carries


def card_view(answerer: Answerer, asker: int, roles: tuple[Role, ...], section: Section,
              area: str | None) -> discord.ui.View:
    """The components under a card: the section menu, the related-roles menu, then one row of buttons."""
    view = discord.ui.View(timeout=None)
    a = roles[0]
    b = roles[1] if len(roles) > 1 else None
    sections = available_sections(answerer.kb, roles)
    _add(view, lambda: SectionSelect(asker, a.id, b.id if b else None, area, section, sections))
    options = related_options(answerer, roles)
    if options:
        _add(view, lambda: RelatedSelect(asker, area, section, options))
    if b is not None:
        _add(view, lambda: OpenCardButton(asker, b.id, a.id, area, section, "⇄ Swap", discord.ButtonStyle.primary))
    elif not a.curated:
        for profile in profiles_for(answerer, a)[:2]:
            _add(view, lambda r=profile: OpenCardButton(asker, r.id, None, area, section,
                                                        f"Full profile: {short_name(r)}", discord.ButtonStyle.primary))
    return view


def related_options(answerer: Answerer, roles: tuple[Role, ...]) -> list[discord.SelectOption]:
    """The related-roles menu: for one role, its related roles (each opens that role's card); for a pair, each
    role on its own, then "A vs R" for the roles related to either side. No role is offered twice."""
    options: list[discord.SelectOption] = []
    seen = {r.id for r in roles}
    if len(roles) == 1:
        role = roles[0]
        # Where people commonly move next: "compare with …" against this role, the pay change said.
        for step in where_next(answerer.kb, role):
            if step.role_id in seen or step.role_id not in answerer.kb.roles:
                continue
            seen.add(step.role_id)
            label = f"Compare with {shorten(step.name, OPTION_LABEL - 13)}"
            options.append(_option(label, f"{role.id}|{step.role_id}", f"Where next: {step.change or step.name}"))
        for other in related_roles(answerer, role, exclude=seen):
            seen.add(other.id)
            options.append(_option(short_name(other, OPTION_LABEL), f"{other.id}|", other.title))
    else:
        a, b = roles
        for role in (a, b):
            options.append(_option(short_name(role, OPTION_LABEL), f"{role.id}|", "This role on its own"))
        for side in (a, b):
            for other in related_roles(answerer, side, exclude=seen)[:4]:
                seen.add(other.id)
                label = f"{short_name(side, 28)} vs {short_name(other, 28)}"
                options.append(_option(label, f"{side.id}|{other.id}", f"Compare with {other.title}"))
    return options[:RELATED_OPTIONS]


def _option(label: str, value: str, description: str) -> discord.SelectOption:
    return discord.SelectOption(label=shorten(label, OPTION_LABEL), value=value, description=shorten(description, 100))


def short_name(role: Role, limit: int = BUTTON_LABEL) -> str:
    """A role's name as a label has room for: its title, cut between words when too long."""
    return shorten(role.title, limit)


def suggestion_view(asker: int, roles: tuple[Role, ...], area: str | None, section: Section = Section.OVERVIEW,
                    other: str | None = None, other_first: bool = False) -> discord.ui.View:
    """"Did you mean" buttons. Each opens the section the member asked about; `other` is the role a /compare
    named clearly, kept on its side of the pair."""
    view = discord.ui.View(timeout=None)
    for role in roles[:5]:
        a, b = (other, role.id) if other and other_first else (role.id, other)
        _add(view, lambda a=a, b=b, r=role: OpenCardButton(asker, a, b, area, section, short_name(r), row=0))
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


@dataclass
class CardMessage:
    """A card as Discord sends it: the embed, its components and, on salary cards, the pay chart."""

    embed: discord.Embed
    view: discord.ui.View
    chart: discord.File | None = None

    @property
    def files(self) -> list[discord.File]:
        return [self.chart] if self.chart is not None else []


async def card_message(answerer: Answerer, asker: int, roles: tuple[Role, ...], section: Section,
                       area: str | None, *, chart: bool = True) -> CardMessage:
    """Everything one card needs; `chart=False` where the bot may not attach files."""
    card = answerer.card(roles, section, area)
    file = await chart_file(answerer, roles, section, area) if chart else None
    embed = show_chart(card_embed(card), file)
    return CardMessage(embed, card_view(answerer, asker, roles, section, area), file)


async def show_card(interaction: discord.Interaction, asker: int, a: str, b: str | None, area: str | None,
                    section: Section) -> None:
    """Answer a component click with the requested card: in place for the asker (replacing any "did you mean"
    text and the previous chart), privately for anyone else."""
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
    in_place = asker == 0 or interaction.user.id == asker
    owner = asker if in_place else interaction.user.id
    message = await card_message(answerer, owner, roles, section, area)
    if in_place:
        await interaction.response.edit_message(content=None, embed=message.embed, view=message.view,
                                                attachments=message.files)
    else:
        await interaction.response.send_message(embed=message.embed, view=message.view, files=message.files,
                                                ephemeral=True)
