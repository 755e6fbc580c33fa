"""BLS OEWS wage tables: the derived files in knowledge/wages/, loaded once and read by SOC code and area.

`scripts/import_oews.py` writes three files per release:
  oews-<year>.csv        soc,area,employment, six annual figures, six hourly figures, footnotes (nation, states)
  oews-<year>-metro.csv  the same columns for the 528 metro and nonmetro areas, by metro code ("12420"),
                         sorted by metro code, then SOC code
  oews-<year>.meta.json  release, citation, provenance, footnote texts, area and metro names, occupation titles

A value cell is a number as BLS gives it, ">=N" when BLS top-codes it (the wage is at least N), or
empty when BLS does not publish it; the row's footnote codes say why. Rows are kept as their raw text
and parsed only when asked for, so loading all ~37,000 of them stays cheap. The ~186,000 metro rows are
not kept in memory at all: loading only finds where each metro's run of rows starts and ends, and a lookup
reads that one run (~30 KB) from the file, checks it, and keeps the last few. 186,000 rows cost the bot 528
pairs of offsets instead of ~60 MB, and loading stays fast. `careerbot kb check` (`thorough=True`) checks every
metro row up front and names the line of any fault.
"""

from __future__ import annotations

import csv
import json
import logging
import operator
import re
from functools import lru_cache
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Literal

HEADER = (
    "soc,area,employment,"
    "annual_mean,annual_p10,annual_p25,annual_median,annual_p75,annual_p90,"
    "hourly_mean,hourly_p10,hourly_p25,hourly_median,hourly_p75,hourly_p90,"
    "footnotes"
)
COLUMNS = tuple(HEADER.split(","))

_WAGE = r"(?:>=[0-9]++|[0-9]*+)(?:\.[0-9]++)?+"  # empty, 105770, 50.85, >=239200, >=115.00
# One regex checks a whole row; only a row that fails it is looked at field by field for the message.
# Possessive quantifiers (*+, ++) spare the regex engine backtracking: they make loading ~3x faster.
# Groups: soc, area, the rest of the row (kept as text until asked for), its footnotes.
_SOC_CODE = r"[0-9][0-9]-[0-9]{4}"
_METRO_CODE = r"[0-9]{5}(?:[0-9]{2})?+"
_VALUES = r"[0-9]*+" + ("," + _WAGE) * 12  # employment and the twelve wages
_FOOTNOTES = r"(?:[0-9]++(?:;[0-9]++)*+)?+"
_ROW = re.compile(rf"({_SOC_CODE}),([A-Z][A-Z]|{_METRO_CODE}),({_VALUES},({_FOOTNOTES}))")
_FIELD = {
    "soc": re.compile(r"[0-9][0-9]-[0-9]{4}"),
    "area": re.compile(r"[A-Z][A-Z]|[0-9]{5}(?:[0-9]{2})?"),
    "employment": re.compile(r"[0-9]*"),
    "footnotes": re.compile(r"(?:[0-9]+(?:;[0-9]+)*)?"),
}
_FIELD_TEXT = {"soc": "a SOC code like 11-1021", "area": "a postal code like TX or a metro code like 12420",
               "employment": "a whole number or empty", "footnotes": "footnote codes like 4;8 or empty"}

Period = Literal["year", "hour"]

log = logging.getLogger(__name__)


class WageTableError(Exception):
    """A wage table file is malformed; `line` is the 1-based line number when one applies."""

    def __init__(self, path: Path | str, line: int | None, message: str) -> None:
        self.path, self.line, self.message = Path(path), line, message
        super().__init__(f"{path}:{line}: {message}" if line else f"{path}: {message}")


@dataclass(frozen=True, slots=True)
class Amount:
    """One wage figure. A top-coded amount's value is the floor BLS states ("at least")."""

    value: float | None
    top_coded: bool = False

    def format(self, period: Period) -> str:
        if self.value is None:
            return "not published"
        if period == "year":
            text = f"${self.value:,.0f}"
        elif period == "hour":
            text = f"${self.value:,.2f}"
        else:
            raise ValueError(f"period must be 'year' or 'hour', not {period!r}")
        return f"≥ {text}" if self.top_coded else text


NOT_PUBLISHED = Amount(None)


@dataclass(frozen=True, slots=True)
class Percentiles:
    mean: Amount
    p10: Amount
    p25: Amount
    median: Amount
    p75: Amount
    p90: Amount


@dataclass(frozen=True, slots=True)
class WageEstimate:
    """BLS's cross-industry estimate for one occupation in one area.

    `annual` is None when BLS publishes no annual figures (occupations paid by the hour, such as
    actors: footnote 4), `hourly` likewise (teachers, pilots); both are None when the whole estimate
    is not released (footnote 8). `employment` is None when not released.
    """

    soc: str
    area: str
    area_name: str
    employment: int | None
    annual: Percentiles | None
    hourly: Percentiles | None
    footnotes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Metro:
    """A BLS metropolitan or nonmetropolitan area. `state` is the postal code BLS files it under (for a metro
    across state lines, its first-named city's state); `employment` is its all-occupations total."""

    code: str
    name: str
    state: str
    employment: int | None


def is_metro_code(code: str) -> bool:
    """A metro code ("12420", "0100001") rather than a postal code ("TX") or "US"."""
    return code.isdigit()


class WageTables:
    """All wage estimates of one OEWS release, with its titles, areas, metro areas and footnotes."""

    __slots__ = ("_rows", "_metro_path", "_metro_runs", "_run_check", "_titles", "_areas", "_metros", "_footnotes",
                 "release", "citation")

    def __init__(self, rows: dict[tuple[str, str], str], meta: dict, metro_path: Path | None = None,
                 metro_runs: dict[str, tuple[int, int]] | None = None) -> None:
        self._rows = rows  # (soc, area) -> the row's text after "soc,area,"
        self._metro_path = str(metro_path) if metro_path is not None else None
        self._metro_runs = metro_runs or {}  # metro code -> (start, end) in the file of its rows "\nsoc,code,rest…"
        self._titles = MappingProxyType(dict(meta["occupations"]))
        self._areas = MappingProxyType(dict(meta["areas"]))
        self._metros = MappingProxyType({
            code: Metro(code, info["name"], info["state"], info.get("employment"))
            for code, info in meta.get("metros", {}).items()
        })
        self._footnotes = MappingProxyType(dict(meta["footnotes"]))
        self._run_check = _RunCheck(self._titles, self._footnotes)  # a metro's rows, checked when first read
        self.release: str = meta["release"]
        self.citation: str = meta["citation"]

    @classmethod
    def load(cls, directory: Path | str, *, thorough: bool = False, keep_rows: bool = True) -> WageTables:
        """Load the release in `directory` (one oews-*.meta.json and the tables it names). Metro rows are checked
        when first read, or all at once with `thorough` (as `kb check` does). Without `keep_rows`, the national and
        state rows are checked but not kept (`kb check` needs no figure)."""
        directory = Path(directory)
        meta = _release_meta(directory)
        rows = _read_rows(directory / meta["table"], meta, meta["areas"], keep=keep_rows)
        if "metro_table" not in meta:
            return cls(rows, meta)
        metro_path = (directory / meta["metro_table"]).resolve()
        runs = _check_metro_runs(metro_path, meta) if thorough else _find_metro_runs(metro_path, meta)
        return cls(rows, meta, metro_path, runs)

    @classmethod
    def load_names(cls, directory: Path | str) -> WageTables:
        """The release's names alone (occupation titles, areas, metro areas, footnotes), from its meta file, without
        a row: what `kb check` needs of wage tables whose rows it has already checked. `get` finds nothing."""
        return cls({}, _release_meta(Path(directory)))

    def get(self, soc: str, area: str = "US") -> WageEstimate | None:
        """The estimate for `soc` ("11-1021") in `area` ("US", a postal code, or a metro code such as "12420");
        None if BLS has none."""
        if is_metro_code(area):
            text = self._metro_row(soc, area)
            area_name = self._metros[area].name if text is not None else ""
        else:
            area = area.upper()
            text = self._rows.get((soc, area))
            area_name = self._areas.get(area, "")
        if text is None:
            return None
        employment, *wages, footnotes = text.split(",")
        return WageEstimate(
            soc=soc,
            area=area,
            area_name=area_name,
            employment=int(employment) if employment else None,
            annual=_percentiles(wages[:6]),
            hourly=_percentiles(wages[6:]),
            footnotes=tuple(footnotes.split(";")) if footnotes else (),
        )

    def title(self, soc: str) -> str | None:
        return self._titles.get(soc)

    @property
    def titles(self) -> Mapping[str, str]:
        """Official OEWS title of every detailed occupation, by SOC code."""
        return self._titles

    def _metro_row(self, soc: str, metro: str) -> str | None:
        run = self._metro_runs.get(metro)
        if run is None or self._metro_path is None:
            return None
        try:
            block = _read_run(self._metro_path, metro, *run, self._run_check)
        except (OSError, WageTableError) as error:  # moved or damaged since it was loaded: no figure, no crash
            log.warning("cannot read metro %s wages from %s: %s", metro, self._metro_path, error)
            return None
        start = block.find(f"\n{soc},{metro},")
        if start < 0:
            return None
        start += len(soc) + len(metro) + 3
        end = block.find("\n", start)
        return block[start:] if end < 0 else block[start:end]

    def area_name(self, code: str) -> str | None:
        """The name of the nation, a state (by postal code) or a metro area (by metro code)."""
        if is_metro_code(code):
            metro = self._metros.get(code)
            return metro.name if metro else None
        return self._areas.get(code.upper())

    @property
    def areas(self) -> Mapping[str, str]:
        """The nation ("US") and every state and territory by postal code, with their names."""
        return self._areas

    @property
    def metros(self) -> Mapping[str, Metro]:
        """Every metropolitan and nonmetropolitan area by metro code."""
        return self._metros

    def footnote_text(self, code: str) -> str | None:
        return self._footnotes.get(code)


def _amount(text: str) -> Amount:
    if not text:
        return NOT_PUBLISHED
    if text.startswith(">="):
        return Amount(float(text[2:]), top_coded=True)
    return Amount(float(text))


def _percentiles(cells: list[str]) -> Percentiles | None:
    amounts = [_amount(cell) for cell in cells]
    if all(a is NOT_PUBLISHED for a in amounts):
        return None
    return Percentiles(*amounts)


def _release_meta(directory: Path) -> dict:
    """The meta file of the one release in `directory`, checked."""
    metas = sorted(directory.glob("oews-*.meta.json"))
    if len(metas) != 1:
        found = ", ".join(m.name for m in metas) or "none"
        raise WageTableError(directory, None, f"expected one oews-*.meta.json, found {found}")
    return _read_meta(metas[0])


def _read_meta(path: Path) -> dict:
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise WageTableError(path, exc.lineno, exc.msg) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise WageTableError(path, None, str(exc)) from None
    if not isinstance(meta, dict):
        raise WageTableError(path, 1, "expected a JSON object")
    for key, kind in (("release", str), ("citation", str), ("table", str),
                      ("occupations", dict), ("areas", dict), ("footnotes", dict)):
        if not isinstance(meta.get(key), kind):
            raise WageTableError(path, None, f"{key!r} is missing or not a {kind.__name__}")
    if "metro_table" in meta:
        if not isinstance(meta["metro_table"], str) or not isinstance(meta.get("metros"), dict):
            raise WageTableError(path, None, "'metro_table' needs a file name and 'metros' an object")
        for code, info in meta["metros"].items():
            if not (is_metro_code(code) and isinstance(info, dict) and isinstance(info.get("name"), str)
                    and info.get("state") in meta["areas"] and info.get("state") != "US"):
                raise WageTableError(path, None, f"metro {code!r} needs a name and a state of 'areas'")
    return meta


def _read_rows(path: Path, meta: dict, areas: Mapping[str, object],
               keep: bool = True) -> dict[tuple[str, str], str]:
    """The rows of a table by (soc, area), checked; without `keep`, only checked (and none returned)."""
    lines = _table_lines(path)
    titles, footnotes = meta["occupations"], meta["footnotes"]
    if _keys_of_a_sound_block(lines[1:], titles, areas, footnotes) is not None:  # the whole table at once
        return {(soc, area): rest for soc, area, rest in (line.split(",", 2) for line in lines[1:])} if keep else {}
    _raise_at_the_first_faulty_row(path, lines, titles, areas, footnotes)
    # Defensive: no input is known to get here (the property tests show the search above never misses a fault).
    rows = _rows_one_by_one(path, lines, titles, areas, footnotes)
    return rows if keep else {}


def _table_lines(path: Path) -> list[str]:
    """The lines of a wage table (read as text: universal newlines), the header first and checked."""
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError) as exc:
        raise WageTableError(path, None, str(exc)) from None
    if lines[-1] == "":
        lines.pop()  # the final newline
    if not lines or lines[0] != HEADER:
        raise WageTableError(path, 1, f"the header must be exactly: {HEADER}")
    return lines


def _rows_one_by_one(path: Path, lines: list[str], titles: Mapping[str, str], areas: Mapping[str, object],
                     footnotes: Mapping[str, str]) -> dict[tuple[str, str], str]:
    """The rows of a table's lines (the header first), each checked on its own: raises at the first bad one."""
    rows: dict[tuple[str, str], str] = {}
    _check_rows(path, lines[1:], 2, titles, areas, footnotes, rows)
    return rows


def _check_rows(path: Path, lines: list[str], first_number: int, titles: Mapping[str, str],
                areas: Mapping[str, object], footnotes: Mapping[str, str],
                rows: dict[tuple[str, str], str | None]) -> None:
    """Check `lines` (the first is line `first_number`) one by one, adding each to `rows` (the rows before them);
    raises at the first bad one."""
    for number, line in enumerate(lines, start=first_number):
        soc, area, rest = _checked_row(path, number, line, titles, areas, footnotes)
        if (soc, area) in rows:
            raise WageTableError(path, number, f"a second row for {soc} in {area}")
        rows[soc, area] = rest


def _checked_row(path: Path, number: int, line: str, titles: Mapping[str, str], areas: Mapping[str, object],
                 footnotes: Mapping[str, str]) -> tuple[str, str, str]:
    """A row's SOC code, area and the rest of its text, when it is sound on its own; raises if it is not."""
    match = _ROW.fullmatch(line)
    if match is None:
        raise WageTableError(path, number, _diagnose(line))
    soc, area, rest, codes = match.groups()
    if soc not in titles:
        raise WageTableError(path, number, f"SOC code {soc} is not an occupation in the meta file")
    if area not in areas:
        raise WageTableError(path, number, f"area {area} is not an area in the meta file")
    if codes:
        unknown = [c for c in codes.split(";") if c not in footnotes]
        if unknown:
            raise WageTableError(path, number, f"footnote {unknown[0]} is not in the meta file")
    return soc, area, rest


ROWS_PER_BLOCK = 1000
_ROW_KEY = re.compile(r"\n([^,\n]*+),([^,\n]*+),")


def _raise_at_the_first_faulty_row(path: Path, lines: list[str], titles: Mapping[str, str],
                                   areas: Mapping[str, object], footnotes: Mapping[str, str]) -> None:
    """Raise what `_rows_one_by_one` raises for `lines` (the header first), if anything, without its cost.

    Reading the 37,000 state rows one regex match at a time takes a tenth of a second, so the rows are taken in
    blocks that C-speed passes check as the whole-table checks do, and only a block that fails them is read row
    by row, after the keys of the blocks before it."""
    seen: dict[tuple[str, str], None] = {}  # (soc, area) of every row before the block
    for start in range(1, len(lines), ROWS_PER_BLOCK):
        block = lines[start : start + ROWS_PER_BLOCK]
        keys = _keys_of_a_sound_block(block, titles, areas, footnotes)
        if keys is not None and seen.keys().isdisjoint(keys):
            seen.update(dict.fromkeys(keys))
        else:
            _check_rows(path, block, start + 1, titles, areas, footnotes, seen)


def _keys_of_a_sound_block(block: list[str], titles: Mapping[str, str], areas: Mapping[str, object],
                           footnotes: Mapping[str, str]) -> list[tuple[str, str]] | None:
    """(soc, area) of each row when every row of `block` would pass `_check_rows` on its own (each key once);
    None when one would not, or this cannot tell. The checks are C-speed passes over the whole block: the shapes of
    its rows (`_Rows`), then their keys."""
    text = "\n" + "\n".join(block)
    if not text.isascii():
        return None
    seen = _Rows()
    seen.add(text.encode("ascii"))
    if not seen.sound(_STATE_ROW_SHAPE, footnotes):
        return None
    keys = _ROW_KEY.findall(text)  # one per row, of a row of sound shape
    sound = (len(keys) == len(block) == len(set(keys)) and titles.keys() >= {soc for soc, _ in keys}
             and areas.keys() >= {area for _, area in keys})
    return keys if sound else None


# ---------------------------------------------------------------------------- whole-table checks
# Checking 186,000 rows one regex match at a time takes seconds, and even one regex pass over the 16 MB metro table
# ~0.2 s. These checks accept exactly the tables the row-by-row reading accepts, in a few passes of C code over
# each block of rows (a metro's ~350 rows, or the state table at once; small copies, so memory is reused):
#  - the shape of every row: with each digit written as 9 and each capital as A, the metro table's 186,000 rows
#    have only ~450 distinct shapes, and each is matched against the row pattern written the same way;
#  - then what the shapes cannot say (which footnote codes, which SOC codes and areas, in which order) with byte
#    counts and set operations.
# Where they fail, only that block (from the failing metro's first row, or the failing block of state rows) is
# read row by row, which names the line at fault.

_AS_SHAPE = bytes.maketrans(b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", b"9" * 10 + b"A" * 26)


def _shape_pattern(area: str) -> re.Pattern[bytes]:
    """The row pattern with the given areas, written in shapes."""
    pattern = rf"{_SOC_CODE},(?:{area}),{_VALUES},{_FOOTNOTES}"
    return re.compile(pattern.replace("[0-9]", "9").replace("[A-Z]", "A").encode())


_STATE_ROW_SHAPE = _shape_pattern(rf"[A-Z][A-Z]|{_METRO_CODE}")
_METRO_ROW_SHAPE = _shape_pattern(_METRO_CODE)


class _Rows:
    """What blocks of rows ("\nrow" each, ASCII) hold, gathered block by block: their distinct shapes and footnote
    fields. `sound(shape, footnotes)` then says whether every row had the shape and only known footnote codes."""

    def __init__(self) -> None:
        self.shapes: set[bytes] = set()
        self.footnotes: set[bytes] = set()

    def add(self, block: bytes) -> None:
        self.shapes.update(block[1:].translate(_AS_SHAPE).split(b"\n"))
        # A row's footnotes follow its last comma: in the reversed block they begin the row, where a regex finds
        # them without scanning each row.
        self.footnotes.update(_FOOTNOTES_REVERSED.findall((block + b"\n")[::-1]))

    def sound(self, shape: re.Pattern[bytes], footnotes: Mapping[str, str]) -> bool:
        codes = {code for field in self.footnotes for code in field[::-1].decode().split(";")}
        return all(shape.fullmatch(row) for row in self.shapes) and footnotes.keys() >= codes


_FOOTNOTES_REVERSED = re.compile(rb"\n([0-9;]+),")


_SOC_COMMA_METRO = re.compile(rb"\n([0-9][0-9]-[0-9]{4},[0-9]+),")


_SOC_OF_KEY = operator.itemgetter(slice(0, 7))


@lru_cache(maxsize=16)
def _read_run(path: str, metro: str, start: int, end: int, check: _RunCheck) -> str:
    """One metro's rows, read from the file and checked as `_check_metro_runs` checks them."""
    with open(path, "rb") as handle:
        handle.seek(start)
        run = handle.read(end - start)
    if check.sound_run(run, metro) is None:
        raise WageTableError(path, None, f"the rows of metro {metro} are malformed; run `careerbot kb check`")
    return run.decode("ascii")


def _find_metro_runs(path: Path, meta: dict) -> dict[str, tuple[int, int]]:
    """Where each metro's rows are in the metro table: the quick look of a normal load (the header, and each
    metro's first row, found in the raw bytes); every run is checked when first read."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise WageTableError(path, None, str(exc)) from None
    if not data.startswith(HEADER.encode() + b"\n"):
        raise WageTableError(path, 1, f"the header must be exactly: {HEADER}")
    return _run_spans(_run_starts(data, meta["metros"]), len(data) - 1)


def _run_spans(starts: list[tuple[int, str]], last: int) -> dict[str, tuple[int, int]]:
    """(start, end) of each metro's run of rows by its code: a run ends where the next begins, the last at
    `last` (the file's final newline)."""
    ends = [start for start, _ in starts[1:]] + [last]
    return {code: (start, end) for (start, code), end in zip(starts, ends)}


def _run_starts(body: str | bytes, metros) -> list[tuple[int, str]]:
    """(offset of the newline before it, metro code) of each metro's first row, in the file's order (sorted by
    metro code). `body` is the rows, each after its newline, or the whole file (its header has no digits)."""
    starts: list[tuple[int, str]] = []
    position = 0
    newline = b"\n" if isinstance(body, bytes) else "\n"
    for code in sorted(metros):
        marker = f",{code},".encode() if isinstance(body, bytes) else f",{code},"
        found = body.find(marker, position)
        while found >= 0 and body[found - 8 : found - 7] != newline:  # a value column, not the area column
            found = body.find(marker, found + 1)
        if found >= 0:
            starts.append((found - 8, code))
            position = found
    return starts


def _check_metro_runs(path: Path, meta: dict) -> dict[str, tuple[int, int]]:
    """Where each metro's rows ("\nsoc,code,rest" per row) are in the metro table, checked as
    `_metro_rows_one_by_one` defines: raises at the first fault, naming its line.

    186,000 rows checked one by one take most of a second, so each metro's run of rows is checked whole, in a few
    passes of C code (`_RunCheck.sound_run`). Only where a run fails them are rows read one by one, from the start of that
    run: the first fault is in it, or is the next run's first row (one of another metro amid its rows, or before
    the first run, puts the rows out of order there at the latest)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise WageTableError(path, None, str(exc)) from None
    if not data.isascii() or not data.startswith(HEADER.encode() + b"\n"):
        _utf8_text(path, data)  # raises, naming the line, if the file is not UTF-8 text
        if not data.startswith(HEADER.encode() + b"\n"):
            return _metro_rows_one_by_one(path, data, meta)  # the header is at fault: the check names it
    table = data if data.endswith(b"\n") else data + b"\n"  # without it, the last row is checked as if it had one
    metros = meta["metros"]
    starts = _run_starts(table, metros)
    first_row = len(HEADER)  # the newline before it
    if len(table) - 1 > first_row and (not starts or starts[0][0] != first_row):
        starts.insert(0, (first_row, ""))  # rows before the first metro's: they are checked one by one
    check = _RunCheck(meta["occupations"], meta["footnotes"])
    previous: tuple[str, str] | None = None  # (metro, soc) of the last row of the runs before
    for code, (start, end) in _run_spans(starts, len(table) - 1).items():
        last_soc = check.sound_run(table[start:end], code) if code else None
        if last_soc is None:
            after = table.find(b"\n", end + 1)  # the next run's first row too
            lines = table[start + 1 : after if after >= 0 else len(table) - 1].decode("utf-8").split("\n")
            number = table.count(b"\n", 0, start) + 2
            _check_sorted_rows(path, lines, number, meta["occupations"], metros, meta["footnotes"], previous)
            # Defensive: the fault is always found above (the property tests check that this is never reached).
            return _metro_rows_one_by_one(path, data, meta)
        previous = (code, last_soc)
    if not data.endswith(b"\n"):
        raise WageTableError(path, data.count(b"\n") + 1, "the last row must end with a newline")
    return _run_spans(starts, len(table) - 1)


class _RunCheck:
    """Checks one metro's run of rows whole (`sound_run`), remembering the row shapes and footnote fields found
    sound: the metro table's 186,000 rows have only ~450 shapes and a few footnote fields between them."""

    def __init__(self, titles: Mapping[str, str], footnotes: Mapping[str, str]) -> None:
        self.socs = frozenset(soc.encode() for soc in titles if soc.isascii())
        self.footnotes = frozenset(footnotes)
        self.shapes: set[bytes] = set()
        self.fields: set[bytes] = set()

    def sound_run(self, run: bytes, code: str) -> str | None:
        """The last row's SOC code when every row of `run` ("\nrow" each, ASCII) is a sound row of metro `code`
        and they are in SOC code order, each once (so `_check_sorted_rows` would pass them); None if not."""
        keys = _SOC_COMMA_METRO.findall(run)  # b"soc,metro" of each row of sound shape
        # Every row has a key, every key ends ",code" (each has one comma), and they increase: SOC codes in order.
        if not keys or len(keys) != run.count(b"\n") or (b"\n".join(keys) + b"\n").count(
                f",{code}\n".encode()) != len(keys) or not all(map(operator.lt, keys, keys[1:])):
            return None
        if not self.socs.issuperset(map(_SOC_OF_KEY, keys)):
            return None
        shapes = set(run[1:].translate(_AS_SHAPE).split(b"\n"))
        if not shapes <= self.shapes:
            if not all(map(_METRO_ROW_SHAPE.fullmatch, shapes - self.shapes)):
                return None
            self.shapes |= shapes
        # A row's footnotes follow its last comma: in the reversed run they begin the row, where a regex finds
        # them without scanning each row.
        fields = set(_FOOTNOTES_REVERSED.findall((run + b"\n")[::-1]))
        if not fields <= self.fields:
            codes = {code for field in fields for code in field[::-1].decode().split(";")}
            if not self.footnotes >= codes:
                return None
            self.fields |= fields
        return _SOC_OF_KEY(keys[-1]).decode()


def _metro_rows_one_by_one(path: Path, data: bytes, meta: dict) -> dict[str, tuple[int, int]]:
    """The definition of a sound metro table, row by row: the header, then rows that are each sound on their own
    (`_checked_row`), sorted by metro code, then SOC code, each once, the last ending in a newline. Raises at the
    first fault, naming its line; returns where each metro's rows are."""
    lines = _utf8_text(path, data).split("\n")
    if lines[0] != HEADER:
        raise WageTableError(path, 1, f"the header must be exactly: {HEADER}")
    ends_in_newline = lines[-1] == "" and len(lines) > 1
    rows = lines[1:-1] if ends_in_newline else lines[1:]
    _check_sorted_rows(path, rows, 2, meta["occupations"], meta["metros"], meta["footnotes"], None)
    if not ends_in_newline:
        raise WageTableError(path, len(lines), "the last row must end with a newline")
    return _run_spans(_run_starts(data, meta["metros"]), len(data) - 1)


def _check_sorted_rows(path: Path, lines: list[str], first_number: int, titles: Mapping[str, str],
                       metros: Mapping[str, object], footnotes: Mapping[str, str],
                       previous: tuple[str, str] | None) -> None:
    """Check metro rows one by one (the first is line `first_number`, `previous` the (metro, soc) of the row
    before it): each sound, and after the one before in metro code, then SOC code order. Raises at the first
    fault."""
    for number, line in enumerate(lines, start=first_number):
        soc, metro, _ = _checked_row(path, number, line, titles, metros, footnotes)
        key = (metro, soc)
        if previous is not None and key <= previous:
            if key == previous:
                raise WageTableError(path, number, f"a second row for {soc} in {metro}")
            raise WageTableError(path, number, "rows must be sorted by metro code, then SOC code: "
                                               f"{soc} in {metro} comes after {previous[1]} in {previous[0]}")
        previous = key


def _utf8_text(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise WageTableError(path, line, f"not UTF-8 text: {exc.reason} at byte {exc.start:,}") from None


def _diagnose(line: str) -> str:
    """Say what is wrong with a row that failed the row pattern."""
    if "\r" in line:
        return "a carriage return (\\r) in the row: rows end with a newline (\\n) alone"
    try:
        fields = next(csv.reader([line]), [])
    except csv.Error as error:
        return f"malformed row: {error}"
    if len(fields) != len(COLUMNS):
        return f"expected {len(COLUMNS)} fields, found {len(fields)}"
    for column, value in zip(COLUMNS, fields):
        pattern = _FIELD.get(column)
        if pattern is not None:
            if not pattern.fullmatch(value):
                return f"{column}: {value!r} is not {_FIELD_TEXT[column]}"
        elif not re.fullmatch(_WAGE, value):
            return f"{column}: {value!r} is not a number, >=number, or empty"
    return "malformed row"  # e.g. quoting: the files are written without it
