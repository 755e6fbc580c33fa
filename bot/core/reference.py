"""Reference-occupation facts: what O*NET 29.3 and BLS Employment Projections say about every OEWS occupation.

Reads the derived tables in `knowledge/reference/` that `scripts/import_onet.py` writes:
  occupations.csv  one row per SOC: job zone, typical education, top skills, hot technologies,
                   related SOCs and the 2024-34 outlook
  titles.csv       the names people type for each occupation, with how many SOCs share each name and
                   how strongly O*NET ties the name to this SOC
  meta.json        the O*NET attribution every card that shows these facts must carry, and the sources

A malformed file raises `ReferenceError` naming the file and its line (line 0: the file as a whole).
Pure Python, standard library only.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Iterator, Mapping, NamedTuple

OCCUPATIONS_FILE = "occupations.csv"
TITLES_FILE = "titles.csv"
META_FILE = "meta.json"

OCCUPATION_COLUMNS = (
    "soc", "title", "job_zone", "education", "skills", "technologies", "related",
    "growth_percent", "openings_thousands", "entry_education", "work_experience", "training",
)
TITLE_COLUMNS = ("title", "soc", "shared_by", "evidence")

_SOC = re.compile(r"\d{2}-\d{4}")


class ReferenceError(ValueError):  # noqa: A001 - the name the rest of the bot uses; shadows only weakref's
    """A reference file is malformed: `path:line: message`."""

    def __init__(self, path: Path | str, line: int, message: str) -> None:
        self.path = str(path)
        self.line = line
        self.message = message
        super().__init__(f"{self.path}:{line}: {message}")


@dataclass(frozen=True, slots=True)
class Outlook:
    """BLS Employment Projections 2024-34. The strings are BLS categories ("None" is one of them)."""

    growth_percent: float | None  # employment change 2024-34, percent
    openings_thousands: float | None  # average annual openings, thousands
    entry_education: str | None  # typical education needed for entry
    work_experience: str | None  # work experience in a related occupation
    training: str | None  # typical on-the-job training


@dataclass(frozen=True, slots=True)
class OccupationFacts:
    soc: str
    title: str  # the official OEWS title
    job_zone: int | None  # O*NET preparation needed, 1 (little) to 5 (extensive)
    education: str | None  # the required education level most workers report
    skills: tuple[str, ...]  # most important first
    technologies: tuple[str, ...]  # O*NET hot technologies, in-demand first
    related: tuple[str, ...]  # SOC codes, closest first; each has its own facts
    outlook: Outlook | None


class AltTitle(NamedTuple):
    """A name people use for an occupation. A named tuple, not a dataclass: there are ~60k of them and a
    tuple is built in a fraction of the time (the loader builds them with `tuple.__new__`), which keeps
    loading under 100 ms."""

    title: str  # as people write it ("Software Engineer", "RN")
    soc: str
    shared_by: int  # how many SOCs carry the same title: above 1 it is evidence, not an answer
    evidence: int  # how strongly O*NET ties the title to this SOC (sources + reports; 20 = the official
    #                name): of the SOCs that share a title, the one with the most is the one it mostly means


class ReferenceData:
    """The loaded reference tables; immutable."""

    __slots__ = ("_occupations", "_titles", "_attribution", "_split")

    def __init__(self, occupations: Mapping[str, OccupationFacts], titles: tuple[AltTitle, ...], attribution: str,
                 split: frozenset[str] = frozenset()):
        self._occupations = MappingProxyType(dict(occupations))
        self._titles = tuple(titles)
        self._attribution = attribution
        self._split = split  # OEWS aggregates that O*NET splits into several codes (no O*NET page of their own)

    @classmethod
    def load(cls, directory: Path) -> ReferenceData:
        directory = Path(directory)
        attribution, split = _read_meta(directory / META_FILE)
        occupations = _read_occupations(directory / OCCUPATIONS_FILE)
        titles = _read_titles(directory / TITLES_FILE, occupations)
        return cls(occupations, titles, attribution, split)

    def onet_code(self, soc: str) -> str | None:
        """The O*NET-SOC code of an occupation's own O*NET OnLine page ("29-1141.00"); None for an OEWS
        aggregate that O*NET splits (13-1020) or an unknown code."""
        return f"{soc}.00" if soc in self._occupations and soc not in self._split else None

    def facts(self, soc: str) -> OccupationFacts | None:
        return self._occupations.get(soc)

    @property
    def occupations(self) -> Mapping[str, OccupationFacts]:
        return self._occupations

    @property
    def titles(self) -> tuple[AltTitle, ...]:
        """O*NET's alternate titles; empty in a snapshot (`without_titles`), whose index already holds them."""
        return self._titles

    def without_titles(self) -> ReferenceData:
        return ReferenceData(self._occupations, (), self._attribution)

    @property
    def attribution(self) -> str:
        """The O*NET CC BY 4.0 attribution, to show wherever these facts are shown."""
        return self._attribution


# ---------------------------------------------------------------------------- reading


def _rows(path: Path, columns: tuple[str, ...]) -> Iterator[tuple[int, list[str]]]:
    """(line number where the record starts, cells) for each data row, after checking the header."""
    try:
        file = path.open(encoding="utf-8", newline="")
    except FileNotFoundError:
        raise ReferenceError(path, 0, "file not found") from None
    except OSError as error:  # a folder in its place, say
        raise ReferenceError(path, 0, f"cannot read file: {error.strerror or error}") from None
    with file:
        reader = csv.reader(file, strict=True)
        line = 0  # the last line read
        try:
            header = next(reader, None)
            if header is None or tuple(header) != columns:
                raise ReferenceError(path, 1, f"header must be {','.join(columns)}")
            line, width = reader.line_num, len(columns)
            for row in reader:
                if len(row) != width:
                    raise ReferenceError(path, line + 1, f"expected {width} columns, found {len(row)}")
                yield line + 1, row
                line = reader.line_num
        except (csv.Error, UnicodeDecodeError) as error:
            raise ReferenceError(path, line + 1, str(error)) from None


def _number(path: Path, line: int, column: str, text: str) -> float | None:
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise ReferenceError(path, line, f"{column}: not a number: {text!r}") from None


def _list(text: str) -> tuple[str, ...]:
    return tuple(text.split(";")) if text else ()


def _read_occupations(path: Path) -> dict[str, OccupationFacts]:
    occupations: dict[str, OccupationFacts] = {}
    related_at: list[tuple[int, str, tuple[str, ...]]] = []
    for line, row in _rows(path, OCCUPATION_COLUMNS):
        soc, title, zone, education, skills, technologies, related, growth, openings, entry, experience, training = row
        if not _SOC.fullmatch(soc):
            raise ReferenceError(path, line, f"soc: not a SOC code like 15-1252: {soc!r}")
        if soc in occupations:
            raise ReferenceError(path, line, f"soc {soc} appears twice")
        if not title:
            raise ReferenceError(path, line, "title is empty")
        if zone and zone not in ("1", "2", "3", "4", "5"):
            raise ReferenceError(path, line, f"job_zone must be 1-5 or empty, not {zone!r}")
        outlook = None
        if growth or openings or entry or experience or training:
            outlook = Outlook(
                _number(path, line, "growth_percent", growth),
                _number(path, line, "openings_thousands", openings),
                entry or None,
                experience or None,
                training or None,
            )
        facts = OccupationFacts(
            soc, title, int(zone) if zone else None, education or None,
            _list(skills), _list(technologies), _list(related), outlook,
        )
        occupations[soc] = facts
        related_at.append((line, soc, facts.related))
    for line, soc, related in related_at:
        for other in related:
            if other == soc or other not in occupations:
                raise ReferenceError(path, line, f"related: {other!r} is not another occupation in this file")
    return occupations


def _read_titles(path: Path, occupations: Mapping[str, OccupationFacts]) -> tuple[AltTitle, ...]:
    titles = _titles_of_a_sound_file(path, occupations)
    return titles if titles is not None else _titles_row_by_row(path, occupations)


def _titles_of_a_sound_file(path: Path, occupations: Mapping[str, OccupationFacts]) -> tuple[AltTitle, ...] | None:
    """The titles, read straight from the csv reader when every row is sound (a third less time than keeping each
    row's line number for a message); None at the first row that is not, and then reading row by row names it."""
    titles = []
    counts: dict[str, int] = {}  # shared_by text -> value: a few dozen distinct values, parsed once each
    strengths: dict[str, int] = {}  # evidence text -> value: likewise
    make = tuple.__new__  # skips the Python-level argument binding of AltTitle(...): ~10 ms less for 60k
    try:
        with path.open(encoding="utf-8", newline="") as file:
            reader = csv.reader(file, strict=True)
            if tuple(next(reader, ())) != TITLE_COLUMNS:
                return None
            for title, soc, shared_by, evidence in reader:  # a row of another width: ValueError
                if soc not in occupations or not title:
                    return None
                count = counts.get(shared_by)
                if count is None:
                    if not shared_by.isdecimal() or shared_by[0] == "0":
                        return None
                    count = counts[shared_by] = int(shared_by)
                strength = strengths.get(evidence)
                if strength is None:
                    if not (evidence.isascii() and evidence.isdecimal()) or (evidence[0] == "0" and evidence != "0"):
                        return None
                    strength = strengths[evidence] = int(evidence)
                titles.append(make(AltTitle, (title, soc, count, strength)))
    except (OSError, UnicodeDecodeError, csv.Error, ValueError):
        return None
    return tuple(titles)


def _titles_row_by_row(path: Path, occupations: Mapping[str, OccupationFacts]) -> tuple[AltTitle, ...]:
    titles = []
    counts: dict[str, int] = {}  # shared_by text -> value: a few dozen distinct values, parsed once each
    strengths: dict[str, int] = {}  # evidence text -> value: likewise
    make = tuple.__new__  # skips the Python-level argument binding of AltTitle(...): ~10 ms less for 60k
    for line, (title, soc, shared_by, evidence) in _rows(path, TITLE_COLUMNS):
        if soc not in occupations:
            raise ReferenceError(path, line, f"soc {soc!r} is not in {OCCUPATIONS_FILE}")
        if not title:
            raise ReferenceError(path, line, "title is empty")
        count = counts.get(shared_by)
        if count is None:
            if not shared_by.isdecimal() or shared_by[0] == "0":
                raise ReferenceError(path, line, f"shared_by must be a whole number from 1, not {shared_by!r}")
            count = counts[shared_by] = int(shared_by)
        strength = strengths.get(evidence)
        if strength is None:
            if not (evidence.isascii() and evidence.isdecimal()) or (evidence[0] == "0" and evidence != "0"):
                raise ReferenceError(path, line, f"evidence must be a whole number from 0, not {evidence!r}")
            strength = strengths[evidence] = int(evidence)
        titles.append(make(AltTitle, (title, soc, count, strength)))
    return tuple(titles)


def _read_meta(path: Path) -> tuple[str, frozenset[str]]:
    """The attribution, and the SOCs that O*NET splits (no O*NET page of their own)."""
    attribution = _read_attribution(path)
    meta = json.loads(path.read_text(encoding="utf-8"))
    split = meta.get("counts", {}).get("socs_from_split_onet_codes", []) if isinstance(meta, dict) else []
    if not isinstance(split, list) or not all(isinstance(s, str) and _SOC.fullmatch(s) for s in split):
        raise ReferenceError(path, 1, '"counts.socs_from_split_onet_codes" must be a list of SOC codes')
    return attribution, frozenset(split)


def _read_attribution(path: Path) -> str:
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ReferenceError(path, 0, "file not found") from None
    except OSError as error:
        raise ReferenceError(path, 0, f"cannot read file: {error.strerror or error}") from None
    except UnicodeDecodeError as error:
        raise ReferenceError(path, 1, f"is not UTF-8 text (byte {error.start})") from None
    except json.JSONDecodeError as error:
        raise ReferenceError(path, error.lineno, f"not valid JSON: {error.msg}") from None
    attribution = meta.get("attribution") if isinstance(meta, dict) else None
    if not isinstance(attribution, str) or not attribution.strip():
        raise ReferenceError(path, 1, 'needs a non-empty "attribution" string')
    return attribution
