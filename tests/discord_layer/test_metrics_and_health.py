"""Operator metrics and health, scraped over loopback from the running bot (CAREERBOT_METRICS_PORT)."""

from __future__ import annotations

import asyncio
import dataclasses
import subprocess
import sys
import urllib.error
import urllib.request

import pytest

from bot.client import create_bot
from bot.metrics import health
from bot.settings import Settings


@pytest.fixture
def simcord_bot(database, answerer):
    config = dataclasses.replace(Settings.from_env({}), metrics_port=0, message_content=True)  # 0: any free port
    return create_bot(database=database, answerer=answerer, config=config)


async def get(bot, path: str) -> tuple[int, str]:
    url = f"http://127.0.0.1:{bot.metrics.port}{path}"

    def fetch() -> tuple[int, str]:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    return await asyncio.to_thread(fetch)


def value(text: str, sample: str) -> float:
    """The value of one sample line, e.g. 'careerbot_questions_total{intent="salary",outcome="answered"}'."""
    for line in text.splitlines():
        if line.startswith(sample + " "):
            return float(line.rsplit(" ", 1)[1])
    raise AssertionError(f"no sample {sample} in:\n{text}")


async def test_metrics_count_messages_and_questions_by_outcome_and_intent(simcord_env, careers, moderator, member):
    await moderator.slash(careers, "careerbot channels add", channel=careers)
    await member.send(careers, "what does an operations manager earn?")
    await member.send(careers, "anyone up for lunch?")
    for _ in range(3):
        await member.send(careers, "what does a nurse do?")  # the 4th answer in 60 s is over the member's 3
    status, text = await get(simcord_env.bot, "/metrics")
    assert status == 200
    assert value(text, "careerbot_messages_seen_total") == 5
    assert value(text, 'careerbot_questions_total{intent="salary",outcome="answered"}') == 1
    assert value(text, 'careerbot_questions_total{intent="none",outcome="ignored"}') == 1
    assert value(text, 'careerbot_questions_total{intent="duties",outcome="answered"}') == 2
    assert value(text, 'careerbot_questions_total{intent="duties",outcome="limited"}') == 1
    assert value(text, "careerbot_understanding_seconds_count") == 5
    assert value(text, "careerbot_reply_seconds_count") == 3
    assert value(text, "careerbot_guilds") == 1
    assert 'careerbot_shard_latency_seconds{shard="0"}' in text


async def test_discord_errors_are_counted_by_status(simcord_env, careers, moderator, member):
    await moderator.slash(careers, "careerbot channels add", channel=careers)
    simcord_env.inject_error("POST", "/channels/*/messages", status=500, times=1)
    await member.send(careers, "what does an operations manager earn?")
    _, text = await get(simcord_env.bot, "/metrics")
    assert value(text, 'careerbot_discord_errors_total{status="500"}') == 1


async def test_health_is_200_when_connected_with_knowledge_and_503_otherwise(simcord_env, careers):
    bot = simcord_env.bot
    assert await get(bot, "/healthz") == (200, "ok\n")
    answerer, bot.answerer = bot.answerer, None
    try:
        status, reason = await get(bot, "/healthz")
    finally:
        bot.answerer = answerer
    assert (status, reason.strip()) == (503, "knowledge base not loaded")
    assert (await get(bot, "/nothing-here"))[0] == 404


def test_a_bot_not_yet_connected_is_not_healthy(answerer, tmp_path):
    bot = create_bot(database=str(tmp_path / "s.sqlite3"), answerer=answerer)
    assert health(bot) == (False, "not connected to Discord")


def test_metrics_are_off_by_default_and_the_default_start_up_imports_no_server_library(tmp_path):
    assert Settings.from_env({}).metrics_port is None
    code = ("import sys; from bot.client import create_bot; "
            f"bot = create_bot(database={str(tmp_path / 's.sqlite3')!r}); "
            "assert type(bot.metrics).__name__ == 'Metrics', bot.metrics; "
            "loaded = [m for m in ('prometheus_client', 'psycopg', 'asyncpg') if m in sys.modules]; "
            "assert not loaded, loaded")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                            env={"PATH": "/usr/bin:/bin", "CAREERBOT_CACHE_DIR": str(tmp_path / "cache")})
    assert result.returncode == 0, result.stderr[-2000:]
