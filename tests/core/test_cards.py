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


def test_salary_card_names_the_role_and_a_dollar_figure_with_its_source(answerer):
    answer = answerer.ask("what does an operations manager earn?")
    (card,) = answerer.cards(answer)
    assert card.title == "Operations Manager · Salary"
    text = card.description + " ".join(f.value for f in card.fields)
    assert "$" in text
    assert card.footer.startswith("Sources: ")
    assert "Seed article" in card.footer


def test_comparison_has_one_card_per_section_with_both_roles(answerer):
    answer = answerer.ask("operations coordinator vs operations manager")
    cards = answerer.cards(answer)
    assert [card.section for card in cards] == list(SECTIONS)
    for card in cards:
        assert card.title.startswith("Operations Coordinator vs Operations Manager · ")
        names = [f.name for f in card.fields]
        assert names[:2] == ["Operations Coordinator", "Operations Manager"]
        assert "Key difference" in names  # a curated comparison exists for this pair


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


def test_compare_salary_states_the_difference_when_figures_compare(answerer, kb):
    answer = answerer.ask("ops coordinator vs ops manager pay")
    (card,) = answerer.cards(answer)
    assert card.section is Section.SALARY
    difference = [f.value for f in card.fields if f.name == "Pay difference"]
    assert difference and "%" in difference[0] and "$" in difference[0]
