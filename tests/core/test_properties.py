"""Property tests: any text through the whole ask path answers without an exception, and stays in bounds."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.cli import answer_json
from bot.core import cards as c
from bot.core.normalize import normalize

ROLE_WORDS = ["physicist", "engineer", "ops", "manager", "coord", "data", "analyst", "vs", "pay", "in", "TX",
              "PA", "NP", "what", "does", "earn", "?", "@everyone", "<@123>", "**", "`", "\u200b", "\u202e"]

texts = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(ROLE_WORDS), max_size=30).map(" ".join),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=3000, max_size=4000),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                    HealthCheck.too_slow])
@given(text=texts, addressed=st.booleans())
def test_any_text_gets_an_answer_without_an_exception(answerer, text, addressed):
    answer = answerer.ask(text, addressed=addressed)
    data = answer_json(answer)
    assert data["matched"] == bool(data["roles"])
    assert len(data["roles"]) <= 2
    for card in answerer.cards(answer):
        assert len(card.title) <= c.TITLE_LIMIT and len(card.description) <= c.DESCRIPTION_LIMIT
        assert card.total_length() <= c.EMBED_TOTAL_LIMIT
        assert all(len(f.value) <= c.FIELD_VALUE_LIMIT for f in card.fields)
        assert "@everyone" not in card.title + card.description


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=120))
def test_resolve_never_fails_and_caps_results(answerer, text):
    ranked = answerer.index.resolve(text, limit=25)
    assert len(ranked) <= 25
    assert len({r.role_id for r in ranked}) == len(ranked)


@given(text=st.text(max_size=200))
def test_normalize_is_idempotent(text):
    once = normalize(text)
    assert normalize(once) == once


@given(items=st.lists(st.text(min_size=1, max_size=300), max_size=60), limit=st.integers(min_value=40, max_value=4096))
def test_bullets_never_pass_the_limit(items, limit):
    assert len(c.bullets(items, limit)) <= max(limit, len("…and 60 more"))


@given(text=st.text(max_size=500), limit=st.integers(min_value=2, max_value=600))
def test_shorten_never_passes_the_limit(text, limit):
    assert len(c.shorten(text, limit)) <= limit
