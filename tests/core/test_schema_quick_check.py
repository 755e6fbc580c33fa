"""The quick schema check (fastjsonschema) never passes a document that jsonschema, which words every problem,
would fail: otherwise `kb check` could miss a problem. Where they might disagree the quick check must be the
stricter, and a document it fails is judged by jsonschema, so the problems reported stay jsonschema's."""

from __future__ import annotations

import copy
import datetime
import functools
import math
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core.knowledge import _schema, passes_quick_check
from bot.core.yaml_nodes import load_with_lines
from bot.paths import shipped_knowledge_dir

KNOWLEDGE = shipped_knowledge_dir()
SAMPLES = {
    "role": sorted((KNOWLEDGE / "roles").glob("*.yaml"))[::40],
    "comparison": sorted((KNOWLEDGE / "comparisons").glob("*.yaml"))[::20],
    "language": [KNOWLEDGE / "language.yaml"],
    "everydayNames": [KNOWLEDGE / "everyday-names.yaml"],
}


@functools.cache
def _parsed(path: Path) -> Any:
    data = load_with_lines(path.read_text(encoding="utf-8"))[0]
    if path.name == "everyday-names.yaml":  # a dozen of its ~800 entries make as good a sample, and a quicker one
        data["roles"] = dict(list(data["roles"].items())[::70])
    return data


def _document(path: Path) -> Any:
    return copy.deepcopy(_parsed(path))


def _jsonschema_accepts(kind: str, data: Any) -> bool:
    schema = {"$ref": f"#/$defs/{kind}", "$defs": _schema()["$defs"]}
    return jsonschema.Draft202012Validator(schema).is_valid(data)


# Values YAML can give, with the edges where two validators could differ: bools beside numbers (True == 1 in
# Python), whole floats, NaN and infinities, dates, text ending in a newline (`$` in a pattern), blank text, text
# at the length limits, and nested lists and mappings.
_TEXT = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["", " ", "\n", "x\n", "ab", "a" * 60, "a" * 61, "a" * 80, "a" * 81, "a" * 400, "a" * 401,
                     "15-1252", "15-1252\n", "data-analyst", "data-analyst\n", "Data-Analyst", "-x", "year",
                     "hour", "Technology", "Technology\n", "ops coord", "City, ST", "City, ST\n"]),
)
_SCALAR = st.one_of(
    _TEXT, st.booleans(), st.none(), st.integers(-5, 3000),
    st.sampled_from([0, 1, 1.0, 0.5, 1990, 2100, 2101, 1989, 2024.0, 2024.5, math.nan, math.inf, -math.inf,
                     datetime.date(2024, 1, 1)]),
)
_VALUE = st.recursive(_SCALAR, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(_TEXT, inner, max_size=3), max_leaves=8)


def _paths(data: Any, path: tuple = ()) -> list[tuple]:
    found = [path]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _paths(value, path + (index,))
    return found


def _mutated(data: Any, draw) -> Any:
    """The document with one to three edits: a value replaced, a key removed, a key or list item added."""
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(_paths(data)))
        if not path:
            data = draw(_VALUE)
            continue
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        last = path[-1]
        action = draw(st.sampled_from(["replace", "remove", "add", "duplicate"]))
        if action == "replace":
            parent[last] = draw(_VALUE)
        elif action == "remove":
            del parent[last]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(_TEXT)] = draw(_VALUE)
        elif action == "add":
            parent.insert(draw(st.integers(0, len(parent))), draw(_VALUE))
        elif isinstance(parent, list):
            parent.append(parent[last])
        else:
            parent[last] = [parent[last], parent[last]]
    return data


@pytest.mark.parametrize("kind", sorted(SAMPLES))
def test_the_quick_check_passes_the_shipped_files(kind):
    """So the fast path is the one taken for a sound knowledge base."""
    for path in SAMPLES[kind]:
        data = _document(path)
        assert passes_quick_check(kind, data), path
        assert _jsonschema_accepts(kind, data), path


@pytest.mark.parametrize("kind", sorted(SAMPLES))
@given(data=st.data())
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_the_quick_check_never_passes_what_jsonschema_fails(kind, data):
    path = data.draw(st.sampled_from(SAMPLES[kind]))
    document = _mutated(_document(path), data.draw)
    if passes_quick_check(kind, document):
        assert _jsonschema_accepts(kind, document), document


@pytest.mark.parametrize("value", [True, 1.0, math.nan, "2024", datetime.date(2024, 1, 1), 2101, 0])
def test_the_two_agree_on_a_figure_year(value):
    role = _document(KNOWLEDGE / "roles" / "operations-manager.yaml")
    role["salary"]["figures"][0]["year"] = value
    assert passes_quick_check("role", role) <= _jsonschema_accepts("role", role)


def test_a_pattern_end_is_the_end_of_the_text_for_the_quick_check():
    """jsonschema's `$` also matches before a final newline; the quick check is the stricter, and the document is
    then judged (and passed) by jsonschema."""
    role = _document(KNOWLEDGE / "roles" / "operations-manager.yaml")
    role["related"] = [role["related"][0] + "\n"]
    assert not passes_quick_check("role", role)
    assert _jsonschema_accepts("role", role)
