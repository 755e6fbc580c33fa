"""The English lexicon: real words are never typo-corrected into job titles; commonness weighs one-word names."""

from __future__ import annotations

import pickle

import pytest

from bot.core.lexicon import Lexicon


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon.english(keep_zipf_for=["guide", "runner", "millwright", "the", "sonographer"])


@pytest.mark.parametrize("word", ["coworker", "offer", "slander", "competitor", "custodian", "the"])
def test_everyday_words_are_english(lexicon, word):
    assert word in lexicon


@pytest.mark.parametrize("word", ["physisist", "salry", "requirments", "enginner", "sonographer", "lpn"])
def test_typos_and_jargon_are_not(lexicon, word):
    assert word not in lexicon


def test_commonness_orders_plain_english_above_job_jargon(lexicon):
    assert lexicon.zipf("the") > lexicon.zipf("guide") > lexicon.zipf("runner") > lexicon.zipf("millwright") > 0
    assert lexicon.zipf("sonographer") == 0.0  # not an English word at all
    assert lexicon.zipf("never-kept") == 0.0


def test_survives_a_pickle_round_trip_in_another_process_hash_seed(lexicon):
    # Membership uses a stable hash, so a snapshot written by one process answers alike in the next.
    copy = pickle.loads(pickle.dumps(lexicon))
    assert "coworker" in copy and "physisist" not in copy
    assert copy.zipf("guide") == lexicon.zipf("guide")


def test_index_never_corrects_an_english_word_into_a_title(answerer):
    found = answerer.index.find("my coworker made me an offer I can't refuse, what a slander")
    assert found.mentions == ()
    (mention,) = answerer.index.find("how much does a physisist earn").mentions
    assert mention.role_ids == ("physicist",) and mention.corrected
