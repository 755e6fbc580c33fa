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


class _Planted:
    """A "snapshot" another user could plant: unpickling it creates a marker file (it could run anything)."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


def _plant(cache, knowledge, marker):
    import pickle

    from bot.core.snapshot import snapshot_key

    cache.mkdir(exist_ok=True)
    target = cache / f"knowledge-{snapshot_key(knowledge.resolve())}.pickle"
    target.write_bytes(pickle.dumps(_Planted(marker)))
    return target


def test_a_cache_folder_others_can_write_to_is_not_used(cache, knowledge, tmp_path, caplog):
    import os

    marker = tmp_path / "planted-code-ran"
    _plant(cache, knowledge, marker)
    os.chmod(cache, 0o777)
    answerer = Answerer.load(knowledge)
    assert not marker.exists()
    assert answerer.ask("what does a chemist earn?").roles[0].id == "chemist"
    assert any("writable by other users" in r.getMessage() for r in caplog.records)


def test_a_snapshot_others_can_write_to_is_not_loaded(cache, knowledge, tmp_path, caplog):
    import os

    marker = tmp_path / "planted-code-ran"
    planted = _plant(cache, knowledge, marker)
    os.chmod(cache, 0o700)
    os.chmod(planted, 0o666)
    Answerer.load(knowledge)
    assert not marker.exists()
    assert any("writable by other users" in r.getMessage() for r in caplog.records)


def test_a_snapshot_owned_by_another_user_is_not_loaded(cache, knowledge, tmp_path, caplog):
    import os

    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("only root can give a file to another user")
    marker = tmp_path / "planted-code-ran"
    planted = _plant(cache, knowledge, marker)
    os.chmod(cache, 0o700)
    os.chmod(planted, 0o644)
    os.chown(planted, 65534, -1)
    Answerer.load(knowledge)
    assert not marker.exists()
    assert any("not owned by the current user" in r.getMessage() for r in caplog.records)


def test_a_new_cache_folder_is_private(cache, knowledge):
    import stat

    Answerer.load(knowledge)
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    (snapshot,) = cache.glob("knowledge-*.pickle")
    assert not snapshot.stat().st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def test_a_link_added_to_a_cached_folder_is_refused_not_served_from_the_snapshot(cache, knowledge):
    Answerer.load(knowledge)
    (knowledge / "roles" / "notes.yaml").symlink_to("/dev/zero")
    with pytest.raises(KnowledgeError, match="symbolic link"):
        Answerer.load(knowledge)
