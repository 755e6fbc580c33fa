"""SimCord fixtures: the real bot, a server with a career channel, a member and a moderator."""

from __future__ import annotations

import discord
import pytest

from bot.client import create_bot


@pytest.fixture
def database(tmp_path) -> str:
    return str(tmp_path / "settings.sqlite3")


@pytest.fixture
def simcord_bot(database, answerer):
    # The knowledge base is immutable, so every test's bot shares the one loaded for the session.
    return create_bot(database=database, answerer=answerer)


@pytest.fixture
def guild(simcord_env):
    return simcord_env.create_guild("Career Club")


@pytest.fixture
def careers(guild):
    return guild.create_text_channel("careers")


@pytest.fixture
def general(guild):
    return guild.create_text_channel("general")


@pytest.fixture
def member(simcord_env, guild):
    return guild.add_member(simcord_env.create_user("alice"))


@pytest.fixture
def moderator(simcord_env, guild):
    mods = guild.create_role("Mods", permissions=discord.Permissions(manage_guild=True))
    return guild.add_member(simcord_env.create_user("mod"), roles=[mods])
