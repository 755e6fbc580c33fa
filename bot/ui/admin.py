"""What /careerbot shows: help, the pages of curated roles (with their Previous/Next buttons), the server's
settings and the report of a refused reload."""

from __future__ import annotations

import re

import discord

from bot.core.answers import Answerer
from bot.core.cards import FIELD_VALUE_LIMIT, fit_lines
from bot.core.models import FIELDS, Role
from bot.guild_settings import GuildSettings

FIELDS_PER_PAGE = 4
MESSAGE_LIMIT = 2000  # characters in one Discord message
HELP_TEXT = (
    "I answer questions about careers: what a role pays, what the work is, how to get in, and how two roles "
    "differ.\n\n"
    "**Commands**\n"
    "`/role name` — one role, section by section\n"
    "`/compare role_a role_b` — two roles side by side\n"
    "`/salary role [state]` — pay, nationally or in a US state\n"
    "`/careerbot roles` — every role with a full profile\n\n"
    "**Just ask**\n"
    "In the channels this server chose, or anywhere you mention me:\n"
    "“what does an operations manager earn in Texas?” · “physicist vs engineer?” · “how do I become a data analyst”\n\n"
    "**Moderators** (Manage Server): `/careerbot channels add|remove|list`, `/careerbot settings`."
)


def help_embed() -> discord.Embed:
    return discord.Embed(title="careerbot help", description=HELP_TEXT, colour=discord.Colour.blurple())


def role_pages(roles: list[Role]) -> list[list[tuple[str, list[str]]]]:
    """Curated roles grouped by field, a few fields to a page."""
    groups = [(field, sorted(r.title for r in roles if r.field == field)) for field in FIELDS]
    groups = [(field, titles) for field, titles in groups if titles]
    return [groups[i : i + FIELDS_PER_PAGE] for i in range(0, len(groups), FIELDS_PER_PAGE)] or [[]]


def roles_embed(roles: list[Role], page: int) -> tuple[discord.Embed, int]:
    pages = role_pages(roles)
    page = max(0, min(page, len(pages) - 1))
    embed = discord.Embed(
        title="Roles with a full profile",
        description=f"{len(roles)} curated roles. I also know pay for every US occupation the BLS publishes.",
        colour=discord.Colour.blurple(),
    )
    for field, titles in pages[page]:
        embed.add_field(name=field, value="\n".join(f"• {t}" for t in titles)[:1024], inline=True)
    embed.set_footer(text=f"Page {page + 1} of {len(pages)}")
    return embed, len(pages)


class RolesPageButton(discord.ui.DynamicItem[discord.ui.Button], template=r"cb:roles:(?P<page>\d+):(?P<label>prev|next)"):
    """Previous / Next under the roles list; the page it opens is in its custom id."""

    def __init__(self, page: int, label: str, disabled: bool = False) -> None:
        self.page = page
        super().__init__(discord.ui.Button(
            label="◀ Previous" if label == "prev" else "Next ▶", style=discord.ButtonStyle.secondary,
            custom_id=f"cb:roles:{page}:{label}", disabled=disabled))

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button,
                             match: re.Match[str]) -> RolesPageButton:
        return cls(int(match["page"]), match["label"])

    async def callback(self, interaction: discord.Interaction) -> None:
        answerer: Answerer = interaction.client.answerer  # type: ignore[attr-defined]
        embed, view = roles_message(answerer, self.page)
        await interaction.response.edit_message(embed=embed, view=view)


def roles_message(answerer: Answerer, page: int) -> tuple[discord.Embed, discord.ui.View]:
    roles = answerer.kb.curated_roles()
    embed, count = roles_embed(roles, page)
    page = max(0, min(page, count - 1))
    view = discord.ui.View(timeout=None)
    view.add_item(RolesPageButton(page - 1 if page > 0 else 0, "prev", disabled=page == 0))
    view.add_item(RolesPageButton(page + 1 if page + 1 < count else page, "next", disabled=page + 1 >= count))
    return embed, view


def channel_mentions(settings: GuildSettings, limit: int) -> str:
    """The answer channels as mentions within `limit` characters, whole mentions only, then "…and N more"."""
    return ", ".join(fit_lines([f"<#{c}>" for c in sorted(settings.channels)], limit, separator=", "))


def settings_embed(settings: GuildSettings, member_limit: int, channel_limit: int) -> discord.Embed:
    channels = channel_mentions(settings, FIELD_VALUE_LIMIT) or "none yet (I answer only when mentioned)"
    embed = discord.Embed(title="careerbot settings", colour=discord.Colour.blurple())
    embed.add_field(name="Answer channels", value=channels, inline=False)
    embed.add_field(name="Mention only", value="on" if settings.mention_only else "off", inline=True)
    embed.add_field(name="Cooldown", value=f"{settings.cooldown_seconds} s", inline=True)
    embed.add_field(
        name="Allowance",
        value=f"{member_limit} answers per member and {channel_limit} per channel every {settings.cooldown_seconds} s",
        inline=False,
    )
    return embed


def channels_text(settings: GuildSettings) -> str:
    if settings.channels:
        head = f"I answer plain questions in {len(settings.channels)} channels: " if len(settings.channels) > 1 \
            else "I answer plain questions in: "
        return head + channel_mentions(settings, MESSAGE_LIMIT - len(head))
    return "No answer channels yet: I answer only when mentioned. Add one with `/careerbot channels add`."


def problem_report(problems: list, limit: int = 1900) -> str:
    """Knowledge problems as a message that fits Discord's 2,000 characters, cut between lines."""
    head = f"Reload refused: {len(problems)} problem(s). Still serving the previous knowledge.\n```\n"
    lines = [str(problem).replace("`", "'") for problem in problems]
    return head + "\n".join(fit_lines(lines, limit - len(head) - 4)) + "\n```"
