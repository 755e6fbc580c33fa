"""/careerbot: help, the role list, and server settings for members with Manage Server."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.checks import bot_owner_only, manages_server
from bot.ui.admin import RolesPageButton, channels_text, help_embed, problem_report, roles_message, settings_embed

if TYPE_CHECKING:
    from bot.client import CareerBot

log = logging.getLogger(__name__)


class Admin(commands.GroupCog, group_name="careerbot", group_description="careerbot help, roles and settings"):
    channels = app_commands.Group(name="channels", description="Where I answer plain questions")

    def __init__(self, bot: CareerBot) -> None:
        self.bot = bot
        super().__init__()

    @app_commands.command(name="help", description="How to ask me things")
    async def help(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(embed=help_embed(), ephemeral=True)

    @app_commands.command(name="roles", description="Every role with a full profile, by field")
    async def roles(self, interaction: discord.Interaction) -> None:
        embed, view = roles_message(self.bot.answerer, 0)
        await interaction.response.send_message(embed=embed, view=view, ephemeral=True)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(RolesPageButton)

    @manages_server()
    @channels.command(name="add", description="Answer plain questions in a channel")
    @app_commands.describe(channel="The channel")
    async def channels_add(self, interaction: discord.Interaction, channel: discord.TextChannel) -> None:
        added = await self.bot.store.add_channel(interaction.guild_id, channel.id)
        text = (f"I'll answer career questions in {channel.mention}." if added
                else f"{channel.mention} is already an answer channel.")
        await interaction.response.send_message(text, ephemeral=True)

    @manages_server()
    @channels.command(name="remove", description="Stop answering plain questions in a channel")
    @app_commands.describe(channel="The channel")
    async def channels_remove(self, interaction: discord.Interaction, channel: discord.TextChannel) -> None:
        removed = await self.bot.store.remove_channel(interaction.guild_id, channel.id)
        text = (f"I'll stay quiet in {channel.mention} unless mentioned." if removed
                else f"{channel.mention} was not an answer channel.")
        await interaction.response.send_message(text, ephemeral=True)

    @manages_server()
    @channels.command(name="list", description="The channels where I answer plain questions")
    async def channels_list(self, interaction: discord.Interaction) -> None:
        text = channels_text(await self.bot.store.get(interaction.guild_id))
        await interaction.response.send_message(text, ephemeral=True)

    @manages_server()
    @app_commands.command(name="settings", description="Show or change how I answer in this server")
    @app_commands.describe(mention_only="Answer only when mentioned, even in answer channels",
                           cooldown_seconds="Window for the per-member and per-channel answer allowance")
    async def settings(self, interaction: discord.Interaction, mention_only: bool | None = None,
                       cooldown_seconds: app_commands.Range[int, 5, 3600] | None = None) -> None:
        store = self.bot.store
        if mention_only is None and cooldown_seconds is None:
            current = await store.get(interaction.guild_id)
            note = None
        else:
            current = await store.update(interaction.guild_id, mention_only=mention_only, cooldown_seconds=cooldown_seconds)
            note = "Settings saved."
        embed = settings_embed(current, self.bot.config.member_limit, self.bot.config.channel_limit)
        await interaction.response.send_message(content=note, embed=embed, ephemeral=True)

    @bot_owner_only()
    @app_commands.command(name="reload", description="Reload the knowledge base from disk (bot owner only)")
    async def reload(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        problems = await self.bot.reload_knowledge_off_loop()
        if not problems:
            kb = self.bot.answerer.kb
            await interaction.followup.send(
                f"Knowledge reloaded: {len(kb.curated_ids)} curated roles, {len(kb.roles)} roles in all.",
                ephemeral=True)
            return
        await interaction.followup.send(problem_report(problems), ephemeral=True)


async def setup(bot: CareerBot) -> None:
    bot.add_dynamic_items(RolesPageButton)
    await bot.add_cog(Admin(bot))
