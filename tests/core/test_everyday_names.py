"""knowledge/everyday-names.yaml: the shipped file loads into `kb.everyday`, and every kind of mistake in it is
reported as file:line."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from bot.core.knowledge import EVERYDAY_FILE, _edge_word, check_knowledge, load_knowledge
from bot.core.models import EverydayNames
from bot.core.normalize import normalize


def problems(directory: Path) -> list[str]:
    prefix = str(directory.resolve().parent) + "/"
    return [str(p).removeprefix(prefix) for p in check_knowledge(directory)]


@pytest.fixture(scope="module")
def full_copy(tmp_path_factory: pytest.TempPathFactory, knowledge_dir: Path) -> Path:
    """A whole knowledge directory, wage tables and O*NET titles included, so `soc-…` ids can be checked. Shared by
    the tests of this module: each writes its own everyday-names.yaml and changes nothing else."""
    target = tmp_path_factory.mktemp("full") / "knowledge"
    shutil.copytree(knowledge_dir, target)
    return target


def write(directory: Path, text: str) -> Path:
    path = directory / EVERYDAY_FILE
    path.write_text(text, encoding="utf-8")
    return path


SHOWN = f"knowledge/{EVERYDAY_FILE}"


# -- the shipped file -------------------------------------------------------------------------------------------

def test_the_shipped_file_loads(kb):
    assert len(kb.everyday) >= 300
    assert all(role_id in kb.roles for role_id in kb.everyday)
    assert all(isinstance(entry, EverydayNames) and (entry.names or entry.fields) for entry in kb.everyday.values())


@pytest.mark.parametrize("role_id, field", [
    ("plumber", "plumbing"), ("electrician", "electrical"), ("registered-nurse", "nursing"),
    ("hvac-technician", "HVAC"), ("welder", "welding"), ("dental-hygienist", "dental hygiene"),
    ("data-scientist", "data science"), ("accountant", "accounting"), ("lawyer", "law"),
    ("truck-driver", "trucking"), ("real-estate-agent", "real estate"), ("hairstylist", "cosmetology"),
])
def test_field_names_stand_for_their_role(kb, role_id, field):
    assert field in kb.everyday[role_id].fields


@pytest.mark.parametrize("role_id, name", [
    ("truck-driver", "trucker"), ("line-cook", "cook"), ("lineman", "journeyman lineman"),
    ("home-health-aide", "home health worker"), ("soc-47-2081", "drywall guy"), ("radiologic-technologist", "xray tech"),
])
def test_everyday_names_belong_to_their_role(kb, role_id, name):
    assert name in kb.everyday[role_id].names


def test_the_mapping_and_its_entries_are_immutable(kb):
    with pytest.raises(TypeError):
        kb.everyday["wizard"] = EverydayNames()  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        kb.everyday["plumber"].fields = ()  # type: ignore[misc]
    assert isinstance(kb.everyday["plumber"].fields, tuple)


def test_each_field_names_one_role(kb):
    from bot.core.normalize import normalize

    owners: dict[str, str] = {}
    for role_id, entry in kb.everyday.items():
        for name in (*entry.names, *entry.fields):
            assert owners.setdefault(normalize(name), role_id) == role_id, name


# -- an optional file --------------------------------------------------------------------------------------------

def test_no_file_means_no_everyday_names(kb_copy):
    (kb_copy / EVERYDAY_FILE).unlink(missing_ok=True)
    assert load_knowledge(kb_copy).everyday == {}


def test_an_empty_file_is_valid(kb_copy):
    write(kb_copy, "# nothing yet\n")
    assert load_knowledge(kb_copy).everyday == {}


def test_without_wage_tables_curated_entries_load_and_soc_ids_wait(kb_copy):
    write(kb_copy, "roles:\n  plumber:\n    fields: [plumbing]\n  soc-47-2061:\n    fields: [construction]\n")
    kb = load_knowledge(kb_copy)
    assert kb.everyday == {"plumber": EverydayNames(names=(), fields=("plumbing",))}


# -- mistakes, each on its line ----------------------------------------------------------------------------------

def test_a_valid_file_loads_what_it_says(full_copy):
    write(full_copy, "roles:\n"
                     "  registered-nurse:\n"
                     "    fields: [nursing]\n"              # a field may repeat its own role's alias
                     "  soc-53-3032:\n"
                     "    names: [trucker, big  rig driver]\n"  # "trucker" is O*NET's for two occupations
                     "    fields: [trucking]\n")
    kb = load_knowledge(full_copy)
    assert dict(kb.everyday) == {
        "registered-nurse": EverydayNames(fields=("nursing",)),
        "soc-53-3032": EverydayNames(names=("trucker", "big rig driver"), fields=("trucking",)),
    }


def test_an_unknown_role_id(full_copy):
    write(full_copy, "roles:\n  plumbr:\n    fields: [plumbing work]\n  soc-99-9999:\n    names: [wizard]\n")
    found = problems(full_copy)
    assert any(p.startswith(f"{SHOWN}:2: unknown role 'plumbr'") for p in found)
    assert any(p.startswith(f"{SHOWN}:4: unknown role 'soc-99-9999'") for p in found)
    assert len(found) == 2


def test_unknown_keys(full_copy):
    write(full_copy, "roles:\n  plumber:\n    aliases: [drain guy]\nversion: 2\n")
    found = problems(full_copy)
    assert f"{SHOWN}:3: unknown key 'aliases'" in found
    assert f"{SHOWN}:4: unknown key 'version'" in found


def test_a_name_listed_twice_even_as_a_plural(full_copy):
    write(full_copy, "roles:\n"
                     "  soc-47-2081:\n"
                     "    names: [sheetrocker]\n"
                     "  soc-47-2082:\n"
                     "    names: [Sheetrockers]\n"
                     "  soc-47-2061:\n"
                     "    fields: [construction, construction]\n")
    found = problems(full_copy)
    assert f"{SHOWN}:5: 'Sheetrockers' is listed twice (first as 'sheetrocker' on line 3)" in found
    assert f"{SHOWN}:7: 'construction' is listed twice (first on line 7)" in found
    assert len(found) == 2


def test_a_name_and_a_field_may_not_share_a_word_either(full_copy):
    write(full_copy, "roles:\n  soc-51-4121:\n    fields: [welding]\n  soc-51-4122:\n    names: [Welding]\n")
    assert problems(full_copy) == [f"{SHOWN}:5: 'Welding' is listed twice (first as 'welding' on line 3)"]


def test_a_name_another_role_has_as_a_curated_alias(full_copy):
    write(full_copy, "roles:\n  soc-47-2061:\n    names:\n      - general laborer\n      - sparky\n")
    assert problems(full_copy) == [f"{SHOWN}:5: 'sparky' is already claimed by role 'electrician'"]


def test_a_field_another_role_has_as_a_curated_alias_or_title(full_copy):
    write(full_copy, "roles:\n  soc-29-2061:\n    fields: [staff nurse]\n  soc-17-3023:\n    fields: [Engineer]\n")
    assert problems(full_copy) == [
        f"{SHOWN}:3: 'staff nurse' is already claimed by role 'registered-nurse'",
        f"{SHOWN}:5: 'Engineer' is already claimed by role 'engineer'",
    ]


def test_a_name_its_own_role_already_has(full_copy):
    write(full_copy, "roles:\n  electrician:\n    names: [Sparkies]\n  soc-29-1011:\n    names: [chiropractic doctor]\n")
    assert problems(full_copy) == [
        f"{SHOWN}:3: 'Sparkies' is already a title or alias of this role",
        f"{SHOWN}:5: 'chiropractic doctor' is already an O*NET title of this occupation",
    ]


def test_a_title_one_other_occupation_owns(full_copy):
    write(full_copy, "roles:\n  soc-29-1041:\n    names: [chiropractic physicians]\n  soc-29-1081:\n"
                     "    names: [chiropractors]\n")
    assert problems(full_copy) == [
        f"{SHOWN}:3: 'chiropractic physicians' is an O*NET title of soc-29-1011 (Chiropractors)",
        f"{SHOWN}:5: 'chiropractors' is the title of soc-29-1011 (Chiropractors)",
    ]


def test_an_ambiguous_term(full_copy):
    write(full_copy, "roles:\n  project-manager:\n    fields: [PM]\n")
    assert problems(full_copy) == [f"{SHOWN}:3: 'PM' is listed as ambiguous in ambiguous.yaml"]


def test_values_that_are_not_text(full_copy):
    write(full_copy, "roles:\n"
                     "  soc-33-3051:\n"
                     "    names: [beat officer, 911]\n"
                     "    fields: policing\n"
                     "  soc-33-2011:\n"
                     "  soc-43-5031:\n"
                     "    names: [yes]\n"
                     "  soc-47-2061:\n"
                     "    names: ['!!']\n")
    found = problems(full_copy)
    assert f"{SHOWN}:3: roles.soc-33-3051.names.1: 911 is not of type 'string'" in found
    assert f"{SHOWN}:4: roles.soc-33-3051.fields: 'policing' is not of type 'array'" in found
    assert f"{SHOWN}:5: roles.soc-33-2011: None is not of type 'object'" in found
    assert f"{SHOWN}:7: roles.soc-43-5031.names.0: True is not of type 'string'" in found
    assert f"{SHOWN}:9: '!!' has no letters or digits to match on" in found
    assert len(found) == 5


def test_malformed_yaml_names_the_line(full_copy):
    write(full_copy, "roles:\n  plumber:\n    fields: [plumbing\n  electrician: {}\n")
    (found,) = problems(full_copy)
    assert found.startswith(f"{SHOWN}:4: malformed YAML")


def test_a_broken_role_file_is_reported_there_not_here(kb_copy):
    path = kb_copy / "roles" / "chemist.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("summary:", "bogus: 1\nsummary:", 1), encoding="utf-8")
    write(kb_copy, "roles:\n  chemist:\n    fields: [chemistry]\n")
    (found,) = problems(kb_copy)
    assert "roles/chemist.yaml" in found and "unknown key 'bogus'" in found


def test_every_problem_in_the_file_is_reported_at_once(full_copy):
    write(full_copy, "roles:\n  plumbr:\n    fields: [pipes]\n  soc-33-3012:\n    names: [cop, 7]\n")
    found = problems(full_copy)
    assert [p.split(":")[1] for p in found] == ["2", "5", "5"]


@given(text=st.lists(st.sampled_from(list("aZ9s .,-/()&'éΩß") + ["ies", "ss", "Nurses", "RN"]), max_size=12).map("".join),
       end=st.sampled_from([0, -1]))
@settings(max_examples=500, deadline=None)
def test_the_edge_word_of_a_title_is_the_one_normalize_gives(text, end):
    """Names are checked against O*NET titles only when their first and last words could match; those words are
    read from the title's edge tokens (remembered by token) rather than by normalising all 60,000 titles. (The
    titles are ASCII; rapidfuzz and Python lower-case a few letters such as "İ" differently.)"""
    words = normalize(text).split(" ")
    assume(words != [""])
    known: dict[str, str] = {}
    assert _edge_word(text, end, known) == words[end]
    assert _edge_word(text, end, known) == words[end]  # and again, remembered
