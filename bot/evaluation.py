"""Score careerbot's answers against labelled messages (the shared community-posts JSONL format).

Each line of a set: `id`, `text`, `label` ("silent": no reply; "answer": a role card is wanted; "either": a card
about the named role is welcome, silence is fine) and, unless silent, `roles` [{soc, titles}], `intent`,
`section`, `area`. Answers are `careerbot ask --json` objects. No discord import: the CLI and tests use it.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.paths import SHARED_DATA_ENV, SHARED_SET

LABELS = ("silent", "answer", "either")
SPLITS = ("tune", "holdout")
_PROJECT_ROOT = Path(__file__).resolve().parent.parent


class EvaluationError(ValueError):
    """A labelled set that cannot be read; the message names the file and line."""


@dataclass(frozen=True)
class GoldRole:
    soc: str  # "" where no single occupation code fits
    titles: tuple[str, ...]  # everyday name first


@dataclass(frozen=True)
class Item:
    id: str
    text: str
    label: str
    roles: tuple[GoldRole, ...] = ()
    intent: str | None = None
    section: str | None = None
    area: str | None = None  # state code

    @property
    def split(self) -> str:
        return split_of(self.id)


@dataclass(frozen=True)
class Outcome:
    """One item and the answer it got."""

    item: Item
    answer: Mapping


@dataclass(frozen=True)
class Report:
    messages: int
    answered: int  # items that got any reply
    answer_items: int  # items labelled "answer"
    answer_hits: int  # ... answered with the right roles
    intent_right: int  # ... and the right intent and section
    wrong: tuple[Outcome, ...]  # replies to silent items, or naming the wrong roles
    missed: tuple[Outcome, ...]  # "answer" items without a right reply
    misread: tuple[Outcome, ...]  # "answer" items with the right roles but the wrong intent or section

    @property
    def wrong_per_1000(self) -> float:
        return round(1000 * len(self.wrong) / self.messages, 1) if self.messages else 0.0

    @property
    def recall(self) -> float | None:
        return self.answer_hits / self.answer_items if self.answer_items else None

    @property
    def intent_accuracy(self) -> float | None:
        return self.intent_right / self.answer_items if self.answer_items else None

    def to_dict(self) -> dict:
        return {"messages": self.messages, "answered": self.answered, "wrong": len(self.wrong),
                "wrong_per_1000": self.wrong_per_1000, "answer_items": self.answer_items,
                "answer_hits": self.answer_hits, "intent_right": self.intent_right,
                "recall": self.recall, "intent_accuracy": self.intent_accuracy}

    def summary(self) -> str:
        return (f"messages: {self.messages}  answered: {self.answered}  "
                f"wrong: {len(self.wrong)} ({self.wrong_per_1000} per 1,000)  "
                f"answer recall: {self.answer_hits}/{self.answer_items}  "
                f"intent right: {self.intent_right}/{self.answer_items}")

    def example_lines(self, limit: int) -> list[str]:
        """Up to `limit` lines: wrong replies first, then unanswered "answer" items, then misread intents."""
        rows = [("WRONG", o) for o in self.wrong] + [("MISSED", o) for o in self.missed if not is_reply(o.answer)]
        rows += [("INTENT", o) for o in self.misread]
        return [f"{kind:<6} [{o.item.label}] {o.item.id} {o.item.text[:100]!r} -> "
                f"{[r.get('title') for r in o.answer.get('roles') or []]}/{o.answer.get('intent')}"
                for kind, o in rows[:max(limit, 0)]]

    def format(self, show: int = 0) -> str:
        """The figures on one line, then up to `show` wrong, missed or misread items."""
        return "\n".join([self.summary(), *self.example_lines(show)])


def split_of(item_id: str) -> str:
    """The item's side, "tune" or "holdout" (about half each): a stable hash of its id, the same on every run."""
    return "tune" if hashlib.sha256(item_id.encode("utf-8")).digest()[0] < 128 else "holdout"


def load_items(path: str | os.PathLike, split: str | None = None) -> list[Item]:
    """The items of a JSONL set, in file order; only one split's when `split` is "tune" or "holdout"."""
    if split not in (None, "all", *SPLITS):
        raise ValueError(f"unknown split {split!r}: expected one of {SPLITS} or 'all'")
    items = []
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if line.strip():
                try:
                    items.append(_item(json.loads(line)))
                except (ValueError, KeyError, TypeError) as error:
                    raise EvaluationError(f"{path}:{number}: {error}") from None
    return [item for item in items if split in (None, "all") or item.split == split]


def _item(data: dict) -> Item:
    if not isinstance(data["text"], str):
        raise ValueError("text must be a string")
    if data["label"] not in LABELS:
        raise ValueError(f"label {data['label']!r} is not one of {LABELS}")
    roles = tuple(GoldRole(r.get("soc") or "", tuple(r["titles"])) for r in data.get("roles") or ())
    if data["label"] != "silent" and not roles:
        raise ValueError(f"a {data['label']!r} item needs roles")
    area = data.get("area")
    return Item(id=str(data["id"]), text=data["text"], label=data["label"], roles=roles, intent=data.get("intent"),
                section=data.get("section"), area=area.get("code") if isinstance(area, dict) else area)


def one_line(text: str) -> str:
    """The text as `ask --json -` receives it: one line, line breaks as spaces."""
    return re.sub(r"\r\n|[\r\n]", " ", text)


def normalise_name(name: str | None) -> str:
    """Lower case, punctuation and hyphens as spaces, a plural final word made singular ("Web-Developers")."""
    words = re.sub(r"[^a-z0-9 ]+", " ", (name or "").lower().replace("-", " ")).split()
    if words and len(words[-1]) > 3 and words[-1].endswith("s") and not words[-1].endswith("ss"):
        words[-1] = words[-1][:-1]
    return " ".join(words)


def role_matches(gold: GoldRole, answered: Mapping) -> bool:
    """Same detailed SOC code (answer codes cut to 7 characters), or its title or id is one of the gold names."""
    if gold.soc and (answered.get("soc") or "")[:7] == gold.soc:
        return True
    names = {normalise_name(title) for title in gold.titles}
    return normalise_name(answered.get("title")) in names or normalise_name(answered.get("id")) in names


def roles_match(gold: Sequence[GoldRole], answered: Sequence[Mapping]) -> bool:
    """As many roles as the gold ones, each matching one gold role, in any order."""
    return len(gold) == len(answered) and any(
        all(role_matches(g, a) for g, a in zip(gold, order)) for order in itertools.permutations(answered))


def is_reply(answer: Mapping) -> bool:
    """Whether the bot would reply: a matched answer naming at least one role."""
    return bool(answer.get("matched")) and bool(answer.get("roles"))


def intent_matches(item: Item, answer: Mapping) -> bool:
    """Same intent, and the gold section (if any) among the answer's focused sections."""
    return answer.get("intent") == item.intent and (not item.section or item.section in (answer.get("sections") or ()))


def score(items: Sequence[Item], answers: Sequence[Mapping]) -> Report:
    """Score answers (one `ask --json` object per item, in order) against their items."""
    if len(items) != len(answers):
        raise ValueError(f"{len(answers)} answers for {len(items)} items")
    wrong, missed, misread, answered, hits, intents = [], [], [], 0, 0, 0
    for item, answer in zip(items, answers):
        outcome = Outcome(item, answer)
        reply = is_reply(answer)
        right = reply and item.label != "silent" and roles_match(item.roles, answer["roles"])
        answered += reply
        if reply and not right:
            wrong.append(outcome)
        if item.label == "answer" and not right:
            missed.append(outcome)
        elif item.label == "answer":
            hits += 1
            if intent_matches(item, answer):
                intents += 1
            else:
                misread.append(outcome)
    answer_items = sum(item.label == "answer" for item in items)
    return Report(len(items), answered, answer_items, hits, intents, tuple(wrong), tuple(missed), tuple(misread))


def evaluate(items: Iterable[Item], ask: Callable[[str], Mapping]) -> Report:
    """Ask each item's text (as one line) and score the answers."""
    items = list(items)
    return score(items, [ask(one_line(item.text)) for item in items])


def shared_dir() -> Path | None:
    """The shared community-posts folder: `$CAREERBOT_SHARED_DATA/community-posts` when that variable is set,
    else `../shared/data/community-posts` beside the project; None when it is absent."""
    base = os.environ.get(SHARED_DATA_ENV)
    folder = Path(base) if base else _PROJECT_ROOT.parent / "shared" / "data"
    folder = folder / "community-posts"
    return folder if folder.is_dir() else None


def default_set() -> Path | None:
    """The shared set of labelled post titles, or None when it is absent."""
    folder = shared_dir()
    path = folder / SHARED_SET if folder else None
    return path if path and path.is_file() else None
