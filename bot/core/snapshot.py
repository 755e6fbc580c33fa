"""A ready-to-answer snapshot of the knowledge base and its index, cached on disk by content hash.

Loading validates every YAML file against the schema and builds an index of ~50,000 names; that costs most of
a second. The result depends only on the knowledge files and this code, so it is pickled once under a key made
of both, and later starts load it in a fraction of the time. Any change to a file or to the code gives a new
key, so a stale snapshot is never used; a cache that cannot be read or written is simply skipped.
"""

from __future__ import annotations

import copyreg
import gc
import hashlib
import logging
import os
import pickle
import sys
import tempfile
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType

import bot
from bot.core.cache_folder import cache_dir, private_file, private_folder
from bot.core.knowledge import KnowledgeBase, load_knowledge
from bot.core.matching import RoleIndex

log = logging.getLogger(__name__)

_KEEP_SNAPSHOTS = 3


def _proxy(mapping: dict) -> MappingProxyType:
    return MappingProxyType(mapping)


def _reduce_proxy(proxy: MappingProxyType) -> tuple:
    return _proxy, (dict(proxy),)


def snapshot_key(directory: Path) -> str:
    """A hash of every knowledge file and of the code that turns them into objects: every module of `bot/core/`
    (by content), so no hand-kept list can forget one.

    Knowledge files count by path, size and modification time, not content: reading and hashing the 20 MB of
    wage tables at every start would cost more than the snapshot saves. Any edit, checkout or copy changes the
    modification time, so it still gives a new key."""
    digest = hashlib.sha256()
    digest.update(f"{bot.__version__}|{sys.version_info[:2]}".encode())
    core = Path(__file__).resolve().parent
    for path in sorted(core.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    # Links and special files are never read (a FIFO would block), only named: a folder that gained one gets a new
    # key, so the loader sees it and refuses it rather than a snapshot answering for the folder.
    for path in sorted(directory.rglob("*")):
        name = str(path.relative_to(directory)).encode()
        if path.is_symlink() or not (path.is_file() or path.is_dir()):
            digest.update(b"special:" + name)
        elif path.is_file():
            info = path.stat()
            digest.update(b"%s|%d|%d\n" % (name, info.st_size, info.st_mtime_ns))
    return digest.hexdigest()[:32]


def load_snapshot(directory: str | Path, employment_index, *, save: bool = True) -> tuple[KnowledgeBase, RoleIndex]:
    """The knowledge base and its index, from the cache when it holds this exact content, else built anew.

    `employment_index(kb)` builds the index; it is passed in so this module does not decide how.
    """
    directory = Path(directory).resolve()
    folder = cache_dir()
    if folder is not None and not private_folder(folder, "knowledge snapshot cache"):
        folder = None
    key = snapshot_key(directory) if folder is not None else ""
    path = folder / f"knowledge-{key}.pickle" if folder is not None else None
    if path is not None and path.exists() and private_file(path, "knowledge snapshot"):
        try:
            with path.open("rb") as handle:
                gc.disable()  # ~1M small objects: collecting while unpickling them only wastes time
                try:
                    kb, index = pickle.load(handle)
                    # They live as long as the process (or until a reload): into the generation the collector
                    # never walks, now, or the first collection after this walks every one (~0.1 s). Reference
                    # counting still frees them when dropped; `bot.heap` unfreezes on a reload for their cycles.
                    gc.freeze()
                finally:
                    gc.enable()
            if isinstance(kb, KnowledgeBase) and isinstance(index, RoleIndex):
                return kb, index
        except Exception as error:  # a damaged or foreign file: rebuild and overwrite it
            log.warning("ignoring unreadable knowledge snapshot %s: %s", path, error)
    kb = load_knowledge(directory)  # raises KnowledgeError: a broken knowledge base is never cached
    index = employment_index(kb)
    if path is not None and save:
        # The snapshot answers; it needs no O*NET alternate-title rows (56,000 of them): the index holds those names.
        _write(path, (replace(kb, reference=kb.reference.without_titles()) if kb.reference else kb, index))
    return kb, index


def _write(path: Path, value: object) -> None:
    """Save a snapshot in this process (no fork: a forked child of a process with threads, such as the bot's, may
    deadlock). Pickling needs a large memo for a moment; it is freed as soon as the file is written."""
    try:
        # Write beside, then rename: another process never sees half a file.
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as handle:
            pickler = pickle.Pickler(handle, protocol=pickle.HIGHEST_PROTOCOL)
            pickler.dispatch_table = copyreg.dispatch_table.copy()
            pickler.dispatch_table[MappingProxyType] = _reduce_proxy
            pickler.dump(value)
        os.replace(handle.name, path)
        # Keep the few newest snapshots (several knowledge folders may take turns), drop the rest.
        snapshots = sorted(path.parent.glob("knowledge-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in snapshots[_KEEP_SNAPSHOTS:]:
            old.unlink(missing_ok=True)
    except OSError as error:
        log.info("not caching the knowledge snapshot (%s)", error)
