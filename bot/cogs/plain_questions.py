"""Plain questions: answer messages in the server's answer channels, and wherever the bot is mentioned; and the
"Ask careerbot" message context menu, which answers any message privately to whoever used it.

Quiet by design: chatter gets nothing, bots get nothing, a flood gets a bounded number of replies, and
nothing the bot sends can ping anyone.
"""

from __future__ import annotations

import logging
import re
import time
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.answers import HINT, NOT_SURE, Answer, did_you_mean
from bot.store import DEFAULT_COOLDOWN_SECONDS
from bot.ui.embeds import card_text
from bot.ui.views import card_message, place_view, suggestion_view

if TYPE_CHECKING:
    from bot.client import CareerBot

log = logging.getLogger(__name__)

ASK_MENU = "Ask careerbot"


class PlainQuestions(commands.Cog):
    def __init__(self, bot: CareerBot) -> None:
        self.bot = bot
        # Channels where Discord refused a reply (403) although the cached permissions allowed it: no more tries
        # there until a permission change in the server (channel, role or the bot's own member). Every refused
        # request counts towards Discord's invalid-request limit, which bans the bot's IP for every server.
        self._refused: dict[int, int] = {}  # channel id -> guild id
        self._reported: set[int] = set()  # channels whose missing permission was logged once
        # A context menu cannot be defined inside a Cog class (discord.py's docs): it is built here and added
        # to the tree, and removed again when the cog unloads.
        self.ask_menu = app_commands.ContextMenu(name=ASK_MENU, callback=self.ask_about_message)
        self.bot.tree.add_command(self.ask_menu)

    async def cog_unload(self) -> None:
        self.bot.tree.remove_command(self.ask_menu.name, type=self.ask_menu.type)

    async def ask_about_message(self, interaction: discord.Interaction, message: discord.Message) -> None:
        """Right-click a message → Apps → Ask careerbot: its answer, privately, to whoever asked. The interaction
        carries the message's text, so this works without the message-content intent, and on messages the bot
        stayed quiet on; asking through the menu is speaking to the bot, hence `addressed=True`."""
        me = self.bot.user
        text = _without_my_mention(message.content, me.id) if me is not None else message.content
        answer = self.bot.answerer.ask(text, addressed=True)
        asker = interaction.user.id
        if answer.kind in ("role", "compare"):
            card = await card_message(self.bot.answerer, asker, answer.roles, answer.section, answer.place)
            await interaction.response.send_message(content=answer.note or None, embed=card.embed, view=card.view,
                                                    files=card.files, ephemeral=True)
            return
        if answer.kind == "place":
            await interaction.response.send_message(self.bot.answerer.which_place(answer), ephemeral=True,
                                                    view=self._place_view(asker, answer))
            return
        content, view = self._clarify(asker, answer)
        await interaction.response.send_message(content, ephemeral=True, **({"view": view} if view else {}))

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot or message.webhook_id is not None or self.bot.user is None:
            return
        received = time.perf_counter()
        metrics = self.bot.metrics
        metrics.message_seen()
        me = self.bot.user
        cooldown = DEFAULT_COOLDOWN_SECONDS
        mentioned = me in message.mentions and _mentions_me_in_text(message.content, me.id)
        if message.guild is None:
            addressed = True  # a direct message is always for the bot
        else:
            settings = await self.bot.store.get(message.guild.id)  # from memory unless changed: one read
            cooldown = settings.cooldown_seconds
            channel_id = getattr(message.channel, "parent_id", None) or message.channel.id
            in_answer_channel = (message.channel.id in settings.channels or channel_id in settings.channels)
            if not mentioned and (settings.mention_only or not in_answer_channel):
                return
            addressed = mentioned
        text = _without_my_mention(message.content, me.id)
        answer = self.bot.answerer.ask(text, addressed=addressed)
        metrics.understood(time.perf_counter() - received)
        if answer.kind == "none":
            metrics.question("ignored", "none")
            return
        intent = _intent(answer)
        if not self._may_send(message):
            return
        if not self._within_allowance(message, cooldown):
            log.info("rate limit: not answering %s in channel %s", message.author.id, message.channel.id)
            metrics.question("limited", intent)
            return
        await self._reply(message, answer)
        metrics.question("answered", intent)
        metrics.replied(time.perf_counter() - received)

    def _may_send(self, message: discord.Message) -> bool:
        """Whether a reply here can succeed: never a request Discord will refuse."""
        if message.guild is None:
            return True
        channel = message.channel
        if channel.id in self._refused:
            return False
        me = message.guild.me
        if me is None:
            return True
        permissions = channel.permissions_for(me)
        allowed = permissions.send_messages_in_threads if isinstance(channel, discord.Thread) else permissions.send_messages
        if not allowed and channel.id not in self._reported:
            self._reported.add(channel.id)
            log.warning("no permission to send messages in channel %s: not answering there", channel.id)
        return allowed

    def _forget_refusals(self, guild_id: int) -> None:
        """Permissions changed somewhere in a server: its refused channels get another chance."""
        for channel_id in [c for c, g in self._refused.items() if g == guild_id]:
            del self._refused[channel_id]
        self._reported.clear()

    @commands.Cog.listener()
    async def on_guild_channel_update(self, before: discord.abc.GuildChannel, after: discord.abc.GuildChannel) -> None:
        self._forget_refusals(after.guild.id)

    @commands.Cog.listener()
    async def on_guild_role_update(self, before: discord.Role, after: discord.Role) -> None:
        self._forget_refusals(after.guild.id)

    @commands.Cog.listener()
    async def on_member_update(self, before: discord.Member, after: discord.Member) -> None:
        if self.bot.user is not None and after.id == self.bot.user.id:  # the bot's roles or timeout changed
            self._forget_refusals(after.guild.id)

    def _within_allowance(self, message: discord.Message, window: int) -> bool:
        config = self.bot.config
        guild_id = message.guild.id if message.guild else 0
        return self.bot.limiter.allow(
            [(("member", guild_id, message.author.id), config.member_limit),
             (("channel", message.channel.id), config.channel_limit)],
            window=float(window),
        )

    async def _reply(self, message: discord.Message, answer: Answer) -> None:
        asker = message.author.id
        if answer.kind == "clarify":
            content, view = self._clarify(asker, answer)
            await self._send(message, content=content, view=view)
            return
        if answer.kind == "place":  # "what do nurses make in Portland?": which Portland
            await self._send(message, content=self.bot.answerer.which_place(answer),
                             view=self._place_view(asker, answer))
            return
        can_embed, can_attach = _may(message, "embed_links"), _may(message, "attach_files")
        card = await card_message(self.bot.answerer, asker, answer.roles, answer.section, answer.place,
                                  chart=can_attach)
        if can_embed:
            await self._send(message, content=answer.note or None, embed=card.embed, view=card.view,
                             files=card.files)
        else:
            text = card_text(self.bot.answerer.card(answer.roles, answer.section, answer.place))
            with_note = f"{answer.note}\n{text}"
            await self._send(message, content=with_note if answer.note and len(with_note) <= 2000 else text,
                             view=card.view, files=card.files)

    def _place_view(self, asker: int, answer: Answer) -> discord.ui.View:
        """One button per metro area the city could be, each opening the salary card there."""
        place_said = answer.question.place_said if answer.question else ""
        metros = tuple(code for code, _ in answer.place_options)
        return place_view(self.bot.answerer, asker, answer.roles, metros, place_said)

    @staticmethod
    def _clarify(asker: int, answer: Answer) -> tuple[str, discord.ui.View | None]:
        """"Did you mean" with a button per role, each opening the section that was asked about."""
        if not answer.suggestions:
            return HINT, None
        content = f"{NOT_SURE} {did_you_mean([r.title for r in answer.suggestions], bold=True)}"
        return content, suggestion_view(asker, answer.suggestions, answer.place, answer.section)

    async def _send(self, message: discord.Message, **kwargs) -> None:
        try:
            await message.reply(mention_author=False, allowed_mentions=discord.AllowedMentions.none(), **kwargs)
        except discord.Forbidden:
            if message.guild is not None:
                self._refused[message.channel.id] = message.guild.id
            log.warning("no permission to reply in channel %s: not answering there until permissions change",
                        message.channel.id)
        except discord.HTTPException as error:
            log.warning("could not reply in channel %s: %s", message.channel.id, error)


def _intent(answer: Answer) -> str:
    """The metrics label: what was asked (a section, a comparison), or "clarify" for a did-you-mean."""
    if answer.kind in ("compare", "clarify"):
        return answer.kind
    return answer.section.value


def _mentions_me_in_text(content: str, my_id: int) -> bool:
    """A real @mention in the text, not just the ping of a reply to one of my messages."""
    return re.search(rf"<@!?{my_id}>", content) is not None


def _without_my_mention(content: str, my_id: int) -> str:
    return re.sub(rf"<@!?{my_id}>", " ", content).strip()


def _may(message: discord.Message, permission: str) -> bool:
    """Whether the bot has a channel permission where the message was sent (always, in a direct message)."""
    if message.guild is None:
        return True
    me = message.guild.me
    return me is None or getattr(message.channel.permissions_for(me), permission)


async def setup(bot: CareerBot) -> None:
    await bot.add_cog(PlainQuestions(bot))
