"""A built wheel carries the knowledge base, and the installed command finds it outside the source tree."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def build(tmp_path_factory) -> tuple[Path, str]:
    """The wheel, and everything the build printed (verbose, as a newcomer's pip shows warnings)."""
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-v", "-w", str(out), str(ROOT)],
                            capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        pytest.skip(f"could not build a wheel here: {result.stderr.strip()[-300:]}")
    return next(out.glob("careerbot-*.whl")), result.stdout + result.stderr


@pytest.fixture(scope="module")
def wheel(build) -> Path:
    return build[0]


def test_the_build_gives_no_setuptools_warnings_about_data_folders(build):
    log = build[1]
    assert "absent from the `packages` configuration" not in log
    assert "absent from setuptools' `packages` configuration" not in log


def test_the_wheel_contains_the_knowledge_base(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in ("bot/knowledge/schema.json", "bot/knowledge/roles/physicist.yaml",
                     "bot/knowledge/comparisons/engineer--physicist.yaml", "bot/knowledge/wages/oews-2025.csv",
                     "bot/knowledge/reference/titles.csv", "bot/knowledge/ambiguous.yaml",
                     "bot/knowledge/everyday-names.yaml"):
        assert required in names, required


def test_an_installed_wheel_answers_from_any_directory(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(wheel)],
                   check=True, capture_output=True, timeout=300)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = dict(os.environ, PYTHONPATH=str(target), CAREERBOT_CACHE_DIR="off")
    result = subprocess.run([sys.executable, "-m", "bot", "ask", "what does a chemist earn?"], cwd=elsewhere,
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Chemist · Salary" in result.stdout
    assert str(target) in subprocess.run(
        [sys.executable, "-c", "import bot.paths; print(bot.paths.shipped_knowledge_dir())"], cwd=elsewhere, env=env,
        capture_output=True, text=True).stdout
