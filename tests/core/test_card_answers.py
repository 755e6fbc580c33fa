"""What cards say: the answer first, pay like for like, no empty sections, where next, links, plain words."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core import cards as c
from bot.core.areas import AREAS
from bot.core.models import SECTIONS, Section
from bot.core.pay import places
from bot.core.terminal import render
from bot.core.where_next import where_next
from bot.core.wording import (
    education_phrase, in_sentence, job_zone_words, official_forms, outlook_words, plural,
)

MONEY = re.compile(r"\$[0-9][0-9,]*(?:\.[0-9]{2})?")


def amounts(text: str) -> set[str]:
    return set(MONEY.findall(text))


def place_figures(kb, soc: str, code: str) -> set[str]:
    """Every dollar figure BLS publishes for an occupation in one place, as a card writes them."""
    estimate = kb.wages.get(soc, code)
    out: set[str] = set()
    if estimate is None:
        return out
    for figures, period in ((estimate.annual, "year"), (estimate.hourly, "hour")):
        if figures is None:
            continue
        for amount in (figures.p10, figures.p25, figures.median, figures.p75, figures.p90):
            if amount.value is not None:
                out.add(f"${amount.value:,.0f}" if period == "year" else f"${amount.value:,.2f}")
    return out


# -- the first line ----------------------------------------------------------------------------------------------

def test_a_state_salary_card_answers_with_the_state_median_against_the_us(answerer, kb):
    (card,) = answerer.cards(answerer.ask("what do welders make in Wyoming?"))
    state, us = kb.wages.get("51-4121", "WY"), kb.wages.get("51-4121", "US")
    median, hourly = state.annual.median.value, state.hourly.median.value
    percent = round(100 * (median - us.annual.median.value) / us.annual.median.value)
    assert card.title == "Welder · Salary · Wyoming"
    assert card.author.startswith("BLS: Welders, Cutters, Solderers, and Brazers")
    assert card.first_line == (f"Welders in Wyoming earn a median **${median:,.0f}** a year (about ${hourly:,.2f} an "
                               f"hour), **{percent}% above the US median**.")


def test_a_reference_overview_leads_with_pay_outlook_entry_and_jobs(answerer, kb):
    role = kb.roles["soc-31-9097"]
    card = answerer.card((role,), Section.OVERVIEW)
    facts = kb.reference.facts("31-9097")
    us = kb.wages.get("31-9097")
    assert card.title == "Phlebotomist · Overview"
    assert card.author == "BLS: Phlebotomists · SOC 31-9097"
    assert card.first_line.startswith(f"Phlebotomists earn a median **${us.annual.median.value:,.0f}** a year")
    lines = card.description.splitlines()
    assert f"📈 Outlook: {outlook_words(facts.outlook.growth_percent)}" in " ".join(lines)
    assert f"🎓 Typical entry: {education_phrase(facts.outlook.entry_education)}" in lines
    assert f"👥 {us.employment:,} jobs in the US" in lines
    assert "profile yet" not in render(card) and "not written up" not in render(card)  # facts, not apologies


@pytest.mark.parametrize("question", ["physicist vs engineer", "data analyst vs database analyst salary",
                                      "nurse practitioner vs physician assistant", "ops coordinator vs ops manager"])
def test_a_comparison_names_both_roles_in_its_first_line(answerer, question):
    answer = answerer.ask(question)
    for card in answerer.cards(answer):
        first = card.first_line.lower()
        for role in answer.roles:
            assert in_sentence(c.plural_name(role)).lower() in first, (card.title, first)


def test_a_requirements_comparison_says_which_needs_more_schooling(answerer):
    (card,) = answerer.cards(answerer.ask("software engineer vs physicist requirements"))
    assert card.first_line.startswith("**Physicists** usually need more schooling: a doctoral or professional degree")


# -- like for like -----------------------------------------------------------------------------------------------

def test_a_bls_group_standing_in_for_a_role_is_named_beside_its_figure(answerer):
    (card,) = answerer.cards(answerer.ask("data analyst vs database analyst salary"))
    bls = next(f.value for f in card.fields if f.name.startswith("💰"))
    assert "Data Analyst (BLS: Data Scientists) **$120,230**" in bls
    assert "(BLS: Data Scientists)" in card.first_line


def test_a_state_comparison_puts_each_place_in_its_own_field(answerer, kb):
    (card,) = answerer.cards(answerer.ask("physicist vs engineer salary in california"))
    fields = {f.name: f.value for f in card.fields}
    california = fields["💰 California (BLS)"]
    assert amounts(california) <= place_figures(kb, "19-2012", "CA")
    assert "Engineer no BLS figure" in california  # engineers have no state figure: said, not borrowed
    assert "$108,620" in fields["💰 United States (BLS)"]


curated_pairs = st.tuples(st.integers(0, 10_000), st.integers(0, 10_000), st.sampled_from(sorted(AREAS)))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pick=curated_pairs)
def test_no_pay_field_mixes_places(answerer, kb, pick):
    """Each place's field holds only that place's BLS figures, for either role."""
    roles = [r for r in kb.curated_roles() if r.soc]
    a, b = roles[pick[0] % len(roles)], roles[pick[1] % len(roles)]
    if a.id == b.id:
        return
    card = answerer.card((a, b), Section.SALARY, pick[2])
    for field in card.fields:
        if not field.name.startswith("💰"):
            continue
        code = next(code for code in places(kb, pick[2]) if field.name == f"💰 {c.place_name(kb, code)} (BLS)")
        assert amounts(field.value) <= place_figures(kb, a.soc, code) | place_figures(kb, b.soc, code), field


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pick=st.integers(0, 10_000), state=st.sampled_from(sorted(AREAS)))
def test_a_salary_card_shows_the_state_beside_the_us_for_the_same_role(answerer, kb, pick, state):
    socs = sorted(kb.wages.titles)
    role = kb.roles[f"soc-{socs[pick % len(socs)]}"]
    card = answerer.card((role,), Section.SALARY, state)
    named = {f.name: f.value for f in card.fields}
    assert set(named) == {kb.wages.area_name(state), "United States"}
    for code in (state, "US"):
        assert amounts(named[kb.wages.area_name(code)]) <= place_figures(kb, role.soc, code)


def test_a_metro_slots_in_as_one_more_place(kb):
    austin = next(code for code, metro in kb.wages.metros.items() if metro.name.startswith("Austin-Round Rock"))
    assert places(kb, austin) == [austin, "TX", "US"] == places(kb, "TX", austin)
    assert places(kb, None) == ["US"] == places(kb, "US")
    assert places(kb, "WY") == ["WY", "US"]


def test_a_metro_salary_card_shows_the_metro_beside_its_state_and_the_us(answerer, kb):
    (card,) = answerer.cards(answerer.ask("what do registered nurses make in Austin?"))
    austin = next(code for code, metro in kb.wages.metros.items() if metro.name.startswith("Austin-Round Rock"))
    name = kb.wages.area_name(austin)
    assert [f.name for f in card.fields][:3] == [name, "Texas", "United States"]
    median = kb.wages.get("29-1141", austin).annual.median.value
    assert card.first_line.startswith(f"Registered nurses in {name} earn a median **${median:,.0f}** a year")
    for field in card.fields:
        code = {name: austin, "Texas": "TX", "United States": "US"}.get(field.name)
        if code:
            assert amounts(field.value) <= place_figures(kb, "29-1141", code)


def test_hourly_only_occupations_compare_by_the_hour(answerer, kb):
    hourly_only = [soc for soc in kb.wages.titles
                   if (e := kb.wages.get(soc)) and e.annual is None and e.hourly is not None]
    role = kb.roles[f"soc-{hourly_only[0]}"]
    card = answerer.card((role,), Section.SALARY)
    assert "an hour" in card.first_line and "a year" not in card.first_line


# -- sections ----------------------------------------------------------------------------------------------------

def test_reference_roles_offer_only_sections_with_something_to_show(answerer, kb):
    for role in [r for r in kb.roles.values() if not r.curated][::7]:
        sections = c.available_sections(kb, (role,))
        assert Section.DUTIES not in sections and Section.ENVIRONMENT not in sections
        for section in sections:
            card = answerer.card((role,), section)
            assert card.section is section and card.description, (role.id, section)
            assert "not written up" not in render(card).lower(), (role.id, section)
            assert all(f.value.strip() not in ("", "—") for f in card.fields), (role.id, section)


def test_curated_roles_offer_every_section(kb):
    for role in kb.curated_roles():
        assert c.available_sections(kb, (role,)) == SECTIONS


def test_asking_for_a_section_a_role_lacks_opens_the_overview_and_says_so(answerer, kb):
    card = answerer.card((kb.roles["soc-31-9097"],), Section.DUTIES)
    assert card.section is Section.OVERVIEW and card.title == "Phlebotomist · Overview"
    assert any(f.name == "Duties" and "Not written up" in f.value for f in card.fields)


def test_a_pair_offers_what_both_have_or_their_comparison_writes_about(kb):
    physicist, reference = kb.roles["physicist"], kb.roles["soc-31-9097"]
    assert Section.DUTIES not in c.available_sections(kb, (physicist, reference))
    assert c.available_sections(kb, (kb.roles["physicist"], kb.roles["engineer"])) == SECTIONS


# -- where next --------------------------------------------------------------------------------------------------

def test_where_next_names_two_or_three_roles_with_the_pay_change(answerer, kb):
    card = answerer.card((kb.roles["registered-nurse"],), Section.OVERVIEW)
    assert 2 <= len(card.where_next) <= 3
    field = next(f.value for f in card.fields if f.name == "↗ Where next")
    for step in card.where_next:
        assert step.role_id in kb.roles and step.role_id != "registered-nurse"
        assert step.name in field and step.change and step.change.startswith("+")
    assert "nurse-practitioner" in {s.role_id for s in card.where_next}  # the curated profile, not soc-29-1171


def test_where_next_is_usually_a_step_up_in_the_same_field(kb):
    steps_up = total = 0
    for soc in sorted(kb.wages.titles):
        role = kb.roles[f"soc-{soc}"]
        steps = where_next(kb, role)
        if kb.reference.facts(soc) and kb.reference.facts(soc).related:
            assert len(steps) >= 1, soc
        for step in steps:
            assert step.role_id != role.id and step.role_id in kb.roles
            total += 1
            steps_up += step.step_up
    assert steps_up / total >= 0.75, (steps_up, total)


def test_where_next_is_only_on_the_overview(answerer, kb):
    role = kb.roles["registered-nurse"]
    assert answerer.card((role,), Section.OVERVIEW).where_next
    assert not answerer.card((role,), Section.SALARY).where_next


# -- links and sources -------------------------------------------------------------------------------------------

def test_the_title_links_to_onet_and_the_bls_line_to_the_oews_page(answerer, kb):
    card = answerer.card((kb.roles["registered-nurse"],), Section.SALARY)
    assert card.url == "https://www.onetonline.org/link/summary/29-1141.00"
    assert card.author_url == "https://www.bls.gov/oes/2025/may/oes291141.htm"


def test_an_oews_aggregate_that_onet_splits_has_no_onet_link(kb):
    split = "13-1020"
    assert kb.reference.onet_code(split) is None and c.onet_url(kb, split) is None
    assert c.bls_url(kb, split).endswith("/oes131020.htm")


def test_the_footer_names_each_source_once(answerer, kb):
    for question in ("registered nurse", "ops coordinator vs ops manager", "what do welders make in texas"):
        for card in answerer.cards(answerer.ask(question)):
            names = card.footer.removeprefix("Sources: ").split(" · ")
            assert len(names) == len(set(names)), card.footer


def test_hot_technologies_leave_out_generic_office_software(kb):
    generic = {"Microsoft Excel", "Microsoft Word", "Microsoft Outlook", "Microsoft Office software",
               "Microsoft PowerPoint", "Microsoft Windows", "Google Docs"}
    for facts in kb.reference.occupations.values():
        assert not generic & set(facts.technologies), facts.soc
    assert "JavaScript" not in kb.reference.facts("31-9097").technologies
    assert not {"Henry Schein Dentrix", "Apache Spark"} & set(kb.reference.facts("29-1141").technologies)


# -- plain words -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("official", "singular", "plural_"), [
    ("Phlebotomists", "Phlebotomist", "Phlebotomists"),
    ("Welders, Cutters, Solderers, and Brazers", "Welder", "Welders"),
    ("Nurse Midwives", "Nurse Midwife", "Nurse Midwives"),
    ("First-Line Supervisors of Retail Sales Workers", "First-Line Supervisor of Retail Sales Workers",
     "First-Line Supervisors of Retail Sales Workers"),
    ("Designers, All Other", "Designers, All Other", "Designers, All Other"),
])
def test_official_titles_get_everyday_names(official, singular, plural_):
    assert official_forms(official) == (singular, plural_)


def test_plurals_and_sentence_case():
    assert plural("Operations Manager") == "Operations Managers"
    assert plural("Attorney") == "Attorneys"
    assert plural("Chief of Staff") == "Chiefs of Staff"
    assert in_sentence("UX Designers") == "UX designers"
    assert in_sentence("Registered Nurses", start=True) == "Registered nurses"


@pytest.mark.parametrize(("growth", "words"), [
    (5.6, "+5.6% from 2024 to 2034, faster than average"),
    (15.8, "+15.8% from 2024 to 2034, much faster than average"),
    (3.1, "+3.1% from 2024 to 2034, about as fast as average"),
    (0.0, "+0.0% from 2024 to 2034, little or no change"),
    (-4.2, "-4.2% from 2024 to 2034, declining"),
])
def test_outlook_in_words(growth, words):
    assert outlook_words(growth) == words


def test_job_zones_in_words():
    assert job_zone_words(4) == "considerable preparation: usually a bachelor's degree plus some experience"
    assert all(job_zone_words(zone) for zone in range(1, 6))
