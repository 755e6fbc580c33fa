"""Answers do not depend on the process: equal typo-correction scores are ranked in a fixed order, not by hash."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Ordinary chatter whose words sit one edit from several title words at once ("harder": larder, carder, hardener).
TEXTS = [
    "why is everything so much harder at this job than at university?",
    "are you sure the per diem is worth it, or might I be wasting my time?",
    "feeling like my art degree was a shame, looking at one more mile of later shifts",
    "my car broke down and I was late again, ill and dating nobody lol",
]
SCRIPT = (
    "import json, sys\n"
    "from bot.cli import answer_json\n"
    "from bot.core.answers import Answerer\n"
    "from bot.paths import shipped_knowledge_dir\n"
    "answerer = Answerer.load(shipped_knowledge_dir())\n"
    "print(json.dumps([answer_json(answerer.ask(text)) for text in json.loads(sys.argv[1])]))\n"
)


def answers_with_hash_seed(seed: int) -> list[dict]:
    env = dict(os.environ, PYTHONHASHSEED=str(seed))
    result = subprocess.run([sys.executable, "-c", SCRIPT, json.dumps(TEXTS)], capture_output=True, text=True,
                            env=env, cwd=ROOT, timeout=120, check=True)
    return json.loads(result.stdout)


def test_answers_are_the_same_whatever_the_hash_seed():
    first = answers_with_hash_seed(0)
    for seed in (1, 2, 3):
        assert answers_with_hash_seed(seed) == first, f"PYTHONHASHSEED={seed}"
