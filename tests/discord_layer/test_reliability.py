"""Hardening: broken knowledge, Discord failures and floods leave the bot answering, quietly and safely."""

from __future__ import annotations

import asyncio
import gc
import os
import shutil
import signal
import subprocess
import sys
import weakref

import discord
import pytest
import yaml

from bot.client import create_bot
from bot.runner import install_reload_signal
from bot.settings import Settings
from tests.discord_layer.helpers import bot_messages, choose_section


# A reload rebuilds the whole knowledge base and its name index in a worker thread: a few seconds of CPU, more on
# a busy machine. Speed is measured by the benchmarks, not here, so these tests give the bot time to settle.
RELOADS = pytest.mark.simcord(settle_timeout=60)


@pytest.fixture
def knowledge_copy(tmp_path, knowledge_dir):
    target = tmp_path / "knowledge"
    shutil.copytree(knowledge_dir, target)
    return target


@pytest.fixture(autouse=True)
def patient_settling(request):
    """A reload builds a whole knowledge base in a thread: seconds on a busy machine, more than SimCord's
    default 5 s wait for the bot to settle."""
    if "simcord_env" in request.fixturenames:
        request.getfixturevalue("simcord_env").settle_timeout = 60.0


@pytest.fixture
def owner(simcord_env, guild):
    return guild.add_member(simcord_env.create_user("owner"))


@pytest.fixture
def simcord_bot(database, answerer, knowledge_copy, request):
    """A bot whose knowledge directory is a copy this module may break, and whose owner is 'owner'."""
    owner_ids = (int(os.environ.get("CAREERBOT_TEST_OWNER", "0")),)
    bot = create_bot(database=database, knowledge_dir=str(knowledge_copy), answerer=answerer,
                     config=Settings(database=database, owner_ids=owner_ids))
    return bot


async def make_owner(env, owner) -> None:
    env.bot.owner_ids = {owner.id}


def break_file(knowledge_copy) -> None:
    path = knowledge_copy / "roles" / "physicist.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("summary:", "sumary:", 1), encoding="utf-8")


async def test_reload_is_for_the_owner_only(simcord_env, careers, member):
    result = await member.slash(careers, "careerbot reload")
    assert result.ephemeral and "owner" in result.response.content


@RELOADS
async def test_a_broken_reload_keeps_serving_and_reports_file_and_line(simcord_env, careers, owner, member,
                                                                         knowledge_copy):
    await make_owner(simcord_env, owner)
    break_file(knowledge_copy)
    result = await owner.slash(careers, "careerbot reload")
    report = result.followups[0].content if result.followups else result.response.content
    assert "Reload refused" in report
    assert "knowledge/roles/physicist.yaml:" in report and "unknown key 'sumary'" in report
    answered = await member.slash(careers, "role", name="physicist")
    assert answered.response.embeds[0].title == "Physicist · Overview"


@RELOADS
async def test_a_good_reload_swaps_in_the_new_knowledge(simcord_env, careers, owner, member, knowledge_copy):
    await make_owner(simcord_env, owner)
    path = knowledge_copy / "roles" / "physicist.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("title: Physicist", "title: Physicist (reloaded)"),
                    encoding="utf-8")
    result = await owner.slash(careers, "careerbot reload")
    report = result.followups[0].content if result.followups else result.response.content
    assert "Knowledge reloaded" in report
    answered = await member.slash(careers, "role", name="physicist")
    assert answered.response.embeds[0].title == "Physicist (reloaded) · Overview"


def test_the_loaded_knowledge_is_kept_from_the_collector_and_a_reload_frees_the_old(database, knowledge_copy):
    """A full collection would walk the whole knowledge base (a pause of tens of ms on the event loop): the bot
    freezes what it loaded, and a reload does not keep the replaced knowledge base alive."""
    gc.unfreeze()
    bot = create_bot(database=database, knowledge_dir=str(knowledge_copy))
    assert gc.get_freeze_count() > 50_000  # the index and the tables
    replaced = weakref.ref(bot.answerer)
    assert bot.reload_knowledge() == []
    assert replaced() is None
    assert gc.get_freeze_count() > 50_000


@RELOADS
async def test_sighup_reloads_and_a_broken_file_keeps_the_old_knowledge(simcord_env, careers, member, knowledge_copy):
    loop = asyncio.get_running_loop()
    reloads = install_reload_signal(simcord_env.bot, loop)
    try:
        before = simcord_env.bot.answerer
        break_file(knowledge_copy)
        await _deliver_sighup(reloads)
        assert simcord_env.bot.answerer is before
        fixed = knowledge_copy / "roles" / "physicist.yaml"
        fixed.write_text(fixed.read_text(encoding="utf-8").replace("sumary:", "summary:", 1), encoding="utf-8")
        await _deliver_sighup(reloads)
        assert simcord_env.bot.answerer is not before
    finally:
        loop.remove_signal_handler(signal.SIGHUP)
    answered = await member.slash(careers, "role", name="physicist")
    assert answered.response.embeds[0].title == "Physicist · Overview"


async def _deliver_sighup(reloads: set) -> None:
    os.kill(os.getpid(), signal.SIGHUP)
    for _ in range(100):  # the handler runs on a later turn of the loop
        await asyncio.sleep(0)
        if reloads:
            break
    assert reloads, "SIGHUP started no reload"
    await asyncio.gather(*list(reloads))


async def test_sighup_reloads_in_a_worker_thread_never_on_the_event_loop(simcord_env, monkeypatch):
    import threading

    threads = []
    monkeypatch.setattr(simcord_env.bot, "reload_knowledge", lambda: threads.append(threading.current_thread()) or [])
    loop = asyncio.get_running_loop()
    reloads = install_reload_signal(simcord_env.bot, loop)
    try:
        await _deliver_sighup(reloads)
    finally:
        loop.remove_signal_handler(signal.SIGHUP)
    assert len(threads) == 1 and threads[0] is not threading.current_thread()


def test_a_broken_knowledge_base_stops_the_bot_at_start(tmp_path, knowledge_dir):
    copy = tmp_path / "knowledge"
    shutil.copytree(knowledge_dir, copy)
    break_file(copy)
    env = dict(os.environ, DISCORD_TOKEN="not-a-real-token", CAREERBOT_CACHE_DIR="off",
               CAREERBOT_DATABASE=str(tmp_path / "s.sqlite3"))
    result = subprocess.run([sys.executable, "-m", "bot", "--knowledge", str(copy), "run"], capture_output=True,
                            text=True, env=env, cwd=tmp_path, timeout=120)
    assert result.returncode == 1
    assert "knowledge/roles/physicist.yaml:" in result.stderr and "Traceback" not in result.stderr


async def test_a_reply_that_discord_keeps_refusing_is_logged_not_raised(simcord_env, careers, member, caplog):
    simcord_env.inject_error("POST", "/channels/*/messages", status=500, times=None)
    await member.send(careers, f"{simcord_env.bot.user.mention} what does a chemist earn?")
    assert bot_messages(careers, simcord_env.bot.user.id) == []
    assert any("could not reply" in r.getMessage() for r in caplog.records)


async def test_a_rate_limited_reply_is_retried(simcord_env, careers, member):
    simcord_env.inject_error("POST", "/channels/*/messages", status=429, code=0, message="You are being rate limited.",
                             times=1)
    await member.send(careers, f"{simcord_env.bot.user.mention} what does a chemist earn?")
    await simcord_env.advance_time(5)
    replies = bot_messages(careers, simcord_env.bot.user.id)
    assert len(replies) <= 1  # never duplicated; delivered once Discord lets it through, or logged


async def test_a_failed_slash_reply_gets_a_private_apology(simcord_env, careers, member, caplog):
    simcord_env.inject_error("POST", "/interactions/*/*/callback", status=500, times=1)
    result = await member.slash(careers, "role", name="physicist")
    assert result.ephemeral and "Sorry" in result.response.content
    assert any(r.getMessage() == "command role failed" and r.exc_info for r in caplog.records)


async def test_an_expired_interaction_is_logged_not_raised(simcord_env, careers, member, caplog):
    simcord_env.inject_error("POST", "/interactions/*/*/callback", status=404, code=10062,
                             message="Unknown interaction", times=None)
    await member.slash(careers, "role", name="physicist")
    assert any(r.getMessage() == "command role failed" for r in caplog.records)
    assert any("could not send the apology" in r.getMessage() for r in caplog.records)


async def test_without_embed_links_the_card_is_sent_as_text(simcord_env, guild, member):
    channel = guild.create_text_channel("no-embeds", overwrites={guild.me: discord.PermissionOverwrite(embed_links=False)})
    await member.send(channel, f"{simcord_env.bot.user.mention} what does a chemist earn?")
    (reply,) = bot_messages(channel, simcord_env.bot.user.id)
    assert not reply.embeds
    assert "**Chemist · Salary**" in reply.content and "BLS OEWS, May 2025" in reply.content


async def test_without_send_permission_nothing_breaks(simcord_env, guild, member, caplog):
    channel = guild.create_text_channel("read-only", overwrites={guild.me: discord.PermissionOverwrite(send_messages=False)})
    await member.send(channel, f"{simcord_env.bot.user.mention} what does a chemist earn?")
    assert bot_messages(channel, simcord_env.bot.user.id) == []
    assert any("no permission" in r.getMessage() or "could not reply" in r.getMessage() for r in caplog.records)


@RELOADS
async def test_a_card_whose_role_vanished_after_a_reload_says_it_expired(simcord_env, careers, owner, member,
                                                                        knowledge_copy, kb):
    await make_owner(simcord_env, owner)
    referenced = {r for role in kb.curated_roles() for r in role.related}
    referenced |= {r for pair in kb.comparisons for r in pair} | {r for ids in kb.ambiguous.values() for r in ids}
    loner = next(role for role in kb.curated_roles() if role.id not in referenced)
    result = await member.slash(careers, "compare", role_a=loner.id, role_b="physicist")
    (knowledge_copy / "roles" / f"{loner.id}.yaml").unlink()
    everyday = knowledge_copy / "everyday-names.yaml"  # its everyday names go with it
    names = yaml.safe_load(everyday.read_text(encoding="utf-8"))
    names["roles"].pop(loner.id, None)
    everyday.write_text(yaml.safe_dump(names), encoding="utf-8")
    reload = await owner.slash(careers, "careerbot reload")
    assert "Knowledge reloaded" in (reload.followups[0].content if reload.followups else reload.response.content)
    clicked = await choose_section(member, result.response.message, "salary")
    assert clicked.ephemeral and "expired" in clicked.response.content


async def test_a_flood_from_many_members_stays_within_the_allowances(simcord_env, guild, member):
    channels = [guild.create_text_channel(f"careers-{i}") for i in range(5)]
    moderator_role = guild.create_role("Mods", permissions=discord.Permissions(manage_guild=True))
    moderator = guild.add_member(simcord_env.create_user("mod"), roles=[moderator_role])
    for channel in channels:
        await moderator.slash(channel, "careerbot channels add", channel=channel)
    members = [guild.add_member(simcord_env.create_user(f"m{i}")) for i in range(50)]
    first_reply_to: dict[int, bool] = {}
    for round_number in range(20):
        for i, asker in enumerate(members):
            channel = channels[i % 5]
            message = await asker.send(channel, f"what does a chemist earn? #{round_number}")
            if round_number == 0:
                replies = bot_messages(channel, simcord_env.bot.user.id)
                first_reply_to[asker.id] = any(r.reference and r.reference.message_id == message.id for r in replies)
    per_channel = [len(bot_messages(c, simcord_env.bot.user.id)) for c in channels]
    assert all(count <= 10 for count in per_channel), per_channel
    assert sum(per_channel) <= 50
    assert all(first_reply_to.values()), "every member's first question is answered"
    limiter = simcord_env.bot.limiter
    assert len(limiter) <= 55
    await simcord_env.advance_time(120)
    await member.send(channels[0], "what does a chemist earn?")
    assert len(limiter) <= 2, "expired cooldown state is forgotten"


async def test_a_reload_with_a_hostile_file_reports_it_without_leaking(simcord_env, careers, owner, knowledge_copy,
                                                                      tmp_path):
    await make_owner(simcord_env, owner)
    secret = tmp_path / ".env"
    secret.write_text("DISCORD_TOKEN=MTIzNDU2Nzg5MDEyMzQ1Njc4.GhIjKl.abcdefghijklmnopqrstuvwxyz012345\n")
    (knowledge_copy / "roles" / "notes.yaml").symlink_to(secret)
    (knowledge_copy / "roles" / "bomb.yaml").write_text("a: &a [x, x]\nb: [*a, *a]\n", encoding="utf-8")
    result = await owner.slash(careers, "careerbot reload")
    report = result.followups[0].content if result.followups else result.response.content
    # A link stops the folder before any file is read (nothing it points at is opened); the rest shows next time.
    assert "Reload refused" in report and "notes.yaml:1: is a symbolic link" in report
    assert "MTIz" not in report and "DISCORD_TOKEN" not in report
    (knowledge_copy / "roles" / "notes.yaml").unlink()
    result = await owner.slash(careers, "careerbot reload")
    report = result.followups[0].content if result.followups else result.response.content
    assert "Reload refused" in report and "bomb.yaml:1: anchors and aliases" in report
