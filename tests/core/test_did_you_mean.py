""""Did you mean": only roles that really match what was typed, opening on the section that was asked about."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.answers import shares_a_word
from bot.core.models import Section
from bot.core.normalize import normalize


@pytest.mark.parametrize("text, section", [
    ("PM salary", Section.SALARY), ("how much does a PM make?", Section.SALARY),
    ("what skills does a PM need", Section.SKILLS), ("PM", Section.OVERVIEW),
])
def test_an_ambiguous_name_offers_its_roles_and_keeps_the_asked_section(answerer, text, section):
    answer = answerer.ask(text, addressed=True)
    assert answer.kind == "clarify"
    assert {r.id for r in answer.suggestions} == {"product-manager", "project-manager", "program-manager"}
    assert answer.section is section
    assert answer.focus == ((section,) if section is not Section.OVERVIEW else ())


@pytest.mark.parametrize("text, expected, not_offered", [
    ("physcst", "physicist", {"soc-25-1054", "soc-19-4051"}),  # not Physics Teachers or Nuclear Technicians
    ("what does a dev make", "devops-engineer", {"soc-51-9023"}),  # not Mixing and Blending Machine Setters
])
def test_typed_names_offer_close_matches_not_noise(answerer, text, expected, not_offered):
    ids = [r.id for r in answerer.ask(text, addressed=True).suggestions]
    assert ids and ids[0] == expected
    assert not set(ids) & not_offered


def test_cue_words_are_not_searched_as_names(answerer):
    """"salary" and "compensation" are cue words: they must not pull in Compensation and Benefits Managers."""
    for text in ("PM salary", "pm compensation", "manager salary"):
        titles = [r.title for r in answerer.ask(text, addressed=True).suggestions]
        assert not any("Compensation" in t for t in titles), (text, titles)


def test_every_suggestion_shares_a_word_with_the_question(answerer):
    for text in ("what does a tech do", "specialist duties", "dev", "manager pay", "physcst", "designr salary"):
        answer = answerer.ask(text, addressed=True)
        assert answer.kind == "clarify"
        for role in answer.suggestions:
            assert answer.question.unclear or shares_a_word(normalize(text).split(), role), (text, role.title)


def test_nothing_close_offers_nothing(answerer):
    assert answerer.ask("qwzxv", addressed=True).suggestions == ()


def test_shares_a_word_by_word_prefix_and_close_misspelling(kb):
    physicist = kb.roles["physicist"]
    assert shares_a_word(["physicist"], physicist)
    assert shares_a_word(["phys"], physicist)
    assert shares_a_word(["physisist"], physicist)
    assert not shares_a_word(["ph"], physicist)
    assert not shares_a_word(["salary"], physicist)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "Zs")), max_size=60))
def test_any_text_gets_at_most_five_distinct_known_suggestions(answerer, text):
    suggestions = answerer.suggest(text)
    ids = [r.id for r in suggestions]
    assert len(ids) <= 5 and len(set(ids)) == len(ids)
    assert all(i in answerer.kb.roles for i in ids)
