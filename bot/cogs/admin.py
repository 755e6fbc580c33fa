"""/careerbot: help, the role list, and server settings for members with Manage Server."""

from __future__ import annotations

import asyncio
import logging
import re
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.models import FIELDS, Role
from bot.store import GuildSettings

if TYPE_CHECKING:
    from bot.client import CareerBot

log = logging.getLogger(__name__)

FIELDS_PER_PAGE = 4
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
        bot: CareerBot = interaction.client  # type: ignore[assignment]
        embed, view = roles_message(bot, self.page)
        await interaction.response.edit_message(embed=embed, view=view)


def roles_message(bot: CareerBot, page: int) -> tuple[discord.Embed, discord.ui.View]:
    roles = bot.answerer.kb.curated_roles()
    embed, count = roles_embed(roles, page)
    page = max(0, min(page, count - 1))
    view = discord.ui.View(timeout=None)
    view.add_item(RolesPageButton(page - 1 if page > 0 else 0, "prev", disabled=page == 0))
    view.add_item(RolesPageButton(page + 1 if page + 1 < count else page, "next", disabled=page + 1 >= count))
    return embed, view


def settings_embed(settings: GuildSettings, member_limit: int, channel_limit: int) -> discord.Embed:
    channels = ", ".join(f"<#{c}>" for c in sorted(settings.channels)) or "none yet (I answer only when mentioned)"
    embed = discord.Embed(title="careerbot settings", colour=discord.Colour.blurple())
    embed.add_field(name="Answer channels", value=channels[:1024], inline=False)
    embed.add_field(name="Mention only", value="on" if settings.mention_only else "off", inline=True)
    embed.add_field(name="Cooldown", value=f"{settings.cooldown_seconds} s", inline=True)
    embed.add_field(
        name="Allowance",
        value=f"{member_limit} answers per member and {channel_limit} per channel every {settings.cooldown_seconds} s",
        inline=False,
    )
    return embed


def problem_report(problems: list, limit: int = 1900) -> str:
    """Knowledge problems as a message that fits Discord's 2,000 characters, cut between lines."""
    head = f"Reload refused: {len(problems)} problem(s). Still serving the previous knowledge.\n```\n"
    lines: list[str] = []
    used = len(head) + 4
    for index, problem in enumerate(problems):
        line = str(problem).replace("`", "'")
        if used + len(line) + 1 + 20 > limit:
            lines.append(f"…and {len(problems) - index} more")
            break
        lines.append(line)
        used += len(line) + 1
    return head + "\n".join(lines) + "\n```"


class Admin(commands.GroupCog, group_name="careerbot", group_description="careerbot help, roles and settings"):
    channels = app_commands.Group(name="channels", description="Where I answer plain questions")

    def __init__(self, bot: CareerBot) -> None:
        self.bot = bot
        super().__init__()

    @app_commands.command(name="help", description="How to ask me things")
    async def help(self, interaction: discord.Interaction) -> None:
        embed = discord.Embed(title="careerbot help", description=HELP_TEXT, colour=discord.Colour.blurple())
        await interaction.response.send_message(embed=embed, ephemeral=True)

    @app_commands.command(name="roles", description="Every role with a full profile, by field")
    async def roles(self, interaction: discord.Interaction) -> None:
        embed, view = roles_message(self.bot, 0)
        await interaction.response.send_message(embed=embed, view=view, ephemeral=True)

    @channels.command(name="add", description="Answer plain questions in a channel")
    @app_commands.describe(channel="The channel")
    async def channels_add(self, interaction: discord.Interaction, channel: discord.TextChannel) -> None:
        if not await self._allowed(interaction):
            return
        added = await self.bot.store.add_channel(interaction.guild_id, channel.id)
        text = (f"I'll answer career questions in {channel.mention}." if added
                else f"{channel.mention} is already an answer channel.")
        await interaction.response.send_message(text, ephemeral=True)

    @channels.command(name="remove", description="Stop answering plain questions in a channel")
    @app_commands.describe(channel="The channel")
    async def channels_remove(self, interaction: discord.Interaction, channel: discord.TextChannel) -> None:
        if not await self._allowed(interaction):
            return
        removed = await self.bot.store.remove_channel(interaction.guild_id, channel.id)
        text = (f"I'll stay quiet in {channel.mention} unless mentioned." if removed
                else f"{channel.mention} was not an answer channel.")
        await interaction.response.send_message(text, ephemeral=True)

    @channels.command(name="list", description="The channels where I answer plain questions")
    async def channels_list(self, interaction: discord.Interaction) -> None:
        if not await self._allowed(interaction):
            return
        settings = await self.bot.store.get(interaction.guild_id)
        if settings.channels:
            text = "I answer plain questions in: " + ", ".join(f"<#{c}>" for c in sorted(settings.channels))
        else:
            text = "No answer channels yet: I answer only when mentioned. Add one with `/careerbot channels add`."
        await interaction.response.send_message(text, ephemeral=True)

    @app_commands.command(name="settings", description="Show or change how I answer in this server")
    @app_commands.describe(mention_only="Answer only when mentioned, even in answer channels",
                           cooldown_seconds="Window for the per-member and per-channel answer allowance")
    async def settings(self, interaction: discord.Interaction, mention_only: bool | None = None,
                       cooldown_seconds: app_commands.Range[int, 5, 3600] | None = None) -> None:
        if not await self._allowed(interaction):
            return
        store = self.bot.store
        if mention_only is None and cooldown_seconds is None:
            current = await store.get(interaction.guild_id)
            note = None
        else:
            current = await store.update(interaction.guild_id, mention_only=mention_only, cooldown_seconds=cooldown_seconds)
            note = "Settings saved."
        embed = settings_embed(current, self.bot.config.member_limit, self.bot.config.channel_limit)
        await interaction.response.send_message(content=note, embed=embed, ephemeral=True)

    @app_commands.command(name="reload", description="Reload the knowledge base from disk (bot owner only)")
    async def reload(self, interaction: discord.Interaction) -> None:
        if not await self.bot.is_owner(interaction.user):
            await interaction.response.send_message("Only the bot's owner can reload its knowledge.", ephemeral=True)
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        # Building a knowledge base takes about a second: off the event loop, so the bot keeps answering.
        problems = await asyncio.to_thread(self.bot.reload_knowledge)
        if not problems:
            kb = self.bot.answerer.kb
            await interaction.followup.send(
                f"Knowledge reloaded: {len(kb.curated_ids)} curated roles, {len(kb.roles)} roles in all.",
                ephemeral=True)
            return
        await interaction.followup.send(problem_report(problems), ephemeral=True)

    async def _allowed(self, interaction: discord.Interaction) -> bool:
        """Server settings are for members with Manage Server; Discord cannot hide single subcommands."""
        if interaction.guild is None:
            await interaction.response.send_message("Server settings only work inside a server.", ephemeral=True)
            return False
        permissions = getattr(interaction.user, "guild_permissions", None)
        if permissions is None or not permissions.manage_guild:
            await interaction.response.send_message(
                "Only members with the **Manage Server** permission can change where and how I answer.",
                ephemeral=True)
            return False
        return True


async def setup(bot: CareerBot) -> None:
    await bot.add_cog(Admin(bot))
