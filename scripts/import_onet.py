#!/usr/bin/env python3
"""Rebuild knowledge/reference/ from O*NET 29.3 and BLS Employment Projections 2024-34.

    python scripts/import_onet.py [--onet DIR_or_ZIP] [--projections TSV]
                                  [--oews-meta JSON] [--out knowledge/reference]

Writes, for every detailed occupation in the BLS OEWS list (the bot's reference roles):
  occupations.csv  soc, title, job zone, education, skills, technologies, related SOCs, outlook
  titles.csv       the names people type for each occupation, with how many SOCs share each name and
                   how strongly O*NET ties the name to this SOC (evidence, below)
  meta.json        attribution, sources with sha256, row counts, and the choices made below

O*NET input: a directory of `.txt` or `.txt.gz` files, or the official `db_29_3_text.zip`.

How O*NET codes become SOC codes: `15-1252.00` rolls up to `15-1252` (its first 7 characters). Where
OEWS publishes an aggregate that O*NET splits (OEWS `13-1020` = O*NET `13-1021`..`13-1023`), an O*NET
SOC that OEWS does not list rolls up to the one OEWS code of its SOC broad group (first 6 characters)
that has no O*NET code of its own. O*NET SOCs left over (military, legislators) are dropped.

How a SOC with several O*NET codes gets one value: each table uses the main `SOC.00` code when it has
data in that table, else all of the SOC's O*NET codes with data, combined as described per column.
Titles always come from every O*NET code of the SOC.

Titles: O*NET's Alternate Titles (and their Short Title), Sample of Reported Titles, and the natural
forms of the OEWS title. A title that gives one name in two forms, "Certified Nursing Assistant (CNA)",
"Transportation Security Administration (TSA) Screener", becomes its two names ("Certified Nursing
Assistant" and "CNA"; "Transportation Security Administration Screener" and "TSA Screener"), not the
combined string; a bracket that qualifies rather than renames ("Singer (Burning)") stays as written.
evidence = for each Alternate Titles row of the SOC's O*NET codes that gives the title (case and spaces
aside), the number of sources in its Source(s) column ("02,04,06" = 3), summed; plus 2 when a Sample of
Reported Titles row of the SOC gives it, and 2 more when such a row is Shown in My Next Move; at least 20
for a natural form of the official title. It says which SOC a shared title mostly means.

Output is deterministic: rerunning on the same inputs reproduces the files byte for byte.
Standard library only.
"""
from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import json
import re
import sys
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"

ONET_VERSION = "29.3"
ATTRIBUTION = (
    "This product includes information from the O*NET 29.3 Database by the U.S. Department of Labor, "
    "Employment and Training Administration (USDOL/ETA). Used under the CC BY 4.0 license. O*NET\u00ae is a "
    "trademark of USDOL/ETA. The project has modified all or some of this information; USDOL/ETA has not "
    "approved, endorsed, or tested these modifications."
)
PROJECTIONS_CITATION = "BLS Employment Projections, 2024\u201334"

TOP_SKILLS = 6
TOP_TECHNOLOGIES = 8
TOP_RELATED = 8
TIER_ORDER = {"Primary-Short": 0, "Primary-Long": 1, "Supplemental": 2}
REPORTED_EVIDENCE = 2  # a title incumbents report (Sample of Reported Titles)
NEXT_MOVE_EVIDENCE = 2  # ... that My Next Move shows
OFFICIAL_EVIDENCE = 20  # a natural form of the official OEWS title: the occupation's own name

OCCUPATION_COLUMNS = (
    "soc", "title", "job_zone", "education", "skills", "technologies", "related",
    "growth_percent", "openings_thousands", "entry_education", "work_experience", "training",
)
TITLE_COLUMNS = ("title", "soc", "shared_by", "evidence")
# projections.tsv column -> occupations.csv column
PROJECTION_COLUMNS = {
    "change_percent": "growth_percent",
    "openings_annual_avg": "openings_thousands",
    "typical_education": "entry_education",
    "work_experience": "work_experience",
    "on_the_job_training": "training",
}

SOC_RE = re.compile(r"^\d{2}-\d{4}$")
CODE = "O*NET-SOC Code"


# ---------------------------------------------------------------------------- reading inputs

def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class OnetFiles:
    """The O*NET text tables in a directory (`.txt` / `.txt.gz`) or in the official zip."""

    def __init__(self, path: Path):
        self.path = path
        self.sources: list[dict] = []  # {"file", "sha256"} for each file read, in reading order
        self._zip = zipfile.ZipFile(path) if path.is_file() else None
        if self._zip is not None:
            self.sources.append({"file": path.name, "sha256": sha256(path.read_bytes())})

    def rows(self, table: str) -> list[dict[str, str]]:
        name, raw = self._read(table)
        if name.endswith(".gz"):
            raw = gzip.decompress(raw)
        text = raw.decode("utf-8-sig")
        reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader)
        # The official release writes "n/a" for an empty cell in a few tables.
        return [
            {key: ("" if value == "n/a" else value.strip()) for key, value in zip(header, row)}
            for row in reader if row
        ]

    def _read(self, table: str) -> tuple[str, bytes]:
        wanted = (f"{table}.txt", f"{table}.txt.gz")
        if self._zip is not None:
            for member in sorted(self._zip.namelist()):
                if member.rsplit("/", 1)[-1] in wanted:
                    data = self._zip.read(member)
                    self.sources.append({"file": f"{self.path.name}:{member}", "sha256": sha256(data)})
                    return member, data
        else:
            for name in wanted:
                file = self.path / name
                if file.is_file():
                    data = file.read_bytes()
                    self.sources.append({"file": f"{self.path.name}/{name}", "sha256": sha256(data)})
                    return name, data
        sys.exit(f"{self.path}: no O*NET table {table!r} (.txt or .txt.gz)")


def read_oews_titles(path: Path) -> dict[str, str]:
    """{soc: official title} from the OEWS meta.json's "titles" or "occupations" (keys "15-1252" or "151252")."""
    meta = json.loads(path.read_text(encoding="utf-8"))
    titles = meta.get("titles") or meta.get("occupations")
    if not isinstance(titles, dict):
        sys.exit(f'{path}: no "titles" or "occupations" object of {{soc: title}}')
    result = {}
    for code, title in titles.items():
        soc = code if "-" in code else f"{code[:2]}-{code[2:]}"
        if not SOC_RE.match(soc):
            sys.exit(f"{path}: not a SOC code: {code!r}")
        result[soc] = title
    return result


def read_projections(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return {row["soc"]: row for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)}


# ---------------------------------------------------------------------------- roll-up

def roll_up(onet_codes: list[str], oews: dict[str, str]) -> dict[str, str]:
    """{O*NET code: OEWS SOC} for every O*NET code that belongs to an OEWS occupation."""
    onet_socs = {code[:7] for code in onet_codes}
    uncovered = defaultdict(list)  # broad group -> OEWS SOCs with no O*NET code of their own
    for soc in oews:
        if soc not in onet_socs:
            uncovered[soc[:6]].append(soc)
    mapping = {}
    for code in onet_codes:
        soc = code[:7]
        if soc not in oews and len(uncovered.get(soc[:6], ())) == 1:
            soc = uncovered[soc[:6]][0]
        if soc in oews:
            mapping[code] = soc
    return mapping


def pick(soc: str, codes: list[str], table: dict[str, object]) -> list[str]:
    """The O*NET codes whose rows in `table` speak for `soc`: the main .00 code, or all with data."""
    main = f"{soc}.00"
    if main in codes and main in table:
        return [main]
    return [code for code in codes if code in table]


# ---------------------------------------------------------------------------- one column each

def education_name(description: str) -> str:
    """'High School Diploma - or the equivalent (for example, GED)' -> 'High School Diploma'."""
    return re.split(r" - | \(", description, maxsplit=1)[0].strip()


def job_zone(codes: list[str], zones: dict[str, int]) -> str:
    """The most common zone among the codes (a single main code decides alone); ties: the lower."""
    counts = Counter(zones[code] for code in codes)
    return str(min(counts, key=lambda zone: (-counts[zone], zone))) if counts else ""


def education(codes: list[str], shares: dict[str, dict[int, float]], names: dict[int, str]) -> str:
    """The required-education category with the highest share (summed over codes); ties: the lower."""
    total: dict[int, float] = defaultdict(float)
    for code in codes:
        for category, share in shares[code].items():
            total[category] += share
    if not total or max(total.values()) <= 0:
        return ""
    return names[min(total, key=lambda category: (-total[category], category))]


def skills(codes: list[str], importance: dict[str, dict[str, float]]) -> list[str]:
    """The skills with the highest mean importance over the codes; ties by name."""
    total: dict[str, float] = defaultdict(float)
    for code in codes:
        for skill, value in importance[code].items():
            total[skill] += value
    return sorted(total, key=lambda skill: (-round(total[skill] / len(codes), 6), skill))[:TOP_SKILLS]


# Software every kind of office uses: never shown as an occupation's own hot technology.
GENERIC_COMMODITIES = frozenset({
    "Spreadsheet software", "Office suite software", "Word processing software", "Electronic mail software",
    "Presentation software", "Operating system software", "Document management software",
    "Internet browser software", "Video conferencing software", "Instant messaging software",
    "Time accounting software",
})
FIELD_LIFT = 2.0  # a technology belongs to a field when that field's share of it is at least twice its share of all
CLOSE_TIERS = ("Primary-Short", "Primary-Long")


class HotTechnology:
    """O*NET's Hot Technology rows, with what it takes to tell a field's own tools from stray ones."""

    def __init__(self, rows: list[dict[str, str]], links: dict[str, list[tuple]]):
        self.demand: dict[str, dict[str, bool]] = defaultdict(dict)  # code -> example -> In Demand
        self.commodity: dict[str, str] = {}  # example -> commodity title
        for row in rows:
            if row["Hot Technology"] == "Y" and row["Example"]:
                code, example = row[CODE], row["Example"]
                self.demand[code][example] = self.demand[code].get(example, False) or row["In Demand"] == "Y"
                self.commodity.setdefault(example, row["Commodity Title"])
        self.spread: Counter = Counter()  # technology (case-folded) -> number of O*NET codes that call it hot
        self.in_group: dict[str, Counter] = defaultdict(Counter)  # example -> SOC major group -> codes
        for code, examples in self.demand.items():
            for example in examples:
                self.spread[example.casefold()] += 1
                self.in_group[example][code[:2]] += 1
        self.group_size = Counter(code[:2] for code in self.demand)
        self.close = {code: [link[-1] for link in sorted(ranked) if link[0] < len(CLOSE_TIERS)]
                      for code, ranked in links.items()}

    def belongs(self, code: str, example: str) -> bool:
        """Hot for this occupation and part of its field: not generic office software, concentrated in its
        SOC major group (lift), and hot in at least one of its close O*NET related occupations too."""
        if self.commodity.get(example) in GENERIC_COMMODITIES:
            return False
        group = code[:2]
        counts = self.in_group[example]
        share = counts[group] / sum(counts.values())
        base = self.group_size[group] / len(self.demand)
        if share < FIELD_LIFT * base:
            return False
        return any(example in self.demand.get(other, {}) for other in self.close.get(code, ()))


def technologies(codes: list[str], hot: HotTechnology) -> list[str]:
    """Hot technologies of the occupation's own field: In Demand first, then the most distinctive (hot in
    fewest occupations)."""
    in_demand: dict[str, bool] = {}
    for code in codes:
        for example, demand in hot.demand[code].items():
            if hot.belongs(code, example):
                in_demand[example] = in_demand.get(example, False) or demand
    chosen, seen = [], set()
    ranked = sorted(in_demand, key=lambda e: (not in_demand[e], hot.spread[e.casefold()], e.casefold(), e))
    for example in ranked:
        if example.casefold() not in seen:
            seen.add(example.casefold())
            chosen.append(example)
    return chosen[:TOP_TECHNOLOGIES]


def related(soc: str, codes: list[str], links: dict[str, list[tuple]], to_soc: dict[str, str]) -> list[str]:
    """Related SOCs in O*NET's order (tier, then index), rolled up, OEWS only, never `soc` itself."""
    ranked = sorted(link for code in codes for link in links[code])
    result: list[str] = []
    for *_, other in ranked:
        other_soc = to_soc.get(other)
        if other_soc and other_soc != soc and other_soc not in result:
            result.append(other_soc)
    return result[:TOP_RELATED]


# ---------------------------------------------------------------------------- titles

CONJUNCTION = re.compile(r"( and | or )")


def singular(word: str) -> str:
    lower = word.lower()
    if lower.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if lower.endswith(("esses", "ches", "shes", "xes")):
        return word[:-2]
    if lower.endswith("s") and not lower.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def singular_phrase(phrase: str) -> str:
    """'Secretaries and Administrative Assistants' -> 'Secretary and Administrative Assistant'."""
    parts = CONJUNCTION.split(phrase)
    for i in range(0, len(parts), 2):
        head, _, last = parts[i].rpartition(" ")
        parts[i] = f"{head} {singular(last)}" if head else singular(last)
    return "".join(parts)


def natural_forms(official: str) -> list[str]:
    """Singular forms of an official plural title, as people type it: 'Lawyers' -> 'Lawyer',
    'Dentists, General' -> 'Dentist' (a comma title gives its head), 'First-Line Supervisors of
    Security Workers' -> 'First-Line Supervisor of Security Workers', 'Helpers--Carpenters' ->
    'Carpenter Helper'. None for residual 'All Other' titles, which name a remainder, not a group."""
    if "All Other" in official:
        return []
    title = official.removeprefix("Miscellaneous ")
    phrase, suffix = title.split(",", 1)[0], ""
    if " of " in phrase:
        phrase, rest = title.split(" of ", 1)
        suffix = " of " + rest.split(", Except", 1)[0]
    helper = phrase.startswith("Helpers--")
    phrase = phrase.removeprefix("Helpers--")
    form = singular_phrase(phrase)
    if form == phrase:  # the head is not a plural noun ('Electrical, Electronic, ...'): no natural form
        return []
    return [f"{form} Helper" if helper else form + suffix]


def normalise(title: str) -> str:
    return " ".join(title.casefold().split())


def _letters(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def abbreviates(short: str, long: str) -> bool:
    """'CNA' / 'Certified Nursing Assistant', 'Tech' / 'Technologist', 'Admin' / 'Web Content Administrator',
    'CNC' / 'Sheet Metal Computer Numerically Controlled': the short form's letters appear in order in
    the long form, from the start of one of its words."""
    short = _letters(short)
    if not short:
        return False
    words = long.split()
    for start in range(len(words)):
        rest = iter(_letters(" ".join(words[start:])))
        if _letters(words[start])[:1] == short[0] and all(ch in rest for ch in short):
            return True
    return False


def is_acronym(part: str) -> bool:
    """'DVM', 'PA-C', 'ATR-BC': one upper-case token of two letters or more."""
    return " " not in part and part.isupper() and len(_letters(part)) >= 2


def split_parenthesised(title: str) -> list[str]:
    """The names a title gives: 'CEO (Chief Executive Officer)' -> ['CEO', 'Chief Executive Officer'],
    'Recreational Vehicle (RV) Repairer' -> ['Recreational Vehicle Repairer', 'RV Repairer'].
    Split only when the bracket renames what precedes it: one form abbreviates the other, one is an
    acronym ('Chiropractic Doctor (DC)'), or both are names of two words or more. 'Singer (Burning)', 'RT (R)' (a one-letter part) and unbalanced
    brackets stay whole. Each part is split again ('Registered Radiologic Technologist (RT (R))')."""
    title = " ".join(title.split())
    opened = title.find("(")
    if opened <= 0:
        return [title] if title else []
    depth, closed = 0, -1
    for i in range(opened, len(title)):
        if title[i] == "(":
            depth += 1
        elif title[i] == ")":
            depth -= 1
            if depth == 0:
                closed = i
                break
    if closed < 0 or "(" in title[closed:] or ")" in title[closed + 1:]:
        return [title]
    before, inside, after = title[:opened].strip(), title[opened + 1:closed].strip(), title[closed + 1:].strip()
    if min(len(_letters(before)), len(_letters(inside))) < 2:
        return [title]
    short, long = sorted((before, inside), key=lambda part: (len(_letters(part)), part))
    renames = (abbreviates(short, long) or is_acronym(before) or is_acronym(inside)
               or min(len(before.split()), len(inside.split())) >= 2)
    if not renames:
        return [title]
    parts = []
    for part in (before, inside):
        for name in split_parenthesised(f"{part} {after}" if after else part):
            if name not in parts:
                parts.append(name)
    return parts


def source_count(sources: str) -> int:
    """'02,04,06' -> 3: how many O*NET sources give an alternate title."""
    return sum(1 for code in sources.split(",") if code.strip())


def build_titles(onet: OnetFiles, to_soc: dict[str, str], oews: dict[str, str]) -> list[tuple[str, str, int, int]]:
    names: dict[str, dict[str, str]] = defaultdict(dict)  # soc -> {normalised: title as written}
    evidence: dict[str, Counter] = defaultdict(Counter)  # soc -> {normalised: evidence}

    def add(soc: str, titles: list[str], weight: int) -> None:
        """Add the names a row gives (each once per row) with the row's evidence."""
        keys = {}
        for title in titles:
            for name in split_parenthesised(title):
                keys.setdefault(normalise(name), name)
        for key, name in keys.items():
            if key not in names[soc]:
                names[soc][key] = name  # of two spellings, the first seen: Alternate Titles come first
            evidence[soc][key] += weight

    for row in onet.rows("Alternate Titles"):
        if row[CODE] in to_soc:
            add(to_soc[row[CODE]], [row["Alternate Title"], row["Short Title"]], source_count(row["Source(s)"]))

    reported: dict[str, dict[str, tuple[str, bool]]] = defaultdict(dict)  # soc -> {normalised: (name, shown)}
    for row in onet.rows("Sample of Reported Titles"):
        if row[CODE] in to_soc:
            per_soc = reported[to_soc[row[CODE]]]
            for name in split_parenthesised(row["Reported Job Title"]):
                first, shown = per_soc.get(normalise(name), (name, False))
                per_soc[normalise(name)] = (first, shown or row["Shown in My Next Move"] == "Y")
    for soc, per_soc in reported.items():  # once per SOC, however many of its codes report the title
        for name, shown in per_soc.values():
            add(soc, [name], REPORTED_EVIDENCE + (NEXT_MOVE_EVIDENCE if shown else 0))

    for soc, official in oews.items():
        for form in natural_forms(official):
            add(soc, [form], 0)
            key = normalise(form)
            evidence[soc][key] = max(evidence[soc][key], OFFICIAL_EVIDENCE)

    shared = Counter(key for per_soc in names.values() for key in per_soc)
    return sorted((
        (title, soc, shared[key], evidence[soc][key])
        for soc, per_soc in names.items() for key, title in per_soc.items()
    ), key=lambda row: (row[1], row[0]))


# ---------------------------------------------------------------------------- occupations

def build_occupations(onet: OnetFiles, to_soc: dict[str, str], oews: dict[str, str],
                      projections: dict[str, dict[str, str]]) -> list[dict[str, str]]:
    zones = {row[CODE]: int(row["Job Zone"]) for row in onet.rows("Job Zones")}

    education_names = {
        int(row["Category"]): education_name(row["Category Description"])
        for row in onet.rows("Education, Training, and Experience Categories") if row["Scale ID"] == "RL"
    }
    shares: dict[str, dict[int, float]] = defaultdict(dict)
    for row in onet.rows("Education, Training, and Experience"):
        if row["Scale ID"] == "RL":
            shares[row[CODE]][int(row["Category"])] = float(row["Data Value"])

    importance: dict[str, dict[str, float]] = defaultdict(dict)
    for row in onet.rows("Skills"):
        if row["Scale ID"] == "IM":
            importance[row[CODE]][row["Element Name"]] = float(row["Data Value"])

    links: dict[str, list[tuple]] = defaultdict(list)
    for row in onet.rows("Related Occupations"):
        tier = TIER_ORDER.get(row["Relatedness Tier"], len(TIER_ORDER))
        links[row[CODE]].append((tier, int(row["Index"] or 0), row[CODE], row["Related O*NET-SOC Code"]))

    hot = HotTechnology(onet.rows("Technology Skills"), links)

    codes_of: dict[str, list[str]] = defaultdict(list)
    for code in sorted(to_soc):
        codes_of[to_soc[code]].append(code)

    rows = []
    for soc in sorted(oews):
        codes = codes_of.get(soc, [])
        outlook = projections.get(soc, {})
        rows.append({
            "soc": soc,
            "title": oews[soc],
            "job_zone": job_zone(pick(soc, codes, zones), zones),
            "education": education(pick(soc, codes, shares), shares, education_names),
            "skills": ";".join(skills(pick(soc, codes, importance), importance)),
            "technologies": ";".join(technologies(pick(soc, codes, hot.demand), hot)),
            "related": ";".join(related(soc, pick(soc, codes, links), links, to_soc)),
            **{ours: outlook.get(theirs, "").strip() for theirs, ours in PROJECTION_COLUMNS.items()},
        })
    return rows


# ---------------------------------------------------------------------------- writing

def write_csv(path: Path, columns: tuple[str, ...], rows: list) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([row[c] for c in columns] if isinstance(row, dict) else row)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--onet", type=Path, default=DATA / "onet-29.3",
                        help="O*NET text tables: a directory of .txt/.txt.gz files or db_29_3_text.zip")
    parser.add_argument("--projections", type=Path,
                        default=DATA / "bls-projections-2024-34" / "projections-2024-34.tsv")
    parser.add_argument("--oews-meta", type=Path, default=ROOT / "knowledge" / "wages" / "oews-2025.meta.json",
                        help='OEWS meta.json with "titles" (or "occupations"): {soc: title}')
    parser.add_argument("--out", type=Path, default=ROOT / "knowledge" / "reference")
    args = parser.parse_args(argv)

    oews = read_oews_titles(args.oews_meta)
    projections = read_projections(args.projections)
    onet = OnetFiles(args.onet)
    onet_codes = sorted(row[CODE] for row in onet.rows("Occupation Data"))
    to_soc = roll_up(onet_codes, oews)

    occupations = build_occupations(onet, to_soc, oews, projections)
    titles = build_titles(onet, to_soc, oews)

    covered = set(to_soc.values())
    aggregates = sorted({soc for code, soc in to_soc.items() if code[:7] != soc})
    onet_columns = ("job_zone", "education", "skills", "technologies", "related")
    no_facts = [row["soc"] for row in occupations if not any(row[column] for column in onet_columns)]
    meta = {
        "attribution": ATTRIBUTION,
        "onet_version": ONET_VERSION,
        "projections_citation": PROJECTIONS_CITATION,
        "sources": {
            "onet": onet.sources,
            "projections": {"file": args.projections.name, "sha256": sha256(args.projections.read_bytes())},
            "oews_titles": {"file": args.oews_meta.name, "socs": len(oews)},
        },
        "counts": {
            "occupations": len(occupations),
            "titles": len(titles),
            "socs_without_onet_code": sorted(set(oews) - covered),
            "socs_without_onet_facts": no_facts,
            "socs_from_split_onet_codes": aggregates,
            "socs_without_projections": sorted(set(oews) - set(projections)),
        },
        "notes": [
            "O*NET codes roll up to SOC by their first 7 characters; an O*NET SOC missing from OEWS rolls up "
            "to the one OEWS code of its broad group that has no O*NET code (OEWS aggregates).",
            "Per table, a SOC uses its main .00 O*NET code when it has data, else all its O*NET codes.",
            "job_zone: most common (ties: lower). education: O*NET required-level category (RL) with the "
            "highest share, short name. skills: top 6 by importance (IM). technologies: up to 8 Hot "
            "Technologies of the occupation's own field, In Demand first, then those hot in fewest occupations; "
            "a technology counts as the field's when its commodity is not generic office software (spreadsheets, "
            "office suites, word processing, e-mail, presentations, operating systems, document management, "
            "browsers, video calls, messaging, timekeeping), its share in the occupation's SOC major group is at "
            "least twice that group's share of all occupations, and it is hot in at least one of the occupation's "
            "Primary-Short or Primary-Long related occupations. related: up to 8 SOCs, "
            "Primary-Short tier first.",
            "Projections columns are BLS's: growth_percent = change 2024-34 in percent, openings_thousands = "
            "average annual openings in thousands; 'None' in work_experience/training is a BLS category.",
            "titles.csv: O*NET Alternate, Short and Reported titles, plus singular/head forms of the OEWS "
            "title; a title with a bracket that renames ('Certified Nursing Assistant (CNA)', 'Recreational "
            "Vehicle (RV) Repairer') gives its two names instead of the combined string. shared_by = number "
            "of SOCs with the same case-folded title. evidence = how strongly O*NET ties the title to this "
            "SOC: the number of sources in Source(s) summed over the Alternate Titles rows of the SOC's O*NET "
            "codes that give it, +2 when it is a Reported Title of the SOC, +2 more when that report is Shown "
            "in My Next Move; at least 20 for a natural form of the official title.",
        ],
    }

    args.out.mkdir(parents=True, exist_ok=True)
    write_csv(args.out / "occupations.csv", OCCUPATION_COLUMNS, occupations)
    write_csv(args.out / "titles.csv", TITLE_COLUMNS, titles)
    (args.out / "meta.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(occupations)} occupations, {len(titles)} titles; "
          f"{len(no_facts)} without O*NET facts, {len(aggregates)} from split O*NET codes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
