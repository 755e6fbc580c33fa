"""Tag a message in one pass: role names, a place, section cues and comparison words, as labelled spans.

Tagging is exact where rules are exact: names are looked up in the role index (typo correction only for words
that are not English), a place is a state or a metro area named as `bot.core.places` reads them (a state's
name or postal code, a city, "City, ST", a nickname), a cue is a word or phrase of
`knowledge/language.yaml`. Whether the message *asks* about the roles it names is not decided here: that is
the learned decision's job (`bot.core.decision`), which reads these spans.
"""

from __future__ import annotations

import re
from operator import itemgetter
from typing import NamedTuple
from functools import lru_cache

from rapidfuzz import fuzz, process

from bot.core.language import Language
from bot.core.matching import Found, Mention, RoleIndex
from bot.core.models import Section
from bot.core.normalize import fold_word, split_words
from bot.core.places import Place, find_place

# A misspelt cue word is corrected to the nearest cue word at least this similar ("salry" -> "salary": 91).
CUE_CUTOFF = 84.0
# Shorter words are never corrected to a cue: "pya" is too short to be sure it meant "pay".
MIN_CUE_TYPO = 5
MAX_WORDS = 120
_MEMO_SIZE = 50_000

# The parts of a word's form (`_word_form`).
_FIXED, _FOR_MATCHING, _MAY_BE_CUE = itemgetter(0), itemgetter(1), itemgetter(2)

_SENTENCE = re.compile(r"([^.!?]*)([.!?]*)")
_SENTENCE_END = re.compile(r"[.!?]")


class Tagged(NamedTuple):
    """What one pass over a message found."""

    text: str
    typed: tuple[str, ...]  # the words as typed
    found: Found  # the normalised (corrected) words and the role mentions among them
    sentence: tuple[int, ...]  # each word's sentence number, from 0
    asked: frozenset[int]  # the sentences that end with a question mark
    cues: tuple[tuple[int, Section], ...]  # (word index, section) of each section cue outside role names
    compare_at: tuple[int, ...]  # word indexes of comparison words outside role names
    area: str | None  # postal code of the US state named (for a metro, its state)
    area_at: tuple[int, int] | None  # the words that named the place
    place: Place | None = None  # the place named: a state, a metro, or the metros a city could be

    @property
    def words(self) -> tuple[str, ...]:
        return self.found.words

    @property
    def mentions(self) -> tuple[Mention, ...]:
        return self.found.mentions

    @property
    def sections(self) -> set[Section]:
        return {section for _, section in self.cues}

    def in_role(self) -> list[bool]:
        flags = [False] * len(self.found.words)
        for mention in self.found.mentions:
            for i in range(mention.start, mention.end):
                flags[i] = True
        return flags


def tag(text: str, index: RoleIndex, language: Language, *, addressed: bool = False) -> Tagged:
    typed, sentence, asked = _split(text)
    memo = language.memo
    forms = [memo.get(word) or _word_form(word, language, index) for word in typed]
    fixed = list(map(_FIXED, forms))
    # Typos are corrected only where a message shows signs of asking: chatter keeps its words as typed.
    signals = addressed or "?" in text or any(map(_MAY_BE_CUE, forms)) and (
        not language.compare_words.isdisjoint(fixed) or bool(_cues(fixed, [False] * len(fixed), language)))
    # A corrected cue word is passed on in its right spelling, so it is never bent into a job title instead.
    found = index.find_words(list(map(_FOR_MATCHING, forms)), correct=signals, keep=language.own_words)
    flags = _flags(found)
    place = find_place(typed, list(found.raw), flags, sentence, language.places,
                       known_word=index.lexicon.__contains__)
    area_at = place.at if place is not None else None
    if found.mentions:
        kept = _without_non_roles(found, area_at, language)
        if kept is not found:
            found, flags = kept, _flags(kept)
    words = found.words
    compare_words = language.compare_words
    return Tagged(
        text,
        tuple(typed),
        found,
        tuple(sentence),
        frozenset(asked),
        tuple(_cues(words, flags, language)),
        () if compare_words.isdisjoint(words) else
        tuple(i for i, (w, inside) in enumerate(zip(words, flags)) if w in compare_words and not inside),
        place.state if place is not None else None,
        area_at,
        place,
    )


def _split(text: str) -> tuple[list[str], list[int], set[int]]:
    """Words as typed, each one's sentence number, and the sentences that end with "?"."""
    body = text.rstrip().rstrip(".!?")
    if not _SENTENCE_END.search(body):  # one sentence, most chat, perhaps ending in "?"
        words = split_words(body)[:MAX_WORDS]
        return words, [0] * len(words), {0} if words and "?" in text[len(body):] else set()
    return _split_sentences(text)


def _split_sentences(text: str) -> tuple[list[str], list[int], set[int]]:
    """`_split` for any text: sentence by sentence."""
    words: list[str] = []
    sentence: list[int] = []
    asked: set[int] = set()
    current = 0
    for chunk, ends in _SENTENCE.findall(text):  # the text between sentence ends, and the end that follows
        found = split_words(chunk)
        if found:
            room = MAX_WORDS - len(words)
            if room <= 0 or len(found) > room:
                words += found[:max(room, 0)]
                sentence += [current] * max(room, 0)
                break
            words += found
            sentence += [current] * len(found)
        if "?" in ends:
            asked.add(current)
        if ends and sentence and sentence[-1] == current:
            current += 1
    return words, sentence, asked


def _flags(found: Found) -> list[bool]:
    flags = [False] * len(found.words)
    for mention in found.mentions:
        for i in range(mention.start, mention.end):
            flags[i] = True
    return flags


def _word_form(typed: str, language: Language, index: RoleIndex) -> tuple[str, str, bool]:
    """One typed word's lower-case folded form with a misspelt cue word put right, the form role matching
    gets (the cue's right spelling, or the word as typed: its case matters), and whether it may be a cue.
    Remembered per language (bounded): chat repeats its words."""
    lowered = fold_word(typed.lower())
    fixed = _cue_spelling(lowered, language, index)
    form = (fixed, fixed if fixed != lowered else typed,
            fixed in language.compare_words or fixed in language.section_of_word or fixed in language.phrases_by_first)
    if len(language.memo) >= _MEMO_SIZE:
        language.memo.clear()
    language.memo[typed] = form
    return form


def _cue_spelling(word: str, language: Language, index: RoleIndex) -> str:
    """A misspelt cue word in its right spelling ("salry" -> "salary", "requirments" -> "requirement")."""
    if word in language.cue_vocabulary or len(word) < MIN_CUE_TYPO or not word.isalpha() or word in index.lexicon:
        return word
    return _nearest_cue(word, language.cue_vocabulary)


@lru_cache(maxsize=20000)
def _nearest_cue(word: str, vocabulary: frozenset[str]) -> str:
    best = process.extractOne(word, sorted(vocabulary), scorer=fuzz.ratio, score_cutoff=CUE_CUTOFF)
    return best[0] if best else word


def _cues(words: list[str], in_role: list[bool], language: Language) -> list[tuple[int, Section]]:
    """Section cues outside role names, left to right: a phrase where one starts (longest first), else a word."""
    if language.cue_starts.isdisjoint(words):
        return []
    cues: list[tuple[int, Section]] = []
    phrases_from, section_of = language.phrases_by_first.get, language.section_of_word.get
    covered_to = 0  # words before this index belong to a phrase already found
    for start, word in enumerate(words):
        if start < covered_to or in_role[start]:
            continue
        for phrase, section in phrases_from(word, ()):
            end = start + len(phrase)
            if tuple(words[start:end]) == phrase and not any(in_role[start:end]):
                cues.append((start, section))
                covered_to = end
                break
        else:
            section = section_of(word)
            if section is not None:
                cues.append((start, section))
    return cues


def _without_non_roles(found: Found, area_at: tuple[int, int] | None, language: Language) -> Found:
    """Drop mentions that are really a place ("in PA", "in Mobile") or a degree ("a BA in English")."""
    words = found.words

    def keep(m: Mention) -> bool:
        if area_at is not None and m.start < area_at[1] and area_at[0] < m.end:
            return False
        if m.name in language.degree_words and m.end < len(words) and words[m.end] in language.degree_before:
            return False
        return True

    kept = tuple(m for m in found.mentions if keep(m))
    return found if len(kept) == len(found.mentions) else Found(words=found.words, mentions=kept, raw=found.raw)
