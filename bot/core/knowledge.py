"""Load and validate the knowledge base: curated roles and comparisons (YAML), the everyday names of roles, plus
the derived tables.

Every problem is reported as `file:line: message`, all of them at once, so a contributor fixes a file in one
pass. Loading either returns a complete, immutable `KnowledgeBase` or raises `KnowledgeError`; there is no
half-loaded state.
"""

from __future__ import annotations

import json
import os
import re
import stat
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Iterable, Mapping, NamedTuple

from rapidfuzz.utils import default_process

from bot.core.models import Comparison, EverydayNames, Requirements, Role, SalaryFigure, Section, pair_key
from bot.core.normalize import fold_word, normalize
from bot.core.yaml_nodes import Path_, YamlSyntaxError, line_of, load_with_lines

if TYPE_CHECKING:
    from bot.core.check_cache import CheckCache


@dataclass(frozen=True, slots=True)
class Problem:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class KnowledgeError(Exception):
    """The knowledge directory is not valid; `problems` lists every reason."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


@dataclass(frozen=True, slots=True)
class KnowledgeBase:
    """Everything the bot knows, immutable once loaded."""

    roles: Mapping[str, Role]
    comparisons: Mapping[tuple[str, str], Comparison]
    ambiguous: Mapping[str, tuple[str, ...]]  # normalised term -> the curated role ids it may mean
    wages: Any = None  # bot.core.wages.WageTables, when the directory has wage tables
    reference: Any = None  # bot.core.reference.ReferenceData, when it has O*NET reference facts
    directory: str = ""
    curated_ids: tuple[str, ...] = field(default=())
    language: Any = None  # bot.core.language.Language: the cue words of language.yaml
    decision: Any = None  # bot.core.decision.DecisionModel: the learned "does it ask, and about what"
    # role id -> the everyday names and field names people use for it (knowledge/everyday-names.yaml)
    everyday: Mapping[str, EverydayNames] = field(default_factory=lambda: MappingProxyType({}))

    def comparison(self, a: str, b: str) -> Comparison | None:
        return self.comparisons.get(pair_key(a, b))

    def curated_roles(self) -> list[Role]:
        return [self.roles[role_id] for role_id in self.curated_ids]

    def facts(self, role: Role) -> Any:
        """O*NET and projections facts for a role's SOC code (`reference.OccupationFacts`), or None."""
        if self.reference is None or not role.soc:
            return None
        return self.reference.facts(role.soc)

    def related_roles(self, role: Role) -> list[Role]:
        """The roles a role's card points to: a curated role's `related` list, else O*NET's related occupations."""
        if role.curated:
            ids = list(role.related)
        else:
            facts = self.facts(role)
            ids = [reference_id(soc) for soc in facts.related] if facts else []
        return [self.roles[role_id] for role_id in ids if role_id in self.roles]



def reference_id(soc: str) -> str:
    return f"soc-{soc}"


EVERYDAY_FILE = "everyday-names.yaml"


@cache
def _schema() -> dict[str, Any]:
    # The schema that ships with the code judges every directory, so a broken schema.json in a contributor's
    # copy cannot loosen the checks.
    from bot.paths import shipped_knowledge_dir

    return json.loads((shipped_knowledge_dir() / "schema.json").read_text(encoding="utf-8"))


@cache
def _validator(kind: str):
    """The reference validator (jsonschema, draft 2020-12): it words every problem. Imported only when a file
    fails the quick check, since importing it alone takes ~0.1 s."""
    import jsonschema

    return jsonschema.Draft202012Validator({"$ref": f"#/$defs/{kind}", "$defs": _schema()["$defs"]})


@cache
def _quick_validator(kind: str):
    """The same schema compiled to plain Python by fastjsonschema (~10 ms per kind). It only answers valid or not,
    some 30 times faster than jsonschema (11 ms for the 416 role and comparison files, not 0.35 s), and a sound
    knowledge base never imports jsonschema (0.1 s) at all. The schema uses no keyword whose meaning differs
    between its draft 7 and jsonschema's 2020-12; where the two could still disagree it is the stricter (`$` in a
    pattern is the true end of the text), and a document it rejects is judged again by jsonschema. So a file it
    accepts is one jsonschema accepts, and every reported problem is jsonschema's
    (tests/core/test_schema_quick_check.py)."""
    import fastjsonschema

    defs = _schema()["$defs"]
    # Written out only for the kinds of many files: compiling `language` so would take twice as long (12 ms, not
    # 7 ms), more than checking its one file could save.
    schema = _inlined(defs[kind], defs) if kind in ("role", "comparison") else defs[kind]
    return fastjsonschema.compile({**schema, "$defs": defs},
                                  use_default=False, use_formats=False, detailed_exceptions=False)


def _inlined(schema: Any, defs: Mapping[str, Any]) -> Any:
    """`schema` with each reference to a definition of a string or a list written out in place: compiled, such a
    reference is a call that formats the item's path for each list item, ten times the cost of the check itself.
    References to object definitions stay (written out, `cues` would be six copies); the schema has no cycle."""
    if isinstance(schema, list):
        return [_inlined(item, defs) for item in schema]
    if not isinstance(schema, dict):
        return schema
    if set(schema) == {"$ref"}:
        target = defs[schema["$ref"].removeprefix("#/$defs/")]
        return schema if target.get("type") == "object" else _inlined(target, defs)
    return {key: _inlined(value, defs) for key, value in schema.items()}


def passes_quick_check(kind: str, data: Any) -> bool:
    """True when `data` is certainly valid against the schema's `kind`; False when jsonschema must judge it."""
    try:
        _quick_validator(kind)(data)
    except Exception:  # noqa: BLE001 - its own exception or anything else: jsonschema judges the document
        return False
    return True


class _Collector:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.problems: list[Problem] = []
        self.raw: list[tuple[str, int, str]] = []  # each problem as reported: (path, line, message)

    def add(self, path: Path, line: int, message: str) -> None:
        """Record a problem under a path the reader can open: relative to the working directory when the file
        is below it (`knowledge/roles/x.yaml`), absolute otherwise."""
        self.raw.append((str(path), line, message))
        path = Path(os.path.abspath(path))  # never resolved: a link's target is not named in a problem
        try:
            shown = str(path.relative_to(Path.cwd()))
        except ValueError:
            shown = str(path)
        self.problems.append(Problem(shown, line, message))


def check_knowledge(directory: str | Path) -> list[Problem]:
    """Every problem in a knowledge directory (empty when it is valid)."""
    try:
        load_knowledge(directory, thorough=True)
    except KnowledgeError as error:
        return error.problems
    return []


def load_knowledge(directory: str | Path, *, thorough: bool = False) -> KnowledgeBase:
    """Load and validate a knowledge directory. The ~186,000 metro wage rows are checked as they are read, or all
    up front with `thorough` (`careerbot kb check`): a start-up need not spend seconds on them."""
    root, out = _opened(directory)
    tables = WholeTables(thorough)
    parts = _read_parts(root, out, tables)
    if out.problems:
        raise KnowledgeError(_in_order(out.problems))
    wages, reference = parts.wages, tables.loaded_reference
    roles: dict[str, Role] = {role.id: role for role in parts.curated.values()}
    roles.update(_reference_roles(wages, reference))
    return KnowledgeBase(
        roles=MappingProxyType(roles),
        comparisons=MappingProxyType(parts.comparisons),
        ambiguous=MappingProxyType(parts.ambiguous),
        wages=wages,
        reference=reference,
        directory=str(root),
        curated_ids=tuple(sorted(parts.curated)),
        language=parts.language,
        decision=parts.decision,
        everyday=MappingProxyType(parts.everyday),
    )


class KnowledgeCounts(NamedTuple):  # a named tuple: a dataclass costs a millisecond more to define, at every start
    """What `careerbot kb check` says of a sound knowledge directory."""

    curated: int
    reference: int  # reference occupations (OEWS detailed occupations without a curated role of that id)
    comparisons: int


def verify_knowledge(directory: str | Path, *, cache: CheckCache | None = None,
                     helper: bool = False) -> KnowledgeCounts:
    """Every check of `load_knowledge(directory, thorough=True)`, without building what only answering needs.
    Raises `KnowledgeError` with the same problems, word for word.

    With `cache` (a `bot.core.check_cache.CheckCache`), the checks of the big tables (wages, O*NET reference,
    decision model) and of the everyday names are remembered by the content they read: unchanged, they cost a
    hash of their files instead of seconds of reading. With `helper`, the wage tables and the decision model are
    checked in a second process meanwhile (`bot.core.table_check`)."""
    root, out = _opened(directory)
    whole = WholeTables(thorough=True, helper=helper, build=False)
    if cache is None:
        tables: Any = whole
    else:
        from bot.core.check_cache import CachedTables

        tables = CachedTables(cache, root, whole)
    try:
        parts = _read_parts(root, out, tables)
    except BaseException:  # Ctrl-C, say: the second process is stopped, not waited for (nor its work redone)
        whole.abandon()
        raise
    tables.finish(out)
    if out.problems:
        raise KnowledgeError(_in_order(out.problems))
    reference_ids = {reference_id(soc) for soc in parts.wages.titles} if parts.wages is not None else set()
    return KnowledgeCounts(curated=len(parts.curated), reference=len(reference_ids - set(parts.curated)),
                           comparisons=len(parts.comparisons))


def _in_order(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.file, p.line))


def _opened(directory: str | Path) -> tuple[Path, _Collector]:
    """The knowledge folder, resolved, and a collector for its problems; raises `KnowledgeError` when it is not a
    knowledge folder at all, or holds a link or special file (nothing else is read then)."""
    root = Path(directory).resolve()
    out = _Collector(root)
    if not root.exists():
        out.add(root, 1, "does not exist")
        raise KnowledgeError(out.problems)
    if not root.is_dir():
        out.add(root, 1, "is not a folder")
        raise KnowledgeError(out.problems)
    if not (root / "roles").is_dir():
        out.add(root, 1, "not a knowledge directory: it has no roles/ folder")
        raise KnowledgeError(out.problems)
    if _refuse_special_files(root, out):
        raise KnowledgeError(_in_order(out.problems))
    if not any((root / "roles").glob("*.y*ml")):
        out.add(root / "roles", 1, "no role files: a knowledge directory needs at least one roles/<id>.yaml")
        raise KnowledgeError(out.problems)
    return root, out


class _Parts(NamedTuple):
    wages: Any
    curated: dict[str, Role]
    ambiguous: dict[str, tuple[str, ...]]
    comparisons: dict[tuple[str, str], Comparison]
    language: Any
    decision: Any
    everyday: dict[str, EverydayNames]


def _read_parts(root: Path, out: _Collector, tables: Any) -> _Parts:
    """Every file of the folder read and checked, in the order problems are found; `tables` reads the big tables
    (`WholeTables`, or `bot.core.check_cache.CachedTables`)."""
    wages = tables.wages(root, out)
    tables.reference(root, out)
    curated, role_lines = _load_roles(root, out, wages)
    # Every role file's id counts as known, valid or not, so one broken file is reported once rather than
    # again by every file that refers to it.
    known = {path.stem for path in (root / "roles").glob("*.y*ml")}
    ambiguous = _load_ambiguous(root, out, curated, known)
    comparisons = _load_comparisons(root, out, curated, known)
    _check_cross_references(out, curated, role_lines, ambiguous, known)
    language = _load_language(root, out, wages)
    decision = tables.decision(root, out)
    everyday = tables.everyday(root, out, curated, known, ambiguous, wages)
    return _Parts(wages, curated, ambiguous, comparisons, language, decision, everyday)


class WholeTables:
    """The big tables and the checks that read them, read whole: wages (with every metro row checked up front
    when `thorough`), the O*NET reference, the decision model and the everyday names.

    With `helper`, the wage tables and the decision model are checked in a second process while the rest is read
    (`bot.core.table_check`); `wages` then gives the release's names, `decision` None, and `finish` adds what the
    second process found."""

    def __init__(self, thorough: bool, helper: bool = False, build: bool = True) -> None:
        self.thorough = thorough
        self.build = build  # False: the state wage rows and the decision model are checked, not kept (`kb check`)
        self.loaded_reference: Any = None
        self.helper: Any = None  # the second process, once started
        self.deferred: dict[str, Path] = {}  # kind -> the knowledge folder, for the checks the helper does
        self._use_helper = helper and thorough

    def wages(self, root: Path, out: _Collector) -> Any:
        if self._use_helper and (root / "wages").is_dir():
            from bot.core.table_check import TableHelper, wage_names

            self.helper = TableHelper.start(root / "wages", self.decision_file(root))
            if self.helper is not None:
                self.deferred["wages"] = root
                return wage_names(root / "wages")
        return _load_wages(root, out, self.thorough, self.build)

    def reference(self, root: Path, out: _Collector) -> Any:
        self.loaded_reference = _load_reference(root, out)
        return self.loaded_reference

    def decision(self, root: Path, out: _Collector) -> Any:
        if self.helper is not None and self.decision_file(root).exists():
            self.deferred["decision"] = root
            return None  # checked by the helper: `verify_knowledge` needs no more of it
        return _load_decision(root, out, self.build)

    def finish(self, out: _Collector) -> dict[str, tuple[bool, list[tuple[str, int, str]]]]:
        """Add what the helper found, for each check it did: (loaded, problems), by kind. Checked here instead if
        the helper gave no answer."""
        if self.helper is None:
            return {}
        found = self.helper.result()
        self.helper = None
        outcomes = {}
        for kind, root in self.deferred.items():
            if found is not None:
                loaded, problems = found[kind]
            else:  # checked here, as without a helper
                scratch = _Collector(root)
                value = (_load_wages(root, scratch, True, self.build) if kind == "wages"
                         else _load_decision(root, scratch, self.build))
                loaded, problems = value is not None, scratch.raw
            for path, line, message in problems:
                out.add(Path(path), line, message)
            outcomes[kind] = (loaded, problems)
        self.deferred = {}
        return outcomes

    def abandon(self) -> None:
        """Stop the helper, if one is at work, and forget its checks."""
        if self.helper is not None:
            self.helper.stop()
        self.helper, self.deferred = None, {}

    @staticmethod
    def decision_file(root: Path) -> Path:
        return _shipped_or_own(root, DECISION_FILE)

    @staticmethod
    def everyday_file(root: Path) -> Path:
        return root / EVERYDAY_FILE

    def everyday(self, root: Path, out: _Collector, curated: Mapping[str, Role], known: set[str],
                 ambiguous: Mapping[str, tuple[str, ...]], wages: Any) -> dict[str, EverydayNames]:
        return _load_everyday(root, out, curated, known, ambiguous, wages, self.loaded_reference)


def _shipped_or_own(root: Path, name: str) -> Path:
    """A knowledge directory's own copy of a language file, else the one that ships with the code: a folder of
    roles written for a test or a fork need not repeat how people ask questions."""
    own = root / name
    if own.exists():
        return own
    from bot.paths import shipped_knowledge_dir

    return shipped_knowledge_dir() / name


def _load_language(root: Path, out: _Collector, wages: Any) -> Any:
    from bot.core.language import LANGUAGE_FILE, build_language
    from bot.core.places import PlaceDataError

    path = _shipped_or_own(root, LANGUAGE_FILE)
    parsed = _read_yaml(path, out)
    if parsed is None:
        return None
    data, lines = parsed
    if not _schema_problems("language", data, lines, path, out):
        return None
    try:
        return build_language(data, wages)
    except PlaceDataError as error:
        out.add(path, line_of(lines, error.key), str(error))
        return None


DECISION_FILE = "model/decision.json"  # bot.core.decision.MODEL_FILE, named here so a check need not import it


def _load_decision(root: Path, out: _Collector, build: bool = True) -> Any:
    path = _shipped_or_own(root, DECISION_FILE)
    if not path.exists():
        return None  # no model trained yet: understanding falls back to needing an explicit question
    from bot.core.table_check import read_decision

    model, problems = read_decision(path, build=build)
    for file, line, message in problems:
        out.add(Path(file), line, message)
    return model


# The largest curated file is a few kilobytes; anything near this is a mistake or an attack.
MAX_FILE_BYTES = 1_000_000


SYMLINK_PROBLEM = "is a symbolic link; knowledge files must be regular files (copy the file instead)"
SPECIAL_PROBLEM = "is not a regular file"


def _refuse_special_files(root: Path, out: _Collector) -> bool:
    """Report every symbolic link and special file (FIFO, device, socket) anywhere in the knowledge folder, the
    wage and reference tables included; True when there was one. Nothing in the folder is read before this.

    Each entry's kind comes from the folder listing itself (no `stat` call per file where the file system says),
    and a link to a folder is reported, never followed."""
    found = False
    folders = [str(root)]
    while folders:
        try:
            entries = list(os.scandir(folders.pop()))
        except OSError:  # vanished or unreadable: as os.walk, passed over (reading its files will say)
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                folders.append(entry.path)
            elif not entry.is_file(follow_symlinks=False):
                out.add(Path(entry.path), 1, SYMLINK_PROBLEM if entry.is_symlink() else SPECIAL_PROBLEM)
                found = True
    return found


def read_regular_file(path: Path, limit: int = MAX_FILE_BYTES) -> str:
    """A knowledge file's text, refusing what is not a plain file of at most `limit` bytes: a symbolic link (it
    could point at `.env` or `/dev/zero`), a FIFO (reading it waits forever), a device or a folder.

    Raises `ValueError` with the reason. The file is opened without following links and without blocking, and
    checked again once open, so it cannot be swapped between the check and the read."""
    info = os.lstat(path)
    if stat.S_ISLNK(info.st_mode):
        raise ValueError(SYMLINK_PROBLEM)
    if not stat.S_ISREG(info.st_mode):
        raise ValueError(SPECIAL_PROBLEM)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    try:  # plain reads of the descriptor: a buffered file object would cost more than reading a small file
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise ValueError(SPECIAL_PROBLEM)
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, limit + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(fd)
    data = chunks[0] if len(chunks) == 1 else b"".join(chunks)
    if len(data) > limit:
        raise ValueError(f"is larger than {limit:,} bytes, the limit for a knowledge file")
    return data.decode("utf-8")


def _read_yaml(path: Path, out: _Collector) -> tuple[Any, dict[Path_, int]] | None:
    try:
        text = read_regular_file(path)
    except UnicodeDecodeError as exc:
        out.add(path, 1, f"is not UTF-8 text (byte {exc.start})")
        return None
    except ValueError as exc:
        out.add(path, 1, str(exc))
        return None
    except OSError as exc:
        out.add(path, 1, f"cannot read file: {exc.strerror or exc}")
        return None
    try:
        return load_with_lines(text)
    except YamlSyntaxError as exc:
        out.add(path, exc.line, exc.message)
        return None


def _read_optional_yaml(path: Path, out: _Collector) -> tuple[Any, dict[Path_, int]] | None:
    """An optional file's data and lines; None when it is absent, empty or unreadable (problems reported)."""
    if not path.exists():
        return None
    parsed = _read_yaml(path, out)
    if parsed is None or parsed[0] is None:
        return None
    return parsed


def _schema_problems(kind: str, data: Any, lines: dict[Path_, int], path: Path, out: _Collector) -> bool:
    """Report schema violations; True when the document is well-formed enough to build objects from."""
    if passes_quick_check(kind, data):
        return True
    errors = sorted(_validator(kind).iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    for error in errors:
        where: Path_ = tuple(error.absolute_path)
        message = _without_the_value(error)
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            allowed = set(error.schema.get("properties", {}))
            for key in error.instance:
                if key not in allowed:
                    out.add(path, line_of(lines, where + (key, "<key>")), f"unknown key {excerpt(key)}")
            continue
        if error.validator == "required":
            message = message.replace("is a required property", "is missing")
        elif error.validator == "type" and error.validator_value == "string" and isinstance(error.instance, dict):
            # The classic YAML trap: an unquoted "Label: text" inside a list item becomes a mapping.
            message = "expected text but found 'key: value'; put the whole line in quotes"
        elif error.validator == "maxLength":
            message = f"is {len(error.instance)} characters long; the limit is {error.validator_value}"
        label = ".".join(str(part) for part in where) or kind
        if error.validator in ("minLength", "pattern") and error.instance is not None:
            message = "is empty" if not str(error.instance).strip() else message
        out.add(path, line_of(lines, where), f"{label}: {message}")
    return not errors


EXCERPT_LIMIT = 40
# Things a value should never carry into a problem message, even shortened: secrets in `NAME=value` form and long
# token-like runs of letters and digits (a Discord token, an API key).
_SECRET_ASSIGNMENT = re.compile(r"(?i)\b([a-z_]*(?:token|secret|password|passwd|key)[a-z_]*)\s*[=:]\s*\S+")
_TOKEN_LIKE = re.compile(r"[A-Za-z0-9_\-.]{24,}")


def excerpt(value: Any, limit: int = EXCERPT_LIMIT) -> str:
    """A short, redacted stand-in for a value in a problem message: never the whole value, never a secret."""
    if isinstance(value, dict):
        return f"a mapping of {len(value)} key(s)"
    if isinstance(value, list):
        return f"a list of {len(value)} item(s)"
    if isinstance(value, (bool, int, float)) or value is None:
        shown = repr(value)  # as jsonschema shows it: 911, True, None
        return shown if len(shown) <= limit else shown[:limit] + "…"
    text = str(value)[: limit * 4]
    text = _SECRET_ASSIGNMENT.sub(lambda m: f"{m.group(1)}=[hidden]", text)
    text = _TOKEN_LIKE.sub(_hide_token, text)
    text = "".join(c if c.isprintable() else "?" for c in " ".join(text.split()))
    return f"'{text}'" if len(text) <= limit else f"'{text[:limit]}…'"


def _hide_token(match: re.Match[str]) -> str:
    """A long run of letters AND digits looks like a key or token; a long hyphenated role id has no digits."""
    run = match.group(0)
    return "[hidden]" if any(c.isdigit() for c in run) and any(c.isalpha() for c in run) else run


def _without_the_value(error: Any) -> str:
    """jsonschema's message with the offending value (which it prints whole, at the front) replaced by an
    excerpt: a 50 MB list, or a `.env` line, must not end up in a problem line or a Discord message."""
    message = error.message
    shown = repr(error.instance)
    if message.startswith(shown):
        return excerpt(error.instance) + message[len(shown):][:200]
    if len(message) > 200 or shown in message:
        return message.replace(shown, excerpt(error.instance))[:200]
    return message


def _load_roles(root: Path, out: _Collector, wages: Any) -> tuple[dict[str, Role], dict[str, dict[Path_, int]]]:
    """The valid roles, and each one's line map for the cross-reference checks that follow."""
    roles: dict[str, Role] = {}
    role_lines: dict[str, dict[Path_, int]] = {}
    for path in sorted((root / "roles").glob("*.y*ml")):
        parsed = _read_yaml(path, out)
        if parsed is None:
            continue
        data, lines = parsed
        if not _schema_problems("role", data, lines, path, out):
            continue
        role = _build_role(data, path)
        if role.id != path.stem:
            out.add(path, line_of(lines, ("id",)), f"id '{role.id}' does not match the file name '{path.stem}'")
            continue
        if role.id in roles:
            out.add(path, line_of(lines, ("id",)), f"duplicate id '{role.id}'")
            continue
        _check_role_pay(role, lines, path, out, wages)
        roles[role.id] = role
        role_lines[role.id] = lines
    return roles, role_lines


def _check_role_pay(role: Role, lines: dict[Path_, int], path: Path, out: _Collector, wages: Any) -> None:
    if role.soc is None:
        if not role.soc_note:
            out.add(path, line_of(lines, ("soc",)), "soc is null: add soc_note saying why no SOC code fits")
        if not role.salary_figures:
            out.add(path, line_of(lines, ("soc",)), "soc is null: give salary.figures with a source")
    elif wages is not None and wages.title(role.soc) is None:
        out.add(path, line_of(lines, ("soc",)), f"soc '{role.soc}' is not a detailed occupation in the wage tables")


def _build_role(data: dict[str, Any], path: Path) -> Role:
    requirements = data["requirements"]
    salary = data.get("salary") or {}
    return Role(
        id=data["id"],
        title=data["title"].strip(),
        soc=data["soc"],
        curated=True,
        aliases=tuple(alias.strip() for alias in data["aliases"]),
        field=data["field"],
        soc_note=data.get("soc_note"),
        summary=" ".join(data["summary"].split()),
        duties=tuple(_clean(data["duties"])),
        requirements=Requirements(
            education=" ".join(requirements["education"].split()),
            experience=" ".join(requirements["experience"].split()),
            certifications=tuple(_clean(requirements.get("certifications", []))),
        ),
        environment=tuple(_clean(data["environment"])),
        skills=tuple(_clean(data["skills"])),
        related=tuple(data["related"]),
        salary_figures=tuple(
            SalaryFigure(
                label=figure["label"],
                amount=float(figure["amount"]),
                period=figure["period"],
                source=figure["source"],
                year=figure.get("year"),
            )
            for figure in salary.get("figures", [])
        ),
        salary_note=salary.get("note"),
        source_file=str(path),
    )


def _clean(items: Iterable[str]) -> list[str]:
    return [" ".join(item.split()) for item in items]


def _load_comparisons(root: Path, out: _Collector, roles: Mapping[str, Role],
                      known: set[str]) -> dict[tuple[str, str], Comparison]:
    comparisons: dict[tuple[str, str], Comparison] = {}
    folder = root / "comparisons"
    if not folder.is_dir():
        return comparisons
    for path in sorted(folder.glob("*.y*ml")):
        parsed = _read_yaml(path, out)
        if parsed is None:
            continue
        data, lines = parsed
        if not _schema_problems("comparison", data, lines, path, out):
            continue
        a, b = data["roles"]
        ok = True
        for index, role_id in enumerate((a, b)):
            if role_id not in known:
                out.add(path, line_of(lines, ("roles", index)), f"unknown role '{role_id}'")
            if role_id not in roles:
                ok = False
        if a == b:
            out.add(path, line_of(lines, ("roles",)), "a comparison needs two different roles")
            ok = False
        expected = f"{min(a, b)}--{max(a, b)}"
        if path.stem != expected:
            out.add(path, line_of(lines, ("roles",)), f"file name should be '{expected}{path.suffix}'")
            ok = False
        if not ok:
            continue
        key = pair_key(a, b)
        if key in comparisons:
            out.add(path, line_of(lines, ("roles",)), f"duplicate comparison of '{a}' and '{b}'")
            continue
        comparisons[key] = Comparison(
            roles=key,
            key_difference=" ".join(data["key_difference"].split()),
            sections=MappingProxyType(
                {Section(name): " ".join(text.split()) for name, text in data["sections"].items()}
            ),
            source_file=str(path),
        )
    return comparisons


def _load_ambiguous(root: Path, out: _Collector, roles: Mapping[str, Role],
                    known: set[str]) -> dict[str, tuple[str, ...]]:
    path = root / "ambiguous.yaml"
    parsed = _read_optional_yaml(path, out)
    if parsed is None:
        return {}
    data, lines = parsed
    if not isinstance(data, dict):
        out.add(path, 1, "expected a mapping of term: [role ids]")
        return {}
    result: dict[str, tuple[str, ...]] = {}
    for term, ids in data.items():
        where = line_of(lines, (term,))
        if not isinstance(ids, list) or len(ids) < 2 or not all(isinstance(i, str) for i in ids):
            out.add(path, where, f"{excerpt(term)} must list at least two role ids")
            continue
        unknown = [role_id for role_id in ids if role_id not in known]
        for role_id in unknown[:10]:
            out.add(path, where, f"{excerpt(term)} names unknown role {excerpt(role_id)}")
        if all(role_id in roles for role_id in ids):
            result[normalize(str(term))] = tuple(ids)
    return result


def _check_cross_references(
    out: _Collector,
    roles: Mapping[str, Role],
    role_lines: Mapping[str, dict[Path_, int]],
    ambiguous: Mapping[str, tuple[str, ...]],
    known: set[str],
) -> None:
    claimed: dict[str, str] = {}
    # Titles claim their names before any alias does, so a clash is reported on the alias, not the title.
    for field in ("title", "aliases"):
        for role in roles.values():
            lines = role_lines[role.id]
            path = Path(role.source_file or role.id)
            names = [(("title",), role.title)] if field == "title" else [
                (("aliases", i), alias) for i, alias in enumerate(role.aliases)]
            for where, name in names:
                key = normalize(name)
                if not key:
                    out.add(path, line_of(lines, where), f"'{name}' has no letters or digits to match on")
                    continue
                owner = claimed.get(key)
                if owner is not None and owner != role.id:
                    out.add(path, line_of(lines, where), f"'{name}' is already claimed by role '{owner}'")
                elif key in ambiguous:
                    out.add(path, line_of(lines, where), f"'{name}' is listed as ambiguous in ambiguous.yaml")
                claimed.setdefault(key, role.id)
    for role in roles.values():
        lines = role_lines[role.id]
        path = Path(role.source_file or role.id)
        for index, related in enumerate(role.related):
            if related == role.id:
                out.add(path, line_of(lines, ("related", index)), "a role cannot be related to itself")
            elif related not in known:
                out.add(path, line_of(lines, ("related", index)), f"unknown related role '{related}'")


def _load_everyday(root: Path, out: _Collector, curated: Mapping[str, Role], known: set[str],
                   ambiguous: Mapping[str, tuple[str, ...]], wages: Any, reference: Any) -> dict[str, EverydayNames]:
    """`everyday-names.yaml`: names and field names for roles beyond their curated aliases and O*NET titles.

    The file is optional. Besides its shape (the schema), every name and field must be new: listed once in the
    whole file (after folding case and plurals), not a title or alias another role already owns (a curated role's,
    or an official or O*NET title that one other occupation alone has), not an ambiguous term; a name must not
    repeat one its own role already has. Without wage tables there are no reference roles to check `soc-…` ids
    against, so their entries are passed over (as role SOC codes are).
    """
    path = root / EVERYDAY_FILE
    parsed = _read_optional_yaml(path, out)
    if parsed is None:
        return {}
    data, lines = parsed
    _schema_problems("everydayNames", data, lines, path, out)
    entries = data.get("roles") if isinstance(data, dict) else None
    if not isinstance(entries, dict):
        return {}

    listed = {role_id: _everyday_values(entry) for role_id, entry in entries.items()}
    owners = _NameOwners(curated, wages, reference, {normalize(value) for values in listed.values()
                                                     for _, _, value in values})
    result: dict[str, EverydayNames] = {}
    first_seen: dict[str, tuple[int, str]] = {}
    for role_id, values in listed.items():
        soc = _everyday_soc(role_id, path, line_of(lines, ("roles", role_id, "<key>")), out, curated, known, wages)
        if soc is _UNCHECKED:
            continue
        cleaned: dict[str, list[str]] = {"names": [], "fields": []}
        for kind, index, value in values:
            where = line_of(lines, ("roles", role_id, kind, index))
            key = normalize(value)
            if not key:
                out.add(path, where, f"'{value}' has no letters or digits to match on")
                continue
            if key in first_seen:
                line, first = first_seen[key]
                also = "" if first == value else f" as '{first}'"
                out.add(path, where, f"'{value}' is listed twice (first{also} on line {line})")
                continue
            first_seen[key] = (where, value)
            problem = owners.clash(key, role_id, soc, is_name=kind == "names", ambiguous=ambiguous)
            if problem:
                out.add(path, where, f"'{value}' {problem}")
            cleaned[kind].append(" ".join(value.split()))
        if soc is not None or role_id in curated:
            result[role_id] = EverydayNames(names=tuple(cleaned["names"]), fields=tuple(cleaned["fields"]))
    return result


_UNCHECKED = object()  # an everyday-names entry whose role cannot be (or was not) loaded


def _everyday_values(entry: Any) -> list[tuple[str, int, str]]:
    """An entry's names and fields as (kind, index, text); values of the wrong type are left to the schema."""
    if not isinstance(entry, dict):
        return []
    return [(kind, index, value) for kind in ("names", "fields") if isinstance(entry.get(kind), list)
            for index, value in enumerate(entry[kind]) if isinstance(value, str)]


def _everyday_soc(role_id: str, path: Path, line: int, out: _Collector, curated: Mapping[str, Role],
                  known: set[str], wages: Any) -> Any:
    """The SOC code of the role an everyday-names entry is for (None for a curated role without one), or
    `_UNCHECKED` when the entry cannot be checked: an unknown id (reported here) or a broken role file (reported
    with that file).

    A reference occupation may have names even when a curated role shares its SOC code: the curated role may be
    narrower ("network engineer" is `soc-15-1241`, Computer Network Architects, not `cloud-engineer`)."""
    if role_id in curated:
        return curated[role_id].soc
    if role_id in known:
        return _UNCHECKED
    if role_id.startswith("soc-") and wages is None:
        return _UNCHECKED
    soc = role_id.removeprefix("soc-")
    if not role_id.startswith("soc-") or wages.title(soc) is None:
        out.add(path, line, f"unknown role {excerpt(role_id)} (a file name in roles/, or soc-XX-XXXX for an occupation)")
        return _UNCHECKED
    return soc


class _NameOwners:
    """Who already owns each normalised name: curated titles and aliases, official OEWS titles, O*NET titles.

    Only the names in `wanted` are asked about, so of the ~60,000 O*NET titles only those whose first and last
    words are the first and last words of one of them are normalised (normalising them all would cost a third of
    a second)."""

    def __init__(self, curated: Mapping[str, Role], wages: Any, reference: Any, wanted: set[str]) -> None:
        self.curated: dict[str, str] = {}
        for role in sorted(curated.values(), key=lambda r: r.id):
            for name in (role.title, *role.aliases):
                self.curated.setdefault(normalize(name), role.id)
        self.titles: Mapping[str, str] = wages.titles if wages is not None else {}
        self.official: dict[str, set[str]] = {}
        for soc, title in self.titles.items():
            self.official.setdefault(normalize(title), set()).add(soc)
        self.onet: dict[str, set[str]] = {}
        edges = {(key.split(" ", 1)[0], key.rsplit(" ", 1)[-1]) for key in wanted}
        first_words = {first for first, _ in edges}
        firsts: dict[str, str] = {}
        lasts: dict[str, str] = {}
        for alt in (reference.titles if reference is not None else ()):
            title = alt.title
            first = firsts.get(title.partition(" ")[0]) or _edge_word(title, 0, firsts)
            if first in first_words and (first, lasts.get(title.rpartition(" ")[2])
                                         or _edge_word(title, -1, lasts)) in edges:
                self.onet.setdefault(normalize(title), set()).add(alt.soc)

    def clash(self, key: str, role_id: str, soc: str | None, *, is_name: bool,
              ambiguous: Mapping[str, tuple[str, ...]]) -> str | None:
        """Why a name or field of `role_id` may not be listed, or None.

        A field may repeat its own role's alias ("nursing" for registered-nurse): it says more, that the word
        names the field. A curated role may take a title of its own SOC code: that gives the name to the written
        profile rather than to the bare occupation."""
        owner = self.curated.get(key)
        if owner is not None and owner != role_id:
            return f"is already claimed by role '{owner}'"
        if owner == role_id:
            return "is already a title or alias of this role" if is_name else None
        if key in ambiguous:
            return "is listed as ambiguous in ambiguous.yaml"
        for socs, what in ((self.official.get(key), "the title"), (self.onet.get(key), "an O*NET title")):
            if not socs:
                continue
            if soc not in socs and len(socs) == 1:
                (other,) = socs
                return f"is {what} of {reference_id(other)} ({self.titles.get(other, '?')})"
            # A title that only this occupation has is already its name. One that several occupations share
            # belongs to none of them: listing it here says which one people mean.
            if socs == {soc} and is_name and role_id == reference_id(soc):
                return f"is already {what} of this occupation"
        return None


def _edge_word(text: str, end: int, known: dict[str, str] | None = None) -> str:
    """The first (`end=0`) or last (`end=-1`) word `normalize` would give `text`, at a fraction of its cost.

    It depends on the first or last space-separated token alone, unless that is all punctuation, so `known`
    remembers it by token: O*NET's 60,000 titles begin with under 10,000 different words."""
    token = text.partition(" ")[0] if end == 0 else text.rpartition(" ")[2]
    if token.isascii() and token.isalnum():  # what default_process makes of it: the token in lower case
        word = fold_word(token.lower())
    else:
        edge = default_process(token)
        if not edge:  # the text starts or ends with a space or punctuation: take the long way
            return normalize(text).split(" ")[end]
        word = fold_word(edge.split(" ")[end])
    if known is not None:
        known[token] = word
    return word


def _load_wages(root: Path, out: _Collector, thorough: bool, build: bool = True) -> Any:
    """The wage release, or its names alone when a table is at fault (reported) but its meta file is sound."""
    folder = root / "wages"
    if not folder.is_dir():
        return None
    from bot.core.table_check import read_wages

    wages, problems = read_wages(folder, thorough=thorough, build=build)
    for path, line, message in problems:
        out.add(Path(path), line, message)
    return wages


def _load_reference(root: Path, out: _Collector) -> Any:
    folder = root / "reference"
    if not folder.is_dir():
        return None
    from bot.core.reference import ReferenceData, ReferenceError

    try:
        return ReferenceData.load(folder)
    except ReferenceError as exc:
        out.add(Path(exc.path), exc.line, exc.message)
        return None


def _reference_roles(wages: Any, reference: Any) -> dict[str, Role]:
    """One reference role per OEWS detailed occupation, named by its official title and O*NET's titles."""
    if wages is None:
        return {}
    names: dict[str, list[str]] = {soc: [] for soc in wages.titles}
    if reference is not None:
        for alt in reference.titles:
            if alt.soc in names:
                names[alt.soc].append(alt.title)
    return {
        reference_id(soc): Role(id=reference_id(soc), title=title, soc=soc, curated=False,
                                aliases=tuple(names[soc]))
        for soc, title in wages.titles.items()
    }
