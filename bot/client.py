"""Build the Discord bot: the core's answerer, the settings store and the cogs, wired together."""

from __future__ import annotations

import asyncio
import base64
import dataclasses
import logging
from pathlib import Path

import discord
from discord import app_commands
from discord.ext import commands

from bot.checks import refusal_message
from bot.command_sync import sync_if_changed
from bot.core.answers import Answerer
from bot.core.knowledge import KnowledgeError, Problem
from bot.heap import settle_loaded_objects
from bot.metrics import Metrics, create_metrics
from bot.paths import shipped_knowledge_dir
from bot.ratelimit import SlidingWindowLimiter
from bot.settings import Settings
from bot.store import SettingsStore, StoreUnavailable, open_store

log = logging.getLogger(__name__)

# Each extension registers the DynamicItems it owns when it loads and removes them when it unloads.
EXTENSIONS = ("bot.cogs.card_components", "bot.cogs.careers", "bot.cogs.admin", "bot.cogs.plain_questions",
              "bot.cogs.operations")

# What the bot needs in a channel, and nothing more: see the README's "Permissions" section.
PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    send_messages_in_threads=True,
    embed_links=True,
    attach_files=True,  # the pay-range chart on salary cards
    read_message_history=True,
)


class CareerBot(commands.Bot):
    """The bot. `ShardedCareerBot` below is the same bot for operators who split the gateway across processes."""

    def __init__(self, *, answerer: Answerer, store: SettingsStore, config: Settings, knowledge_dir: Path,
                 metrics: Metrics | None = None, **options) -> None:
        intents = discord.Intents.default()
        intents.message_content = config.message_content
        # The bot has no voice: discord.py's "PyNaCl / davey is not installed, voice will NOT be supported"
        # warnings on every start would only worry operators.
        discord.VoiceClient.warn_nacl = False
        discord.VoiceClient.warn_dave = False
        super().__init__(
            command_prefix=commands.when_mentioned,  # required by commands.Bot; there are no prefix commands
            help_command=None,
            intents=intents,
            allowed_mentions=discord.AllowedMentions.none(),
            owner_ids=set(config.owner_ids) or None,
            **options,
        )
        self.answerer = answerer
        self.knowledge_dir = knowledge_dir
        self.store = store
        self.config = config
        self.limiter = SlidingWindowLimiter()
        self.metrics = metrics or Metrics()
        self._reload_lock = asyncio.Lock()

    async def reload_knowledge_off_loop(self) -> list[Problem]:
        """`reload_knowledge` in a worker thread, one reload at a time, so the bot keeps answering meanwhile."""
        async with self._reload_lock:
            return await asyncio.to_thread(self.reload_knowledge)

    def reload_knowledge(self) -> list[Problem]:
        """Build a new knowledge base from disk and swap it in only if it is valid; the problems otherwise.

        The old answerer keeps serving until the new one is complete, so a broken file never empties the bot.
        """
        try:
            answerer = Answerer.load(self.knowledge_dir, save_snapshot=False)
        except KnowledgeError as error:
            log.error("knowledge reload refused, still serving the previous knowledge base:\n%s", error)
            return error.problems
        self.answerer = answerer
        settle_loaded_objects(replacing=True)
        log.info("knowledge reloaded: %d roles", len(answerer.kb.roles))
        return []

    async def on_app_command_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        """Tell the member plainly and privately why a check refused a command; for a failure, log it and
        apologise instead of leaving "interaction failed"."""
        if isinstance(error, app_commands.CheckFailure):
            log.info("command %s refused for %s: %s", getattr(interaction.command, "qualified_name", "?"),
                     interaction.user.id, type(error).__name__)
            await self._reply_privately(interaction, refusal_message(error))
            return
        if isinstance(getattr(error, "original", None), StoreUnavailable):
            log.warning("command %s: %s", getattr(interaction.command, "qualified_name", "?"), error.original)
            await self._reply_privately(
                interaction, "I can't reach my settings database right now, so nothing was changed. Please try again soon.")
            return
        log.error("command %s failed", getattr(interaction.command, "qualified_name", "?"), exc_info=error)
        await self._reply_privately(
            interaction, "Sorry, something went wrong on my side answering that. Please try again in a moment.")

    @staticmethod
    async def _reply_privately(interaction: discord.Interaction, text: str) -> None:
        try:
            if interaction.response.is_done():
                await interaction.followup.send(text, ephemeral=True)
            else:
                await interaction.response.send_message(text, ephemeral=True)
        except discord.HTTPException as failure:  # the interaction may have expired: nothing more to do
            log.warning("could not send the apology or refusal either: %s", failure)

    async def on_message(self, message: discord.Message) -> None:
        """No prefix commands: plain messages are the PlainQuestions cog's, so nothing is parsed as a command
        here (which would log "command not found" for every question that mentions the bot)."""

    async def setup_hook(self) -> None:
        await self.store.start()  # connects and migrates in a worker thread; raises StoreError with one line
        self.tree.on_error = self.on_app_command_error
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        if not self.config.message_content:
            log.warning(
                "Message content intent is off (CAREERBOT_MESSAGE_CONTENT=0): slash commands and @mentions work, "
                "but plain questions in answer channels are not seen. Turn on 'Message Content Intent' in the "
                "developer portal (Bot page) and set CAREERBOT_MESSAGE_CONTENT=1 to answer them."
            )
        await self._sync_commands()

    async def _sync_commands(self) -> bool:
        """Only the process running shard 0 syncs, and only when the definitions changed (bot/command_sync.py)."""
        return await sync_if_changed(self, self.config.dev_guild, self.config.shard_ids)

    async def on_ready(self) -> None:
        if self.user is not None:
            log.info("ready as %s; invite: %s", self.user, invite_url(self.user.id))

    async def close(self) -> None:
        await super().close()
        await self.store.close()


class ShardedCareerBot(CareerBot, commands.AutoShardedBot):
    """Runs the shards `SHARD_IDS` of `SHARD_COUNT` in this process (discord.py's AutoShardedBot)."""


def invite_url(client_id: int) -> str:
    return discord.utils.oauth_url(client_id, permissions=PERMISSIONS, scopes=("bot", "applications.commands"))


def application_id_from_token(token: str) -> int | None:
    """The bot's user id, which a bot token begins with (base64): for every application created since 2020 it is
    also the application id, enough for an invite link before connecting. None when the token does not say."""
    head = token.split(".", 1)[0]
    try:
        decoded = base64.b64decode(head + "=" * (-len(head) % 4), validate=False).decode("ascii")
    except (ValueError, UnicodeDecodeError):
        return None
    return int(decoded) if decoded.isdigit() and 15 <= len(decoded) <= 21 else None


def create_bot(*, database: str, knowledge_dir: str | None = None, config: Settings | None = None,
               answerer: Answerer | None = None) -> CareerBot:
    """Build the bot, not started: its cogs load and its commands sync in `setup_hook`.

    Settings not given come from the environment (`CAREERBOT_MESSAGE_CONTENT=0` included); `database` always
    wins. `answerer` lets a caller that already loaded the knowledge base (the test suite) share it.
    """
    config = dataclasses.replace(config or Settings.from_env(), database=database)
    directory = Path(knowledge_dir) if knowledge_dir else shipped_knowledge_dir()
    if answerer is None:
        answerer = Answerer.load(directory)  # raises KnowledgeError: a broken knowledge base never starts
        settle_loaded_objects()  # a caller that passes its own answerer settles it as it likes (the tests share one)
    parts = dict(answerer=answerer, store=open_store(database), config=config, knowledge_dir=directory,
                 metrics=create_metrics(config.metrics_port))
    if config.shard_count or config.shard_ids:
        shard_ids = list(config.shard_ids) if config.shard_ids else None
        return ShardedCareerBot(shard_count=config.shard_count, shard_ids=shard_ids, **parts)
    return CareerBot(**parts)
