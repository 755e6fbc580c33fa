"""The SQLite settings file: WAL mode, and a file the bot cannot use refused at start with one clear line."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile

import pytest

from bot.store import StoreError, open_store


async def test_the_file_uses_wal_and_records_its_schema_version(tmp_path):
    path = str(tmp_path / "s.sqlite3")
    store = open_store(path)
    await store.start()
    assert await store.schema_version() == 3
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_missing_folder_is_refused_naming_the_setting_and_the_path(tmp_path):
    path = str(tmp_path / "no-such-folder" / "s.sqlite3")
    with pytest.raises(StoreError) as refused:
        open_store(path)
    message = str(refused.value)
    assert message.startswith(f"CAREERBOT_DATABASE={path}:") and "does not exist" in message
    assert "\n" not in message


REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def python_for_nobody() -> str:
    """A Python 3.11+ the `nobody` user may run (the store needs only the standard library)."""
    for candidate in (sys.executable, "/usr/bin/python3", "/usr/local/bin/python3"):
        probe = ["runuser", "-u", "nobody", "--", candidate, "-c", "import sys; assert sys.version_info >= (3, 11)"]
        if os.path.exists(candidate) and subprocess.run(probe, capture_output=True).returncode == 0:
            return candidate
    pytest.skip("no Python that the nobody user may run, to open the file as a user who cannot write it")


OPEN_AS_OTHER_USER = """
import asyncio, sys
from bot.store import StoreError, open_store
try:
    asyncio.run(open_store(sys.argv[1]).start())
except StoreError as error:
    print(error)
    sys.exit(3)
"""


def test_a_read_only_file_is_refused_at_start_not_on_the_first_change():
    folder = tempfile.mkdtemp(prefix="careerbot-ro-")  # outside pytest's private folders: another user opens it
    path = os.path.join(folder, "s.sqlite3")
    sqlite3.connect(path).execute("CREATE TABLE placeholder (x)").connection.commit()
    os.chmod(folder, 0o755)
    os.chmod(path, 0o444)
    command = [sys.executable, "-c", OPEN_AS_OTHER_USER, str(path)]
    source = REPO
    if os.geteuid() == 0:  # root may write any file: open it as an ordinary user, as an operator would
        os.chmod(path, 0o644)
        command = ["runuser", "-u", "nobody", "--", python_for_nobody(), *command[1:]]
        # The checkout may sit in a folder only root can read (a mktemp clone): give `nobody` its own copy of the
        # code (the store needs only the standard library).
        source = os.path.join(folder, "src")
        shutil.copytree(os.path.join(REPO, "bot"), os.path.join(source, "bot"),
                        ignore=shutil.ignore_patterns("__pycache__"))
        for parent, dirs, files in os.walk(source):
            os.chmod(parent, 0o755)
            for name in files:
                os.chmod(os.path.join(parent, name), 0o644)
    result = subprocess.run(command, capture_output=True, text=True, timeout=60, cwd=folder,
                            env={**os.environ, "PYTHONPATH": source})
    assert result.returncode == 3, result.stderr[-2000:]
    line = result.stdout.strip()
    assert line.startswith(f"CAREERBOT_DATABASE={path}:") and "read-only" in line
    assert "\n" not in line
    shutil.rmtree(folder)
