"""The knowledge snapshot cache: used only for identical content, rebuilt on any change, robust to damage."""

from __future__ import annotations

import shutil

import pytest

from bot.core.answers import Answerer
from bot.core.knowledge import KnowledgeError


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("CAREERBOT_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def knowledge(tmp_path, knowledge_dir):
    target = tmp_path / "knowledge"
    shutil.copytree(knowledge_dir, target)
    return target


def test_a_snapshot_is_written_and_then_used(cache, knowledge):
    first = Answerer.load(knowledge)
    (snapshot,) = cache.glob("knowledge-*.pickle")
    second = Answerer.load(knowledge)
    assert second.kb.roles.keys() == first.kb.roles.keys()
    assert second.ask("what does a chemist earn?").roles[0].id == "chemist"
    assert list(cache.glob("knowledge-*.pickle")) == [snapshot]


def test_a_changed_file_is_never_served_from_the_old_snapshot(cache, knowledge):
    Answerer.load(knowledge)
    path = knowledge / "roles" / "chemist.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("title: Chemist", "title: Lab Chemist"), encoding="utf-8")
    assert Answerer.load(knowledge).kb.roles["chemist"].title == "Lab Chemist"


def test_everyday_names_are_in_the_snapshot_and_a_change_to_them_rebuilds_it(cache, knowledge):
    first = Answerer.load(knowledge)
    assert Answerer.load(knowledge).kb.everyday == first.kb.everyday != {}
    path = knowledge / "everyday-names.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("[plumbing]", "[plumbing, pipework]"), encoding="utf-8")
    assert Answerer.load(knowledge).kb.everyday["plumber"].fields == ("plumbing", "pipework")
    assert len(list(cache.glob("knowledge-*.pickle"))) == 2


def test_a_broken_knowledge_base_is_never_cached(cache, knowledge):
    path = knowledge / "roles" / "chemist.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("summary:", "sumary:", 1), encoding="utf-8")
    with pytest.raises(KnowledgeError):
        Answerer.load(knowledge)
    assert list(cache.glob("knowledge-*.pickle")) == []


def test_a_damaged_snapshot_is_rebuilt(cache, knowledge):
    Answerer.load(knowledge)
    (snapshot,) = cache.glob("knowledge-*.pickle")
    snapshot.write_bytes(b"not a pickle")
    assert Answerer.load(knowledge).kb.roles["chemist"].title == "Chemist"
    assert snapshot.read_bytes() != b"not a pickle"


def test_the_cache_can_be_turned_off(monkeypatch, tmp_path, knowledge):
    monkeypatch.setenv("CAREERBOT_CACHE_DIR", "off")
    assert Answerer.load(knowledge).kb.roles["chemist"].curated


def test_the_snapshot_is_written_in_this_process_without_forking(cache, knowledge, monkeypatch):
    import os

    def no_fork():
        raise AssertionError("the snapshot writer forked")

    monkeypatch.setattr(os, "fork", no_fork, raising=False)
    Answerer.load(knowledge)
    assert len(list(cache.glob("knowledge-*.pickle"))) == 1


def test_the_snapshot_key_covers_every_module_of_the_core(tmp_path, knowledge, monkeypatch):
    from pathlib import Path

    from bot.core import snapshot

    core = tmp_path / "core"
    shutil.copytree(Path(snapshot.__file__).parent, core, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(snapshot, "__file__", str(core / "snapshot.py"))
    before = snapshot.snapshot_key(knowledge)
    for module in sorted(core.glob("*.py")):
        original = module.read_bytes()
        module.write_bytes(original + b"\n# changed\n")
        assert snapshot.snapshot_key(knowledge) != before, module.name
        module.write_bytes(original)
    (core / "new_module.py").write_text("VALUE = 1\n")
    assert snapshot.snapshot_key(knowledge) != before
