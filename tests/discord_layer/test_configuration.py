"""create_bot reads its settings from the environment; sharding and the intent switch take effect."""

from __future__ import annotations

import pytest
from discord.ext import commands

from bot.client import create_bot
from bot.settings import Settings, SettingsError


def test_create_bot_honours_the_message_content_switch(monkeypatch, answerer):
    monkeypatch.setenv("CAREERBOT_MESSAGE_CONTENT", "0")
    assert create_bot(database=":memory:", answerer=answerer).intents.message_content is False
    monkeypatch.setenv("CAREERBOT_MESSAGE_CONTENT", "1")
    assert create_bot(database=":memory:", answerer=answerer).intents.message_content is True


def test_database_argument_wins_over_the_environment(monkeypatch, answerer, tmp_path):
    monkeypatch.setenv("CAREERBOT_DATABASE", str(tmp_path / "env.sqlite3"))
    bot = create_bot(database=":memory:", answerer=answerer)
    assert bot.config.database == ":memory:" and bot.store.database == ":memory:"


def test_sharding_settings_make_a_sharded_bot(monkeypatch, answerer):
    monkeypatch.setenv("SHARD_COUNT", "4")
    monkeypatch.setenv("SHARD_IDS", "1,3")
    bot = create_bot(database=":memory:", answerer=answerer)
    assert isinstance(bot, commands.AutoShardedBot)
    assert bot.shard_count == 4 and list(bot.shard_ids) == [1, 3]


def test_without_sharding_settings_the_bot_is_unsharded(monkeypatch, answerer):
    monkeypatch.delenv("SHARD_COUNT", raising=False)
    monkeypatch.delenv("SHARD_IDS", raising=False)
    assert not isinstance(create_bot(database=":memory:", answerer=answerer), commands.AutoShardedBot)


@pytest.mark.parametrize("name, value", [("CAREERBOT_MEMBER_LIMIT", "0"), ("CAREERBOT_CHANNEL_LIMIT", "-2"),
                                         ("SHARD_COUNT", "many"), ("CAREERBOT_MESSAGE_CONTENT", "maybe")])
def test_bad_settings_are_clear_errors(name, value):
    with pytest.raises(SettingsError) as caught:
        Settings.from_env({name: value})
    assert name in str(caught.value)


async def test_a_mention_question_is_not_parsed_as_a_prefix_command(simcord_env, general, member, monkeypatch):
    parsed = []

    async def record(message):
        parsed.append(message.content)

    monkeypatch.setattr(simcord_env.bot, "process_commands", record)
    await member.send(general, f"{simcord_env.bot.user.mention} what does a chemist earn?")
    assert parsed == []  # a prefix parse would log "command 'what' not found" for every such question
    assert len([m for m in general.history() if m.author.id == simcord_env.bot.user.id]) == 1
