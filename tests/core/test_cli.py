"""The `careerbot` command line, run as a user would run it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main

CAREERBOT = [sys.executable, "-m", "bot"]


def run(*args: str, stdin: str | None = None, cwd: Path | None = None, env: dict | None = None):
    return subprocess.run([*CAREERBOT, *args], input=stdin, capture_output=True, text=True, cwd=cwd,
                          env=env, timeout=120)


def test_ask_prints_a_salary_card_with_a_dollar_figure_and_source(capsys):
    assert main(["ask", "what does an operations manager earn?"]) == 0
    out = capsys.readouterr().out
    assert "Operations Manager · Salary" in out
    assert "$105,770" in out
    assert "Sources: BLS OEWS, May 2025" in out


def test_ask_comparison_prints_one_card_per_section(capsys):
    assert main(["ask", "operations coordinator vs operations manager"]) == 0
    out = capsys.readouterr().out
    for label in ("Overview", "Duties", "Requirements", "Work environment", "Skills", "Salary"):
        assert f"Operations Coordinator vs Operations Manager · {label}" in out


def test_ask_chatter_says_so_without_a_card(capsys):
    assert main(["ask", "my manager is annoying lol"]) == 0
    out = capsys.readouterr().out
    assert "No career question" in out and "·" not in out


@pytest.mark.parametrize(
    "text, ids",
    [("physicist vs engineer", ["physicist", "engineer"]), ("physisist vs enginer", ["physicist", "engineer"]),
     ("what does an opertions manger earn?", ["operations-manager"]),
     ("operations cordinator vs operations manager", ["operations-coordinator", "operations-manager"])],
)
def test_ask_json_names_the_roles(capsys, text, ids):
    assert main(["ask", "--json", text]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["matched"] is True
    assert [r["id"] for r in data["roles"]] == ids
    assert set(data) == {"matched", "intent", "sections", "roles", "area", "metro"}


def test_ask_json_contract_shape(capsys):
    assert main(["ask", "--json", "ops coord vs ops manager pay in TX"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data == {
        "matched": True,
        "intent": "compare",
        "sections": ["salary"],
        "roles": [{"id": "operations-coordinator", "title": "Operations Coordinator", "soc": None},
                  {"id": "operations-manager", "title": "Operations Manager", "soc": "11-1021"}],
        "area": {"code": "TX", "name": "Texas"},
        "metro": None,
    }


@pytest.mark.parametrize("chatter", ["my manager is annoying lol", "the engineer in tf2 is op", "what does an API do"])
def test_ask_json_chatter_is_unmatched(capsys, chatter):
    assert main(["ask", "--json", chatter]) == 0
    assert json.loads(capsys.readouterr().out) == {"matched": False, "intent": None, "sections": [], "roles": [],
                                                   "area": None, "metro": None}


def test_ask_names_the_metro_beside_its_state_and_the_us(capsys):
    assert main(["ask", "what do registered nurses make in Austin?"]) == 0
    out = capsys.readouterr().out
    assert "Registered Nurse · Salary · Austin-Round Rock-San Marcos, TX" in out
    metro, state, nation = (out.index(f"▸ {name}") for name in ("Austin-Round Rock-San Marcos, TX", "Texas",
                                                                 "United States"))
    assert metro < state < nation
    # BLS OEWS May 2025, metro 12420, registered nurses: median $97,890, employment 18,920.
    assert "$97,890" in out[metro:state] and "18,920" in out[metro:state]
    assert "$95,970" in out[state:nation]


def test_ask_json_gives_the_metro_and_its_state(capsys):
    assert main(["ask", "--json", "what do registered nurses make in Austin?"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["area"] == {"code": "TX", "name": "Texas"}
    assert data["metro"] == {"code": "12420", "name": "Austin-Round Rock-San Marcos, TX"}
    assert "place_options" not in data


def test_ask_about_an_ambiguous_city_asks_which(capsys):
    assert main(["ask", "what do nurses make in Portland?"]) == 0
    out = capsys.readouterr().out
    assert "Which Portland: Portland, OR or Portland, ME?" in out
    assert "Median" not in out
    assert main(["ask", "--json", "what do nurses make in Portland?"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["matched"] is True and data["metro"] is None and data["area"] is None
    assert [o["code"] for o in data["place_options"]] == ["38900", "38860"]


def test_ask_about_the_bay_area_picks_san_francisco_and_says_so(capsys):
    assert main(["ask", "how much do software engineers make in the Bay Area?"]) == 0
    out = capsys.readouterr().out
    assert "Reading “Bay Area” as the San Francisco-Oakland-Fremont, CA metro area" in out
    assert "▸ San Francisco-Oakland-Fremont, CA" in out and "▸ California" in out
    assert main(["ask", "--json", "how much do software engineers make in the Bay Area?"]) == 0
    assert json.loads(capsys.readouterr().out)["metro"] == {"code": "41860", "name": "San Francisco-Oakland-Fremont, CA"}


def test_ask_json_stdin_answers_each_line_in_order():
    lines = ["physicist vs engineer", "lol ok", "what does a dental hygienist earn in Ohio?", ""]
    result = run("ask", "--json", "-", stdin="\n".join(lines) + "\n")
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == len(lines)
    assert [r["id"] for r in out[0]["roles"]] == ["physicist", "engineer"]
    assert out[1]["matched"] is False
    assert out[2]["area"] == {"code": "OH", "name": "Ohio"} and out[2]["roles"][0]["soc"] == "29-1292"
    assert out[3]["matched"] is False


def test_ask_json_stdin_flushes_each_answer_before_the_next_question():
    process = subprocess.Popen([*CAREERBOT, "ask", "--json", "-"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               text=True)
    try:
        process.stdin.write("physicist vs engineer\n")
        process.stdin.flush()
        first = json.loads(process.stdout.readline())  # would hang if the answer were buffered
        assert first["matched"] is True
    finally:
        process.stdin.close()
        process.wait(timeout=60)


def test_kb_check_passes_on_the_shipped_knowledge(capsys, knowledge_dir):
    assert main(["kb", "check", str(knowledge_dir)]) == 0
    assert "OK" in capsys.readouterr().out


def test_kb_check_fails_on_a_broken_copy_naming_file_and_line(tmp_path, knowledge_dir):
    copy = tmp_path / "knowledge"
    shutil.copytree(knowledge_dir, copy)
    broken = copy / "roles" / "physicist.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("summary:", "sumary:", 1), encoding="utf-8")
    result = run("kb", "check", str(copy))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "knowledge/roles/physicist.yaml:" in result.stderr and "unknown key 'sumary'" in result.stderr


def test_kb_check_on_a_missing_directory_says_it_does_not_exist(tmp_path):
    result = run("kb", "check", str(tmp_path / "nope"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip().endswith("nope:1: does not exist")


def test_kb_check_on_a_folder_without_roles_says_so(tmp_path):
    result = run("kb", "check", str(tmp_path))
    assert result.returncode == 1 and "no roles/ folder" in result.stderr


def test_kb_check_on_an_empty_knowledge_folder_fails(tmp_path):
    (tmp_path / "roles").mkdir()
    result = run("kb", "check", str(tmp_path))
    assert result.returncode == 1 and "no role files" in result.stderr


def test_kb_export_lists_curated_and_reference_roles(capsys):
    assert main(["kb", "export"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert all(set(row) == {"id", "title", "soc", "curated", "aliases"} for row in rows)
    curated = [row for row in rows if row["curated"]]
    reference = [row for row in rows if not row["curated"]]
    assert len(curated) >= 60
    assert len(reference) == 830
    lawyers = next(row for row in reference if row["soc"] == "23-1011")
    assert "Attorney" in lawyers["aliases"]


def test_run_without_a_token_prints_one_hint_and_fails(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    result = run("run", cwd=tmp_path, env=env)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "DISCORD_TOKEN" in lines[0] and "discord.com/developers" in lines[0]


def test_no_arguments_prints_usage(capsys):
    assert main([]) == 2
    assert "usage" in capsys.readouterr().err
