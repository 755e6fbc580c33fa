"""Every curated title and alias, and every official BLS title, resolves to its own role first."""

from __future__ import annotations

from collections import Counter

from bot.core.normalize import normalize


def test_no_name_is_claimed_by_two_curated_roles(kb):
    owners = Counter()
    for role in kb.curated_roles():
        for name in {normalize(n) for n in (role.title, *role.aliases)}:
            owners[name] += 1
    assert [name for name, count in owners.items() if count > 1] == []


def test_every_curated_title_and_alias_resolves_to_its_role_first(answerer, kb):
    wrong = []
    for role in kb.curated_roles():
        for name in (role.title, *role.aliases):
            ranked = answerer.index.resolve(name, limit=3)
            if not ranked or ranked[0].role_id != role.id:
                wrong.append((name, role.id, ranked[0].role_id if ranked else None))
    assert wrong == []


def test_every_curated_name_is_found_in_a_question(answerer, kb):
    wrong = []
    for role in kb.curated_roles():
        for name in (role.title, *role.aliases):
            question = answerer.ask(f"what does a {name} earn?")
            if [r.id for r in question.roles] != [role.id]:
                wrong.append((name, role.id, [r.id for r in question.roles]))
    assert wrong == []


def test_every_official_bls_title_resolves_to_its_occupation_first(answerer, kb):
    curated_names = {normalize(n) for r in kb.curated_roles() for n in (r.title, *r.aliases)}
    wrong = []
    for role in kb.roles.values():
        if role.curated or normalize(role.title) in curated_names or role.title.endswith("All Other"):
            continue  # a curated role that claims the same name wins it, by design; "All Other" is no job name
        ranked = answerer.index.resolve(role.title, limit=3)
        top = kb.roles[ranked[0].role_id] if ranked else None
        # The occupation itself, or the one written profile that covers it ("Registered Nurses" -> the profile).
        if top is None or (top.id != role.id and not (top.curated and top.soc == role.soc)):
            wrong.append((role.title, role.id, top.id if top else None))
    assert wrong == []


def test_natural_forms_of_bls_titles(answerer, kb):
    for typed, soc in [("truck driver", "53-3032"), ("dentist", "29-1021"), ("dental hygienist", "29-1292"),
                       ("chiropractor", "29-1011"), ("optometrist", "29-1041")]:
        top = answerer.index.resolve(typed)[0].role_id
        assert kb.roles[top].soc == soc, typed  # the occupation, or the written profile that covers it
    assert answerer.role("attorney").id == "lawyer"
    assert answerer.role("dental hygienist").id == "dental-hygienist"


def test_the_abbreviations_people_use(answerer):
    expected = {"swe": "software-engineer", "sde": "software-engineer", "ds": "data-scientist",
                "ml engineer": "machine-learning-engineer", "sre": "site-reliability-engineer",
                "dba": "database-administrator", "rn": "registered-nurse", "np": "nurse-practitioner",
                "pa": "physician-assistant", "cpa": "accountant", "hr": "human-resources-specialist",
                "qa": "qa-engineer", "ux": "ux-designer", "ba": "business-analyst"}
    for typed, role_id in expected.items():
        assert [r.id for r in answerer.ask(f"what does a {typed} earn?").roles] == [role_id], typed


def test_an_ambiguous_abbreviation_asks_which_role(answerer):
    answer = answerer.ask("what does a PM earn?")
    assert answer.kind == "clarify"
    assert {"product-manager", "project-manager", "program-manager"} <= {r.id for r in answer.suggestions}
