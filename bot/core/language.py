"""The cue words of `knowledge/language.yaml`, ready for tagging: section cues, comparison words, the words
that let a two-letter state code count, place names (with the metro areas of the wage tables), and degree
abbreviations. Data, not code: see that file."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Mapping

from bot.core.models import Section
from bot.core.normalize import fold_word, tokens
from bot.core.places import EMPTY, Gazetteer, build_gazetteer

LANGUAGE_FILE = "language.yaml"


@dataclass(frozen=True, slots=True)
class Language:
    section_of_word: Mapping[str, Section]  # folded word -> the section it asks about
    section_phrases: tuple[tuple[tuple[str, ...], Section], ...]  # folded word sequences, longest first
    compare_words: frozenset[str]
    joiners: frozenset[str]
    place_prepositions: frozenset[str]
    english_codes: frozenset[str]  # two-letter state codes that, typed in lower case, are English words
    degree_words: frozenset[str]
    degree_before: frozenset[str]
    not_a_field_role_after: frozenset[str]  # "a degree in data analysis": a subject, not a data analyst
    not_a_field_role_before: frozenset[str]  # "nursing school", "coding bootcamps"
    field_between: frozenset[str]  # words that may stand between those and the field

    own_words: frozenset[str]  # every word the cues use: never typo-corrected into a job title
    cue_vocabulary: frozenset[str]  # the single cue words a misspelt word may be corrected to ("salry")
    phrases_by_first: Mapping[str, tuple[tuple[tuple[str, ...], Section], ...]]  # first word -> its phrases
    cue_starts: frozenset[str]  # every word a section cue can begin with: most messages have none
    places: Gazetteer = field(default=EMPTY)  # states, metro areas' cities and nicknames (bot.core.places)
    # What tagging worked out for each typed word (bounded; see `bot.core.tagging`): not part of the data.
    memo: dict[str, tuple[str, str, bool]] = field(default_factory=dict, compare=False, repr=False)


def build_language(data: Mapping[str, Any], wages: Any = None) -> Language:
    """A `Language` from the parsed (and schema-checked) YAML; with the wage tables, it knows their metro areas.
    Raises `bot.core.places.PlaceDataError` for a nickname of no metro."""
    section_of_word: dict[str, Section] = {}
    phrases: list[tuple[tuple[str, ...], Section]] = []
    for name, cues in data["sections"].items():
        section = Section(name)
        for word in cues.get("words", ()):
            for folded in tokens(word):
                section_of_word.setdefault(folded, section)
        for phrase in cues.get("phrases", ()):
            folded_phrase = tuple(tokens(phrase))
            if folded_phrase:
                phrases.append((folded_phrase, section))
    phrases.sort(key=lambda item: -len(item[0]))

    def words(values: Any) -> frozenset[str]:
        return frozenset(fold_word(w) for value in values for w in tokens(value))

    compare_words = words(data["comparison"]["words"])
    own = set(section_of_word) | compare_words
    by_first: dict[str, list[tuple[tuple[str, ...], Section]]] = {}
    for phrase, section in phrases:
        own.update(phrase)
        by_first.setdefault(phrase[0], []).append((phrase, section))
    return Language(
        section_of_word=MappingProxyType(section_of_word),
        section_phrases=tuple(phrases),
        compare_words=compare_words,
        joiners=words(data["comparison"]["joiners"]),
        place_prepositions=words(data["places"]["prepositions"]),
        english_codes=frozenset(w.lower() for w in data["places"]["english_codes"]),
        degree_words=words(data["degrees"]["words"]),
        degree_before=words(data["degrees"]["before"]),
        not_a_field_role_after=words(data.get("fields", {}).get("not_a_role_after", ())),
        not_a_field_role_before=words(data.get("fields", {}).get("not_a_role_before", ())),
        field_between=words(data.get("fields", {}).get("between", ())),
        own_words=frozenset(own),
        cue_vocabulary=frozenset(section_of_word) | compare_words,
        phrases_by_first=MappingProxyType({first: tuple(group) for first, group in by_first.items()}),
        cue_starts=frozenset(section_of_word) | frozenset(by_first),
        places=build_gazetteer(data["places"], wages),
    )
