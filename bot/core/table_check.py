"""`careerbot kb check`'s second process: the wage tables and the decision model, checked beside the rest.

The wage tables (20 MB) and the decision model (77,000 weights) are half of a full check, and their checks read
nothing else in the folder. So on a machine with two or more CPUs, `kb check` starts this module in a child
process first thing (`TableHelper.start`) and reads the role files, the O*NET reference and the everyday names
meanwhile; what those checks need of the wages (the release's titles and areas) comes from its 100 KB meta file.

The child prints what it found as one line of JSON: for each table, whether it loaded and its problems as
(file, line, message). If the child cannot start, fails or prints anything else, the parent checks the tables
itself, so the problems reported are the same either way, word for word (a test compares the two).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

KINDS = ("wages", "decision")
_TIMEOUT_S = 120  # far beyond any sound check (a second); a child past it is stopped and the parent checks
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])  # the folder holding `bot/`, for the child's imports


def worth_a_second_process() -> bool:
    """Two CPUs' worth or more for this process (its CPUs, and a container's CPU quota if it has one): on one, a
    second process only adds its start-up."""
    try:
        cpus: float = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    try:  # cgroup v2: "max 100000", or a quota and its period in microseconds
        quota, period = Path("/sys/fs/cgroup/cpu.max").read_text(encoding="ascii").split()
        if quota != "max":
            cpus = min(cpus, int(quota) / int(period))
    except (OSError, ValueError, ZeroDivisionError):
        pass
    return cpus >= 2


# The child imports `bot` from the folder this module was loaded from, first on its path: neither the working
# directory (`python -m` would put it first: another checkout's `bot/` there would do the checking, and the cache
# would keep its answer) nor PYTHONPATH comes before it.
_CHILD = ("import sys; sys.path.insert(0, sys.argv.pop(1)); from bot.core.table_check import main; "
          "sys.exit(main(sys.argv[1:]))")


class TableHelper:
    """The child process checking the tables of one knowledge folder."""

    def __init__(self, process: Any) -> None:
        self.process = process

    @classmethod
    def start(cls, wage_folder: Path, decision_file: Path) -> TableHelper | None:
        """Start checking; None if a process cannot be started (the caller then checks in-process)."""
        import subprocess

        # -P: no working directory on the path; the parent's isolation flags are kept.
        flags = ["-P", *(["-I"] if sys.flags.isolated else []), *(["-E"] if sys.flags.ignore_environment else []),
                 *(["-s"] if sys.flags.no_user_site else [])]
        try:
            process = subprocess.Popen(
                [sys.executable, *flags, "-c", _CHILD, _PACKAGE_ROOT, str(wage_folder), str(decision_file)],
                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        except OSError:
            return None
        return cls(process)

    def stop(self) -> None:
        """Stop the child without waiting for its answer (the check was interrupted)."""
        self.process.kill()
        self.process.communicate()

    def result(self) -> dict[str, tuple[bool, list[tuple[str, int, str]]]] | None:
        """Each table's outcome, (loaded, problems), or None when the child did not give one."""
        import subprocess

        try:
            output, _ = self.process.communicate(timeout=_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.communicate()
            return None
        if self.process.returncode != 0:
            return None
        try:
            found = json.loads(output)
            return {kind: (bool(found[kind]["loaded"]),
                           [(str(path), int(line), str(message)) for path, line, message in found[kind]["problems"]])
                    for kind in KINDS}
        except (ValueError, TypeError, KeyError):
            return None


def check_tables(wage_folder: Path, decision_file: Path) -> dict[str, dict[str, Any]]:
    """What the child prints: each table's outcome, as `read_wages` and `read_decision` give it."""
    found = {"wages": read_wages(wage_folder, thorough=True, build=False) if wage_folder.is_dir() else (None, []),
             "decision": read_decision(decision_file, build=False) if decision_file.exists() else (None, [])}
    return {kind: {"loaded": value is not None, "problems": problems} for kind, (value, problems) in found.items()}


def read_wages(folder: Path, *, thorough: bool, build: bool = True) -> tuple[Any, list[tuple[str, int, str]]]:
    """The wage release in `folder` and the problem found reading it, if any. With a problem, the release's names
    alone when its meta file is sound (`WageTables.load_names`): the other checks still read its titles. Without
    `build`, the national and state rows are checked but not kept."""
    from bot.core.wages import WageTableError, WageTables

    try:
        return WageTables.load(folder, thorough=thorough, keep_rows=build), []
    except WageTableError as exc:
        problem = (str(exc.path), exc.line or 1, exc.message)  # no line: the file as a whole, named on its first
    return wage_names(folder), [problem]


def wage_names(folder: Path) -> Any:
    """The release's names from its meta file alone (`WageTables.load_names`), or None if that is unsound."""
    from bot.core.wages import WageTableError, WageTables

    try:
        return WageTables.load_names(folder)
    except WageTableError:
        return None


CHECKED = "checked"  # stands for a decision model checked but not built (`read_decision(build=False)`)


def read_decision(path: Path, *, build: bool = True) -> tuple[Any, list[tuple[str, int, str]]]:
    """The decision model in `path` (or `CHECKED`, without `build`) and the problem found reading it, if any."""
    from bot.core.decision import DecisionError, DecisionModel

    try:
        return (DecisionModel.load(path) if build else DecisionModel.check(path) or CHECKED), []
    except DecisionError as exc:
        return None, [(str(path), exc.line, exc.message)]


def main(argv: list[str]) -> int:
    wage_folder, decision_file = map(Path, argv)
    sys.stdout.write(json.dumps(check_tables(wage_folder, decision_file)) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
