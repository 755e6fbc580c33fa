#!/usr/bin/env python3
"""Train the decision model (`knowledge/model/decision.json`): does a message ask about the role it names?

    python scripts/train_decision.py                 # retrain and write the model
    python scripts/train_decision.py --check         # retrain and compare with the committed model
    python scripts/train_decision.py --check-generated   # only: was it trained on today's knowledge and templates?

Training data, built in a fixed order with a fixed seed, so the same inputs give the same weights:

1. Questions generated from `scripts/training/templates.yaml` x every role's everyday names x every section,
   with openers, closers, states, casing and typos; comparisons of two roles; questions naming a field.
2. Negatives: generated chatter that names jobs, and real community text read from `../shared/data/` (the
   "tune" half of the labelled post titles, see `bot.evaluation.split_of`, and the unlabelled body sentences
   as weak negatives). The "holdout" half is never read here, so its figures stay honest.

Every example goes through the bot's own tagger, so training sees exactly the features inference will.
The model is a multinomial logistic regression fitted with numpy (a training-only dependency: `pip install
-e ".[train]"`); inference (`bot.core.decision`) is plain Python. Needs numpy and the shared data.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.core.answers import build_index  # noqa: E402
from bot.core.areas import AREAS  # noqa: E402
from bot.core.decision import CLASSES, NONE, DecisionModel, features  # noqa: E402
from bot.core.knowledge import load_knowledge  # noqa: E402
from bot.core.matching import ABBREVIATION, FIELD  # noqa: E402
from bot.core.questions import _comparison_pivot, _roles_asked_about, field_may_stand_for_role  # noqa: E402
from bot.core.tagging import tag  # noqa: E402
from bot.evaluation import split_of  # noqa: E402

TEMPLATES = ROOT / "scripts" / "training" / "templates.yaml"
MODEL = ROOT / "knowledge" / "model" / "decision.json"
SEED = 20261126
# How many filled-in messages each template gives.
DRAWS = {"questions": 14, "comparisons": 10, "fields": 8, "chatter": 12, "generic_chatter": 1, "chat_words": 3}
L2 = 1e-3  # per-example L2 penalty on the weights
EPOCHS = 400
LEARNING_RATE = 0.05
MIN_FEATURE_COUNT = 2  # features seen fewer times are dropped before training
PRUNE_BELOW = 0.002  # weights whose every class is this small are dropped from the file
THRESHOLD = 0.5  # P(asks) needed to answer; see the README's evaluation figures


# ------------------------------------------------------------------------------------------ role names

def plural(name: str) -> str:
    head, _, last = name.rpartition(" ")
    if last.isupper():
        word = last + "s"
    elif re.search(r"[^aeiou]y$", last):
        word = last[:-1] + "ies"
    elif last.endswith(("s", "sh", "ch", "x", "z")):
        word = last + "es"
    elif last.endswith("man"):
        word = last[:-3] + "men"
    else:
        word = last + "s"
    return f"{head} {word}" if head else word


def article(name: str) -> str:
    first = name.split()[0]
    vowel = first[0].lower() in "aeiou" if not first.isupper() else first[0] in "AEFHILMNORSX"
    return f"{'an' if vowel else 'a'} {name}"


def everyday_names(kb, index) -> dict[str, list[str]]:
    """Role id -> the names people type for it, as they would write them: curated titles and aliases, and for
    reference occupations the singular official title and O*NET titles that the index gives to it alone."""
    out: dict[str, list[str]] = {}
    from bot.core.normalize import normalize

    for role in kb.roles.values():
        extra = kb.everyday.get(role.id)
        everyday = list(extra.names) if extra else []
        if role.curated:
            candidates = [role.title, *role.aliases, *everyday]
        else:
            candidates = [role.title.split(",")[0], *everyday] + sorted(role.aliases,
                                                                       key=lambda a: (len(a.split()), a))
        names: list[str] = []
        for name in candidates:
            if "(" in name or "/" in name:
                continue
            key = normalize(name)
            if index.names.get(key) == (role.id,) and name not in names:
                names.append(name if name.isupper() else name.lower())
            if len(names) == 8:
                break
        if names:
            out[role.id] = names
    return out


# ------------------------------------------------------------------------------------------ generation

_TYPO_WORD = re.compile(r"[a-z]{6,}")


def typo(text: str, rng: random.Random) -> str:
    words = [m for m in _TYPO_WORD.finditer(text)]
    if not words:
        return text
    m = rng.choice(words)
    w = m.group()
    i = rng.randrange(1, len(w) - 1)
    kind = rng.randrange(3)
    if kind == 0:
        w2 = w[:i] + w[i + 1 :]
    elif kind == 1:
        w2 = w[:i] + w[i + 1] + w[i] + w[i + 2 :]
    else:
        w2 = w[:i] + w[i] + w[i:]
    return text[: m.start()] + w2 + text[m.end() :]


def style(text: str, rng: random.Random, openers: list[str], closers: list[str]) -> str:
    if rng.random() < 0.3:
        text = f"{rng.choice(openers).rstrip()} {text}"
    if rng.random() < 0.35:
        closer = rng.choice(closers)
        text = text.rstrip("?") + closer if closer.strip().startswith("?") else text + closer
    roll = rng.random()
    if roll < 0.45:
        text = text.lower()
    elif roll < 0.75:
        text = text[:1].upper() + text[1:]
    if rng.random() < 0.12:
        text = typo(text, rng)
    return text


def fill(template: str, rng: random.Random, names: dict[str, list[str]], ids: list[str], field_of: dict[str, str],
         places: list[str]) -> tuple[str, list[str]] | None:
    """A template with its placeholders filled; and the role ids it names, in order."""
    chosen: list[str] = []
    values: dict[str, str] = {}
    for slot in ("", "2"):
        if f"{{role{slot}}}" in template or f"{{roles{slot}}}" in template or f"{{a_role{slot}}}" in template:
            role = rng.choice([r for r in ids if r not in chosen])
            chosen.append(role)
            name = rng.choice(names[role])
            values[f"role{slot}"] = name
            values[f"roles{slot}"] = plural(name)
            values[f"a_role{slot}"] = article(name)
        if f"{{field{slot}}}" in template:
            if not field_of:
                return None
            field = rng.choice(sorted(f for f, r in field_of.items() if r not in chosen))
            chosen.append(field_of[field])
            values[f"field{slot}"] = field
    values["place"] = rng.choice(places)
    try:
        return template.format(**values), chosen
    except (KeyError, IndexError):
        return None


def generated(kb, index, rng: random.Random) -> list[tuple[str, str, list[str]]]:
    """(text, label, intended role ids) for every generated example."""
    import yaml

    spec = yaml.safe_load(TEMPLATES.read_text(encoding="utf-8"))
    names = everyday_names(kb, index)
    curated = sorted(r for r in names if kb.roles[r].curated)
    reference = sorted(r for r in names if not kb.roles[r].curated)
    field_of = {f: rid for rid, entry in kb.everyday.items() for f in entry.fields if rid in names}
    places = sorted(AREAS.values()) + sorted(AREAS)
    openers, closers = spec["openers"], spec["closers"]
    out: list[tuple[str, str, list[str]]] = []

    def pool() -> list[str]:
        return curated if rng.random() < 0.3 else reference

    for group, label_of in (("questions", None), ("comparisons", None), ("fields", None)):
        for section, templates in spec.get(group, {}).items():
            for template in templates:
                for _ in range(DRAWS[group]):
                    filled = fill(template, rng, names, pool(), field_of, places)
                    if filled is None:
                        continue
                    text, chosen = filled
                    label = "overview" if section == "compare" else section
                    out.append((style(text, rng, openers, closers), label, chosen))
    for template in spec.get("chatter", []):
        for _ in range(DRAWS["chatter"]):
            filled = fill(template, rng, names, pool(), field_of, places)
            if filled is not None:
                out.append((style(filled[0], rng, openers, closers), NONE, []))
    for text in spec.get("generic_chatter", []):
        out.append((text, NONE, []))
    # Short names that are also chat words ("rn" = right now) appear in chatter as the chat word.
    chat_words = sorted(name for name in index.names if len(name) <= 3 and name in index.lexicon
                        and any(kb.roles[r].curated or index.tier(name) == ABBREVIATION for r in index.names[name]))
    for text in spec.get("generic_chatter", []):
        for _ in range(DRAWS["chat_words"]):
            out.append((style(f"{text.rstrip('.!?')} {rng.choice(chat_words)}", rng, openers, closers), NONE, []))
    return out


def real_text(shared: Path) -> list[tuple[str, str, list[str]]]:
    """Real community text: the tune half of the labelled titles, and body sentences as weak negatives."""
    out: list[tuple[str, str, list[str]]] = []
    posts = shared / "community-posts"
    for line in (posts / "careerguidance-jobs-titles.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        if split_of(item["id"]) != "tune" or item["label"] == "either":
            continue
        text = " ".join(item["text"].split())
        if item["label"] == "silent":
            out.append((text, NONE, []))
        elif item.get("intent") in CLASSES:
            out.append((text, item["intent"], []))
    with gzip.open(posts / "careerguidance-jobs-body-sentences.txt.gz", "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                out.append((line.strip(), NONE, []))
    return out


# ------------------------------------------------------------------------------------------ featurising

def featurise(examples, kb, index) -> tuple[list[list[str]], list[int], Counter]:
    language = kb.language
    rows, labels, dropped = [], [], Counter()
    for text, label, intended in examples:
        tagged = tag(text, index, language)
        pivot = _comparison_pivot(tagged, language)
        roles, subjects = _roles_asked_about(tagged.found, index, pivot, language.own_words)
        if not roles:
            dropped["no role found"] += 1
            continue
        if label != NONE and intended and not set(roles) & set(intended):
            dropped["another role found"] += 1
            continue
        compare = pivot is not None and len(roles) == 2
        if not field_may_stand_for_role(tagged, subjects, compare, language):
            dropped["a field without a cue"] += 1
            continue
        rows.append(features(tagged, subjects, index, compare=compare))
        labels.append(CLASSES.index(label))
    return rows, labels, dropped


# ------------------------------------------------------------------------------------------ fitting

def fit(rows: list[list[str]], labels: list[int]):
    import numpy as np

    counts = Counter(f for row in rows for f in set(row))
    vocabulary = sorted(f for f, c in counts.items() if c >= MIN_FEATURE_COUNT)
    column = {f: i for i, f in enumerate(vocabulary)}
    cols, row_of = [], []
    for r, row in enumerate(rows):
        for f in sorted(set(row)):
            if f in column:
                cols.append(column[f])
                row_of.append(r)
    cols_a = np.array(cols, dtype=np.int64)
    rows_a = np.array(row_of, dtype=np.int64)
    n, k, m = len(rows), len(CLASSES), len(vocabulary)
    # Every row has features that are never rare (its length, its number of roles), so none is empty.
    row_start = np.searchsorted(rows_a, np.arange(n))
    y = np.zeros((n, k))
    y[np.arange(n), labels] = 1.0
    # Chatter and questions weigh alike in the loss, however many of each there are.
    share = y.sum(axis=0)
    none_weight = (n - share[0]) / max(share[0], 1.0)
    sample_weight = np.where(np.array(labels) == 0, none_weight, 1.0)
    sample_weight = sample_weight / sample_weight.mean()
    w = np.zeros((m, k))
    b = np.zeros(k)
    mw, vw, mb, vb = np.zeros_like(w), np.zeros_like(w), np.zeros_like(b), np.zeros_like(b)
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    for step in range(1, EPOCHS + 1):
        scores = np.add.reduceat(w[cols_a], row_start, axis=0) + b
        scores -= scores.max(axis=1, keepdims=True)
        p = np.exp(scores)
        p /= p.sum(axis=1, keepdims=True)
        g = (p - y) * sample_weight[:, None] / n
        per_entry = g[rows_a]
        gw = np.stack([np.bincount(cols_a, weights=per_entry[:, j], minlength=m) for j in range(k)], axis=1)
        gw += L2 * w
        gb = g.sum(axis=0)
        mw = beta1 * mw + (1 - beta1) * gw
        vw = beta2 * vw + (1 - beta2) * gw * gw
        mb = beta1 * mb + (1 - beta1) * gb
        vb = beta2 * vb + (1 - beta2) * gb * gb
        correction1, correction2 = 1 - beta1 ** step, 1 - beta2 ** step
        w -= LEARNING_RATE * (mw / correction1) / (np.sqrt(vw / correction2) + eps)
        b -= LEARNING_RATE * (mb / correction1) / (np.sqrt(vb / correction2) + eps)
    weights = {}
    for f, i in column.items():
        row = [round(float(x), 4) for x in w[i]]
        if max(abs(x) for x in row) >= PRUNE_BELOW:
            weights[f] = row
    return [round(float(x), 4) for x in b], weights


def data_hash(examples) -> str:
    digest = hashlib.sha256()
    for text, label, _ in examples:
        digest.update(f"{label}\t{text}\n".encode("utf-8"))
    return digest.hexdigest()


def train(shared: Path) -> dict:
    kb = load_knowledge(ROOT / "knowledge")
    index = build_index(kb)
    made = generated(kb, index, random.Random(SEED))
    examples = made + real_text(shared)
    rows, labels, dropped = featurise(examples, kb, index)
    print(f"{len(examples)} examples, {len(rows)} with a role; dropped: {dict(dropped)}; "
          f"labels: {dict(Counter(CLASSES[i] for i in labels))}", file=sys.stderr)
    bias, weights = fit(rows, labels)
    model = DecisionModel.from_dict({"version": 1, "classes": list(CLASSES), "threshold": THRESHOLD,
                                     "data_sha256": data_hash(examples), "generated_sha256": data_hash(made),
                                     "bias": bias, "weights": weights})
    return model.to_dict()


def same_model(a: dict, b: dict, tolerance: float = 2e-3) -> list[str]:
    """Differences between two model files beyond floating-point noise."""
    problems = []
    for key in ("version", "classes", "threshold", "data_sha256", "generated_sha256"):
        if a.get(key) != b.get(key):
            problems.append(f"{key} differs: {a.get(key)!r} != {b.get(key)!r}")
    if set(a["weights"]) ^ set(b["weights"]):
        problems.append(f"{len(set(a['weights']) ^ set(b['weights']))} features differ")
    for f in set(a["weights"]) & set(b["weights"]):
        if max(abs(x - y) for x, y in zip(a["weights"][f], b["weights"][f])) > tolerance:
            problems.append(f"weights of {f!r} differ")
            break
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data",
                        help="the shared data folder (with community-posts/)")
    parser.add_argument("--out", type=Path, default=MODEL)
    parser.add_argument("--check", action="store_true", help="retrain and compare with --out; write nothing")
    parser.add_argument("--check-generated", action="store_true",
                        help="only check that the committed model was trained on today's knowledge and templates "
                             "(needs neither numpy nor the shared data)")
    args = parser.parse_args(argv)
    if args.check_generated:
        kb = load_knowledge(ROOT / "knowledge")
        expected = json.loads(args.out.read_text(encoding="utf-8")).get("generated_sha256")
        if data_hash(generated(kb, build_index(kb), random.Random(SEED))) != expected:
            print("the generated training examples changed (knowledge or templates): retrain with "
                  "`python scripts/train_decision.py`", file=sys.stderr)
            return 1
        return 0
    if not (args.shared / "community-posts").is_dir():
        print(f"{args.shared}/community-posts not found: the real negatives are needed to train", file=sys.stderr)
        return 2
    model = train(args.shared)
    if args.check:
        problems = same_model(model, json.loads(args.out.read_text(encoding="utf-8")))
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1 if problems else 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(model, separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {args.out}: {len(model['weights'])} features", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
