"""The components under every card (section menu, open-card buttons), whichever command or message sent it.

They are `DynamicItem`s: registered here when the extension loads and removed when it unloads, so a reloaded
extension never leaves a stale class behind.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from discord.ext import commands

from bot.ui.views import CARD_COMPONENTS

if TYPE_CHECKING:
    from bot.client import CareerBot


class CardComponents(commands.Cog):
    def __init__(self, bot: CareerBot) -> None:
        self.bot = bot

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(*CARD_COMPONENTS)


async def setup(bot: CareerBot) -> None:
    bot.add_dynamic_items(*CARD_COMPONENTS)
    await bot.add_cog(CardComponents(bot))
