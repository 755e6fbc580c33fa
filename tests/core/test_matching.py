"""Role matching: typed names rank the intended role first; messages find the roles they name, and only those."""

from __future__ import annotations

import pytest

from bot.core.matching import RoleIndex
from bot.core.normalize import normalize


@pytest.fixture(scope="module")
def index(answerer) -> RoleIndex:
    return answerer.index


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("operations manager", "operations-manager"),
        ("Operations Managers", "operations-manager"),  # plural
        ("opertions manger", "operations-manager"),  # typos
        ("ops manager", "operations-manager"),  # abbreviation
        ("ops coord", "operations-coordinator"),
        ("physisist", "physicist"),
        ("physicists", "physicist"),
        ("data anlyst", "data-analyst"),
        ("database analyst", "database-analyst"),
        ("dba", "database-administrator"),
        ("enginer", "engineer"),
        ("oper", "operations-manager"),  # prefix while typing
    ],
)
def test_resolve_ranks_the_intended_role_first(index, typed, expected):
    ranked = index.resolve(typed)
    assert ranked, typed
    top = [r.role_id for r in ranked[:2]]
    assert ranked[0].role_id == expected or (typed == "oper" and expected in top), (typed, top)


def test_resolve_caps_results_and_has_no_duplicates(index):
    ranked = index.resolve("engineer", limit=25)
    assert 1 <= len(ranked) <= 25
    assert len({r.role_id for r in ranked}) == len(ranked)


def test_resolve_empty_query_suggests_popular_roles(index):
    ranked = index.resolve("", limit=25)
    assert ranked and all(index.roles[r.role_id].curated for r in ranked)


@pytest.mark.parametrize(
    "message, expected",
    [
        ("what does an operations manager earn?", ["operations-manager"]),
        ("ops coord vs ops manager pay", ["operations-coordinator", "operations-manager"]),
        ("what do physicists do", ["physicist"]),
        ("physisist vs engineer", ["physicist", "engineer"]),
        ("data analyst vs database analyst", ["data-analyst", "database-analyst"]),
        ("how much does a DBA make", ["database-administrator"]),
    ],
)
def test_find_names_the_roles_in_a_message(index, message, expected):
    assert index.find(message).roles == expected


def test_longest_name_wins(index):
    found = index.find("operations coordinator salary")
    assert found.roles == ["operations-coordinator"]
    assert [m.name for m in found.mentions] == ["operations coordinator"]


def test_a_typo_scores_below_an_exact_word(index):
    (mention,) = index.find("physisist").mentions
    assert 80 <= mention.score < 100


@pytest.mark.parametrize("chatter", ["my manager is annoying lol", "what does an API do", "lol ok", "",
                                     "the meeting ran long again", "anyone up for games tonight"])
def test_chatter_names_no_role(index, chatter):
    assert index.find(chatter).roles == []


def test_ambiguous_abbreviation_is_offered_not_answered(index, kb):
    if "pm" not in kb.ambiguous:
        pytest.skip("no ambiguous PM in this knowledge base")
    found = index.find("how much does a pm make")
    assert found.roles == []
    assert found.unclear and len(found.unclear[0].role_ids) >= 2


def test_normalize_folds_plurals_and_punctuation():
    assert normalize("Physicists!") == "physicist"
    assert normalize("Heavy and Tractor-Trailer Truck Drivers") == "heavy and tractor trailer truck driver"
    assert normalize("Secretaries") == "secretary"
    assert normalize("Sales") == "sales"


def test_did_you_mean_on_one_huge_word_does_bounded_work(answerer, monkeypatch):
    """A 100,000-letter "word" once cost 100,000 slices of itself (seconds): now no letter-by-letter typo search
    for a word far longer than any the vocabulary has (real figures: scripts/bench.py)."""

    class CountingDict(dict):
        lookups = 0

        def get(self, *args):
            CountingDict.lookups += 1
            return super().get(*args)

    index = answerer.index
    monkeypatch.setattr(index, "_one_edit", CountingDict(index._one_edit))
    answer = answerer.ask("abcdefghij" * 10_000, addressed=True)
    assert answer.kind == "clarify"
    assert CountingDict.lookups < 100
