"""`careerbot kb check`'s memory of the big tables it has checked, so an unchanged table costs a hash, not a read.

The wage tables (20 MB, 223,000 rows), the O*NET reference (59,000 titles), the decision model (77,000 weights)
and the everyday names' check (which reads the O*NET titles) are two thirds of a full check, and they change far
less often than the role files a contributor edits. The outcome of each of these checks (the problems it found,
word for word, and whether the table loaded) is saved as JSON, never pickle, in the cache folder beside the
knowledge snapshot (`bot.core.cache_folder`), under a key that hashes everything the check's outcome depends on:

  - the bytes of every file the check reads (SHA-256 of the content, not a modification time);
  - the knowledge folder's absolute path (a message about an unreadable file names it);
  - the checking code: every module of `bot/core/` and the shipped `schema.json` by content, Python's version, and
    the installed files of the libraries that read YAML, normalise names and word schema problems;
  - for the everyday names, what they are checked against: the curated roles' ids, SOC codes, titles and aliases,
    the role file names, the ambiguous terms, and the keys of the wage and reference checks.

A key that is found replays the saved problems and gives the later checks the few facts they need (the wage
release's titles and metro areas, read from its 100 KB meta file); any other key means the full check, whose
outcome is then saved. So the output is the same with or without the cache. The folder and each file must be
owned by the current user and writable by no one else, or the cache is not used: a planted result could make a
broken table pass. `careerbot kb check --no-cache` (or CAREERBOT_CACHE_DIR=off) checks everything in full.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
from pathlib import Path
from typing import Any, Callable, Mapping, NamedTuple

from bot.core.cache_folder import cache_dir, private_file, private_folder

FORMAT = 1
WHAT = "kb check cache"
_KEEP_PER_KIND = 6  # several knowledge folders (a checkout, a copy being edited) may take turns
# Libraries whose behaviour is part of a check's outcome: YAML parsing, name normalising, schema wording.
_LIBRARIES = ("yaml", "rapidfuzz", "fastjsonschema", "jsonschema")
_CORE = Path(__file__).resolve().parent
# What the O*NET reference check reads: bot.core.reference's META_FILE, OCCUPATIONS_FILE and TITLES_FILE (named
# here, as a test checks, so a remembered check does not import that module).
REFERENCE_FILES = ("meta.json", "occupations.csv", "titles.csv")


class Outcome(NamedTuple):
    """What one check found: each problem as (path, line, message), and whether the table loaded."""

    loaded: bool
    problems: tuple[tuple[str, int, str], ...]


class CheckCache:
    """Outcomes of table checks, one JSON file each (`check-<kind>-<key>.json`), in a private folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._code: str | None = None

    @classmethod
    def open(cls) -> CheckCache | None:
        """The cache in the user's cache folder ($CAREERBOT_CACHE_DIR); None when it is off or not safe to use
        (a warning in the log says why)."""
        folder = cache_dir()
        if folder is None or not private_folder(folder, WHAT):
            return None
        return cls(folder)

    def key(self, kind: str, root: Path, parts: list[str]) -> str:
        """The key of a check of `kind` on the knowledge folder `root` that read what `parts` describe."""
        digest = hashlib.sha256(f"{FORMAT}|{kind}|{self.code()}|{root}".encode())
        for part in parts:
            digest.update(b"\0" + part.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()[:40]

    def code(self) -> str:
        """A hash of the checking code: every module of bot/core/, the shipped schema, Python, the libraries."""
        if self._code is None:
            from bot.paths import shipped_knowledge_dir

            import bot

            digest = hashlib.sha256(f"{bot.__version__}|{sys.version}".encode())
            for path in [*sorted(_CORE.glob("*.py")), shipped_knowledge_dir() / "schema.json"]:
                digest.update(path.name.encode() + b"\0" + path.read_bytes())
            for library in _LIBRARIES:
                digest.update(_installed(library).encode())
            self._code = digest.hexdigest()
        return self._code

    def get(self, kind: str, key: str) -> Outcome | None:
        path = self.folder / f"check-{kind}-{key}.json"
        if not private_file(path, WHAT + " file"):
            return None
        try:
            data = json.loads(path.read_bytes())
        except (OSError, ValueError):  # damaged: checked anew and overwritten
            return None
        if not (isinstance(data, dict) and data.get("format") == FORMAT and data.get("kind") == kind
                and data.get("key") == key and isinstance(data.get("loaded"), bool)
                and isinstance(data.get("problems"), list)
                and all(_is_problem(problem) for problem in data["problems"])):
            return None
        return Outcome(data["loaded"], tuple(tuple(problem) for problem in data["problems"]))

    def put(self, kind: str, key: str, outcome: Outcome) -> None:
        """Save an outcome (written beside, then renamed: a reader never sees half a file); errors are ignored."""
        record = {"format": FORMAT, "kind": kind, "key": key, "loaded": outcome.loaded,
                  "problems": [list(problem) for problem in outcome.problems]}
        import tempfile

        path = self.folder / f"check-{kind}-{key}.json"
        try:
            with tempfile.NamedTemporaryFile("w", dir=self.folder, delete=False, suffix=".tmp",
                                             encoding="utf-8") as handle:  # created 0600
                json.dump(record, handle, ensure_ascii=False)
            os.replace(handle.name, path)
            older = sorted(self.folder.glob(f"check-{kind}-*.json"), key=_age)
            for old in older[_KEEP_PER_KIND:]:
                old.unlink(missing_ok=True)
        except OSError:
            pass


def _is_problem(value: Any) -> bool:
    return (isinstance(value, list) and len(value) == 3 and isinstance(value[0], str) and type(value[1]) is int
            and isinstance(value[2], str))


def _age(path: Path) -> float:
    try:
        return -path.stat().st_mtime
    except OSError:
        return 0.0


def _installed(library: str) -> str:
    """Where a library is installed and its main file's size and modification time: an upgrade changes them."""
    import importlib.util

    module = sys.modules.get(library)
    try:
        spec = module.__spec__ if module is not None else importlib.util.find_spec(library)
    except (ImportError, ValueError):
        spec = None
    origin = getattr(spec, "origin", None)
    if not origin:
        return f"{library}:absent"
    try:
        info = os.stat(origin)
    except OSError:
        return f"{library}:{origin}"
    return f"{library}:{origin}:{info.st_size}:{info.st_mtime_ns}"


def file_part(path: Path) -> str:
    """A file as part of a key: its name and the SHA-256 of its bytes, or what stands in its place. The file is
    opened without following links or blocking, and only a regular file is read."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        return f"{path.name}:missing"
    except OSError as error:
        return f"{path.name}:unreadable:{error.errno}"
    if not stat.S_ISREG(os.fstat(fd).st_mode):  # a folder, say (a FIFO or device was refused before)
        os.close(fd)
        return f"{path.name}:not a regular file"
    with os.fdopen(fd, "rb") as handle:
        return f"{path.name}:{hashlib.file_digest(handle, 'sha256').hexdigest()}"


# ---------------------------------------------------------------------------------------------- the checks


REMEMBERED = "remembered"  # stands for a table whose check was remembered: `verify_knowledge` needs no more of it


class CachedTables:
    """The big tables' checks for `bot.core.knowledge.verify_knowledge`, each looked up by key first.

    `whole` runs a check in full (`bot.core.knowledge.WholeTables`); the methods here take and return what its
    methods do, except that a remembered table comes back as the facts later checks read, not the whole table."""

    def __init__(self, cache: CheckCache, root: Path, whole: Any) -> None:
        self.cache, self.root, self.whole = cache, root, whole
        self.keys: dict[str, str | None] = {}  # kind -> key (None: not cacheable), for the checks that follow
        self.loaded: dict[str, bool] = {}
        self._reference: Any = None
        self._reference_read = False
        self.pending: dict[str, str | None] = {}  # kind -> key, of the checks a second process is doing

    def _run(self, kind: str, parts: list[str] | None, out: Any, check: Callable[[], Any],
             remembered: Callable[[], Any]) -> Any:
        """The outcome of one check: replayed from the cache when its key is there (`remembered()` then gives
        what the check would return), else `check()` run and its outcome saved."""
        key = self.cache.key(kind, self.root, parts) if parts is not None else None
        self.keys[kind] = key
        outcome = self.cache.get(kind, key) if key is not None else None
        if outcome is not None:
            value = remembered() if outcome.loaded else None
            if not outcome.loaded or value is not None:
                for path, line, message in outcome.problems:
                    out.add(Path(path), line, message)
                self.loaded[kind] = outcome.loaded
                return value
        start = len(out.raw)
        value = check()
        self.loaded[kind] = value is not None
        if kind in self.whole.deferred:  # checked in a second process: `finish` saves its outcome (and corrects
            self.pending[kind] = key    # `loaded`, which is known here only for the wages: their names loaded)
        elif key is not None:
            self.cache.put(kind, key, Outcome(value is not None, tuple(out.raw[start:])))
        return value

    def finish(self, out: Any) -> None:
        """Add and remember the outcomes of the checks done in a second process (`WholeTables.finish`)."""
        for kind, (loaded, problems) in self.whole.finish(out).items():
            self.loaded[kind] = loaded
            key = self.pending.pop(kind, None)
            if key is not None:
                self.cache.put(kind, key, Outcome(loaded, tuple(problems)))

    def wages(self, root: Path, out: Any) -> Any:
        folder = root / "wages"
        if not folder.is_dir():
            return self.whole.wages(root, out)

        from bot.core.table_check import wage_names

        return self._run("wages", _wage_parts(folder), out, lambda: self.whole.wages(root, out),
                         lambda: wage_names(folder))

    def reference(self, root: Path, out: Any) -> Any:
        folder = root / "reference"
        if not folder.is_dir():
            self._reference_read = True
            return self.whole.reference(root, out)
        parts = [file_part(folder / name) for name in REFERENCE_FILES]

        def check() -> Any:
            self._reference_read = True
            self._reference = self.whole.reference(root, out)
            return self._reference

        return self._run("reference", parts, out, check, lambda: REMEMBERED)

    def _reference_data(self, out: Any) -> Any:
        """The O*NET reference data, read now if its check was remembered (for an everyday-names check that was
        not); its problems were reported with its check."""
        if not self._reference_read:
            self._reference_read = True
            if self.loaded.get("reference"):
                scratch = type(out)(self.root)
                self._reference = self.whole.reference(self.root, scratch)
        return self._reference

    def decision(self, root: Path, out: Any) -> Any:
        path = self.whole.decision_file(root)
        if not path.exists():
            return self.whole.decision(root, out)
        return self._run("decision", [file_part(path), str(path)], out, lambda: self.whole.decision(root, out),
                         lambda: REMEMBERED)

    def everyday(self, root: Path, out: Any, curated: Mapping[str, Any], known: set[str],
                 ambiguous: Mapping[str, tuple[str, ...]], wages: Any) -> Any:
        path = self.whole.everyday_file(root)
        if not path.exists():
            return self.whole.everyday(root, out, curated, known, ambiguous, wages)
        tables = [self.keys.get(kind) if (root / kind).is_dir() else "absent" for kind in ("wages", "reference")]
        parts = None
        if None not in tables:
            roles = sorted((role.id, role.soc, role.title, list(role.aliases)) for role in curated.values())
            parts = [file_part(path), *tables, str(self.loaded.get("wages")), str(self.loaded.get("reference")),
                     json.dumps([roles, sorted(known), sorted(ambiguous.items())], ensure_ascii=False)]

        def check() -> Any:
            self.whole.loaded_reference = self._reference_data(out)
            return self.whole.everyday(root, out, curated, known, ambiguous, wages)

        return self._run("everyday", parts, out, check, dict)


def _wage_parts(folder: Path) -> list[str] | None:
    """The files the wage check reads, as key parts: every release meta file and, when there is one, the tables it
    names. None (not cacheable) when a named table is not a plain file name in the folder."""
    metas = sorted(folder.glob("oews-*.meta.json"))
    parts = [file_part(meta) for meta in metas]
    if len(metas) == 1:
        try:
            meta = json.loads(metas[0].read_bytes())
        except (OSError, ValueError):
            return parts
        if isinstance(meta, dict):
            for field in ("table", "metro_table"):
                name = meta.get(field)
                if isinstance(name, str):
                    if not name or name in (".", "..") or "/" in name or os.sep in name or "\0" in name:
                        return None
                    parts.append(file_part(folder / name))
    return parts
