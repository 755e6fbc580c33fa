"""Tagging: one pass finds role names, a state, section cues (typo-tolerant) and comparison words."""

from __future__ import annotations

import pytest

from bot.core.models import Section
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.tagging import _split, _split_sentences, tag


@pytest.fixture(scope="module")
def tagger(answerer):
    return lambda text, **kw: tag(text, answerer.index, answerer.kb.language, **kw)


@pytest.mark.parametrize(
    "message, section",
    [
        ("whats the salry of a software engineer", Section.SALARY),
        ("requirments for physical therapist", Section.REQUIREMENTS),
        ("how much do plumbers make", Section.SALARY),
        ("day to day of a data analyst", Section.DUTIES),
    ],
)
def test_section_cues_are_typo_tolerant(tagger, message, section):
    assert section in tagger(message).sections


def test_state_code_after_a_preposition_is_a_place_not_a_role(tagger):
    tagged = tagger("what does a PA earn in PA?")
    assert tagged.area == "PA"
    assert [m.role_ids for m in tagged.mentions] == [("physician-assistant",)]


def test_lower_case_english_codes_are_not_states(tagger):
    assert tagger("tell me about physicists in me").area is None


def test_a_degree_is_not_a_business_analyst(tagger):
    assert tagger("I have a BA in English, what now?").mentions == ()


def test_capitalised_onet_abbreviations_need_capitals(tagger):
    # O*NET's "DO" (doctor of osteopathy) and "CO Worker" are not "what does a X do" or a co-worker.
    assert tagger("what does a millwright do").found.roles == ["millwright"]
    assert tagger("my co-worker got a raise").mentions == ()


def test_sentences_and_question_marks(tagger):
    tagged = tagger("I'm 30. How much do plumbers make?")
    assert tagged.asked == frozenset({1})
    (mention,) = tagged.mentions
    assert tagged.sentence[mention.start] == 1


def test_comparison_words_are_tagged_outside_names(tagger):
    tagged = tagger("physicist vs engineer")
    assert [tagged.words[i] for i in tagged.compare_at] == ["vs"]


@given(st.text(alphabet="ab Z9.?!\n\\", max_size=40))
@settings(max_examples=500, deadline=None)
def test_the_one_sentence_shortcut_splits_as_the_sentence_loop_does(text):
    words, sentence, asked = _split(text)
    slow_words, slow_sentence, slow_asked = _split_sentences(text)
    assert (words, sentence) == (slow_words, slow_sentence)
    if words:  # (a message without words asks nothing, whatever its punctuation)
        assert asked == slow_asked
