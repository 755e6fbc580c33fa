"""The loader accepts the shipped knowledge and reports every problem in a broken copy as file:line."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from bot.core.knowledge import KnowledgeError, check_knowledge, load_knowledge
from bot.core.models import SECTIONS


def problems(directory: Path) -> list[str]:
    """Problems with paths shown from the copy's parent, as a contributor in that folder would see them."""
    prefix = str(directory.resolve().parent) + "/"
    return [str(p).removeprefix(prefix) for p in check_knowledge(directory)]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def test_shipped_knowledge_is_valid(knowledge_dir):
    assert check_knowledge(knowledge_dir) == []


def test_seed_roles_and_comparisons_are_present(kb):
    for role_id in ("operations-coordinator", "operations-manager", "database-analyst", "data-analyst",
                    "physicist", "engineer"):
        assert kb.roles[role_id].curated
    assert kb.comparison("operations-manager", "operations-coordinator") is not None
    assert kb.comparison("data-analyst", "database-analyst") is not None
    assert kb.comparison("engineer", "physicist") is not None


def test_seed_salary_facts(kb):
    manager, coordinator = kb.roles["operations-manager"], kb.roles["operations-coordinator"]
    assert manager.soc == "11-1021"
    assert coordinator.soc is None and coordinator.soc_note
    assert [f.amount for f in coordinator.salary_figures] == [55558]
    assert 75844 in [f.amount for f in manager.salary_figures]
    assert all(f.source for f in coordinator.salary_figures + manager.salary_figures)


def test_dba_means_database_administrator_not_analyst(kb):
    assert "dba" not in [a.lower() for a in kb.roles["database-analyst"].aliases]


def test_loaded_objects_are_immutable(kb):
    role = kb.roles["physicist"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        role.title = "Wizard"  # type: ignore[misc]
    with pytest.raises(TypeError):
        kb.roles["wizard"] = role  # type: ignore[index]
    assert isinstance(role.duties, tuple)


def test_unknown_key_is_reported_on_its_line(kb_copy):
    path = kb_copy / "roles" / "physicist.yaml"
    edit(path, "summary:", "salry: 12\nsummary:")
    assert f"knowledge/roles/physicist.yaml:{line_of(path, 'salry')}: unknown key 'salry'" in problems(kb_copy)


def test_missing_section_is_reported(kb_copy):
    path = kb_copy / "roles" / "physicist.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("\nskills:")
    end = text.index("\nrelated:")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    found = problems(kb_copy)
    assert any(p.startswith("knowledge/roles/physicist.yaml:1: ") and "'skills' is missing" in p for p in found)


def test_wrong_type_and_empty_text(kb_copy):
    path = kb_copy / "roles" / "engineer.yaml"
    edit(path, "title: Engineer", "title: [Engineer]")
    found = problems(kb_copy)
    assert any(p.startswith(f"knowledge/roles/engineer.yaml:{line_of(path, 'title:')}: title") for p in found)


def test_unquoted_colon_in_a_bullet_gets_a_helpful_message(kb_copy):
    path = kb_copy / "roles" / "physicist.yaml"
    text = path.read_text(encoding="utf-8")
    first_duty = text.split("duties:\n", 1)[1].splitlines()[0]
    edit(path, first_duty, "  - Lab work: long hours at the bench")
    line = line_of(path, "Lab work")
    assert any(p.startswith(f"knowledge/roles/physicist.yaml:{line}:") and "quotes" in p for p in problems(kb_copy))


def test_alias_claimed_by_two_roles(kb_copy):
    path = kb_copy / "roles" / "data-analyst.yaml"
    edit(path, "aliases:\n", "aliases:\n  - physicist\n")
    line = line_of(path, "- physicist")
    assert f"knowledge/roles/data-analyst.yaml:{line}: 'physicist' is already claimed by role 'physicist'" in \
        problems(kb_copy)


def test_duplicate_id_and_file_name_mismatch(kb_copy):
    source = kb_copy / "roles" / "physicist.yaml"
    (kb_copy / "roles" / "physicist-copy.yaml").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    found = problems(kb_copy)
    assert any("physicist-copy.yaml" in p and "does not match the file name" in p for p in found)


def test_comparison_naming_an_unknown_role(kb_copy):
    path = kb_copy / "comparisons" / "engineer--physicist.yaml"
    edit(path, "physicist", "astrologer")
    found = problems(kb_copy)
    assert any(p.startswith("knowledge/comparisons/engineer--physicist.yaml:") and "unknown role 'astrologer'" in p
               for p in found)


def test_unknown_related_role(kb_copy):
    path = kb_copy / "roles" / "physicist.yaml"
    edit(path, "related: [", "related: [time-traveller, ")
    line = line_of(path, "time-traveller")
    assert f"knowledge/roles/physicist.yaml:{line}: unknown related role 'time-traveller'" in problems(kb_copy)


def test_malformed_yaml_names_the_line(kb_copy):
    path = kb_copy / "roles" / "engineer.yaml"
    path.write_text("id: engineer\ntitle: [unclosed\nfield: Engineering\n", encoding="utf-8")
    found = problems(kb_copy)
    assert any(p.startswith("knowledge/roles/engineer.yaml:") and "malformed YAML" in p for p in found)


def test_soc_null_needs_a_note_and_a_figure(kb_copy):
    path = kb_copy / "roles" / "physicist.yaml"
    edit(path, 'soc: "19-2012"', "soc: null")
    found = problems(kb_copy)
    assert any("physicist.yaml" in p and "soc_note" in p for p in found)


def test_every_problem_is_reported_at_once(kb_copy):
    edit(kb_copy / "roles" / "physicist.yaml", "summary:", "bogus: 1\nsummary:")
    edit(kb_copy / "roles" / "engineer.yaml", "summary:", "other: 2\nsummary:")
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(kb_copy)
    files = {p.file.removeprefix(str(kb_copy.parent) + "/") for p in caught.value.problems}
    assert {"knowledge/roles/physicist.yaml", "knowledge/roles/engineer.yaml"} <= files


def test_every_curated_role_has_every_section_and_a_pay_source(kb):
    assert len(kb.curated_ids) >= 6
    for role in kb.curated_roles():
        assert role.summary and role.duties and role.requirements and role.environment and role.skills, role.id
        assert role.soc or role.salary_figures, role.id
        for figure in role.salary_figures:
            assert figure.source, role.id


def test_curated_comparisons_have_all_sections(kb):
    for comparison in kb.comparisons.values():
        assert set(comparison.sections) == set(SECTIONS)


def test_a_broken_role_is_reported_once_not_by_every_file_that_names_it(kb_copy):
    edit(kb_copy / "roles" / "chemist.yaml", "summary:", "bogus: 1\nsummary:")
    found = problems(kb_copy)
    assert len(found) == 1 and "chemist.yaml" in found[0] and "unknown key 'bogus'" in found[0]


def test_paths_are_shown_from_the_working_directory(kb_copy, monkeypatch, tmp_path_factory):
    edit(kb_copy / "roles" / "chemist.yaml", "summary:", "bogus: 1\nsummary:")
    monkeypatch.chdir(kb_copy)
    (problem,) = check_knowledge(kb_copy)
    assert problem.file == "roles/chemist.yaml"
    monkeypatch.chdir(tmp_path_factory.mktemp("elsewhere"))
    (problem,) = check_knowledge(kb_copy)
    assert problem.file == str((kb_copy / "roles" / "chemist.yaml").resolve())
