"""`careerbot run` refuses a settings database it cannot use before connecting to Discord: one clear line that
names CAREERBOT_DATABASE and the path, exit status 2, no traceback."""

from __future__ import annotations

import sqlite3

import pytest

from bot import client, runner
from tests.postgres_server import free_port


@pytest.fixture
def never_connects(monkeypatch, tmp_path):
    async def connect(self, token, *, reconnect=True):
        raise AssertionError("the bot connected to Discord with an unusable settings database")

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DISCORD_TOKEN", "x" * 59)
    monkeypatch.setattr(client.CareerBot, "start", connect)


def refusal(capsys) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


def test_a_missing_folder(never_connects, monkeypatch, tmp_path, capsys):
    path = str(tmp_path / "missing" / "settings.sqlite3")
    monkeypatch.setenv("CAREERBOT_DATABASE", path)
    assert runner.run_bot() == 2
    line = refusal(capsys)
    assert line.startswith(f"careerbot: CAREERBOT_DATABASE={path}:") and "does not exist" in line


def test_a_file_from_a_newer_careerbot(never_connects, monkeypatch, tmp_path, capsys):
    path = tmp_path / "settings.sqlite3"
    newer = sqlite3.connect(path)
    newer.execute("PRAGMA user_version = 99")
    newer.commit()
    newer.close()
    monkeypatch.setenv("CAREERBOT_DATABASE", str(path))
    assert runner.run_bot() == 2
    line = refusal(capsys)
    assert line.startswith(f"careerbot: CAREERBOT_DATABASE={path}:") and "schema version 99" in line


def test_a_postgresql_server_that_is_not_there(never_connects, monkeypatch, capsys):
    url = f"postgresql://careerbot:secret@127.0.0.1:{free_port()}/careerbot"
    monkeypatch.setenv("CAREERBOT_DATABASE", url)
    assert runner.run_bot() == 2
    line = refusal(capsys)
    assert line.startswith("careerbot: CAREERBOT_DATABASE=postgresql://careerbot:***@127.0.0.1:")
    assert "secret" not in line


def test_a_bad_metrics_port(never_connects, monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("CAREERBOT_DATABASE", str(tmp_path / "s.sqlite3"))
    monkeypatch.setenv("CAREERBOT_METRICS_PORT", "99999")
    assert runner.run_bot() == 2
    assert "CAREERBOT_METRICS_PORT" in refusal(capsys)


def test_a_metrics_port_already_in_use(never_connects, monkeypatch, tmp_path, capsys):
    import socket

    with socket.socket() as taken:
        taken.bind(("0.0.0.0", 0))
        taken.listen()
        port = taken.getsockname()[1]
        monkeypatch.setenv("CAREERBOT_DATABASE", str(tmp_path / "s.sqlite3"))
        monkeypatch.setenv("CAREERBOT_METRICS_PORT", str(port))
        assert runner.run_bot() == 2
    line = refusal(capsys)
    assert line.startswith(f"careerbot: CAREERBOT_METRICS_PORT={port}: cannot listen on")
