"""What an operator relies on and no member sees: forgetting a server's settings when the bot is removed from it,
and the metrics and health endpoint's life (started with the bot, stopped with it).

Settings are deleted as soon as the bot is removed (no grace period): a server that adds the bot back starts
from the defaults, and nothing is kept for servers the bot no longer serves.
"""

from __future__ import annotations

import logging

import discord
from discord.ext import commands

from bot.store import StoreUnavailable

log = logging.getLogger(__name__)


class Operations(commands.Cog):
    def __init__(self, bot: commands.Bot) -> None:  # the CareerBot: its store and metrics
        self.bot = bot

    async def cog_load(self) -> None:
        self.bot.metrics.start(self.bot)

    async def cog_unload(self) -> None:
        self.bot.metrics.stop()

    @commands.Cog.listener()
    async def on_guild_remove(self, guild: discord.Guild) -> None:
        try:
            await self.bot.store.forget_guild(guild.id)
        except StoreUnavailable as error:
            log.warning("could not forget the settings of server %s, removed the bot: %s", guild.id, error)
            return
        log.info("removed from server %s: its settings are deleted", guild.id)


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Operations(bot))
