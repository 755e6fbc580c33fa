"""Knowledge files written to hurt: each gets `file:line` problems, quickly and in little memory, and a problem
never carries a secret or a huge value out of the file."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.knowledge import MAX_FILE_BYTES, KnowledgeError, excerpt, load_knowledge

BILLION_LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(9))

HOSTILE = {
    "alias-bomb": BILLION_LAUGHS,
    "python-tag": "id: notes\ntitle: !!python/name:os.system\n",
    "custom-tag": "id: notes\ntitle: !custom value\n",
    "recursive-alias": "id: notes\nrelated: &a [*a]\n",
    "deep-nesting": "id: notes\nduties: " + "[" * 600 + "]" * 600 + "\n",
    "bad-date": "id: notes\ntitle: 2001-13-45\n",
}


def problems_of(directory: Path) -> list[str]:
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(directory)
    return [str(problem) for problem in caught.value.problems]


def notes_problems(directory: Path) -> list[str]:
    return [p for p in problems_of(directory) if "roles/notes.yaml" in p]


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_yaml_file_is_a_file_and_line_problem(kb_copy, name):
    (kb_copy / "roles" / "notes.yaml").write_text(HOSTILE[name], encoding="utf-8")
    problems = notes_problems(kb_copy)
    assert problems, name
    assert all(p.split(":", 2)[1].isdigit() for p in problems)
    assert all(len(p) < 400 for p in problems)


def test_anchors_are_refused_on_their_line(kb_copy):
    (kb_copy / "roles" / "notes.yaml").write_text("id: notes\ntitle: x\naliases: &names [a, b]\n", encoding="utf-8")
    (problem,) = notes_problems(kb_copy)
    assert problem.endswith("notes.yaml:3: anchors and aliases (&name, *name) are not allowed in knowledge files")


def test_a_file_over_the_size_limit_is_refused_unread(kb_copy):
    (kb_copy / "roles" / "notes.yaml").write_text("summary: " + "x" * MAX_FILE_BYTES + "\n", encoding="utf-8")
    (problem,) = notes_problems(kb_copy)
    assert problem.endswith("notes.yaml:1: is larger than 1,000,000 bytes, the limit for a knowledge file")


def test_a_symlink_to_a_secret_is_refused_and_the_secret_never_shown(kb_copy, tmp_path):
    secret = tmp_path / ".env"
    secret.write_text("DISCORD_TOKEN=MTIzNDU2Nzg5MDEyMzQ1Njc4.GhIjKl.abcdefghijklmnopqrstuvwxyz012345\n")
    (kb_copy / "roles" / "notes.yaml").symlink_to(secret)
    problems = notes_problems(kb_copy)
    assert problems == [f"{kb_copy / 'roles' / 'notes.yaml'}:1: is a symbolic link; knowledge files must be "
                        "regular files (copy the file instead)"] or all("symbolic link" in p for p in problems)
    assert not any("MTIz" in p or ".env" in p for p in problems_of(kb_copy))


def test_a_link_to_dev_zero_is_refused(kb_copy):
    (kb_copy / "roles" / "notes.yaml").symlink_to("/dev/zero")
    assert any("symbolic link" in p for p in notes_problems(kb_copy))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are a POSIX thing")
def test_a_fifo_is_refused_without_waiting(kb_copy):
    os.mkfifo(kb_copy / "roles" / "notes.yaml")
    assert any("not a regular file" in p for p in notes_problems(kb_copy))


def test_a_secret_in_a_regular_file_is_not_echoed(kb_copy):
    (kb_copy / "roles" / "notes.yaml").write_text(
        "DISCORD_TOKEN=MTIzNDU2Nzg5MDEyMzQ1Njc4.GhIjKl.abcdefghijklmnopqrstuvwxyz012345\n", encoding="utf-8")
    problems = notes_problems(kb_copy)
    assert problems and not any("MTIz" in p or "abcdefghij" in p for p in problems)


def test_a_huge_value_is_reported_as_a_short_excerpt(kb_copy):
    items = "".join(f"  - item number {i}\n" for i in range(30_000))
    (kb_copy / "roles" / "notes.yaml").write_text(f"id: notes\ntitle: [1]\nduties:\n{items}", encoding="utf-8")
    problems = notes_problems(kb_copy)
    assert problems and max(len(p) for p in problems) < 400


@given(st.one_of(st.text(max_size=5000), st.lists(st.text(max_size=50), max_size=200),
                 st.dictionaries(st.text(max_size=20), st.integers(), max_size=50), st.integers()))
@settings(max_examples=200, deadline=None)
def test_an_excerpt_is_always_short(value):
    assert len(excerpt(value)) <= 60


@pytest.mark.parametrize("secret", ["DISCORD_TOKEN=abc123", "api_key: sk-live-zzzzzzzzzzzz",
                                    "password=hunter2", "x " + "Q7" * 15])
def test_an_excerpt_hides_secrets(secret):
    shown = excerpt(secret)
    assert "abc123" not in shown and "sk-live" not in shown and "hunter2" not in shown and "Q7" * 12 not in shown


def test_an_excerpt_keeps_a_long_role_id_readable():
    assert excerpt("information-security-analyst") == "'information-security-analyst'"


def _check_in_subprocess(directory: Path) -> tuple[subprocess.CompletedProcess, float, int]:
    """`careerbot kb check` in a fresh process: its output, wall time and peak memory (KB on Linux)."""
    # Peak memory from /proc's VmHWM, which starts afresh at exec; ru_maxrss would carry over the peak of the
    # (large) test process the child was forked from.
    code = ("import sys\nfrom bot.cli import main\ncode = main(['kb', 'check', sys.argv[1]])\n"
            "print('maxrss', next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM')),"
            " file=sys.stderr)\nsys.exit(code)")
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", code, str(directory)], capture_output=True, text=True,
                            timeout=120)
    elapsed = time.perf_counter() - start
    lines = result.stderr.splitlines()
    rss = int(lines[-1].split()[1])
    result.stderr = "\n".join(lines[:-1])
    return result, elapsed, rss


@pytest.mark.parametrize("name", sorted(HOSTILE) + ["symlink", "fifo", "oversize"])
def test_kb_check_on_a_hostile_file_prints_only_problem_lines_and_stays_small(kb_copy, tmp_path, name):
    target = kb_copy / "roles" / "notes.yaml"
    if name == "symlink":
        target.symlink_to("/dev/zero")
    elif name == "fifo":
        os.mkfifo(target)
    elif name == "oversize":
        target.write_text("x" * (MAX_FILE_BYTES * 50), encoding="utf-8")
    else:
        target.write_text(HOSTILE[name], encoding="utf-8")
    result, elapsed, rss_kb = _check_in_subprocess(kb_copy)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines and all(len(line.split(":", 2)) == 3 and line.split(":", 2)[1].isdigit() for line in lines), lines
    assert any("notes.yaml:" in line for line in lines)
    # Loose bounds (the machine may be busy): the defects took minutes and gigabytes. Real figures: scripts/bench.py.
    assert elapsed < 60
    assert rss_kb < 400_000


@pytest.mark.parametrize("where", ["wages/oews-2025.csv", "model/decision.json", "reference/titles.csv",
                                   "language.yaml"])
def test_a_link_anywhere_in_the_knowledge_folder_is_refused(kb_copy, where):
    target = kb_copy / where
    target.parent.mkdir(exist_ok=True)
    target.symlink_to("/dev/zero")
    problems = problems_of(kb_copy)
    assert any(p.endswith(f"{where}:1: is a symbolic link; knowledge files must be regular files (copy the file "
                          "instead)") for p in problems), problems


def test_a_linked_folder_is_refused(kb_copy, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (kb_copy / "comparisons").rename(outside / "comparisons")
    (kb_copy / "comparisons").symlink_to(outside / "comparisons")
    assert any("comparisons:1: is a symbolic link" in p for p in problems_of(kb_copy))


TABLE_FILES = ["wages/oews-2025.csv", "wages/oews-2025-metro.csv", "wages/oews-2025.meta.json", "reference/meta.json",
               "reference/occupations.csv", "reference/titles.csv", "model/decision.json", "everyday-names.yaml",
               "language.yaml"]


@pytest.fixture(scope="module")
def whole_copy(tmp_path_factory, knowledge_dir) -> Path:
    import shutil

    target = tmp_path_factory.mktemp("whole") / "knowledge"
    shutil.copytree(knowledge_dir, target)
    return target


@pytest.mark.parametrize("damage", ["not-utf8", "folder"])
@pytest.mark.parametrize("where", TABLE_FILES)
def test_kb_check_on_a_table_that_is_not_text_or_not_a_file_prints_only_problem_lines(whole_copy, where, damage,
                                                                                     capsys):
    import shutil

    from bot.cli import main

    target = whole_copy / where
    original = target.read_bytes()
    try:
        if damage == "folder":
            target.unlink()
            target.mkdir()
        else:
            target.write_bytes(b"\xff" + original[1:])
        outputs = []
        for flags in ([], ["--no-cache"], []):
            assert main(["kb", "check", *flags, str(whole_copy)]) == 1
            outputs.append(capsys.readouterr().err)
    finally:
        if target.is_dir():
            shutil.rmtree(target)
        target.write_bytes(original)
    lines = outputs[0].splitlines()
    assert lines and all(len(line.split(":", 2)) == 3 and line.split(":", 2)[1].isdigit() for line in lines), lines
    assert any(where in line for line in lines), lines
    assert outputs[0] == outputs[1] == outputs[2]


@pytest.mark.parametrize("size", [0, 1, 4095, 4096, 4097, 10_000])
def test_a_file_up_to_the_limit_is_read_whole_and_one_byte_more_is_refused(tmp_path, size):
    from bot.core.knowledge import read_regular_file

    path = tmp_path / "x.yaml"
    path.write_bytes(b"a" * size)
    assert read_regular_file(path, limit=size) == "a" * size
    if size:
        with pytest.raises(ValueError, match="larger than"):
            read_regular_file(path, limit=size - 1)
