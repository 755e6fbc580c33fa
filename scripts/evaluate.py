#!/usr/bin/env python3
"""Score careerbot on a labelled JSONL set: the same as `careerbot eval`.

    python scripts/evaluate.py [--set FILE.jsonl] [--split tune|holdout|all] [--show N] [--json]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(["eval", *sys.argv[1:]]))
