"""The evaluation harness: scoring `ask --json` answers against labelled lines, the split, and `careerbot eval`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import answer_json, main
from bot.evaluation import (GoldRole, Item, default_set, evaluate, load_items, normalise_name, role_matches,
                            roles_match, score, shared_dir, split_of)

ROOT = Path(__file__).resolve().parents[2]
SILENCE = {"matched": False, "intent": None, "sections": [], "roles": [], "area": None}
NURSE = {"id": "registered-nurse", "title": "Registered Nurse", "soc": "29-1141"}
LPN = {"id": "soc-29-2061", "title": "Licensed Practical and Licensed Vocational Nurses", "soc": "29-2061"}
PLUMBER = {"id": "soc-47-2152", "title": "Plumbers, Pipefitters, and Steamfitters", "soc": "47-2152"}


def reply(*roles: dict, intent: str = "overview", sections: tuple[str, ...] = ()) -> dict:
    return {"matched": True, "intent": intent, "sections": list(sections), "roles": list(roles), "area": None}


def gold(soc: str, *titles: str) -> GoldRole:
    return GoldRole(soc, titles)


def silent(text: str = "my shift ran long again", id: str = "s1") -> Item:
    return Item(id=id, text=text, label="silent")


def asks(label: str, *roles: GoldRole, intent: str = "overview", section: str | None = None, id: str = "q1") -> Item:
    return Item(id=id, text="a question", label=label, roles=roles, intent=intent, section=section)


NURSE_GOLD = gold("29-1141", "nurse", "registered nurses")
LPN_GOLD = gold("29-2061", "lpn", "licensed practical nurses")


# -- scoring ---------------------------------------------------------------------------------------------------
def test_a_reply_to_a_silent_line_is_wrong():
    report = score([silent()], [reply(NURSE)])
    assert len(report.wrong) == 1 and report.answered == 1 and report.wrong_per_1000 == 1000.0


def test_silence_on_a_silent_line_is_neither_wrong_nor_answered():
    report = score([silent()], [SILENCE])
    assert (report.wrong, report.answered, report.wrong_per_1000) == ((), 0, 0.0)


def test_matched_without_roles_is_not_a_reply():
    assert score([silent()], [{**SILENCE, "matched": True}]).answered == 0


def test_a_reply_naming_another_role_is_wrong_and_missed():
    item = asks("answer", NURSE_GOLD)
    report = score([item], [reply(PLUMBER)])
    assert [o.item for o in report.wrong] == [item] and [o.item for o in report.missed] == [item]
    assert report.answer_hits == 0 and report.recall == 0.0


def test_an_either_line_answered_with_its_role_is_not_wrong():
    report = score([asks("either", NURSE_GOLD)], [reply(NURSE)])
    assert report.wrong == () and report.answered == 1


def test_an_either_line_left_unanswered_is_fine_and_not_counted_for_recall():
    report = score([asks("either", NURSE_GOLD)], [SILENCE])
    assert report.wrong == () and report.missed == () and report.answer_items == 0 and report.recall is None


def test_an_either_line_answered_with_another_role_is_wrong():
    assert len(score([asks("either", NURSE_GOLD)], [reply(PLUMBER)]).wrong) == 1


@pytest.mark.parametrize("answered", [[NURSE, LPN], [LPN, NURSE]])
def test_two_roles_match_in_either_order(answered):
    report = score([asks("answer", NURSE_GOLD, LPN_GOLD, intent="compare")], [reply(*answered, intent="compare")])
    assert report.wrong == () and report.answer_hits == 1 and report.intent_right == 1


@pytest.mark.parametrize("answered", [[NURSE], [NURSE, LPN, PLUMBER], [NURSE, NURSE]])
def test_missing_extra_or_repeated_roles_are_wrong(answered):
    assert not roles_match([NURSE_GOLD, LPN_GOLD], answered)
    assert len(score([asks("either", NURSE_GOLD, LPN_GOLD)], [reply(*answered)]).wrong) == 1


@pytest.mark.parametrize("answered, expected", [
    ({"id": "x", "title": "Something Else", "soc": "29-1141"}, True),      # same SOC
    ({"id": "x", "title": "Something Else", "soc": "29-1141.01"}, True),   # O*NET code of the same occupation
    ({"id": "x", "title": "Registered Nurses", "soc": None}, True),         # gold title, plural
    ({"id": "nurse", "title": "Something Else", "soc": None}, True),        # gold name as id
    ({"id": "x", "title": "Nurse Anesthetists", "soc": "29-1151"}, False),
    ({"id": "x", "title": "Nurse", "soc": "29-1151"}, True),                # titles count whatever the code
])
def test_a_role_matches_by_soc_or_by_normalised_title_or_id(answered, expected):
    assert role_matches(NURSE_GOLD, answered) is expected


def test_a_gold_role_without_soc_matches_by_name_only():
    analyst = gold("", "data analyst")
    assert role_matches(analyst, {"id": "data-analyst", "title": "Data Analyst", "soc": None})
    assert role_matches(analyst, {"id": "x", "title": "Data-Analysts", "soc": "15-2051"})
    assert not role_matches(analyst, {"id": "x", "title": "Database Analyst", "soc": ""})


def test_names_are_normalised_for_case_punctuation_and_a_final_plural():
    assert normalise_name("Plumbers, Pipefitters") == "plumbers pipefitter"
    assert normalise_name("web-developers") == "web developer"
    assert normalise_name("Actress") == "actress" and normalise_name("bus") == "bus"
    assert normalise_name(None) == ""


@pytest.mark.parametrize("intent, sections, right", [
    ("salary", ["salary"], True),
    ("salary", ["salary", "requirements"], True),
    ("overview", ["salary"], False),   # wrong intent
    ("salary", [], False),             # the gold section is not among the answer's
    ("salary", ["skills"], False),
])
def test_intent_accuracy_needs_the_intent_and_the_gold_section(intent, sections, right):
    item = asks("answer", NURSE_GOLD, intent="salary", section="salary")
    report = score([item], [reply(NURSE, intent=intent, sections=tuple(sections))])
    assert report.answer_hits == 1 and report.intent_right == int(right)
    assert [o.item for o in report.misread] == ([] if right else [item])


def test_without_a_gold_section_the_intent_alone_decides():
    report = score([asks("answer", NURSE_GOLD, intent="duties")], [reply(NURSE, intent="duties", sections=("x",))])
    assert report.intent_right == 1 and report.intent_accuracy == 1.0


def test_figures_over_a_mixed_set():
    items = [silent(id="s1"), silent(id="s2"), silent(id="s3"), asks("answer", NURSE_GOLD, id="a1"),
             asks("answer", LPN_GOLD, id="a2"), asks("either", NURSE_GOLD, id="e1")]
    answers = [SILENCE, reply(PLUMBER), SILENCE, reply(NURSE), SILENCE, reply(NURSE)]
    report = score(items, answers)
    assert report.messages == 6 and report.answered == 3
    assert [o.item.id for o in report.wrong] == ["s2"] and report.wrong_per_1000 == 166.7
    assert [o.item.id for o in report.missed] == ["a2"]
    assert (report.answer_items, report.answer_hits, report.recall) == (2, 1, 0.5)
    assert report.to_dict()["wrong"] == 1 and report.to_dict()["answer_hits"] == 1


def test_an_empty_set_scores_zero():
    report = score([], [])
    assert (report.messages, report.wrong_per_1000, report.recall, report.intent_accuracy) == (0, 0.0, None, None)


def test_answers_must_pair_with_items():
    with pytest.raises(ValueError, match="1 answers for 2 items"):
        score([silent(id="a"), silent(id="b")], [SILENCE])


def test_format_gives_the_figures_then_wrong_and_missed_lines():
    items = [silent(text="lunch was cold", id="s1"), asks("answer", NURSE_GOLD, id="a1")]
    report = score(items, [reply(PLUMBER), SILENCE])
    assert report.format() == report.summary() and "\n" not in report.summary()
    assert "wrong: 1 (500.0 per 1,000)" in report.summary() and "answer recall: 0/1" in report.summary()
    lines = report.format(show=5).splitlines()
    assert lines[1].startswith("WRONG") and "s1" in lines[1] and "Plumbers" in lines[1]
    assert lines[2].startswith("MISSED") and "a1" in lines[2] and len(lines) == 3
    assert len(report.format(show=1).splitlines()) == 2


def test_evaluate_asks_each_text_as_one_line():
    asked = []
    items = [Item(id="m", text="first line\nsecond line\r\nthird", label="silent")]
    evaluate(items, lambda text: asked.append(text) or SILENCE)
    assert asked == ["first line second line third"]


# -- loading and splitting --------------------------------------------------------------------------------------
def write_set(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


ROWS = [
    {"id": "t-1", "source": "hand", "text": "my manager is annoying lol", "label": "silent"},
    {"id": "t-2", "text": "what does an operations manager earn?", "label": "answer",
     "roles": [{"soc": "11-1021", "titles": ["operations manager"]}], "intent": "salary", "section": "salary",
     "area": None},
    {"id": "t-3", "text": "physicist vs engineer", "label": "either",
     "roles": [{"soc": "", "titles": ["physicist"]}, {"soc": "", "titles": ["engineer"]}], "intent": "compare",
     "section": None, "area": {"code": "TX", "name": "Texas"}},
]


def test_load_items_reads_the_shared_format(tmp_path):
    items = load_items(write_set(tmp_path / "set.jsonl", ROWS))
    assert [i.id for i in items] == ["t-1", "t-2", "t-3"]
    assert items[1].roles == (gold("11-1021", "operations manager"),) and items[1].section == "salary"
    assert items[2].roles[0] == gold("", "physicist") and items[2].area == "TX"
    assert items[0].roles == () and items[0].intent is None


def test_load_items_keeps_one_split(tmp_path):
    path = write_set(tmp_path / "set.jsonl", ROWS)
    tune, holdout = load_items(path, "tune"), load_items(path, "holdout")
    assert sorted(i.id for i in tune + holdout) == ["t-1", "t-2", "t-3"]
    assert all(i.split == "tune" for i in tune) and all(i.split == "holdout" for i in holdout)
    assert load_items(path, "all") == load_items(path)
    with pytest.raises(ValueError, match="unknown split"):
        load_items(path, "train")


@pytest.mark.parametrize("line, problem", [
    ('{"id": "x", "text": "hi", "label": "maybe"}', "label 'maybe'"),
    ('{"id": "x", "text": "hi", "label": "answer"}', "needs roles"),
    ('{"id": "x", "label": "silent"}', "text"),
    ('{"id": "x", "text": "hi", ', "Expecting"),
])
def test_a_bad_line_is_reported_with_file_and_line(tmp_path, line, problem):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(ROWS[0]) + "\n\n" + line + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=rf"bad\.jsonl:3: .*{problem}"):
        load_items(path)


def test_split_is_stable_across_runs():
    # Pinned: the trainer tunes on "tune" only, so an item must never change sides.
    assert [split_of(i) for i in ("a", "b", "c", "d-jobs-1", "d-career_guidance-1")] == \
        ["holdout", "tune", "tune", "holdout", "holdout"]
    assert split_of("post-42") == split_of("post-42")


def test_split_is_about_half_each():
    tune = sum(split_of(f"post-{n}") == "tune" for n in range(4000))
    assert 0.47 < tune / 4000 < 0.53


# -- finding the shared data ------------------------------------------------------------------------------------
def test_shared_dir_honours_the_environment(tmp_path, monkeypatch):
    (tmp_path / "community-posts").mkdir()
    monkeypatch.setenv("CAREERBOT_SHARED_DATA", str(tmp_path))
    assert shared_dir() == tmp_path / "community-posts" and default_set() is None
    (tmp_path / "community-posts" / "careerguidance-jobs-titles.jsonl").write_text("")
    assert default_set() == tmp_path / "community-posts" / "careerguidance-jobs-titles.jsonl"
    monkeypatch.setenv("CAREERBOT_SHARED_DATA", str(tmp_path / "nowhere"))
    assert shared_dir() is None and default_set() is None


def test_the_evaluation_module_does_not_import_discord():
    code = "import sys, bot.evaluation; print('discord' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert result.stdout.strip() == "False"


# -- careerbot eval ---------------------------------------------------------------------------------------------
CLI_ROWS = ROWS + [{"id": "t-4", "text": "what does a data analyst earn?", "label": "silent"}]  # answered: wrong


def test_eval_scores_a_set_in_process(tmp_path, capsys):
    path = write_set(tmp_path / "set.jsonl", CLI_ROWS)
    assert main(["eval", "--set", str(path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["messages"] == 4 and out["answered"] == 3 and out["wrong"] == 1 and out["wrong_per_1000"] == 250.0
    assert (out["answer_items"], out["answer_hits"], out["intent_right"]) == (1, 1, 1)
    assert out["split"] == "all" and out["set"] == str(path)


def test_eval_prints_figures_and_examples_for_people(tmp_path, capsys):
    path = write_set(tmp_path / "set.jsonl", CLI_ROWS)
    assert main(["eval", "--set", str(path), "--show", "5"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{path} (all)"
    assert out[1].startswith("messages: 4  answered: 3  wrong: 1 (250.0 per 1,000)")
    assert out[2].startswith("WRONG  [silent] t-4") and "Data Analyst" in out[2] and len(out) == 3


def test_eval_scores_one_split(tmp_path, capsys):
    path = write_set(tmp_path / "set.jsonl", CLI_ROWS)
    assert main(["eval", "--set", str(path), "--split", "holdout", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["messages"] == sum(split_of(r["id"]) == "holdout" for r in CLI_ROWS)


def test_eval_answers_as_ask_json_does(tmp_path, answerer):
    asked = evaluate(load_items(write_set(tmp_path / "set.jsonl", CLI_ROWS)),
                     lambda text: answer_json(answerer.ask(text)))
    assert [o.item.id for o in asked.wrong] == ["t-4"]


def test_eval_without_the_shared_set_says_so_and_exits_2(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("CAREERBOT_SHARED_DATA", str(tmp_path))
    assert main(["eval"]) == 2
    err = capsys.readouterr().err
    assert "careerguidance-jobs-titles.jsonl is absent" in err and "--set" in err


def test_eval_on_a_missing_or_broken_file_exits_2(tmp_path, capsys):
    assert main(["eval", "--set", str(tmp_path / "none.jsonl")]) == 2
    assert "no labelled set at" in capsys.readouterr().err
    broken = tmp_path / "broken.jsonl"
    broken.write_text("not json\n", encoding="utf-8")
    assert main(["eval", "--set", str(broken)]) == 2
    assert "broken.jsonl:1:" in capsys.readouterr().err


def test_the_evaluate_script_runs_careerbot_eval(tmp_path):
    path = write_set(tmp_path / "set.jsonl", CLI_ROWS)
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "evaluate.py"), "--set", str(path), "--json"],
                            capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["wrong"] == 1


# -- the shared set of real community posts ---------------------------------------------------------------------
@pytest.fixture(scope="module")
def shared_set() -> Path:
    path = default_set()
    if path is None:
        pytest.skip("../shared/data/community-posts/ is absent (set CAREERBOT_SHARED_DATA to a shared/data folder)")
    return path


def test_the_shared_set_is_scored_line_for_line(shared_set, answerer):
    lines = sum(1 for line in shared_set.read_text(encoding="utf-8").splitlines() if line.strip())
    items = load_items(shared_set)
    report = evaluate(items, lambda text: answer_json(answerer.ask(text)))
    assert report.messages == len(items) == lines
    assert report.answer_items == sum(i.label == "answer" for i in items)
    tune, holdout = load_items(shared_set, "tune"), load_items(shared_set, "holdout")
    assert len(tune) + len(holdout) == lines and tune and holdout
