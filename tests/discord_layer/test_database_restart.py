"""The PostgreSQL server restarted under a running bot: it keeps answering from the settings it knows, tells a
moderator plainly that a change cannot be saved right now, logs the outage, and reconnects with nothing lost."""

from __future__ import annotations

import asyncio
import time

import pytest

from bot import store_postgres
from bot.client import create_bot
from tests.discord_layer.helpers import bot_messages


@pytest.fixture
def simcord_bot(postgres_url, answerer):
    return create_bot(database=postgres_url, answerer=answerer)


async def test_the_bot_rides_out_a_database_restart(simcord_env, postgres_server, guild, careers, general,
                                                    moderator, member, caplog, monkeypatch):
    monkeypatch.setattr(store_postgres, "WRITE_PATIENCE_SECONDS", 1.0)  # a moderator waits 1 s, not 10
    bot = simcord_env.bot
    await moderator.slash(careers, "careerbot channels add", channel=careers)
    await member.send(careers, "what does a nurse earn?")
    assert len(bot_messages(careers, bot.user.id)) == 1

    await asyncio.to_thread(postgres_server.stop)
    try:
        await member.send(careers, "what does a plumber earn?")  # still answered: the settings it last read
        assert len(bot_messages(careers, bot.user.id)) == 2
        refused = await moderator.slash(careers, "careerbot channels add", channel=general)
        assert "can't reach my settings database" in refused.response.content and refused.ephemeral
        assert "is unreachable" in caplog.text
    finally:
        await asyncio.to_thread(postgres_server.start)

    added = await moderator.slash(careers, "careerbot channels add", channel=general)
    assert "I'll answer career questions" in added.response.content
    listed = await moderator.slash(careers, "careerbot channels list")
    assert careers.mention in listed.response.content and general.mention in listed.response.content
    await member.send(general, "what does an electrician earn?")
    assert len(bot_messages(general, bot.user.id)) == 1
    started = time.monotonic()
    while not bot.store.backend.listening():
        assert time.monotonic() - started < 10, "the change feed did not reconnect"
        await asyncio.to_thread(time.sleep, 0.1)
