"""`careerbot kb check`'s second process (bot/core/table_check.py): with it, the wage tables and the decision model
are checked in a child process while the rest is read; the problems reported are the same, word for word, as
when everything is checked in one process, whatever the child does."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from bot.core import table_check
from tests.core.test_check_cache import BREAKS, _break, kb_check, small_kb  # noqa: F401  (a fixture)


@pytest.fixture(autouse=True)
def two_cpus(monkeypatch):
    """The second process whatever this machine has (CI may have one CPU)."""
    monkeypatch.setattr(table_check, "worth_a_second_process", lambda: True)


@pytest.fixture
def started(monkeypatch) -> list:
    """The child processes `kb check` starts, and whether each gave an answer."""
    runs = []
    start, result = table_check.TableHelper.start, table_check.TableHelper.result

    def counted_start(*args):
        helper = start(*args)
        runs.append(helper is not None)
        return helper

    def counted_result(self):
        found = result(self)
        runs.append(found is not None)
        return found

    monkeypatch.setattr(table_check.TableHelper, "start", staticmethod(counted_start))
    monkeypatch.setattr(table_check.TableHelper, "result", counted_result)
    return runs


@pytest.fixture
def kb_copy(tmp_path, small_kb) -> Path:  # noqa: F811
    target = tmp_path / "knowledge"
    shutil.copytree(small_kb, target)
    return target


@pytest.mark.parametrize("what", [None, *sorted(BREAKS)])
def test_the_second_process_reports_what_one_process_does(kb_copy, started, what):
    if what is not None:
        _break(kb_copy, what)
    one = kb_check(kb_copy, "--no-cache")
    assert not started
    two = kb_check(kb_copy, "--no-cache", one_process=False)
    assert two[:3] == one[:3]
    assert (two[0] == 0) == (what is None) and "Traceback" not in two[2]
    assert started == [True, True], "the tables were not checked by a second process"
    assert "wages" not in two[3] and "decision" not in two[3], "checked here as well"


@pytest.mark.parametrize("executable", ["/bin/false", "/bin/echo", "/nonexistent/python"])
def test_a_child_that_fails_or_cannot_start_leaves_the_check_to_this_process(kb_copy, started, monkeypatch,
                                                                                executable):
    _break(kb_copy, "a metro row")
    one = kb_check(kb_copy, "--no-cache")
    monkeypatch.setattr(sys, "executable", executable)
    two = kb_check(kb_copy, "--no-cache", one_process=False)
    assert two[:3] == one[:3] and two[0] == 1
    assert False in started and two[3].get("wages") == 1  # checked here after all


def test_what_the_second_process_found_is_remembered(kb_copy, started, tmp_path, monkeypatch):
    monkeypatch.setenv("CAREERBOT_CACHE_DIR", str(tmp_path / "cache"))
    _break(kb_copy, "the decision model")
    checked = kb_check(kb_copy, one_process=False)
    assert checked[0] == 1 and "decision.json" in checked[2] and started == [True, True]
    remembered = kb_check(kb_copy, one_process=False)
    assert remembered[:3] == checked[:3]
    assert remembered[3] == {} and started == [True, True], "a remembered table was checked again"


def test_the_child_prints_one_line_of_json_per_table(small_kb):  # noqa: F811
    found = table_check.check_tables(small_kb / "wages", small_kb / "model" / "decision.json")
    assert found == {"wages": {"loaded": True, "problems": []}, "decision": {"loaded": True, "problems": []}}
    assert table_check.check_tables(small_kb / "absent", small_kb / "absent.json") == {
        "wages": {"loaded": False, "problems": []}, "decision": {"loaded": False, "problems": []}}


def test_the_child_uses_this_code_not_a_bot_package_in_the_working_directory(kb_copy, started, tmp_path,
                                                                             monkeypatch):
    """Run from inside another checkout, the child must still check with this careerbot's code: a stranger's
    `bot/core/table_check.py` that says "all clear" must not be run (nor its answer remembered)."""
    stranger = tmp_path / "other-checkout" / "bot" / "core"
    stranger.mkdir(parents=True)
    for folder in (stranger.parent, stranger):
        (folder / "__init__.py").write_text("", encoding="utf-8")
    clear = '{"wages": {"loaded": true, "problems": []}, "decision": {"loaded": true, "problems": []}}'
    (stranger / "table_check.py").write_text(f"import sys\nsys.stdout.write({clear!r})\n", encoding="utf-8")
    _break(kb_copy, "a metro row")
    one = kb_check(kb_copy, "--no-cache")
    monkeypatch.chdir(stranger.parent.parent)
    monkeypatch.setenv("PYTHONPATH", str(stranger.parent.parent))
    two = kb_check(kb_copy, "--no-cache", one_process=False)
    assert two[:3] == one[:3] and two[0] == 1 and started == [True, True]


def test_an_interrupted_check_stops_the_child_and_does_not_redo_its_work(kb_copy, monkeypatch):
    from bot.core import knowledge

    stopped, checked_here = [], []
    stop = table_check.TableHelper.stop
    monkeypatch.setattr(table_check.TableHelper, "stop", lambda self: stopped.append(self.process) or stop(self))
    monkeypatch.setattr(knowledge, "_load_wages", lambda *args: checked_here.append(args))

    def interrupted(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(knowledge, "_load_everyday", interrupted)
    with pytest.raises(KeyboardInterrupt):
        knowledge.verify_knowledge(kb_copy, helper=True)
    assert len(stopped) == 1 and stopped[0].returncode is not None, "the child was left running"
    assert not checked_here, "the wage tables were checked here after the interruption"
