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
from typing import TYPE_CHECKING, Mapping, NamedTuple, Sequence

from bot.core.models import ABBREVIATION, TIER_NAMES

if TYPE_CHECKING:  # loading a model (`careerbot kb check`) needs neither the matcher nor the tagger
    from bot.core.matching import Mention, RoleIndex
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


def _read_json(path: Path) -> object:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise DecisionError(error.lineno, f"not valid JSON: {error.msg}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise DecisionError(1, f"cannot read file: {error}") from None


def _checked(data: object) -> tuple[list, dict, float]:
    """A model file's bias, weights and threshold, once they are sound; raises `DecisionError` if not."""
    if not isinstance(data, dict) or data.get("version") != FORMAT_VERSION:
        raise DecisionError(1, f"not a decision model of format version {FORMAT_VERSION}")
    if tuple(data.get("classes", ())) != CLASSES:
        raise DecisionError(1, f"classes must be {list(CLASSES)}")
    width = len(CLASSES)
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
    if not isinstance(threshold, (int, float)) or not 0 < threshold < 1:
        raise DecisionError(1, "threshold must be a number between 0 and 1")
    return bias, weights, threshold


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
    tables: _Tables | None = field(default=None, compare=False, repr=False)  # see `decide_message`; built on first use

    def __post_init__(self) -> None:
        if not self.packed and self.weights:
            # A plain dict (never handed out): a lookup costs half a mappingproxy's.
            object.__setattr__(self, "packed", {f: _pack(row) for f, row in self.weights.items()})

    @classmethod
    def load(cls, path: Path) -> DecisionModel:
        return cls.from_dict(_read_json(path))

    @classmethod
    def check(cls, path: Path) -> None:
        """Raise the `DecisionError` that `load(path)` would, without building the model (`kb check`: a third of
        the time)."""
        _checked(_read_json(path))

    @classmethod
    def from_dict(cls, data: object) -> DecisionModel:
        bias, weights, threshold = _checked(data)
        table = {feature: tuple(map(float, row)) for feature, row in weights.items()}
        return cls(CLASSES, tuple(float(b) for b in bias), MappingProxyType(table), float(threshold),
                   str(data.get("data_sha256", "")), str(data.get("generated_sha256", "")))

    def to_dict(self) -> dict:
        return {"version": FORMAT_VERSION, "classes": list(self.classes), "threshold": self.threshold,
                "data_sha256": self.data_sha256, "generated_sha256": self.generated_sha256,
                "bias": list(self.bias),
                "weights": {f: list(w) for f, w in sorted(self.weights.items())}}

    def scores(self, feats: Sequence[str]) -> list[float]:
        """Each class's score (bias plus the weights of the features the model knows)."""
        rows = list(filter(None, map(self.packed.get, feats)))
        return self._unpacked(sum(rows), len(rows))

    def _unpacked(self, total: int, count: int) -> list[float]:
        """The class scores from the sum of `count` packed weight rows (see `_pack`)."""
        offset = count * _OFFSET
        return [(field - offset) * _INVERSE_SCALE + bias
                for field, bias in zip(_FIELDS.unpack(total.to_bytes(_PACKED_BYTES, "little")), self.bias)]

    def probabilities(self, feats: Sequence[str]) -> list[float]:
        scores = self.scores(feats)
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return [e / total for e in exps]

    def decide(self, feats: Sequence[str]) -> Decision:
        return self._decision(self.scores(feats))

    def decide_message(self, tagged: Tagged, subjects: Sequence[Mention], index: RoleIndex, *,
                       compare: bool) -> Decision:
        """`decide(features(tagged, subjects, index, compare=compare))` without making the feature strings: the
        weights are looked up by the words themselves (`_Tables`), and a message's shape (`_Shape`: its length,
        cues, how its role is named…) is looked up once, its weights summed the first time it is seen. The
        result is the same to the last bit: the packed sums are integers (tests compare the two)."""
        return self._decision(self._message_scores(tagged, subjects, index, compare))

    def _message_scores(self, tagged: Tagged, subjects: Sequence[Mention], index: RoleIndex,
                        compare: bool) -> list[float]:
        tables = self.tables
        if tables is None:  # built on first use: `kb check` loads the model and never needs them
            tables = _Tables.of(self.packed)
            object.__setattr__(self, "tables", tables)
        tokens, first_of = _tokens(tagged)
        padded = ["<s>", *tokens, "</s>"]
        after = padded[1:]
        found = [map(tables.words.get, tokens), map(tables.pairs.get, zip(padded, after)),
                 map(tables.triples.get, zip(padded, after, padded[2:]))]  # every triple filed holds `<r>`
        at = _main_role_at(subjects, first_of)
        key = _shape_key(tagged, subjects, at, compare)
        known = tables.shapes.get(key) if tables.index is index else None
        if known is None:
            shape = _shape(tagged, subjects, index, at, compare)
            known = tables.remember(index, key, shape, [self.packed.get(f) for f in _shape_features(shape, None)])
        total, count, zipf = known
        if at is not None:
            found += [map(dict.get, tables.left, reversed(padded[max(at - 3, 0):at])),
                      map(dict.get, tables.right, padded[at + 1:at + 4]), (tables.before_main.get((zipf, padded[at - 1])),)]
        rows = list(filter(None, chain.from_iterable(found)))
        return self._unpacked(sum(rows) + total, len(rows) + count)

    def _decision(self, scores: list[float]) -> Decision:
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        asks = 1.0 - exps[0] / sum(exps)
        if asks < self.threshold:
            return Decision(NONE, asks)
        best = scores.index(max(scores[1:]), 1)  # the likeliest section (the first of equals): softmax keeps order
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


_NOTHING: dict = {}
_SHAPES_REMEMBERED = 50_000


class _Tables:
    """The packed weights arranged for `DecisionModel.decide_message`: by the tokens a feature is made of, so a
    message's weights are found without making its feature strings. A feature whose tokens hold "_" ("b:a_b_c")
    is filed under every way of cutting it, so the lookup by tokens finds exactly what the string would.

    It also remembers, per message shape (`_shape_key`), the summed weights of the shape's features: they depend
    on the role index too (how common a name is), so they are kept for one index at a time."""

    __slots__ = ("words", "pairs", "triples", "left", "right", "before_main", "shapes", "index")

    def __init__(self) -> None:
        self.words: dict[str, int] = {}  # "w:<token>"
        self.pairs: dict[tuple[str, str], int] = {}  # "b:<a>_<b>"
        self.triples: dict[tuple[str, str, str], int] = {}  # "t:<a>_<b>_<c>", where one of them is `<r>`
        self.left: tuple[dict[str, int], ...] = ({}, {}, {})  # "L1:<token>" … "L3:<token>"
        self.right: tuple[dict[str, int], ...] = ({}, {}, {})  # "R1:<token>" … "R3:<token>"
        self.before_main: dict[tuple[int, str], int] = {}  # "zL1:<zipf>|<token>"
        self.shapes: dict[tuple, tuple[int, int, int]] = {}  # shape key -> summed weights, their count, main zipf
        self.index: RoleIndex | None = None  # the index `shapes` was computed with

    @classmethod
    def of(cls, packed: Mapping[str, int]) -> _Tables:
        tables = cls()
        sides = {"L": tables.left, "R": tables.right}
        for feature, value in packed.items():
            kind, _, rest = feature.partition(":")
            if kind == "w":
                tables.words[rest] = value
            elif kind == "b":
                for key in _cuts(rest, 2):
                    tables.pairs[key] = value
            elif kind == "t":
                for key in _cuts(rest, 3):
                    if ROLE in key:  # `features` makes no other: the lookup tries every triple
                        tables.triples[key] = value
            elif len(kind) == 2 and kind[0] in sides and kind[1] in "123":
                sides[kind[0]][int(kind[1]) - 1][rest] = value
            elif kind == "zL1":
                zipf, _, token = rest.partition("|")
                if zipf.isdigit():
                    tables.before_main[(int(zipf), token)] = value
        return tables

    def remember(self, index: RoleIndex, key: tuple, shape: _Shape, rows: list[int | None]) -> tuple[int, int, int]:
        if self.index is not index or len(self.shapes) >= _SHAPES_REMEMBERED:
            self.shapes.clear()  # bounded; and what was summed with another index no longer holds
            self.index = index
        found = [row for row in rows if row]
        known = self.shapes[key] = (sum(found), len(found), shape.main.zipf if shape.main is not None else 0)
        return known

    def __getstate__(self) -> tuple:
        """Pickled (in the knowledge snapshot) without what it remembered."""
        return self.words, self.pairs, self.triples, self.left, self.right, self.before_main

    def __setstate__(self, state: tuple) -> None:
        self.words, self.pairs, self.triples, self.left, self.right, self.before_main = state
        self.shapes, self.index = {}, None


def _cuts(text: str, parts: int) -> list[tuple[str, ...]]:
    """Every way to cut `text` at "_" into `parts` pieces (one way, as a rule: tokens hold no "_")."""
    pieces = text.split("_")
    if len(pieces) == parts:
        return [tuple(pieces)]
    if parts == 1 or len(pieces) < parts:
        return [(text,)] if parts == 1 else []
    return [("_".join(pieces[:i]), *rest) for i in range(1, len(pieces)) for rest in _cuts("_".join(pieces[i:]), parts - 1)]


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


class _SpanShape(NamedTuple):
    """What the features read of a role's name (how likely it is meant as a job here): a few small values."""

    tier: str
    zipf: int
    size: int
    form: str | None  # a short one-word name: "upper" (typed in capitals), "word" (English) or "nonword"
    abbreviation: bool
    corrected: bool


def _span_shape(mention: Mention, index: RoleIndex) -> _SpanShape:
    form = None
    if " " not in mention.name and len(mention.name) <= 4:
        form = "upper" if mention.typed_upper else ("word" if mention.name in index.lexicon else "nonword")
    return _SpanShape(TIER_NAMES[mention.tier], _zipf_bucket(index.commonness(mention.name)),
                      min(mention.end - mention.start, 3), form, mention.tier == ABBREVIATION, mention.corrected)


def _span_strings(shape: _SpanShape, prefix: str) -> list[str]:
    tier, zipf = shape.tier, shape.zipf
    out = [f"{prefix}tier:{tier}", f"{prefix}z:{zipf}", f"{prefix}tz:{tier}|{zipf}", f"{prefix}nw:{shape.size}"]
    if shape.form is not None:
        out.append(f"{prefix}ab:{shape.form}")
        if shape.abbreviation:
            out.append(f"{prefix}abt:{shape.form}")
    if shape.corrected:
        out.append(f"{prefix}corr")
    return out


def _tokens(tagged: Tagged) -> tuple[list[str], dict[int, int]]:
    """The message's words with each role name replaced by `<r>`, the place by `<p>` and numbers by `<n>`, and
    where each replaced span starts (word index -> token index)."""
    tokens: list[str] = []
    first_of: dict[int, int] = {}
    skip_to = -1
    area_at = tagged.area_at
    spans = {m.start: m.end for m in tagged.mentions}
    if area_at is not None:
        spans.setdefault(area_at[0], area_at[1])
    for i, word in enumerate(tagged.words):
        if i < skip_to:
            continue
        end = spans.get(i)
        if end is not None:
            first_of[i] = len(tokens)
            tokens.append(PLACE if area_at is not None and i == area_at[0] else ROLE)
            skip_to = end
        else:
            tokens.append(NUMBER if word.isdigit() else word)
    return tokens, first_of


class _Shape(NamedTuple):
    """Everything the message-level features read besides its words: all small values, so the features they
    make (and their summed weights) can be remembered per shape."""

    main: _SpanShape | None
    in_question: bool
    sentence: int  # the main role's sentence, at most 2
    length: int  # length bucket of the message
    sentence_length: int  # length bucket of the main role's sentence
    second: _SpanShape | None  # the other side of a comparison
    sections: tuple[str, ...]
    roles: int  # distinct roles named, at most 3
    sentences: int  # at most 3
    asked: bool
    area: bool


def _shape(tagged: Tagged, subjects: Sequence[Mention], index: RoleIndex, main_at: int | None,
           compare: bool) -> _Shape:
    main = subjects[0] if main_at is not None else None
    in_question, sentence, sentence_length = False, 0, 0
    if main is not None:
        sentence = tagged.sentence[main.start] if main.start < len(tagged.sentence) else 0
        in_question = sentence in tagged.asked
        sentence_length = _length_bucket(tagged.sentence.count(sentence))
    return _Shape(
        _span_shape(main, index) if main is not None else None, in_question, min(sentence, 2),
        _length_bucket(len(tagged.words)), sentence_length,
        _span_shape(subjects[1], index) if compare and len(subjects) > 1 else None,
        tuple(sorted({section.value for _, section in tagged.cues})),
        min(len({m.role_ids for m in tagged.mentions}), 3),
        min((max(tagged.sentence) + 1) if tagged.sentence else 0, 3), bool(tagged.asked), tagged.area is not None)


def _shape_key(tagged: Tagged, subjects: Sequence[Mention], main_at: int | None, compare: bool) -> tuple:
    """Plain values that fix a message's `_Shape` (with the role index): cheaper to make than the shape itself."""
    sentence = tagged.sentence
    main = second = None
    if main_at is not None:
        role = subjects[0]
        number = sentence[role.start] if role.start < len(sentence) else 0
        main = (role.name, role.tier, role.typed_upper, role.corrected, role.end - role.start, number,
                number in tagged.asked, sentence.count(number))
    if compare and len(subjects) > 1:
        other = subjects[1]
        second = (other.name, other.tier, other.typed_upper, other.corrected, other.end - other.start)
    return (main, second, len(tagged.words), tagged.cues, len({m.role_ids for m in tagged.mentions}),
            max(sentence) if sentence else -1, bool(tagged.asked), tagged.area is not None)


def _main_role_at(subjects: Sequence[Mention], first_of: dict[int, int]) -> int | None:
    """The main role's position among the padded tokens, if it is a span of its own."""
    if subjects and subjects[0].start in first_of:
        return first_of[subjects[0].start] + 1
    return None


def _shape_features(shape: _Shape, before_main: str | None) -> list[str]:
    """The features of a message's shape, in `features`' order, and the one that pairs the main role's commonness
    with the token before it (`before_main`), unless that is None."""
    feats: list[str] = []
    main = shape.main
    if main is not None:
        feats += _span_strings(main, "s:")
        zipf, in_question = main.zipf, int(shape.in_question)
        feats += [f"rq:{in_question}", f"rs:{shape.sentence}", f"zq:{zipf}|{in_question}",
                  f"zl:{zipf}|{shape.length}"]
        if before_main is not None:
            feats.append(f"zL1:{zipf}|{before_main}")
        feats.append(f"sl:{shape.sentence_length}")
    if shape.second is not None:
        feats += _span_strings(shape.second, "s2:")
        feats.append("cmp")
    feats += [f"c:{s}" for s in shape.sections]
    feats.append(f"nc:{min(len(shape.sections), 2)}")
    feats.append(f"nr:{shape.roles}")
    feats.append(f"len:{shape.length}")
    feats.append(f"ns:{shape.sentences}")
    feats.append(f"q:{int(shape.asked)}")
    if shape.area:
        feats.append("area")
    return feats


def features(tagged: Tagged, subjects: Sequence[Mention], index: RoleIndex, *, compare: bool) -> list[str]:
    """The sparse features the decision reads, for a message and the role mention(s) it is about. This is the
    definition the model is trained on; `DecisionModel.decide_message` computes the same scores without making
    the strings."""
    tokens, first_of = _tokens(tagged)
    padded = ["<s>", *tokens, "</s>"]
    feats = [f"w:{t}" for t in tokens]
    feats += [f"b:{a}_{b}" for a, b in zip(padded, padded[1:])]
    feats += [f"t:{a}_{b}_{c}" for a, b, c in zip(padded, padded[1:], padded[2:]) if ROLE in (a, b, c)]
    at = _main_role_at(subjects, first_of)
    if at is not None:
        for offset in (1, 2, 3):
            if at - offset >= 0:
                feats.append(f"L{offset}:{padded[at - offset]}")
            if at + offset < len(padded):
                feats.append(f"R{offset}:{padded[at + offset]}")
    feats += _shape_features(_shape(tagged, subjects, index, at, compare), padded[at - 1] if at is not None else None)
    return feats
