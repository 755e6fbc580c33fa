"""Question understanding: intent, focus sections, roles and US state, and silence on chatter."""

from __future__ import annotations

import pytest

from bot.core.models import Section
from bot.core.questions import understand


@pytest.fixture(scope="module")
def reader(answerer):
    """What `understand` reads with: the role index, the cue words and the learned decision."""
    return answerer.index, answerer.kb.language, answerer.kb.decision


@pytest.mark.parametrize(
    "message, intent",
    [
        ("what does an operations manager earn?", "salary"),
        ("how much do physicists make", "salary"),
        ("what do physicists do", "duties"),
        ("data analyst duties?", "duties"),
        ("how do I become a data analyst", "requirements"),
        ("what degree does a physicist need", "requirements"),
        ("is being an operations manager stressful?", "environment"),
        ("what skills does a data analyst need", "skills"),
        ("tell me about physicists", "overview"),
        ("physicist vs engineer", "compare"),
    ],
)
def test_intent(reader, message, intent):
    question = understand(message, *reader)
    assert question.matched
    assert question.intent == intent


def test_compare_focus_sections(reader):
    question = understand("ops coord vs ops manager pay", *reader)
    assert question.intent == "compare"
    assert question.roles == ("operations-coordinator", "operations-manager")
    assert question.sections == (Section.SALARY,)


def test_compare_without_focus_means_every_section(reader):
    assert understand("physicist vs engineer", *reader).sections == ()


def test_elliptic_comparison_borrows_the_qualifier(reader):
    question = understand("ops coordinator vs manager?", *reader)
    assert question.roles == ("operations-coordinator", "operations-manager")


@pytest.mark.parametrize(
    "message, code",
    [
        ("what does an ops manager earn in Texas?", "TX"),
        ("what does an ops manager earn in TX?", "TX"),
        ("operations manager salary new york", "NY"),
        ("physicist pay in west virginia", "WV"),
        ("physicist pay", None),
    ],
)
def test_state(reader, message, code):
    assert understand(message, *reader).area == code


def test_pa_in_np_vs_pa_is_a_physician_assistant_not_pennsylvania(reader, kb):
    if "physician-assistant" not in kb.roles:
        pytest.skip("physician assistant not curated")
    question = understand("NP vs PA", *reader)
    assert question.area is None
    assert "physician-assistant" in question.roles
    assert understand("what does a PA earn in PA?", *reader).area == "PA"


@pytest.mark.parametrize(
    "chatter",
    ["my manager is annoying lol", "the engineer in tf2 is op", "what does an API do",
     "brb getting coffee", "ok", "my coordinator said in or out"],
)
def test_chatter_is_not_a_question(reader, chatter):
    question = understand(chatter, *reader)
    assert not question.matched
    assert question.roles == () and question.intent is None


def test_a_bare_role_name_is_a_lookup(reader):
    question = understand("data analyst", *reader)
    assert question.matched and question.roles == ("data-analyst",)


def test_a_mention_needs_no_question_form(reader):
    assert not understand("engineer in tf2", *reader).matched
    assert understand("engineer in tf2", *reader, addressed=True).matched


@pytest.mark.parametrize(
    "chatter",
    ["I just called my mom", "lmao my manager just called", "my sister is visiting next week",
     "any tips for my interview tomorrow?", "my teacher was so mean today", "our analyst quit lmao",
     "my pm wants it by friday", "the designer on my team is out sick", "we played games all night",
     "the printer jammed again", "did the plumber ever show up?", "anyone know a good accountant?",
     "can my lawyer see this?", "is the nurse here yet?", "why did the web developer quit?",
     "my brother is a software engineer, should I ask him?", "is the recruiter from google on this server?",
     "is quantum mechanics hard", "i love studying mechanics",
     "what should I wear to the interview", "thanks np", "i think the server is down"],
)
def test_everyday_chatter_with_job_words_is_not_answered(answerer, chatter):
    answer = answerer.ask(chatter)
    assert answer.kind == "none", (chatter, answer.kind, [r.id for r in answer.roles])


@pytest.mark.parametrize(
    "message, roles, area",
    [
        ("civil engineer pay in colorado", ["civil-engineer"], "CO"),
        ("how much do architects make in rhode island", ["architect"], "RI"),
        ("how much do RNs make in north carolina", ["registered-nurse"], "NC"),
        ("what does a DBAs salary look like in hawaii", ["database-administrator"], "HI"),
        ("I worked as a cashier, how do I become a data analyst", ["data-analyst"], None),
        ("data analyst vs scientist", ["data-analyst", "data-scientist"], None),
        ("mechanical vs electrical engineer", ["mechanical-engineer", "electrical-engineer"], None),
        ("product vs project manager", ["product-manager", "project-manager"], None),
        ("physicist vs engineer pay in texas", ["physicist", "engineer"], "TX"),
        ("data analyst and data scientist salaries?", ["data-analyst", "data-scientist"], None),
    ],
)
def test_clear_questions_name_the_right_roles_and_state(reader, message, roles, area):
    question = understand(message, *reader)
    assert list(question.roles) == roles
    assert question.area == area


def test_which_pays_more_is_a_salary_comparison(reader):
    question = understand("accountant vs financial analyst which pays more", *reader)
    assert question.intent == "compare" and question.sections == (Section.SALARY,)


def test_an_unclear_name_in_a_clear_question_offers_the_curated_profile_first(answerer):
    answer = answerer.ask("how much do teachers make in texas")
    assert answer.kind == "clarify"
    offered = [role.id for role in answer.suggestions]
    # the written profiles come first, the one with the most jobs leading
    assert offered[0] == "elementary-school-teacher"
    assert "high-school-teacher" in offered and all(answer.suggestions[i].curated for i in range(3))
    assert answerer.ask("how much do teachers make in texas", addressed=True).kind == "clarify"


@pytest.mark.parametrize(
    "message, roles, intent",
    [
        ("what's the difference between a web developer and a software engineer",
         ("web-developer", "software-engineer"), "compare"),
        ("should I become an accountant or a financial analyst", ("accountant", "financial-analyst"), "compare"),
        ("which pays more, RN or NP?", ("registered-nurse", "nurse-practitioner"), "compare"),
        ("is a data analyst a good career?", ("data-analyst",), "overview"),
        ("how much does a plumber make per hour in ohio", ("plumber",), "salary"),
    ],
)
def test_more_ways_of_asking(reader, message, roles, intent):
    question = understand(message, *reader)
    assert question.roles == roles and question.intent == intent


def test_questions_from_the_second_review(reader):
    assert not understand("is the doctor in?", *reader).matched
    assert not understand("is the nurse in?", *reader).matched
    question = understand("compare mechanical and electrical engineers", *reader)
    assert question.roles == ("mechanical-engineer", "electrical-engineer") and question.intent == "compare"
    question = understand("how much do sw engineers make in washington", *reader)
    assert question.roles == ("software-engineer",) and question.area == "WA"


@pytest.mark.parametrize(
    "message, roles, intent",
    [
        ("cna pay in florida", ("nursing-assistant",), "salary"),
        ("ultrasound tech pay", ("diagnostic-medical-sonographer",), "salary"),
        ("how much do line cooks make", ("line-cook",), "salary"),
        ("what does a millwright do", ("millwright",), "duties"),
        ("what do drywall guys make", ("soc-47-2081",), "salary"),
        ("which pays more, plumbing or electrical?", ("plumber", "electrician"), "compare"),
        ("RN vs LPN pay", ("registered-nurse", "licensed-practical-nurse"), "compare"),
        ("lpn vs rn", ("licensed-practical-nurse", "registered-nurse"), "compare"),  # a chat word as a side
        ("how do i get into HVAC", ("hvac-technician",), "requirements"),  # a field with a section cue
        ("is trucking a good career", ("truck-driver",), "overview"),
        ("thinking about a career in plumbing, worth it?", ("plumber",), "overview"),
        # plurals of names whose plural is also a field's name fold like any other
        ("how much do mechanics make", ("auto-mechanic",), "salary"),
        ("what do aircraft mechanics make", ("aircraft-mechanic",), "salary"),
        ("how much do elevator mechanics make", ("elevator-mechanic",), "salary"),
    ],
)
def test_everyday_names_abbreviations_and_fields(reader, message, roles, intent):
    question = understand(message, *reader)
    assert (question.roles, question.intent) == (roles, intent)


@pytest.mark.parametrize(
    "chatter",
    ["what's the ps5 price rn", "so tired rn", "my coworker got a raise", "do coding bootcamps get you hired?",
     "got a job offer today!!",
     # a field after a study or negation word is a subject, not a role (knowledge/language.yaml `fields`)
     "is a masters in data analysis worth it", "I have a bachelors in biology, is it worth it",
     "any good jobs without customer service?", "studying economics is it worth it"],
)
def test_chat_words_and_fields_alone_are_not_questions(reader, chatter):
    assert not understand(chatter, *reader).matched


@pytest.mark.parametrize("message, names", [
    ("paralegal vs legal assistant", ("paralegal", "legal assistant")),
    ("CNA vs nursing assistant pay", ("CNA", "nursing assistant")),
])
def test_two_names_of_one_job_set_against_each_other_are_said(reader, message, names):
    question = understand(message, *reader)
    assert len(question.roles) == 1 and question.same_job == names


@pytest.mark.parametrize("message", ["lpn vs rn", "what does a paralegal make", "paralegal salary, legal assistant"])
def test_a_real_comparison_or_one_name_is_not_one_job_twice(reader, message):
    assert understand(message, *reader).same_job == ()
