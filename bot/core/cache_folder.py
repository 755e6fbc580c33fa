"""careerbot's cache folder: where it is, and whether it is safe to read from.

Two things are cached there: the pickled knowledge snapshot (`bot.core.snapshot`) and the results of `kb check`'s
table checks (`bot.core.check_cache`). Loading a pickle runs code, and a planted check result could make a broken
table pass, so a folder or file that another user owns or may write to is never read: the caller says so in the
log and does without the cache.
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

log = logging.getLogger(__name__)

CACHE_ENV = "CAREERBOT_CACHE_DIR"


def cache_dir() -> Path | None:
    """$CAREERBOT_CACHE_DIR, else the user's cache directory; None disables the cache ("off")."""
    configured = os.environ.get(CACHE_ENV)
    if configured is not None:
        return None if configured.strip().lower() in ("", "off", "0") else Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "careerbot"


def unsafe(info: os.stat_result) -> str | None:
    """Why a cache folder or file with this status may hold someone else's data, or None when only we can write it."""
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return "is not owned by the current user"
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return "is writable by other users"
    return None


def private_folder(folder: Path, what: str) -> bool:
    """True when the cache folder is ours alone (created so when missing); else a warning naming `what` (the
    cache that does without it) and False."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = os.lstat(folder)
    except OSError as error:
        log.info("not using the %s (%s)", what, error)
        return False
    problem = "is not a folder" if not stat.S_ISDIR(info.st_mode) else unsafe(info)
    if problem:
        log.warning("not using the %s: %s %s (set %s to a folder only you can write, or to 'off')",
                    what, folder, problem, CACHE_ENV)
        return False
    return True


def private_file(path: Path, what: str) -> bool:
    """True when `path` is a regular file that only we can write; a warning when it exists but is not."""
    try:
        info = os.lstat(path)
    except OSError:
        return False
    problem = "is not a regular file" if not stat.S_ISREG(info.st_mode) else unsafe(info)
    if problem:
        log.warning("not loading the %s %s: it %s", what, path, problem)
        return False
    return True
