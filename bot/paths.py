"""Where the shipped knowledge base lives: found from the package, never from the current directory."""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent

# The labelled community set `careerbot eval` scores by default: this file of ../shared/data/community-posts/, or of
# the shared/data folder this variable names.
SHARED_SET = "careerguidance-jobs-titles.jsonl"
SHARED_DATA_ENV = "CAREERBOT_SHARED_DATA"


def shipped_knowledge_dir() -> Path:
    """The knowledge directory that ships with this installation.

    A wheel carries it inside the package (`bot/knowledge`); a source checkout or editable install keeps it at
    the repository's top level, beside `bot/`.
    """
    for candidate in (_PACKAGE_DIR / "knowledge", _PACKAGE_DIR.parent / "knowledge"):
        if (candidate / "roles").is_dir():
            return candidate
    raise FileNotFoundError(f"careerbot's knowledge directory is missing (looked beside {_PACKAGE_DIR})")
