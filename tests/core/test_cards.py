"""Cards: what they say, and that every card of every shipped role and pair fits Discord's embed limits."""

from __future__ import annotations

import itertools

import pytest

from bot.core import cards as c
from bot.core.models import SECTIONS, Section


def assert_fits(card: c.Card) -> None:
    assert 0 < len(card.title) <= c.TITLE_LIMIT
    assert len(card.description) <= c.DESCRIPTION_LIMIT
    assert len(card.fields) <= c.FIELD_COUNT_LIMIT
    for field in card.fields:
        assert 0 < len(field.name) <= c.FIELD_NAME_LIMIT
        assert 0 < len(field.value) <= c.FIELD_VALUE_LIMIT
    assert len(card.footer) <= c.FOOTER_LIMIT
    assert card.total_length() <= c.EMBED_TOTAL_LIMIT


def test_salary_card_answers_in_its_first_line_with_the_bls_median(answerer, kb):
    answer = answerer.ask("what does an operations manager earn?")
    (card,) = answerer.cards(answer)
    assert card.title == "Operations Manager · Salary"
    median = kb.wages.get("11-1021").annual.median.format("year")
    assert card.first_line.startswith("Operations managers earn a median")
    assert median in card.first_line and "an hour" in card.first_line
    assert "General and Operations Managers" in card.first_line  # the BLS group standing in is named
    assert card.footer.startswith("Sources: ") and kb.wages.citation in card.footer
    # The article's average is on the card, labelled by what it is, and not in the answer.
    other = next(f.value for f in card.fields if f.name.startswith("Other figures"))
    assert "$75,844" in other and "Career-guide article" in other
    assert "$75,844" not in card.description


def test_comparison_has_one_card_per_section_naming_both_roles_first(answerer):
    answer = answerer.ask("operations coordinator vs operations manager")
    cards = answerer.cards(answer)
    assert [card.section for card in cards] == list(SECTIONS)
    for card in cards:
        assert card.title.startswith("Operations Coordinator vs Operations Manager · ")
        assert card.description, card.title
    overview = cards[0].first_line.lower()
    assert "operations coordinators" in overview and "operations managers" in overview


def test_every_card_of_every_curated_role_fits(answerer, kb):
    for role in kb.curated_roles():
        for section in SECTIONS:
            for area in (None, "TX"):
                assert_fits(answerer.card((role,), section, area))


def test_every_card_of_every_pair_of_curated_roles_fits(answerer, kb):
    roles = kb.curated_roles()
    for a, b in itertools.combinations(roles, 2):
        for section in SECTIONS:
            assert_fits(answerer.card((a, b), section))


def test_reference_role_cards_fit(answerer, kb):
    reference = [r for r in kb.roles.values() if not r.curated]
    for role in reference[:: max(1, len(reference) // 60)]:
        for section in SECTIONS:
            assert_fits(answerer.card((role,), section, "CA"))


def test_bullets_stop_between_items_never_mid_word():
    items = [f"item number {i} " + "word " * 20 for i in range(100)]
    text = c.bullets(items, limit=500)
    assert len(text) <= 500
    assert text.endswith("more")
    for line in text.splitlines()[:-1]:
        assert line.rstrip() in {f"• {item}".rstrip() for item in items}


def test_shorten_cuts_at_a_word_boundary():
    text = "alpha beta gamma delta epsilon"
    assert c.shorten(text, 100) == text
    short = c.shorten(text, 14)
    assert short == "alpha beta…"
    assert len(short) <= 14


@pytest.mark.parametrize("hostile", ["@everyone hi", "**bold** [link](http://x)", "`code`", "<@123>"])
def test_escape_markdown_neutralises_formatting_and_pings(hostile):
    escaped = c.escape_markdown(hostile)
    assert "@everyone" not in escaped
    assert "**" not in escaped.replace("\\*", "")
    assert "](" not in escaped


def test_compare_salary_says_which_pays_more_and_by_how_much(answerer, kb):
    answer = answerer.ask("nurse practitioner vs physician assistant pay")
    (card,) = answerer.cards(answer)
    assert card.section is Section.SALARY
    np_, pa = (kb.wages.get(soc).annual.median.value for soc in ("29-1171", "29-1071"))
    high, low = max(np_, pa), min(np_, pa)
    higher = "Physician assistants" if pa > np_ else "Nurse practitioners"
    line = card.first_line
    assert line.startswith(f"**{higher}** earn more in the US")
    assert f"${high:,.0f}" in line and f"${low:,.0f}" in line
    assert f"${high - low:,.0f} ({round(100 * (high - low) / low)}%) more" in line


def test_an_article_figure_is_never_set_against_a_bls_figure(answerer):
    (card,) = answerer.cards(answerer.ask("ops coordinator vs ops manager pay"))
    # No BLS occupation for coordinators: the answer says so instead of pitting the article's $55,558 against BLS.
    assert "BLS publishes no figure for operations coordinators" in card.first_line
    assert "$55,558" not in card.description
    bls = next(f for f in card.fields if f.name.startswith("💰"))
    assert "$55,558" not in bls.value and "$75,844" not in bls.value
    other = next(f.value for f in card.fields if f.name == "Other figures")
    assert "$55,558" in other and "not BLS" in other


def test_no_card_mentions_a_seed_article(answerer, kb):
    roles = kb.curated_roles()
    for role in roles:
        for section in SECTIONS:
            card = answerer.card((role,), section)
            assert "seed article" not in _text(card).lower(), (role.id, section)
    for a, b in itertools.combinations(roles[:20], 2):
        assert "seed article" not in _text(answerer.card((a, b), Section.SALARY)).lower()


def _text(card: c.Card) -> str:
    return " ".join([card.title, card.author, card.description, card.footer,
                     *(f"{f.name} {f.value}" for f in card.fields)])
