"""Reading YAML with line numbers: the one-pass reader gives exactly what the two-pass reference reading gives (the
parser's refusals checked first, then the composed node tree converted): the same data, the same line of every
value and key, or the same `line: message` problem, first problem first."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core import yaml_nodes
from bot.core.yaml_nodes import YamlSyntaxError, load_with_lines
from bot.paths import shipped_knowledge_dir
from tests.core.test_hostile_knowledge import HOSTILE

KNOWLEDGE = shipped_knowledge_dir()
SAMPLES = [path.read_text(encoding="utf-8") for path in
           sorted((KNOWLEDGE / "roles").glob("*.yaml"))[::30] + sorted((KNOWLEDGE / "comparisons").glob("*.yaml"))[::30]
           + [KNOWLEDGE / "language.yaml"]]
# What YAML reads specially: indicators, document markers, quoting, anchors and tags, implicit types (a bad date,
# hex, a huge float, booleans, null), a key that is a list, a byte-order mark, control characters.
PIECES = list(":-?[]{},&*!|>'\"%@`#\n \t") + [
    "- ", ": ", "\n- ", "\n  ", "? ", "---\n", "...\n", "2001-13-45", "2024-01-01", "0x1F", "1e400", "~", "yes",
    "null", "&a ", "*a", "!!int ", "!x ", "1: ", "2024-01-01: ", "? [a, b]\n: c\n", "'", "\ufeff", "\x00", "\x85",
    "a: 1\na: 2\n", "[" * 25, "{a: [b, {c: d}]}",
]


def _outcome(read, text: str):
    try:
        data, lines = read(text)
    except YamlSyntaxError as problem:
        return "problem", problem.line, problem.message
    return "data", repr(data), sorted(lines.items(), key=repr)


@pytest.mark.parametrize("text", SAMPLES + list(HOSTILE.values()) + ["", "# only a comment\n", "---\n", "a: 1\n---\nb: 2\n"])
def test_one_pass_reads_files_as_two_passes_do(text):
    assert _outcome(load_with_lines, text) == _outcome(yaml_nodes._load_in_two_passes, text)


@given(data=st.data())
@settings(max_examples=400, deadline=None)
def test_one_pass_reads_edited_files_as_two_passes_do(data):
    text = data.draw(st.sampled_from(SAMPLES))
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(text)))
        edit = data.draw(st.sampled_from(["insert", "replace", "delete", "repeat line"]))
        if edit == "insert":
            text = text[:at] + data.draw(st.sampled_from(PIECES)) + text[at:]
        elif edit == "replace":
            text = text[:at] + data.draw(st.sampled_from(PIECES)) + text[at + 1:]
        elif edit == "delete":
            text = text[:at] + text[at + data.draw(st.integers(1, 8)):]
        else:
            lines = text.split("\n")
            index = data.draw(st.integers(0, len(lines) - 1))
            text = "\n".join(lines[:index + 1] + lines[index:])
    assert _outcome(load_with_lines, text) == _outcome(yaml_nodes._load_in_two_passes, text)


def test_lines_are_those_of_values_and_keys():
    data, lines = load_with_lines("a: 1\nb:\n  - x\n  - 'y'\nc: {d: 2020-01-01}\n")
    assert data == {"a": 1, "b": ["x", "y"], "c": {"d": datetime.date(2020, 1, 1)}}
    assert lines[("b", "<key>")] == 2 and lines[("b", 1)] == 4 and lines[("c", "d")] == 5


def test_a_duplicate_key_is_reported_after_an_earlier_anchor_later_in_the_file():
    """The first problem is the refusal (`check_plain` reads the whole stream first), not the duplicate key."""
    with pytest.raises(YamlSyntaxError) as raised:
        load_with_lines("a: 1\na: 2\nb: &x [1]\n")
    assert raised.value.line == 3 and "anchors and aliases" in raised.value.message
