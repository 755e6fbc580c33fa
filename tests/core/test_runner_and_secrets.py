"""`careerbot run`: the token never shows (repr, logs, errors), .env is never committed, SIGTERM stops cleanly."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bot.runner import RedactSecret
from bot.settings import Settings

TOKEN = "MTIzNDU2Nzg5.secret-token-value.abcdef"


def test_settings_repr_hides_the_token():
    settings = Settings.from_env({"DISCORD_TOKEN": TOKEN})
    assert settings.token == TOKEN
    assert TOKEN not in repr(settings) and TOKEN not in str(settings)


def test_log_lines_and_tracebacks_are_redacted(caplog):
    logger = logging.getLogger("careerbot.test")
    caplog.handler.addFilter(RedactSecret(TOKEN))
    logger.warning("connecting with %s", TOKEN)
    try:
        raise RuntimeError(f"bad token {TOKEN}")
    except RuntimeError:
        logger.exception("failed")
    text = caplog.text
    assert TOKEN not in text
    assert text.count("[token hidden]") >= 2


def test_dotenv_is_ignored_by_git():
    ignored = (Path(__file__).resolve().parents[2] / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert ".env" in ignored


def test_env_example_lists_every_setting_the_code_reads():
    root = Path(__file__).resolve().parents[2]
    example = (root / ".env.example").read_text(encoding="utf-8")
    code = "".join(p.read_text(encoding="utf-8") for p in (root / "bot").rglob("*.py"))
    import re

    names = set(re.findall(r'"((?:CAREERBOT|DISCORD|SHARD)_[A-Z_]+)"', code))
    assert names, "settings names found in the code"
    missing = [name for name in sorted(names) if f"{name}=" not in example]
    assert missing == []


def test_a_failed_connection_is_one_clean_line_without_the_token(monkeypatch, tmp_path, capsys, caplog):
    from bot import client, runner

    async def refuse(self, token, *, reconnect=True):
        logging.getLogger("discord.http").error("login failed for %s", token)
        raise OSError(f"connection refused while sending {token}")

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    monkeypatch.setenv("CAREERBOT_DATABASE", str(tmp_path / "s.sqlite3"))
    monkeypatch.setattr(client.CareerBot, "start", refuse)
    assert runner.run_bot() == 1
    err = capsys.readouterr().err
    assert "could not connect to Discord" in err and TOKEN not in err and "Traceback" not in err
    assert TOKEN not in caplog.text and "[token hidden]" in caplog.text


def test_sigterm_shuts_the_bot_down_cleanly(monkeypatch, answerer, tmp_path):
    import asyncio
    import os
    import signal

    from bot import client, runner

    async def run_until_closed(self, token, *, reconnect=True):
        while not self.is_closed():
            await asyncio.sleep(0.01)

    monkeypatch.setattr(client.CareerBot, "start", run_until_closed)
    bot = client.create_bot(database=str(tmp_path / "s.sqlite3"), answerer=answerer)

    async def scenario() -> int:
        asyncio.get_running_loop().call_later(0.2, os.kill, os.getpid(), signal.SIGTERM)
        return await runner._serve(bot, TOKEN)

    assert asyncio.run(scenario()) == 0
    assert bot.is_closed()


def _fake_token(user_id: str) -> str:
    import base64

    return base64.b64encode(user_id.encode()).decode().rstrip("=") + ".GhIjKl.abcdefghijklmnopqrstuvwxyz0123"


def test_the_application_id_is_read_from_the_token():
    from bot.client import application_id_from_token

    assert application_id_from_token(_fake_token("123456789012345678")) == 123456789012345678
    assert application_id_from_token("not-a-real-token") is None
    assert application_id_from_token("") is None


def test_run_prints_the_invite_at_start_and_no_voice_warnings(kb_copy, tmp_path):
    """Offline, the bot cannot connect: the invite link is printed before it tries, and discord.py's two voice
    warnings (the bot has no voice) are not."""
    import os
    import subprocess
    import sys

    env = dict(os.environ, DISCORD_TOKEN=_fake_token("123456789012345678"), CAREERBOT_CACHE_DIR="off",
               CAREERBOT_DATABASE=str(tmp_path / "s.sqlite3"), CAREERBOT_LOG_LEVEL="INFO")
    result = subprocess.run([sys.executable, "-m", "bot", "--knowledge", str(kb_copy), "run"], capture_output=True,
                            text=True, env=env, cwd=tmp_path, timeout=300)
    assert "invite: https://discord.com/oauth2/authorize?client_id=123456789012345678" in result.stderr
    assert "voice will NOT be supported" not in result.stderr
    assert "Traceback" not in result.stderr


def test_an_unknown_log_level_is_one_clear_line(tmp_path):
    import os
    import subprocess
    import sys

    from bot.settings import Settings, SettingsError

    with pytest.raises(SettingsError, match="CAREERBOT_LOG_LEVEL must be one of DEBUG, INFO"):
        Settings.from_env({"CAREERBOT_LOG_LEVEL": "VERBOSE"})
    assert Settings.from_env({"CAREERBOT_LOG_LEVEL": "debug"}).log_level == "DEBUG"
    env = dict(os.environ, DISCORD_TOKEN="x", CAREERBOT_LOG_LEVEL="VERBOSE")
    result = subprocess.run([sys.executable, "-m", "bot", "run"], capture_output=True, text=True, env=env,
                            cwd=tmp_path, timeout=120)
    assert result.returncode == 2
    assert result.stderr.strip() == ("careerbot: CAREERBOT_LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, "
                                     "CRITICAL, not 'VERBOSE'")
