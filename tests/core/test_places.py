"""Places in questions: states and metro areas as people name them, and what must not read as a place."""

from __future__ import annotations

import shutil

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bot.core.areas import AREAS
from bot.core.knowledge import check_knowledge
from bot.core.places import corrected_state, place_choices, resolve_place
from bot.core.questions import understand
from bot.core.tagging import tag

FEW = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def places(kb):
    return kb.language.places


@pytest.fixture(scope="module")
def ask(answerer):
    def ask(text: str):
        return understand(text, answerer.index, answerer.kb.language, answerer.kb.decision)
    return ask


def metro_name(kb, question) -> str | None:
    return kb.wages.area_name(question.metro) if question.metro else None


@pytest.mark.parametrize(("text", "metro", "state"), [
    ("what do registered nurses make in Austin?", "Austin-Round Rock-San Marcos, TX", "TX"),
    ("how much do electricians make in Seattle", "Seattle-Tacoma-Bellevue, WA", "WA"),
    ("plumber salary in Tacoma", "Seattle-Tacoma-Bellevue, WA", "WA"),
    ("welder pay in kansas city", "Kansas City, MO-KS", "MO"),  # the city, not the state of Kansas
    ("nurse pay in jacksonville", "Jacksonville, FL", "FL"),  # ten times the jobs of Jacksonville, NC
    ("what do electricians make in winston salem", "Winston-Salem, NC", "NC"),
])
def test_a_principal_city_names_its_metro(kb, ask, text, metro, state):
    question = ask(text)
    assert question.roles and metro_name(kb, question) == metro and question.area == state


@pytest.mark.parametrize(("text", "metro"), [
    ("software engineer salary NYC", "New York-Newark-Jersey City, NY-NJ"),
    ("how much do nurses make in new york city", "New York-Newark-Jersey City, NY-NJ"),
    ("nurse pay in LA", "Los Angeles-Long Beach-Anaheim, CA"),
    ("software engineer salary in sf", "San Francisco-Oakland-Fremont, CA"),
    ("what do nurses make in the Bay Area?", "San Francisco-Oakland-Fremont, CA"),
    ("electrician pay in DFW", "Dallas-Fort Worth-Arlington, TX"),
    ("accountant salary in DC", "Washington-Arlington-Alexandria, DC-VA-MD-WV"),
    ("nurse pay in washington dc", "Washington-Arlington-Alexandria, DC-VA-MD-WV"),
    ("how much do plumbers make in Philly", "Philadelphia-Camden-Wilmington, PA-NJ-DE-MD"),
    ("nurse salary in the twin cities", "Minneapolis-St. Paul-Bloomington, MN-WI"),
    ("electrician salary chicagoland", "Chicago-Naperville-Elgin, IL-IN"),
])
def test_nicknames_name_their_metro(kb, ask, text, metro):
    question = ask(text)
    assert question.roles and metro_name(kb, question) == metro


@pytest.mark.parametrize(("text", "metro", "state"), [
    ("nurse pay in Portland, OR", "Portland-Vancouver-Hillsboro, OR-WA", "OR"),
    ("nurse pay portland maine", "Portland-South Portland, ME", "ME"),
    ("nurse salary in portland me", "Portland-South Portland, ME", "ME"),
    ("rn pay vancouver wa", "Portland-Vancouver-Hillsboro, OR-WA", "OR"),  # a metro's state is its first city's
    ("nurse pay in springfield, IL", "Springfield, IL", "IL"),
])
def test_city_and_state_settles_which_metro(kb, ask, text, metro, state):
    question = ask(text)
    assert metro_name(kb, question) == metro and question.area == state and not question.place_options


def test_a_city_with_a_state_of_no_metro_keeps_the_state(ask):
    question = ask("what do nurses make in Plano, TX?")
    assert question.area == "TX" and question.metro is None


@pytest.mark.parametrize(("text", "count"), [("what do nurses make in Portland?", 2),
                                             ("nurse pay in springfield", 4), ("nurse pay in columbus", 3)])
def test_a_city_of_several_metros_is_left_open(kb, ask, text, count):
    question = ask(text)
    assert question.metro is None and question.area is None and len(question.place_options) == count
    assert question.roles  # still a question about the role: the answer asks which place


def test_portland_asks_which_with_the_states(answerer):
    answer = answerer.ask("what do nurses make in Portland?")
    assert answer.kind == "place"
    assert answerer.which_place(answer).startswith("Which Portland: Portland, OR or Portland, ME?")


def test_a_nickname_is_said_a_city_name_is_not(answerer):
    assert "San Francisco-Oakland-Fremont, CA" in answerer.ask("nurse pay in the bay area").note
    assert answerer.ask("nurse pay in austin").note == ""


@pytest.mark.parametrize(("text", "state"), [
    ("plumber salary tx", "TX"), ("electrician pay Ohio", "OH"), ("nurse pay OK", "OK"),
    ("what does an rn make in fl", "FL"),
])
def test_a_bare_state_code_ending_a_question(ask, text, state):
    question = ask(text)
    assert question.roles and question.area == state


@pytest.mark.parametrize("text", ["nurse pay ok", "is being a nurse worth it or", "NP vs PA"])
def test_english_codes_and_role_names_ending_a_message_are_not_states(ask, text):
    assert ask(text).area is None


@pytest.mark.parametrize(("text", "state"), [
    ("electrician pay in texsa", "TX"), ("nurse salary califronia", "CA"), ("rn salary in pensylvania", "PA"),
    ("how much do plumbers make in new yrok", "NY"), ("welder pay in north carolna", "NC"),
])
def test_a_misspelt_state_name_where_a_place_goes(ask, text, state):
    question = ask(text)
    assert question.roles and question.area == state


@pytest.mark.parametrize("text", [
    "texsa nurse salary",  # not where a place goes
    "nurse salary in taxes",  # an English word is never a misspelt state
    "how do nurses handle their taxes",
])
def test_a_misspelling_elsewhere_or_an_english_word_is_no_state(ask, text):
    assert ask(text).area is None


@pytest.mark.parametrize(("text", "role"), [
    ("mobile developer salary", "mobile-developer"),
    ("how much does a mobile developer make in austin", "mobile-developer"),
])
def test_a_city_that_is_a_job_word_does_not_hijack_the_role(ask, text, role):
    question = ask(text)
    assert question.roles == (role,)
    assert question.metro != "33660"  # Mobile, AL


@pytest.mark.parametrize("text", [
    "how do I get a job in mobile development",  # "in mobile" goes on: not the city
    "ask tyler about nurse pay",  # a first name, not Tyler, TX
    "nurse pay in vancouver",  # Vancouver, BC as likely as Vancouver, WA: needs its state
    "I was reading about nurse pay",
    "what does a nurse make at a temple",
])
def test_everyday_words_first_names_and_cities_abroad_need_their_context(ask, text):
    question = ask(text)
    assert question.metro is None and not question.place_options


def test_an_everyday_word_city_counts_after_in_ending_the_question(kb, ask):
    assert metro_name(kb, ask("how much do nurses make in mobile?")) == "Mobile, AL"
    assert metro_name(kb, ask("rn salary austin")) == "Austin-Round Rock-San Marcos, TX"  # ending the message


def test_a_state_name_wins_over_the_city_it_shares(ask):
    assert (ask("nurse pay in washington").area, ask("nurse pay in washington").metro) == ("WA", None)
    assert (ask("how much do nurses make in new york").area, ask("how much do nurses make in new york").metro) == (
        "NY", None)


def test_a_city_in_chatter_makes_no_question(ask):
    for text in ("just moved to Austin lol", "anyone from the bay area here?", "NYC is so expensive"):
        assert not ask(text).matched


def test_question_contract_metro_is_the_oews_code_and_area_its_state(kb, ask):
    question = ask("what do registered nurses make in Austin?")
    assert (question.metro, question.area) == ("12420", "TX")
    assert kb.wages.get("29-1141", question.metro).area_name == kb.wages.area_name("12420")


@pytest.mark.parametrize(("typed", "state", "metro"), [
    ("Texas", "TX", None), ("tx", "TX", None), ("Austin", "TX", "12420"), ("Austin, TX", "TX", "12420"),
    ("12420", "TX", "12420"), ("the bay area", "CA", "41860"), ("NYC", "NY", "35620"), ("Mobile", "AL", "33660"),
    ("texsa", "TX", None), ("Vancouver, WA", "OR", "38900"),
])
def test_a_place_option_resolves_states_metros_and_nicknames(places, typed, state, metro):
    place = resolve_place(typed, places)
    assert (place.state, place.metro) == (state, metro)


def test_a_place_option_keeps_an_ambiguous_city_open_and_rejects_nonsense(places):
    assert set(resolve_place("Portland", places).options) == {"38900", "38860"}
    assert places.metro_label("49180", "Winston-Salem") == "Winston-Salem, NC"
    assert resolve_place("Atlantis", places) is None and resolve_place("", places) is None


def test_autocomplete_lists_states_then_metros(places):
    values = [value for _, value in place_choices("port", places)]
    assert {"38900", "38860"} <= set(values)
    assert place_choices("tx", places)[0] == ("Texas", "TX")
    assert len(place_choices("", places)) == 25 and all(len(v) == 2 for _, v in place_choices("", places))


def test_a_nickname_of_no_metro_is_a_kb_check_error_with_its_line(tmp_path, knowledge_dir):
    copy = tmp_path / "knowledge"
    shutil.copytree(knowledge_dir, copy)
    language = copy / "language.yaml"
    text = language.read_text(encoding="utf-8")
    language.write_text(text.replace("    nyc: New York, NY\n", "    nyc: New York, NY\n    gotham: Gotham, NY\n"),
                        encoding="utf-8")
    line = language.read_text(encoding="utf-8").splitlines().index("    gotham: Gotham, NY") + 1
    problems = check_knowledge(copy)
    assert [(p.line, "gotham" in p.message) for p in problems] == [(line, True)]


# -- properties ----------------------------------------------------------------------------------------------------

def _first_cities(places):
    return sorted((metro.cities[0], metro.states[0], code) for code, metro in places.metros.items() if metro.cities)


@FEW
@given(data=st.data())
def test_any_metro_named_by_its_first_city_and_state_is_found(answerer, data):
    city, state, code = data.draw(st.sampled_from(_first_cities(answerer.kb.language.places)))
    text = data.draw(st.sampled_from(["what do nurses make in {}, {}?", "electrician pay {} {}",
                                      "how much do teachers earn around {} {}"])).format(city, state)
    place = tag(text, answerer.index, answerer.kb.language).place
    assert place is not None and (place.metro == code or code in place.options), text
    assert place.state in AREAS or place.options


@FEW
@given(code=st.sampled_from(sorted(set(AREAS) - {"VI"})), template=st.sampled_from([
    "how much do plumbers make in {}?", "electrician salary in {}", "what does a nurse earn in {}"]))
def test_every_state_by_name_is_found(answerer, code, template):
    question = understand(template.format(AREAS[code]), answerer.index, answerer.kb.language, answerer.kb.decision)
    assert question.area == code


@FEW
@given(text=st.text(max_size=200) | st.lists(st.sampled_from(
    ["in", "Portland", "OR", "or", "the", "bay", "area", "tx", "texsa", "mobile", "NYC", ",", "?", "new", "york",
     "city", "LA", "la", "austin", "nurse", "pay", "Washington", "DC", "kansas"]), max_size=12).map(" ".join))
def test_finding_a_place_never_fails_and_stays_in_bounds(answerer, text):
    places = answerer.kb.language.places
    tagged = tag(text, answerer.index, answerer.kb.language)
    place = tagged.place
    if place is None:
        return
    start, end = place.at
    assert 0 <= start < end <= len(tagged.typed)
    assert place.state is None or place.state in AREAS
    assert place.metro is None or place.metro in places.metros
    assert not (place.metro and place.options)
    assert all(code in places.metros for code in place.options)


@FEW
@given(code=st.sampled_from(sorted(c for c, n in AREAS.items() if len(n) >= 7 and " " not in n)), data=st.data())
def test_a_swap_of_two_letters_in_a_long_state_name_is_corrected(answerer, code, data):
    places = answerer.kb.language.places
    name = AREAS[code].lower()
    i = data.draw(st.integers(1, len(name) - 2))
    typo = name[:i] + name[i + 1] + name[i] + name[i + 2:]
    assume(typo != name and typo not in answerer.index.lexicon)
    assert corrected_state(typo, places) == code


@FEW
@given(role=st.sampled_from(["registered-nurse", "electrician", "plumber", "software-engineer", "accountant",
                             "mobile-developer", "physician-assistant", "lawyer"]),
       place=st.sampled_from(["Austin", "Portland", "the Bay Area", "NYC", "Mobile", "Portland, OR", "texsa", "TX",
                              "Kansas City", "DC", "LA", "Springfield"]))
def test_a_place_never_changes_which_role_is_asked_about(answerer, role, place):
    name = answerer.kb.roles[role].title.lower()
    plain = understand(f"how much does a {name} make?", answerer.index, answerer.kb.language, answerer.kb.decision)
    placed = understand(f"how much does a {name} make in {place}?", answerer.index, answerer.kb.language,
                        answerer.kb.decision)
    assert placed.roles == plain.roles == (role,)


def test_kb_check_reads_every_metro_row_and_names_a_bad_one(tmp_path, knowledge_dir):
    copy = tmp_path / "knowledge"
    shutil.copytree(knowledge_dir, copy)
    table = copy / "wages" / "oews-2025-metro.csv"
    lines = table.read_text(encoding="utf-8").split("\n")
    lines[5000] = lines[5000].replace(",", ",x", 3)
    table.write_text("\n".join(lines), encoding="utf-8")
    (problem,) = check_knowledge(copy)
    assert problem.file.endswith("oews-2025-metro.csv") and problem.line == 5001
