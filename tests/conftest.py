"""Shared fixtures: the shipped knowledge base, loaded once, and throwaway copies to break."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.core.answers import Answerer
from bot.core.knowledge import KnowledgeBase, load_knowledge
from bot.paths import shipped_knowledge_dir


@pytest.fixture(scope="session")
def knowledge_dir() -> Path:
    return shipped_knowledge_dir()


@pytest.fixture(scope="session")
def kb(knowledge_dir: Path) -> KnowledgeBase:
    return load_knowledge(knowledge_dir)


@pytest.fixture(scope="session")
def answerer(kb: KnowledgeBase) -> Answerer:
    return Answerer(kb)


@pytest.fixture
def kb_copy(tmp_path: Path, knowledge_dir: Path) -> Path:
    """A copy of the curated files (without the big derived tables) that a test may break."""
    target = tmp_path / "knowledge"
    target.mkdir()
    for name in ("roles", "comparisons"):
        shutil.copytree(knowledge_dir / name, target / name)
    for name in ("ambiguous.yaml", "everyday-names.yaml", "schema.json"):
        if (knowledge_dir / name).exists():
            shutil.copy(knowledge_dir / name, target / name)
    return target


@pytest.fixture(autouse=True, scope="session")
def _private_snapshot_cache(tmp_path_factory):
    """Tests build knowledge snapshots in their own cache, never in the user's."""
    import os

    previous = os.environ.get("CAREERBOT_CACHE_DIR")
    os.environ["CAREERBOT_CACHE_DIR"] = str(tmp_path_factory.mktemp("snapshot-cache"))
    yield
    if previous is None:
        os.environ.pop("CAREERBOT_CACHE_DIR", None)
    else:
        os.environ["CAREERBOT_CACHE_DIR"] = previous


@pytest.fixture(scope="session")
def postgres_server():
    """A real PostgreSQL server for the whole session (skipped where none is installed, except in CI)."""
    from tests.postgres_server import start_server

    server = start_server()
    yield server
    server.cleanup()


@pytest.fixture
def postgres_url(postgres_server) -> str:
    """A fresh, empty database on the session's server."""
    return postgres_server.new_database()
