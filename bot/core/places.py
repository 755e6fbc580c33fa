"""Places in a message: US states and BLS metro areas, named the way people name them.

A gazetteer of every name a place goes by, built once from the wage tables' metro areas and the place words
of `knowledge/language.yaml`:

* a state's name or postal code ("Texas", "TX"; `bot.core.areas`);
* a principal city from a metro's BLS name ("Austin-Round Rock-San Marcos, TX" -> Austin, Round Rock,
  San Marcos), alone or with its state ("Portland, OR", "portland maine");
* a nickname from language.yaml ("NYC", "the Bay Area", "DFW", "Philly").

A city named by several metros (Portland, OR and Portland, ME) is ambiguous: `find_place` returns them all and
the answer asks which. Cities whose names are everyday words ("Mobile", "Reading", "Temple"), first names
("Austin", "Tyler") or famous abroad ("Vancouver", "Cambridge") need the context language.yaml asks for, so
"mobile developer" and "ask Tyler" stay what they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Iterable, Mapping, NamedTuple

from rapidfuzz.distance import OSA

from bot.core.areas import AREA_BY_NAME, AREAS
from bot.core.normalize import split_words, tokens


def fold(word: str) -> str:
    return tokens(word)[0] if tokens(word) else word.lower()

# How a city name may stand in a message (see the module doc and language.yaml's `places`).
ANYWHERE, LAST_OR_AFTER, AFTER_STRICT, WITH_STATE = "anywhere", "last_or_after", "after_strict", "with_state"

# A misspelt state name is corrected when it is this many edits (a swap counts as one) from exactly one name.
SHORT_STATE_TYPO, LONG_STATE_TYPO, LONG_STATE = 1, 2, 7
MIN_STATE_TYPO = 5
# A city named by several metros is read as the biggest when it has this many times the jobs of all the rest.
DOMINANT = 10
# Words that may stand between a place preposition and the place ("in the Bay Area", "near greater Boston").
FILLERS = frozenset({"the", "greater", "downtown", "metro"})
# Abbreviations whose full stop does not end a sentence inside a city's name.
ABBREVIATIONS = frozenset({"st", "ft", "mt"})
# Words after a city that keep it a place when it must end its sentence ("in Mobile area").
PLACE_TAILS = frozenset({"area", "metro", "region", "city"})


@dataclass(frozen=True, slots=True)
class MetroArea:
    code: str
    name: str  # BLS's name, "Austin-Round Rock-San Marcos, TX"
    state: str  # the state BLS files it under: the first-named city's
    states: tuple[str, ...]  # every state it reaches ("OR", "WA")
    cities: tuple[str, ...]  # its principal cities as BLS names them
    employment: int


@dataclass(frozen=True, slots=True)
class PlaceName:
    """What one name (folded words) stands for: a state, or one or more metros (several = ambiguous)."""

    state: str | None = None
    metros: tuple[str, ...] = ()
    rule: str = ANYWHERE
    short: bool = False  # a short nickname ("LA", "SF"): capitals, or after a place preposition
    nickname: bool = False


class Place(NamedTuple):
    """The place a message names. `metro` is set when it names one metro, `options` when a city could be
    several; `state` is the state (for a metro, its state; for options, theirs when they share one)."""

    state: str | None
    metro: str | None
    options: tuple[str, ...]
    at: tuple[int, int]  # the words that name it
    said: str  # those words as typed

    @property
    def ambiguous(self) -> bool:
        return bool(self.options)


@dataclass(frozen=True, slots=True)
class Gazetteer:
    names: Mapping[tuple[str, ...], PlaceName]
    longest_from: Mapping[str, int]  # first word -> the most words a name starting with it has
    metros: Mapping[str, MetroArea]
    prepositions: frozenset[str]
    strict_prepositions: frozenset[str]
    english_codes: frozenset[str]
    state_spellings: tuple[tuple[str, str], ...] = field(default=())  # (lower-case state name, code)
    misspellings: dict[str, str | None] = field(default_factory=dict, compare=False, repr=False)  # a memo

    def metro_label(self, code: str, city: str | None = None) -> str:
        """"Portland, OR" when `city` is the metro's first city, else the metro's BLS name."""
        metro = self.metros[code]
        if city is not None and metro.cities and tokens(metro.cities[0]) == tokens(city):
            return f"{metro.cities[0]}, {metro.state}"
        return metro.name


EMPTY = Gazetteer(MappingProxyType({}), MappingProxyType({}), MappingProxyType({}), frozenset(), frozenset(),
                  frozenset())


class PlaceDataError(ValueError):
    """A place word of language.yaml does not fit the wage tables (a nickname of no metro); `key` says which."""

    def __init__(self, key: tuple[str, ...], message: str) -> None:
        self.key = key
        super().__init__(message)


def metro_areas(wages: Any, hyphenated: Iterable[str] = ()) -> dict[str, MetroArea]:
    """Every metropolitan area of the wage tables with its principal cities; nonmetropolitan areas have none.
    BLS joins cities with "-" (and "--", "/"); a city whose own name has a hyphen is kept whole."""
    whole = {city: city.replace("-", "\0") for city in hyphenated}
    out: dict[str, MetroArea] = {}
    for code, metro in wages.metros.items():
        cities_part, _, states_part = metro.name.rpartition(", ")
        states = tuple(s for s in states_part.split("-") if s in AREAS)
        for city, kept in whole.items():
            cities_part = cities_part.replace(city, kept)
        cities: tuple[str, ...] = ()
        if "nonmetropolitan" not in metro.name:
            cities = tuple(c.strip().replace("\0", "-") for piece in re.split(r"--|/", cities_part)
                           for c in piece.split("-") if c.strip())
        out[code] = MetroArea(code, metro.name, metro.state, states or (metro.state,), cities,
                              metro.employment or 0)
    return out


def build_gazetteer(data: Mapping[str, Any], wages: Any) -> Gazetteer:
    """The gazetteer from language.yaml's `places` and the wage tables' metro areas."""
    hyphenated = data.get("hyphenated_cities", ())
    metros = metro_areas(wages, hyphenated) if wages is not None and getattr(wages, "metros", None) else {}
    rules = {}
    for rule, key in ((LAST_OR_AFTER, "first_names"), (AFTER_STRICT, "everyday_words"), (WITH_STATE, "known_abroad")):
        for name in data.get(key, ()):
            rules[tuple(tokens(name))] = rule
    by_city: dict[tuple[str, ...], list[str]] = {}
    for metro in metros.values():
        for city in metro.cities:
            by_city.setdefault(tuple(tokens(city)), []).append(metro.code)
    names: dict[tuple[str, ...], PlaceName] = {}
    for city, codes in by_city.items():
        names[city] = PlaceName(metros=tuple(codes), rule=rules.get(city, ANYWHERE))
    for name, code in AREA_BY_NAME.items():  # a state's name wins over a city's ("Washington", "New York")…
        key = tuple(name.split())
        shadowed = names[key].metros if key in names and names[key].state is None else ()
        names[key] = PlaceName(state=code, metros=shadowed)  # …unless a state follows it ("New York, NY")
    for nickname, target in (data.get("nicknames") or {}).items() if metros else ():
        key = tuple(tokens(nickname))
        codes = _city_with_state(target, by_city, metros)
        if not key or len(codes) != 1:
            raise PlaceDataError(("places", "nicknames", nickname),
                                 f"nickname {nickname!r}: {target!r} is not one metro's city and state (\"Austin, TX\")")
        short = len(key) == 1 and len(key[0]) <= 2
        names[key] = PlaceName(metros=codes, rule=ANYWHERE, short=short, nickname=True)
    longest: dict[str, int] = {}
    for key in names:
        longest[key[0]] = max(longest.get(key[0], 0), len(key))

    def words(key: str) -> frozenset[str]:
        return frozenset(w for value in data.get(key, ()) for w in tokens(value))

    spellings = tuple(sorted({(name.lower(), code) for code, name in AREAS.items()}))
    return Gazetteer(
        names=MappingProxyType(names),
        longest_from=MappingProxyType(longest),
        metros=MappingProxyType(metros),
        prepositions=words("prepositions"),
        strict_prepositions=words("strict_prepositions"),
        english_codes=frozenset(w.lower() for w in data.get("english_codes", ())),
        state_spellings=spellings,
    )


def _city_with_state(text: str, by_city: Mapping[tuple[str, ...], list[str]],
                     metros: Mapping[str, MetroArea]) -> tuple[str, ...]:
    """The metros of a "City, ST" text."""
    city, _, state = text.rpartition(",")
    codes = by_city.get(tuple(tokens(city)), [])
    return tuple(c for c in codes if state.strip().upper() in metros[c].states)


# -- finding a place in a message --------------------------------------------------------------------------------

def find_place(typed: list[str], words: list[str], in_role: list[bool], sentence: list[int], gazetteer: Gazetteer,
               known_word=lambda word: False) -> Place | None:
    """The place a message names: the first metro it names, else the first state.

    `typed` are the words as typed, `words` the same folded to lower case; `in_role` marks words inside a role's
    name; `known_word(w)` says whether a word is English (a misspelt state name is never an English word).
    """
    found: list[Place] = []
    taken = [False] * len(words)
    starts = gazetteer.longest_from
    next_free = 0
    begins = [] if starts.keys().isdisjoint(words) else [i for i, word in enumerate(words) if word in starts]
    for start in begins:  # only words that begin a place name
        if start < next_free:
            continue
        place = _name_at(start, typed, words, in_role, sentence, gazetteer)
        if place is not None:
            found.append(place)
            taken[place.at[0] : place.at[1]] = [True] * (place.at[1] - place.at[0])
            next_free = place.at[1]
    after_preposition = not gazetteer.prepositions.isdisjoint(words)
    for place in (_code_after_preposition(typed, words, gazetteer) if after_preposition else None,
                  _code_at_end(typed, words, in_role, gazetteer),
                  _misspelt_state(typed, words, in_role, gazetteer, known_word, after_preposition)):
        if place is not None and not any(taken[place.at[0] : place.at[1]]):
            found.append(place)
    if not found:
        return None
    metros = [p for p in found if p.metro is not None or p.options]
    return min(metros or found, key=lambda p: p.at[0])


def _after_preposition(start: int, words: list[str], prepositions: frozenset[str]) -> bool:
    before = start - 1
    while before >= 0 and words[before] in FILLERS:
        before -= 1
    return before >= 0 and words[before] in prepositions


def _ends_sentence(end: int, words: list[str], sentence: list[int]) -> bool:
    return end >= len(words) or sentence[end] != sentence[end - 1]


def _name_at(start: int, typed: list[str], words: list[str], in_role: list[bool], sentence: list[int],
             gazetteer: Gazetteer) -> Place | None:
    longest = gazetteer.longest_from.get(words[start])
    if longest is None:
        return None
    for end in range(min(len(words), start + longest), start, -1):
        name = gazetteer.names.get(tuple(words[start:end]))
        if name is None or not _one_sentence(start, end, words, sentence):
            continue
        place = _accept(name, start, end, typed, words, in_role, sentence, gazetteer)
        if place is not None:
            return place
    return None


def _one_sentence(start: int, end: int, words: list[str], sentence: list[int]) -> bool:
    """The words are in one sentence, but for the full stop of an abbreviation ("St. Cloud", "Ft. Myers")."""
    return all(sentence[i + 1] == sentence[i] or words[i] in ABBREVIATIONS for i in range(start, end - 1))


def _accept(name: PlaceName, start: int, end: int, typed: list[str], words: list[str], in_role: list[bool],
            sentence: list[int], gazetteer: Gazetteer) -> Place | None:
    after = _after_preposition(start, words, gazetteer.prepositions)
    said = " ".join(typed[start:end])
    if name.state is not None:
        if any(in_role[start:end]):
            return None
        qualifier = _state_after(end, typed, words, sentence, gazetteer, name.metros) if name.metros else None
        narrowed = tuple(c for c in name.metros if qualifier and qualifier[0] in gazetteer.metros[c].states)
        if qualifier is not None and narrowed:  # "New York, NY", "Washington, DC": the city
            return _metro_place(narrowed, (start, qualifier[1]), " ".join(typed[start : qualifier[1]]), gazetteer,
                                typed[start:end])
        return Place(name.state, None, (), (start, end), said)
    # A city may be followed by its state: "Portland, OR", "portland maine", "Austin TX".
    qualifier = _state_after(end, typed, words, sentence, gazetteer, name.metros)
    codes = name.metros
    if qualifier is not None:
        state, q_end = qualifier
        narrowed = tuple(c for c in codes if state in gazetteer.metros[c].states)
        if not narrowed:  # "Portland, TX": no such metro; the state still stands
            return Place(state, None, (), (q_end - 1, q_end), typed[q_end - 1])
        return _metro_place(narrowed, (start, q_end), " ".join(typed[start:q_end]), gazetteer, typed[start:end])
    role_inside = any(in_role[start:end])
    if name.short and not (all(t.isupper() for t in typed[start:end]) or after):
        return None
    if name.rule == ANYWHERE:
        ok = not role_inside or after
    elif name.rule == LAST_OR_AFTER:
        ok = after or end == len(words)
    elif name.rule == AFTER_STRICT:
        ok = (_after_preposition(start, words, gazetteer.strict_prepositions)
              and (_ends_sentence(end, words, sentence) or words[end] in PLACE_TAILS))
    else:  # WITH_STATE: only with a state after it, handled above
        ok = False
    if not ok:
        return None
    return _metro_place(codes, (start, end), said, gazetteer, typed[start:end])


def _metro_place(codes: tuple[str, ...], at: tuple[int, int], said: str, gazetteer: Gazetteer,
                 city: list[str]) -> Place:
    chosen = _pick(codes, city, gazetteer)
    if len(chosen) == 1:
        metro = gazetteer.metros[chosen[0]]
        return Place(metro.state, metro.code, (), at, said)
    states = {gazetteer.metros[c].state for c in chosen}
    return Place(states.pop() if len(states) == 1 else None, None, chosen, at, said)


def _pick(codes: tuple[str, ...], city: list[str], gazetteer: Gazetteer) -> tuple[str, ...]:
    """The metro a city name means: the one it is the first city of, else the one far bigger than the rest;
    several when it could be any of them (Portland, OR and Portland, ME)."""
    if len(codes) == 1:
        return codes
    folded = tuple(tokens(" ".join(city)))
    first = [c for c in codes if gazetteer.metros[c].cities and tuple(tokens(gazetteer.metros[c].cities[0])) == folded]
    if len(first) == 1:
        return tuple(first)
    pool = first or list(codes)
    pool.sort(key=lambda c: -gazetteer.metros[c].employment)
    if gazetteer.metros[pool[0]].employment >= DOMINANT * sum(gazetteer.metros[c].employment for c in pool[1:]):
        return (pool[0],)
    return tuple(pool)


def _state_after(end: int, typed: list[str], words: list[str], sentence: list[int], gazetteer: Gazetteer,
                 metros: tuple[str, ...]) -> tuple[str, int] | None:
    """A state named right after a city: its postal code (any case if one of the city's metros is in it) or its
    name. Returns (code, end of the state's words)."""
    if end >= len(words) or sentence[end] != sentence[end - 1]:
        return None
    token = typed[end]
    if len(token) == 2 and token.upper() in AREAS:
        code = token.upper()
        if token.isupper() or any(code in gazetteer.metros[c].states for c in metros) \
                or token.lower() not in gazetteer.english_codes:
            return code, end + 1
        return None
    for size in (3, 2, 1):
        name = gazetteer.names.get(tuple(words[end : end + size]))
        if name is not None and name.state is not None and end + size <= len(words):
            return name.state, end + size
    return None


def _code_after_preposition(typed: list[str], words: list[str], gazetteer: Gazetteer) -> Place | None:
    """A postal code after a place preposition ("in TX"; "in me" is not Maine: lower case only if not English)."""
    for i in [i for i, token in enumerate(typed) if len(token) == 2 and i]:
        token = typed[i]
        if words[i - 1] not in gazetteer.prepositions:
            continue
        code = token.upper()
        if code in AREAS and (token.isupper() or token.lower() not in gazetteer.english_codes):
            return Place(code, None, (), (i, i + 1), token)
    return None


def _code_at_end(typed: list[str], words: list[str], in_role: list[bool], gazetteer: Gazetteer) -> Place | None:
    """A postal code that ends a message ("plumber salary tx"), outside a role's name."""
    if len(typed) < 2:
        return None
    i = len(typed) - 1
    token = typed[i]
    code = token.upper()
    if len(token) != 2 or code not in AREAS or in_role[i]:
        return None
    if token.isupper() or token.lower() not in gazetteer.english_codes:
        return Place(code, None, (), (i, i + 1), token)
    return None


def _misspelt_state(typed: list[str], words: list[str], in_role: list[bool], gazetteer: Gazetteer,
                    known_word, after_preposition: bool = True) -> Place | None:
    """A misspelt state name where a place goes (after a place preposition, or ending the message): "in texsa",
    "nurse pay califronia". Never an English word ("in taxes" stays taxes) and never a role's name.
    `after_preposition` False says that no word is a place preposition, so only the last word is looked at."""
    candidates = [i for i in range(1, len(words)) if words[i - 1] in gazetteer.prepositions] \
        if after_preposition else []
    if len(words) >= 2:
        candidates.append(len(words) - 1)
    for i in candidates:
        word = typed[i].lower()
        if not word.isalpha() or in_role[i] or known_word(word):
            continue
        for start, text in ((i, word), (i - 1, f"{typed[i - 1].lower()} {word}")):
            if len(text) < MIN_STATE_TYPO:
                continue
            code = corrected_state(text, gazetteer)
            if code is not None and not any(in_role[start : i + 1]):
                return Place(code, None, (), (start, i + 1), " ".join(typed[start : i + 1]))
    return None


def corrected_state(text: str, gazetteer: Gazetteer) -> str | None:
    """The one state whose name `text` misspells ("texsa" -> TX), or None. Remembered (bounded): the last word of
    every message is looked at."""
    memo = gazetteer.misspellings
    if text in memo:
        return memo[text]
    if len(memo) >= _MISSPELLING_MEMO:
        memo.clear()
    code = memo[text] = _corrected_state(text, gazetteer)
    return code


_MISSPELLING_MEMO = 20_000


def _corrected_state(text: str, gazetteer: Gazetteer) -> str | None:
    limit = LONG_STATE_TYPO if len(text) >= LONG_STATE else SHORT_STATE_TYPO
    best = [(OSA.distance(text, name), code) for name, code in gazetteer.state_spellings
            if abs(len(name) - len(text)) <= limit and name[0] == text[0]]
    best = [item for item in best if 0 < item[0] <= limit]
    if not best:
        return None
    best.sort()
    if len(best) > 1 and best[1][0] == best[0][0] and best[1][1] != best[0][1]:
        return None
    return best[0][1]


# -- a place typed into a command option -------------------------------------------------------------------------

def resolve_place(text: str, gazetteer: Gazetteer) -> Place | None:
    """A /salary `place` option: a metro code (as autocomplete sends back), a state's name or code, a city,
    "City, ST" or a nickname. Ambiguous cities come back with their options."""
    stripped = text.strip()
    if stripped in gazetteer.metros:
        metro = gazetteer.metros[stripped]
        return Place(metro.state, metro.code, (), (0, 1), metro.name)
    typed = split_words(stripped)
    while typed and typed[0].lower() in FILLERS:  # "the Bay Area"
        typed = typed[1:]
    if not typed:
        return None
    if len(typed) == 1 and len(typed[0]) == 2 and typed[0].upper() in AREAS:
        return Place(typed[0].upper(), None, (), (0, 1), typed[0])
    words = [fold(w) for w in typed]
    everywhere = Gazetteer(gazetteer.names, gazetteer.longest_from, gazetteer.metros, frozenset(), frozenset(),
                           frozenset(), gazetteer.state_spellings)
    sentence = [0] * len(words)
    name = _whole_name(typed, words, sentence, everywhere)
    if name is not None:
        return name
    code = corrected_state(" ".join(typed).lower(), gazetteer)
    return Place(code, None, (), (0, len(words)), stripped) if code else None


def _whole_name(typed: list[str], words: list[str], sentence: list[int], gazetteer: Gazetteer) -> Place | None:
    """A place named by the whole text: in an option, every city counts, whatever its rule."""
    for end in range(len(words), 0, -1):
        name = gazetteer.names.get(tuple(words[:end]))
        if name is None:
            continue
        if name.state is not None and end == len(words):
            return Place(name.state, None, (), (0, end), " ".join(typed[:end]))
        qualifier = _state_after(end, typed, words, sentence, gazetteer, name.metros)
        q_end = qualifier[1] if qualifier else end
        if q_end != len(words):
            return None
        codes = name.metros
        if qualifier is not None:
            narrowed = tuple(c for c in codes if qualifier[0] in gazetteer.metros[c].states)
            if not narrowed:
                return Place(qualifier[0], None, (), (end, q_end), typed[-1])
            codes = narrowed
        return _metro_place(codes, (0, q_end), " ".join(typed), gazetteer, typed[:end])
    return None


def place_choices(typed: str, gazetteer: Gazetteer, limit: int = 25) -> list[tuple[str, str]]:
    """(label, value) pairs for autocomplete: states by name or code, metros by any of their cities, their name
    or a nickname; what starts with the typed text first (states, then the biggest metros), then what contains
    it. With nothing typed: the states."""
    text = " ".join(tokens(typed))
    code_typed = typed.strip().upper()
    options: list[tuple[int, int, int, str, str]] = []  # (rank, state 0 / metro 1, -employment, label, value)
    for code, name in AREAS.items():
        if not text or code == code_typed or " ".join(tokens(name)).startswith(text):
            options.append((0 if code == code_typed else 1, 0, 0, name, code))
    if text:
        nicknamed = {name.metros[0] for key, name in gazetteer.names.items()
                     if name.nickname and " ".join(key).startswith(text)}
        for metro in gazetteer.metros.values():
            folded = " ".join(tokens(metro.name))
            if metro.code in nicknamed or folded.startswith(text) or any(
                    " ".join(tokens(c)).startswith(text) for c in metro.cities):
                rank = 1
            elif text in folded:
                rank = 2
            else:
                continue
            options.append((rank, 1, -metro.employment, f"{metro.name} (metro area)", metro.code))
    options.sort()
    return [(label[:100], value) for *_, label, value in options[:limit]]
