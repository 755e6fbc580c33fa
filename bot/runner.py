"""`careerbot run`: settings from the environment and `.env`, then the bot until SIGINT/SIGTERM."""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
from pathlib import Path

from dotenv import load_dotenv

from bot.settings import Settings, SettingsError

TOKEN_HINT = ("careerbot: DISCORD_TOKEN is not set. Create a bot at https://discord.com/developers/applications "
              "(Bot > Reset Token) and put DISCORD_TOKEN=... in .env or the environment.")


def run_bot(knowledge_dir: str | None = None) -> int:
    load_dotenv(Path.cwd() / ".env")  # the operator's working directory, never the package's
    try:
        config = Settings.from_env()
    except SettingsError as error:
        print(f"careerbot: {error}", file=sys.stderr)
        return 2
    if not config.token:
        print(TOKEN_HINT, file=sys.stderr)
        return 2
    logging.basicConfig(level=config.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    redact_secret(config.token)
    from bot.client import application_id_from_token, create_bot, invite_url
    from bot.store import StoreError

    application_id = application_id_from_token(config.token)
    if application_id is not None:  # before connecting: a bot that cannot connect still shows how to invite it
        logging.getLogger(__name__).info("invite: %s", invite_url(application_id))
    try:
        bot = create_bot(database=config.database, knowledge_dir=knowledge_dir or config.knowledge_dir,
                         config=config)
    except (StoreError, SettingsError) as error:
        print(f"careerbot: {error}", file=sys.stderr)
        return 2
    return asyncio.run(_serve(bot, config.token))


class RedactSecret(logging.Filter):
    """Replaces a secret in every log line, arguments and tracebacks included, before any handler sees it."""

    def __init__(self, secret: str) -> None:
        super().__init__()
        self.secret = secret

    def filter(self, record: logging.LogRecord) -> bool:
        text = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if self.secret in text or (record.exc_text and self.secret in record.exc_text):
            record.msg, record.args = text.replace(self.secret, "[token hidden]"), None
            if record.exc_text:
                record.exc_text = record.exc_text.replace(self.secret, "[token hidden]")
        return True


def redact_secret(secret: str) -> None:
    """Keep `secret` out of every log handler the process has or gets from the root logger."""
    if not secret:
        return
    for handler in logging.getLogger().handlers:
        handler.addFilter(RedactSecret(secret))


def install_reload_signal(bot, loop: asyncio.AbstractEventLoop) -> set[asyncio.Task]:
    """SIGHUP reloads the knowledge base, keeping the old one if the new one is broken.

    The reload runs in a worker thread, as `/careerbot reload` does: building a knowledge base takes a second or
    more (minutes for a hostile file before the checks), and on the event loop it would stall every answer and the
    gateway heartbeat. Returns the set of reloads in flight (a task is dropped from it once done)."""
    in_flight: set[asyncio.Task] = set()

    def on_sighup() -> None:
        task = loop.create_task(bot.reload_knowledge_off_loop())
        in_flight.add(task)
        task.add_done_callback(in_flight.discard)

    if hasattr(signal, "SIGHUP"):
        loop.add_signal_handler(signal.SIGHUP, on_sighup)
    return in_flight


async def _serve(bot, token: str) -> int:
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    install_reload_signal(bot, loop)
    try:
        return await _run_until_stopped(bot, token, stop)
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGHUP", None)):
            if signum is not None:
                loop.remove_signal_handler(signum)


async def _run_until_stopped(bot, token: str, stop: asyncio.Event) -> int:
    import discord

    from bot.store import StoreError

    try:  # the settings store and the metrics port first: refused before connecting, in one line
        await bot.store.start()
        bot.metrics.start(bot)
    except (StoreError, SettingsError) as error:
        print(f"careerbot: {error}", file=sys.stderr)
        await bot.store.close()
        return 2
    async with bot:
        runner = asyncio.create_task(bot.start(token))
        waiter = asyncio.create_task(stop.wait())
        done, _ = await asyncio.wait({runner, waiter}, return_when=asyncio.FIRST_COMPLETED)
        waiter.cancel()
        if waiter in done:
            logging.getLogger(__name__).info("shutting down")
            await bot.close()
        try:
            await runner
        except discord.LoginFailure:
            print("careerbot: Discord rejected the token (DISCORD_TOKEN). Reset it in the developer portal.",
                  file=sys.stderr)
            return 1
        except discord.PrivilegedIntentsRequired:
            print("careerbot: the Message Content Intent is off in the developer portal. Turn it on (Bot page) "
                  "or set CAREERBOT_MESSAGE_CONTENT=0.", file=sys.stderr)
            return 1
        except (discord.HTTPException, discord.GatewayNotFound, OSError, asyncio.TimeoutError) as error:
            reason = str(error).replace(token, "[token hidden]") if token else str(error)
            print(f"careerbot: could not connect to Discord: {type(error).__name__}: {reason}", file=sys.stderr)
            return 1
    return 0
