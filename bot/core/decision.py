"""The learned decision: does a message ask about the role it names, and about what?

A multinomial logistic regression over sparse features of the tagged message (`features`): its words and word
pairs with every role name replaced by `<r>` and a state by `<p>` (so what is learned is how people *ask*,
not which jobs they ask about), the section cues, the message's shape (length, sentences, question marks) and
how much the role's name looks like a job rather than plain English (`bot.core.matching.RoleIndex.commonness`,
O*NET tier, abbreviation typed in capitals). The classes are "none" (chatter) and the six sections.

`scripts/train_decision.py` trains it from generated questions and real community text and writes the weights
as plain JSON (`knowledge/model/decision.json`), with the hash of its training data; nothing is pickled.
Inference is plain Python: a few dozen dictionary lookups.
"""

from __future__ import annotations

import json
import math
import struct
from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from types import MappingProxyType
from typing import Mapping, NamedTuple, Sequence

from bot.core.matching import ABBREVIATION, TIER_NAMES, Mention, RoleIndex
from bot.core.tagging import Tagged

MODEL_FILE = "model/decision.json"
NONE = "none"
CLASSES = (NONE, "overview", "duties", "requirements", "environment", "skills", "salary")
FORMAT_VERSION = 1
MAX_WEIGHT = 1000  # a trained weight is a few units; packing (`_pack`) needs them bounded


class DecisionError(ValueError):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


class Decision(NamedTuple):
    label: str  # one of CLASSES
    confidence: float  # probability that the message asks at all (1 - P(none))


@dataclass(frozen=True, slots=True)
class DecisionModel:
    classes: tuple[str, ...]
    bias: tuple[float, ...]
    weights: Mapping[str, tuple[float, ...]]
    threshold: float  # answer only when P(asks) reaches this
    data_sha256: str  # every training example (text and label), in order
    generated_sha256: str = ""  # the generated examples alone: rebuilt without the shared data, so CI checks it
    packed: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)  # see `_pack`

    def __post_init__(self) -> None:
        if not self.packed and self.weights:
            # A plain dict (never handed out): a lookup costs half a mappingproxy's.
            object.__setattr__(self, "packed", {f: _pack(row) for f, row in self.weights.items()})

    @classmethod
    def load(cls, path: Path) -> DecisionModel:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except json.JSONDecodeError as error:
            raise DecisionError(error.lineno, f"not valid JSON: {error.msg}") from None
        except (OSError, UnicodeDecodeError) as error:
            raise DecisionError(1, f"cannot read file: {error}") from None
        return cls.from_dict(data)

    @classmethod
    def from_dict(cls, data: object) -> DecisionModel:
        if not isinstance(data, dict) or data.get("version") != FORMAT_VERSION:
            raise DecisionError(1, f"not a decision model of format version {FORMAT_VERSION}")
        classes = tuple(data.get("classes", ()))
        if classes != CLASSES:
            raise DecisionError(1, f"classes must be {list(CLASSES)}")
        width = len(classes)
        bias = data.get("bias")
        weights = data.get("weights")
        threshold = data.get("threshold")
        if not (isinstance(bias, list) and len(bias) == width and all(isinstance(b, (int, float)) for b in bias)):
            raise DecisionError(1, f"bias must be {width} numbers")
        if not isinstance(weights, dict):
            raise DecisionError(1, "weights must map feature -> numbers")
        if not _sound_rows(list(weights.values()), width):  # checked in C first; row by row only to name a bad one
            for feature, row in weights.items():
                if not (isinstance(row, list) and len(row) == width
                        and all(isinstance(w, (int, float)) and abs(w) < MAX_WEIGHT for w in row)):
                    raise DecisionError(1, f"weights[{feature!r}] must be {width} numbers between ±{MAX_WEIGHT:,}")
        table = {feature: tuple(map(float, row)) for feature, row in weights.items()}
        if not isinstance(threshold, (int, float)) or not 0 < threshold < 1:
            raise DecisionError(1, "threshold must be a number between 0 and 1")
        return cls(classes, tuple(float(b) for b in bias), MappingProxyType(table), float(threshold),
                   str(data.get("data_sha256", "")), str(data.get("generated_sha256", "")))

    def to_dict(self) -> dict:
        return {"version": FORMAT_VERSION, "classes": list(self.classes), "threshold": self.threshold,
                "data_sha256": self.data_sha256, "generated_sha256": self.generated_sha256,
                "bias": list(self.bias),
                "weights": {f: list(w) for f, w in sorted(self.weights.items())}}

    def scores(self, feats: Sequence[str]) -> list[float]:
        """Each class's score (bias plus the weights of the features the model knows)."""
        rows = list(filter(None, map(self.packed.get, feats)))
        offset = len(rows) * _OFFSET
        return [(field - offset) * _INVERSE_SCALE + bias
                for field, bias in zip(_FIELDS.unpack(sum(rows).to_bytes(_PACKED_BYTES, "little")), self.bias)]

    def probabilities(self, feats: Sequence[str]) -> list[float]:
        scores = self.scores(feats)
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return [e / total for e in exps]

    def decide(self, feats: Sequence[str]) -> Decision:
        scores = self.scores(feats)
        top = max(scores)
        asks = 1.0 - math.exp(scores[0] - top) / sum([math.exp(s - top) for s in scores])
        if asks < self.threshold:
            return Decision(NONE, asks)
        best = max(range(1, len(scores)), key=scores.__getitem__)  # the likeliest section: softmax keeps order
        return Decision(self.classes[best], asks)


_NUMBER_TYPES = frozenset({int, float, bool})  # what JSON numbers (and true/false, which isinstance lets by) load as


def _sound_rows(rows: list, width: int) -> bool:
    """Every row is a list of `width` numbers under MAX_WEIGHT, checked with C-level passes (77,000 weights)."""
    if not all(type(row) is list and len(row) == width for row in rows):
        return False
    values = list(chain.from_iterable(rows))
    return (_NUMBER_TYPES.issuperset(map(type, values)) and all(map(math.isfinite, values))
            and max(map(abs, values), default=0.0) < MAX_WEIGHT)


# A feature's weights (one per class) packed into one integer, 64 bits a class, each weight in fixed point and
# offset to be positive: a message's class scores are then one C-level `sum` of a few dozen integers, read back
# with `struct`, not a Python loop over features and classes. Weights keep 24 bits after the point (about 6e-8),
# far finer than the model's own precision; the offset leaves room for millions of features in one message.
_SCALE = 1 << 24
_INVERSE_SCALE = 1.0 / _SCALE  # a power of two: multiplying by it is exact
_OFFSET = 1 << 40  # > MAX_WEIGHT * _SCALE
_FIELDS = struct.Struct(f"<{len(CLASSES)}Q")
_PACKED_BYTES = _FIELDS.size


def _pack(row: Sequence[float]) -> int:
    packed = 0
    for k, weight in enumerate(row):
        packed |= (round(weight * _SCALE) + _OFFSET) << (64 * k)
    return packed


# ---------------------------------------------------------------------------------------------- features

ROLE, PLACE, NUMBER = "<r>", "<p>", "<n>"


def _bucket(value: float, edges: Sequence[float]) -> int:
    """How many of the (sorted) edges `value` reaches."""
    return bisect_right(edges, value)


def _length_bucket(words: int) -> int:
    return _bucket(words, (4, 7, 11, 16, 26))


def _zipf_bucket(zipf: float) -> int:
    """0: not an English word (or a phrase), 1: rare, 2-5: ever more common as plain English."""
    return 0 if zipf <= 0 else _bucket(zipf, (2.0, 3.0, 4.0, 5.0)) + 1


def span_features(mention: Mention, index: RoleIndex, prefix: str) -> list[str]:
    """What a role's name says about how likely it is meant as a job here."""
    zipf = _zipf_bucket(index.commonness(mention.name))
    tier = TIER_NAMES[mention.tier]
    size = min(mention.end - mention.start, 3)
    out = [f"{prefix}tier:{tier}", f"{prefix}z:{zipf}", f"{prefix}tz:{tier}|{zipf}", f"{prefix}nw:{size}"]
    if " " not in mention.name and len(mention.name) <= 4:
        form = "upper" if mention.typed_upper else ("word" if mention.name in index.lexicon else "nonword")
        out.append(f"{prefix}ab:{form}")
        if mention.tier == ABBREVIATION:
            out.append(f"{prefix}abt:{form}")
    if mention.corrected:
        out.append(f"{prefix}corr")
    return out


def features(tagged: Tagged, subjects: Sequence[Mention], index: RoleIndex, *, compare: bool) -> list[str]:
    """The sparse features the decision reads, for a message and the role mention(s) it is about."""
    words = tagged.words
    tokens: list[str] = []
    first_of: dict[int, int] = {}  # word index where a span starts -> token index
    skip_to = -1
    spans = {m.start: m.end for m in tagged.mentions}
    if tagged.area_at is not None:
        spans.setdefault(tagged.area_at[0], tagged.area_at[1])
    for i, word in enumerate(words):
        if i < skip_to:
            continue
        end = spans.get(i)
        if end is not None:
            first_of[i] = len(tokens)
            tokens.append(PLACE if tagged.area_at is not None and i == tagged.area_at[0] else ROLE)
            skip_to = end
        else:
            tokens.append(NUMBER if word.isdigit() else word)
    padded = ["<s>", *tokens, "</s>"]
    feats = [f"w:{t}" for t in tokens]
    feats += [f"b:{a}_{b}" for a, b in zip(padded, padded[1:])]
    feats += [f"t:{a}_{b}_{c}" for a, b, c in zip(padded, padded[1:], padded[2:]) if ROLE in (a, b, c)]
    main = subjects[0] if subjects else None
    if main is not None and main.start in first_of:
        at = first_of[main.start] + 1  # position in `padded`
        for offset in (1, 2, 3):
            if at - offset >= 0:
                feats.append(f"L{offset}:{padded[at - offset]}")
            if at + offset < len(padded):
                feats.append(f"R{offset}:{padded[at + offset]}")
        feats += span_features(main, index, "s:")
        zipf = _zipf_bucket(index.commonness(main.name))
        sentence = tagged.sentence[main.start] if main.start < len(tagged.sentence) else 0
        in_question = sentence in tagged.asked
        feats += [f"rq:{int(in_question)}", f"rs:{min(sentence, 2)}", f"zq:{zipf}|{int(in_question)}",
                  f"zl:{zipf}|{_length_bucket(len(words))}", f"zL1:{zipf}|{padded[at - 1]}"]
        sentence_words = tagged.sentence.count(sentence)
        feats.append(f"sl:{_length_bucket(sentence_words)}")
    if compare and len(subjects) > 1:
        feats += span_features(subjects[1], index, "s2:")
        feats.append("cmp")
    sections = sorted({section.value for _, section in tagged.cues})
    feats += [f"c:{s}" for s in sections]
    feats.append(f"nc:{min(len(sections), 2)}")
    feats.append(f"nr:{min(len({m.role_ids for m in tagged.mentions}), 3)}")
    feats.append(f"len:{_length_bucket(len(words))}")
    sentences = (max(tagged.sentence) + 1) if tagged.sentence else 0
    feats.append(f"ns:{min(sentences, 3)}")
    feats.append(f"q:{int(bool(tagged.asked))}")
    if tagged.area is not None:
        feats.append("area")
    return feats
