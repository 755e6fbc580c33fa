"""`careerbot kb check`'s cache of table checks: the output is the same with or without it, any changed byte (or
changed role a check reads) means a full check, and a cache file someone else could have written is never read."""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import stat
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bot.cli import main
from bot.core import check_cache, knowledge
from bot.core.check_cache import CheckCache
from bot.core.knowledge import check_knowledge, load_knowledge, verify_knowledge

TABLE_LOADERS = {"wages": "_load_wages", "reference": "_load_reference", "decision": "_load_decision",
                 "everyday": "_load_everyday"}


def _head(source: Path, target: Path, lines: int) -> None:
    with source.open(encoding="utf-8", newline="") as handle:
        target.write_text("".join(line for _, line in zip(range(lines), handle)), encoding="utf-8", newline="")


@pytest.fixture(scope="module")
def small_kb(tmp_path_factory, knowledge_dir) -> Path:
    """A whole knowledge folder with every kind of table, the wage tables cut short so a check takes a third of a
    second: the first 2,000 state rows, the rows of the first three metro areas."""
    target = tmp_path_factory.mktemp("small") / "knowledge"
    shutil.copytree(knowledge_dir, target, ignore=shutil.ignore_patterns("*.csv"))
    wages, reference = knowledge_dir / "wages", knowledge_dir / "reference"
    _head(wages / "oews-2025.csv", target / "wages" / "oews-2025.csv", 2000)
    first_three = set(sorted(json.loads((wages / "oews-2025.meta.json").read_text())["metros"])[:3])
    with (wages / "oews-2025-metro.csv").open(encoding="utf-8", newline="") as handle:
        kept = [line for number, line in enumerate(handle) if not number or line.split(",", 2)[1] in first_three]
    (target / "wages" / "oews-2025-metro.csv").write_text("".join(kept), encoding="utf-8", newline="")
    for name in ("occupations.csv", "titles.csv"):
        shutil.copy(reference / name, target / "reference" / name)
    return target


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("CAREERBOT_CACHE_DIR", str(folder))
    return folder


@contextlib.contextmanager
def _counting_table_checks(calls: dict[str, int]):
    """Count the full checks of each table (the functions `WholeTables` runs) while inside."""
    saved = {kind: getattr(knowledge, name) for kind, name in TABLE_LOADERS.items()}

    def counted(kind, function):
        def run(*args, **kwargs):
            calls[kind] = calls.get(kind, 0) + 1
            return function(*args, **kwargs)
        return run

    for kind, name in TABLE_LOADERS.items():
        setattr(knowledge, name, counted(kind, saved[kind]))
    try:
        yield calls
    finally:
        for kind, name in TABLE_LOADERS.items():
            setattr(knowledge, name, saved[kind])


def kb_check(directory: Path, *flags: str, one_process: bool = True) -> tuple[int, str, str, dict[str, int]]:
    """`careerbot kb check` in this process: exit code, stdout, stderr, and which tables were checked in full here
    (so, by default, with every table checked in this process: `--one-process`; tests/core/test_table_check.py
    checks the second process)."""
    out, err, calls = io.StringIO(), io.StringIO(), {}
    flags = (*flags, "--one-process") if one_process else flags
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), _counting_table_checks(calls):
        code = main(["kb", "check", *flags, str(directory)])
    return code, out.getvalue(), err.getvalue(), calls


def test_a_second_check_reads_no_table_and_says_the_same(cache, small_kb):
    first = kb_check(small_kb)
    assert first[0] == 0 and "OK (" in first[1], first[2][:2000]
    assert first[3] == {"wages": 1, "reference": 1, "decision": 1, "everyday": 1}
    assert sorted(p.name.split("-")[1] for p in cache.glob("check-*.json")) == sorted(TABLE_LOADERS)
    second = kb_check(small_kb)
    assert second[:3] == first[:3]
    assert second[3] == {}, "a remembered table was read again"
    assert kb_check(small_kb, "--no-cache")[:3] == first[:3]


def test_the_counts_are_those_of_the_loaded_knowledge(cache, small_kb):
    kb = load_knowledge(small_kb)
    curated = len(kb.curated_ids)
    expected = (curated, len(kb.roles) - curated, len(kb.comparisons))
    cached = CheckCache.open()
    for _ in range(2):  # checked, then remembered
        counts = verify_knowledge(small_kb, cache=cached)
        assert (counts.curated, counts.reference, counts.comparisons) == expected
    counts = verify_knowledge(small_kb)
    assert (counts.curated, counts.reference, counts.comparisons) == expected


def test_no_cache_and_cache_off_write_nothing(cache, small_kb, monkeypatch):
    assert kb_check(small_kb, "--no-cache")[0] == 0
    assert not cache.exists() or not any(cache.iterdir())
    monkeypatch.setenv("CAREERBOT_CACHE_DIR", "off")
    code, _, _, calls = kb_check(small_kb)
    assert code == 0 and len(calls) == 4


# Where a broken table is broken; each edit is (file, old text, new text), the first occurrence replaced.
BREAKS = {
    "a state row": ("wages/oews-2025.csv", "\n11-1011,AK,", "\n11-1011,ak,"),
    "a metro row": ("wages/oews-2025-metro.csv", ",0100001,750,", ",0100001,7x0,"),
    "the meta file": ("wages/oews-2025.meta.json", '"release"', '"rel'),
    "an O*NET title": ("reference/titles.csv", "\n", "\n,"),
    "an occupation": ("reference/occupations.csv", "\n11-", "\n1-"),
    "the decision model": ("model/decision.json", '"threshold":', '"threshold": 7, "x":'),
    "the everyday names": ("everyday-names.yaml", "roles:", "roles:\n  plumber:\n    names: [plumber]\n  x:"),
}


@pytest.fixture
def broken_kb(tmp_path, small_kb) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(small_kb, target)
    return target


def _break(directory: Path, what: str) -> None:
    name, old, new = BREAKS[what]
    path = directory / name
    text = path.read_text(encoding="utf-8")
    assert old in text, (name, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("what", sorted(BREAKS))
def test_a_broken_table_gives_the_same_problems_checked_remembered_or_uncached(cache, broken_kb, what):
    _break(broken_kb, what)
    kind = {"wages": "wages", "reference": "reference", "model": "decision"}.get(BREAKS[what][0].split("/")[0],
                                                                              "everyday")
    uncached = kb_check(broken_kb, "--no-cache")
    assert uncached[0] == 1 and uncached[2], uncached
    assert Path(BREAKS[what][0]).name in uncached[2]
    checked = kb_check(broken_kb)
    remembered = kb_check(broken_kb)
    assert checked[:3] == uncached[:3] == remembered[:3]
    assert kind in checked[3] and kind not in remembered[3]
    assert [str(p) for p in check_knowledge(broken_kb)] == uncached[2].splitlines()


@pytest.fixture(scope="module")
def property_kb(tmp_path_factory, small_kb) -> Path:
    target = tmp_path_factory.mktemp("edited") / "knowledge"
    shutil.copytree(small_kb, target)
    return target


EDITED = sorted(["wages/oews-2025.csv", "wages/oews-2025-metro.csv", "wages/oews-2025.meta.json",
                 "reference/titles.csv", "reference/occupations.csv", "reference/meta.json", "model/decision.json",
                 "everyday-names.yaml"])


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(EDITED), where=st.floats(0, 1, exclude_max=True),
       byte=st.sampled_from(b"09az,;.-=>\n \"'\xff"))
def test_any_one_byte_changed_in_a_table_is_checked_again_and_reported_alike(property_kb, tmp_path_factory,
                                                                             name, where, byte):
    path = property_kb / name
    original = path.read_bytes()
    at = int(where * len(original))
    assume(original[at] != byte)
    cache = tmp_path_factory.mktemp("cache")
    previous = os.environ.get("CAREERBOT_CACHE_DIR")
    os.environ["CAREERBOT_CACHE_DIR"] = str(cache)
    try:
        clean = kb_check(property_kb)
        path.write_bytes(original[:at] + bytes([byte]) + original[at + 1:])
        try:
            uncached = kb_check(property_kb, "--no-cache")
            checked = kb_check(property_kb)
            remembered = kb_check(property_kb)
        finally:
            path.write_bytes(original)
        kind = {"wages": "wages", "reference": "reference", "model": "decision"}.get(name.split("/")[0], "everyday")
        assert kind in checked[3], "a changed table was not checked again"
        assert checked[:3] == uncached[:3] == remembered[:3]
        assert remembered[3].keys() <= {"everyday"} - {kind}  # the everyday names' check reads the others' keys
        assert kb_check(property_kb)[:3] == clean[:3]  # the original bytes: remembered again
    finally:
        if previous is None:
            os.environ.pop("CAREERBOT_CACHE_DIR", None)
        else:
            os.environ["CAREERBOT_CACHE_DIR"] = previous


def test_a_changed_alias_alone_makes_the_everyday_names_be_checked_again(cache, broken_kb):
    kb = load_knowledge(broken_kb)
    role_id, entry = next((r, e) for r, e in sorted(kb.everyday.items()) if r in kb.curated_ids and e.names)
    other = next(r for r in kb.curated_ids if r != role_id)
    assert kb_check(broken_kb)[0] == 0
    path = broken_kb / "roles" / f"{other}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("aliases:\n", f"aliases:\n  - {entry.names[0]}\n", 1),
                    encoding="utf-8")
    uncached = kb_check(broken_kb, "--no-cache")
    checked = kb_check(broken_kb)
    assert checked[:3] == uncached[:3]
    assert checked[3] == {"everyday": 1, "reference": 1}  # the O*NET titles it reads, read again (no new problem)
    assert "everyday-names.yaml" in checked[2] and f"already claimed by role '{other}'" in checked[2]


def test_a_copy_of_the_folder_elsewhere_is_checked_in_full(cache, small_kb, tmp_path):
    kb_check(small_kb)
    copy = tmp_path / "elsewhere" / "knowledge"
    shutil.copytree(small_kb, copy)
    assert len(kb_check(copy)[3]) == 4  # a message about an unreadable file names the folder


# -- the cache folder's safety -----------------------------------------------------------------------------------


def _doctored(cache: Path, kind: str) -> Path:
    """The cached outcome of `kind`'s check, rewritten to say the table loaded without a problem."""
    (record,) = cache.glob(f"check-{kind}-*.json")
    data = json.loads(record.read_text())
    assert data["problems"]
    data.update(loaded=True, problems=[])
    record.write_text(json.dumps(data))
    return record


def test_a_cache_file_others_can_write_to_is_not_believed(cache, broken_kb, caplog):
    _break(broken_kb, "a metro row")
    reported = kb_check(broken_kb)
    record = _doctored(cache, "wages")
    os.chmod(record, 0o666)
    again = kb_check(broken_kb)
    assert again[:3] == reported[:3] and again[3].get("wages") == 1
    assert any("writable by other users" in r.getMessage() for r in caplog.records)
    # The control: the same planted outcome in a private file is believed; that is what the rule is for.
    record = _doctored(cache, "wages")
    assert not record.stat().st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    assert kb_check(broken_kb)[0] == 0


def test_a_cache_file_of_another_user_is_not_believed(cache, broken_kb, caplog):
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("only root can give a file to another user")
    _break(broken_kb, "a metro row")
    reported = kb_check(broken_kb)
    record = _doctored(cache, "wages")
    os.chown(record, 65534, -1)
    again = kb_check(broken_kb)
    assert again[:3] == reported[:3] and again[3].get("wages") == 1
    assert any("not owned by the current user" in r.getMessage() for r in caplog.records)


def test_a_cache_folder_others_can_write_to_is_not_used(cache, small_kb, caplog):
    kb_check(small_kb)
    os.chmod(cache, 0o777)
    code, _, _, calls = kb_check(small_kb)
    assert code == 0 and len(calls) == 4
    assert any("writable by other users" in r.getMessage() for r in caplog.records)


def test_a_new_cache_folder_and_its_files_are_private(cache, small_kb):
    kb_check(small_kb)
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    for record in cache.glob("check-*.json"):
        assert not record.stat().st_mode & (stat.S_IWGRP | stat.S_IWOTH | stat.S_IRGRP | stat.S_IROTH)


@pytest.mark.parametrize("damage", [b"", b"not json", b"[]", b'{"format": 1}', b"\xff\xfe"])
def test_a_damaged_cache_file_means_a_full_check_and_is_rewritten(cache, small_kb, damage):
    first = kb_check(small_kb)
    (record,) = cache.glob("check-decision-*.json")
    record.write_bytes(damage)
    again = kb_check(small_kb)
    assert again[:3] == first[:3] and again[3] == {"decision": 1}
    assert json.loads(record.read_text())["kind"] == "decision"


def test_planted_problems_of_the_wrong_shape_are_not_replayed(cache, small_kb):
    kb_check(small_kb)
    (record,) = cache.glob("check-wages-*.json")
    data = json.loads(record.read_text())
    for problems in ([["x", "1", "m"]], [["x", 1]], [[1, 1, "m"]], "none", [["x", True, "m"]]):
        record.write_text(json.dumps({**data, "problems": problems}))
        code, _, _, calls = kb_check(small_kb)
        assert code == 0 and calls.get("wages") == 1


def test_the_key_covers_every_module_of_the_core_and_the_schema(tmp_path, monkeypatch):
    core = tmp_path / "core"
    shutil.copytree(Path(check_cache.__file__).parent, core, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(check_cache, "_CORE", core)
    before = CheckCache(tmp_path).code()
    for module in sorted(core.glob("*.py")):
        original = module.read_bytes()
        module.write_bytes(original + b"\n# changed\n")
        assert CheckCache(tmp_path).code() != before, module.name
        module.write_bytes(original)
    assert CheckCache(tmp_path).code() == before
    key = CheckCache(tmp_path).key("wages", tmp_path, ["a"])
    assert key != CheckCache(tmp_path).key("wages", tmp_path / "other", ["a"])
    assert key != CheckCache(tmp_path).key("wages", tmp_path, ["b"])
    assert key != CheckCache(tmp_path).key("reference", tmp_path, ["a"])


def test_the_files_a_check_reads_are_named_as_their_modules_name_them():
    from bot.core import reference
    from bot.core.decision import MODEL_FILE

    assert knowledge.DECISION_FILE == MODEL_FILE
    assert check_cache.REFERENCE_FILES == (reference.META_FILE, reference.OCCUPATIONS_FILE, reference.TITLES_FILE)
