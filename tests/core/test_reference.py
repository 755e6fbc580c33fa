"""Reference-occupation facts: the O*NET/BLS importer and the loader of its committed tables."""

from __future__ import annotations

import csv
import gzip
import importlib.util
import io
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core import reference as reference_module
from bot.core.reference import AltTitle, OccupationFacts, Outlook, ReferenceData, ReferenceError

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "import_onet.py"
COMMITTED = ROOT / "knowledge" / "reference"
SHARED_DATA = ROOT.parent / "shared" / "data"
OEWS_META = ROOT / "knowledge" / "wages" / "oews-2025.meta.json"
TSV = "\t"


# ---------------------------------------------------------------------------- a tiny O*NET release

def table(header: str, *rows: str) -> str:
    """Tab-separated text from rows written with `|` between cells (easier to read than tabs)."""
    return "\n".join(line.replace("|", TSV) for line in (header, *rows)) + "\n"


RL = "2.D.1|Required Level of Education|RL|Required Level Of Education (Categories 1-12)"
ETE_HEADER = ("O*NET-SOC Code|Title|Element ID|Element Name|Scale ID|Scale Name|Category|Data Value|N|"
              "Standard Error|Lower CI Bound|Upper CI Bound|Recommend Suppress|Date|Domain Source")
SKILLS_HEADER = ("O*NET-SOC Code|Title|Element ID|Element Name|Scale ID|Scale Name|Data Value|N|Standard Error|"
                 "Lower CI Bound|Upper CI Bound|Recommend Suppress|Not Relevant|Date|Domain Source")


def ete(code: str, category: int, share: float, scale: str = RL) -> str:
    return f"{code}|x|{scale}|{category}|{share}|20|1|||N|08/2023|Incumbent"


def skill(code: str, name: str, importance: float, level: float = 6.9) -> tuple[str, str]:
    return (f"{code}|x|2.A|{name}|IM|Importance|{importance}|8|0|||N||08/2023|Analyst",
            f"{code}|x|2.A|{name}|LV|Level|{level}|8|0|||N|N|08/2023|Analyst")


def tech(code: str, example: str, hot: str, in_demand: str, commodity: str = "Some software") -> str:
    return f"{code}|x|{example}|43232202|{commodity}|{hot}|{in_demand}"


ONET = {
    "Occupation Data": table(
        "O*NET-SOC Code|Title",
        "11-1011.00|Chief Executives",
        "11-1011.03|Chief Sustainability Officers",
        "13-1021.00|Buyers and Purchasing Agents, Farm Products",
        "13-1022.00|Wholesale and Retail Buyers, Except Farm Products",
        "13-1023.00|Purchasing Agents, Except Wholesale, Retail, and Farm Products",
        "15-1252.00|Software Developers",
        "15-1299.00|Computer Occupations, All Other",
        "15-1299.08|Computer Systems Engineers/Architects",
        "23-1011.00|Lawyers",
        "29-1021.00|Dentists, General",
        "55-1011.00|Air Crew Officers",
    ),
    "Job Zones": table(
        "O*NET-SOC Code|Title|Job Zone|Date|Domain Source",
        "11-1011.00|x|5|08/2023|Analyst",
        "11-1011.03|x|4|08/2023|Analyst",  # the main .00 code decides
        "13-1021.00|x|3|08/2023|Analyst",
        "13-1022.00|x|4|08/2023|Analyst",  # no main code: the most common zone
        "13-1023.00|x|4|08/2023|Analyst",
        "15-1252.00|x|4|08/2023|Analyst",
        "15-1299.08|x|4|08/2023|Analyst",  # 15-1299.00 has none: its specialty speaks for it
        "23-1011.00|x|5|08/2023|Analyst",
        "55-1011.00|x|3|08/2023|Analyst",
    ),
    "Education, Training, and Experience Categories": table(
        "Element ID|Element Name|Scale ID|Scale Name|Category|Category Description",
        f"{RL}|2|High School Diploma - or the equivalent (for example, GED)",
        f"{RL}|6|Bachelor's Degree",
        f"{RL}|8|Master's Degree",
        f"{RL}|10|First Professional Degree - awarded for completion of a program that: requires ...",
        f"{RL}|11|Doctoral Degree",
        "3.A.1|Related Work Experience|RW|Related Work Experience (Categories 1-11)|6|Over 1 year",
    ),
    "Education, Training, and Experience": table(
        ETE_HEADER,
        ete("13-1021.00", 2, 70), ete("13-1021.00", 6, 30),
        ete("13-1022.00", 2, 20), ete("13-1022.00", 6, 80),  # summed: 90 vs 110
        ete("15-1252.00", 2, 10), ete("15-1252.00", 6, 60), ete("15-1252.00", 8, 30),
        ete("15-1252.00", 6, 99, "3.A.1|Related Work Experience|RW|Related Work Experience (Categories 1-11)"),
        ete("23-1011.00", 10, 40), ete("23-1011.00", 11, 40),  # a tie: the lower category
    ),
    "Skills": table(
        SKILLS_HEADER,
        *skill("11-1011.00", "Judgment and Decision Making", 4.5),
        *skill("11-1011.03", "Science", 4.9),  # ignored: the main code has skills
        *skill("13-1021.00", "Negotiation", 4.0), *skill("13-1021.00", "Speaking", 3.0),
        *skill("13-1022.00", "Negotiation", 3.0), *skill("13-1022.00", "Speaking", 4.5),  # means 3.5, 3.75
        *skill("15-1252.00", "Programming", 4.5),
        *skill("15-1252.00", "Critical Thinking", 4.0),
        *skill("15-1252.00", "Complex Problem Solving", 4.0),
        *skill("15-1252.00", "Reading Comprehension", 3.9),
        *skill("15-1252.00", "Writing", 3.5),
        *skill("15-1252.00", "Active Listening", 3.5),
        *skill("15-1252.00", "Speaking", 3.0, level=7.0),  # 7th: left out, however high its level
        *skill("15-1299.08", "Systems Analysis", 4.2), *skill("15-1299.08", "Programming", 3.0),
    ),
    "Technology Skills": table(
        "O*NET-SOC Code|Title|Example|Commodity Code|Commodity Title|Hot Technology|In Demand",
        tech("11-1011.00", "Microsoft Excel", "Y", "N", "Spreadsheet software"),  # generic office software
        tech("15-1252.00", "Atlassian JIRA", "Y", "N"),  # hot here only, in none of its close relatives
        tech("15-1252.00", "C++", "Y", "N"),
        tech("15-1252.00", "Docker", "Y", "N"),
        tech("15-1252.00", "Epic Systems", "Y", "N"),  # hot in a relative, but mostly outside computing: dropped
        tech("15-1252.00", "Git", "Y", "Y"),
        tech("15-1252.00", "Microsoft Excel", "Y", "N", "Spreadsheet software"),
        tech("15-1252.00", "Notepad++", "N", "N"),  # not hot
        tech("15-1252.00", "Python", "Y", "N"),
        tech("15-1252.00", "Python", "Y", "Y"),  # listed twice: in demand once is enough
        tech("15-1252.00", "React", "Y", "N"),
        tech("15-1252.00", "RESTful API", "N", "Y"),  # in demand but not hot
        tech("15-1299.08", "Docker", "Y", "N"),
        tech("15-1299.08", "Epic Systems", "Y", "N"),
        tech("15-1299.08", "Git", "Y", "N"),
        tech("15-1299.08", "Python", "Y", "N"),
        tech("15-1299.08", "React", "Y", "N"),
        tech("23-1011.00", "Epic Systems", "Y", "N"),
        tech("23-1011.00", "LexisNexis", "Y", "N"),  # no related occupation to share it with
        tech("23-1011.00", "Microsoft Excel", "Y", "N", "Spreadsheet software"),
        tech("29-1021.00", "Epic Systems", "Y", "N"),
    ),
    "Related Occupations": table(
        "O*NET-SOC Code|Title|Related O*NET-SOC Code|Related Title|Relatedness Tier|Index",
        "13-1021.00|x|13-1022.00|x|Primary-Short|1",  # itself once rolled up
        "13-1021.00|x|15-1252.00|x|Primary-Long|7",
        "13-1022.00|x|11-1011.00|x|Primary-Short|2",
        "13-1022.00|x|11-1011.03|x|Primary-Short|3",  # 11-1011 again
        "15-1252.00|x|13-1021.00|x|Supplemental|11",
        "15-1252.00|x|11-1011.00|x|Primary-Long|6",
        "15-1252.00|x|55-1011.00|x|Primary-Short|2",  # not an OEWS occupation
        "15-1252.00|x|15-1299.08|x|Primary-Short|1",
        "15-1299.08|x|15-1299.00|x|Primary-Short|1",
        "15-1299.08|x|15-1252.00|x|Primary-Short|2",
    ),
    "Alternate Titles": table(
        "O*NET-SOC Code|Title|Alternate Title|Short Title|Source(s)",
        "11-1011.00|x|CEO (Chief Executive Officer)|CEO|02,04,06,08,10",  # 5 sources; CEO counts once per row
        "11-1011.03|x|Chief Executive Officer|CEO|04",  # a finer code: its sources add to 11-1011's
        "11-1011.03|x|Chief Sustainability Officer (CSO)|CSO|02",
        "13-1021.00|x|Farm Products Buyer||08",
        "13-1022.00|x|Purchasing Agent||04,06",
        "13-1023.00|x|purchasing  agent||08",  # the same title in another code of the same SOC: 2 + 1
        "15-1252.00|x|Software Engineer||02,04,08",
        "15-1252.00|x|Software Quality Assurance (SQA) Engineer||02",  # a bracket inside the title
        "15-1252.00|x|Engineer||08",
        "15-1299.08|x|Engineer||08",
        "15-1299.08|x|Systems Architect||08",
        "23-1011.00|x|Attorney||08",
        "23-1011.00|x|Attorney (Corporate)||04",  # a bracket that qualifies, not renames: kept whole
        "23-1011.00|x|Lawyer||02,08",  # the official name: 20, not 2
        "29-1021.00|x|Dentist||08",
        "29-1021.00|x|Family Dentist||08",
        "29-1021.00|x|DDS (Doctor of Dental Surgery)|DDS|04,06",
        "55-1011.00|x|Pilot||08",
    ),
    "Sample of Reported Titles": table(
        "O*NET-SOC Code|Title|Reported Job Title|Shown in My Next Move",
        "11-1011.00|x|CEO (Chief Executive Officer)|Y",  # split too: +2 each, +2 more for My Next Move
        "11-1011.03|x|CEO|N",  # reported again for the same SOC: counts once
        "13-1022.00|x|Retail Buyer|Y",
        "15-1252.00|x|Application Developer|Y",
        "15-1252.00|x|engineer|N",  # the same title as "Engineer": the first spelling stays
        "15-1252.00|x|Software  Engineer|N",
        "23-1011.00|x|Attorney|Y",
    ),
}

OEWS_TITLES = {
    "11-1011": "Chief Executives",
    "13-1020": "Buyers and Purchasing Agents",
    "15-1252": "Software Developers",
    "15-1299": "Computer Occupations, All Other",
    "23-1011": "Lawyers",
    "29-1021": "Dentists, General",
}

PROJECTIONS = table(
    "soc|title|employment_base|employment_projected|change_percent|openings_annual_avg|median_wage|"
    "typical_education|work_experience|on_the_job_training",
    "11-1011|Chief executives|309.4|322.7|4.3|22.2|206420|Bachelor's degree|5 years or more|None",
    "11-1031|Legislators|27.7|28.6|3.4|2.2|44810|Bachelor's degree|Less than 5 years|None",
    "13-1020|Buyers and purchasing agents|480.1|485.0|1.0|43.9|71950|Bachelor's degree|None|Moderate-term on-the-job training",
    "15-1252|Software developers|1693.8|1961.5|15.8|115.2|133080|Bachelor's degree|None|None",
    "15-1299|Computer occupations, all other|429.7|465.0|8.2|31.3|109020|Bachelor's degree|None|None",
    "23-1011|Lawyers|864.6|900.0|4.1|31.5|151160|Doctoral or professional degree|None|None",
)

EXPECTED_OCCUPATIONS = """\
soc,title,job_zone,education,skills,technologies,related,growth_percent,openings_thousands,entry_education,work_experience,training
11-1011,Chief Executives,5,,Judgment and Decision Making,,,4.3,22.2,Bachelor's degree,5 years or more,None
13-1020,Buyers and Purchasing Agents,4,Bachelor's Degree,Speaking;Negotiation,,11-1011;15-1252,1.0,43.9,Bachelor's degree,None,Moderate-term on-the-job training
15-1252,Software Developers,4,Bachelor's Degree,Programming;Complex Problem Solving;Critical Thinking;Reading Comprehension;Active Listening;Writing,Git;Python;Docker;React,15-1299;11-1011;13-1020,15.8,115.2,Bachelor's degree,None,None
15-1299,"Computer Occupations, All Other",4,,Systems Analysis;Programming,Docker;Git;Python;React,15-1252,8.2,31.3,Bachelor's degree,None,None
23-1011,Lawyers,5,First Professional Degree,,,,4.1,31.5,Doctoral or professional degree,None,None
29-1021,"Dentists, General",,,,,,,,,,
"""

EXPECTED_TITLES = """\
title,soc,shared_by,evidence
CEO,11-1011,1,10
CSO,11-1011,1,1
Chief Executive,11-1011,1,20
Chief Executive Officer,11-1011,1,10
Chief Sustainability Officer,11-1011,1,1
Buyer and Purchasing Agent,13-1020,1,20
Farm Products Buyer,13-1020,1,1
Purchasing Agent,13-1020,1,3
Retail Buyer,13-1020,1,4
Application Developer,15-1252,1,4
Engineer,15-1252,2,3
SQA Engineer,15-1252,1,1
Software Developer,15-1252,1,20
Software Engineer,15-1252,1,5
Software Quality Assurance Engineer,15-1252,1,1
Engineer,15-1299,2,1
Systems Architect,15-1299,1,1
Attorney,23-1011,1,5
Attorney (Corporate),23-1011,1,1
Lawyer,23-1011,1,20
DDS,29-1021,1,2
Dentist,29-1021,1,20
Doctor of Dental Surgery,29-1021,1,2
Family Dentist,29-1021,1,1
"""


@pytest.fixture
def inputs(tmp_path: Path) -> dict[str, Path]:
    """The tiny release as the shared data has it (.txt.gz), with a few plain .txt files mixed in."""
    onet = tmp_path / "onet"
    onet.mkdir()
    for i, (name, text) in enumerate(ONET.items()):
        if i % 2:
            (onet / f"{name}.txt").write_text(text, encoding="utf-8")
        else:
            (onet / f"{name}.txt.gz").write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
    projections = tmp_path / "projections.tsv"
    projections.write_text(PROJECTIONS, encoding="utf-8")
    meta = tmp_path / "oews.meta.json"
    meta.write_text(json.dumps({"titles": OEWS_TITLES}), encoding="utf-8")
    return {"onet": onet, "projections": projections, "oews_meta": meta}


def run_script(onet: Path, projections: Path, oews_meta: Path, out: Path) -> None:
    subprocess.run(
        [sys.executable, str(SCRIPT), "--onet", str(onet), "--projections", str(projections),
         "--oews-meta", str(oews_meta), "--out", str(out)],
        check=True, capture_output=True, text=True,
    )


def load_script_module():
    spec = importlib.util.spec_from_file_location("import_onet", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ---------------------------------------------------------------------------- the importer

def test_importer_rolls_up_onet_to_oews_occupations_with_top_choices(inputs, tmp_path):
    out = tmp_path / "out"
    run_script(**inputs, out=out)
    assert (out / "occupations.csv").read_text(encoding="utf-8") == EXPECTED_OCCUPATIONS


def test_importer_titles_are_split_rolled_up_deduplicated_counted_and_weighed(inputs, tmp_path):
    out = tmp_path / "out"
    run_script(**inputs, out=out)
    assert (out / "titles.csv").read_text(encoding="utf-8") == EXPECTED_TITLES


def test_importer_meta_carries_attribution_sources_and_counts(inputs, tmp_path):
    out = tmp_path / "out"
    run_script(**inputs, out=out)
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    assert meta["onet_version"] == "29.3"
    assert meta["projections_citation"] == "BLS Employment Projections, 2024\u201334"
    assert "Used under the CC BY 4.0 license" in meta["attribution"]
    files = {source["file"]: source["sha256"] for source in meta["sources"]["onet"]}
    assert {"onet/Job Zones.txt", "onet/Skills.txt.gz"} <= set(files) and len(files) == len(ONET)
    assert all(len(digest) == 64 for digest in files.values())
    assert meta["counts"]["occupations"] == 6
    assert meta["counts"]["titles"] == 24
    assert meta["counts"]["socs_from_split_onet_codes"] == ["13-1020"]
    assert meta["counts"]["socs_without_onet_facts"] == ["29-1021"]
    assert meta["counts"]["socs_without_projections"] == ["29-1021"]


def test_importer_reads_the_official_zip_alike(inputs, tmp_path):
    archive = tmp_path / "db_29_3_text.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for name, text in ONET.items():
            if name == "Alternate Titles":  # the official release writes n/a for an empty cell
                text = text.replace(TSV + TSV, f"{TSV}n/a{TSV}")
            zipped.writestr(f"db_29_3_text/{name}.txt", text)
    out = tmp_path / "from-zip"
    run_script(archive, inputs["projections"], inputs["oews_meta"], out)
    assert (out / "occupations.csv").read_text(encoding="utf-8") == EXPECTED_OCCUPATIONS
    assert (out / "titles.csv").read_text(encoding="utf-8") == EXPECTED_TITLES


def test_importer_output_is_reproducible(inputs, tmp_path):
    run_script(**inputs, out=tmp_path / "a")
    run_script(**inputs, out=tmp_path / "b")
    for name in ("occupations.csv", "titles.csv", "meta.json"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


@pytest.mark.parametrize(
    ("official", "forms"),
    [
        ("Lawyers", ["Lawyer"]),
        ("Dentists, General", ["Dentist"]),
        ("Secretaries and Administrative Assistants, Except Legal, Medical, and Executive",
         ["Secretary and Administrative Assistant"]),
        ("First-Line Supervisors of Security Workers", ["First-Line Supervisor of Security Workers"]),
        ("Helpers--Carpenters", ["Carpenter Helper"]),
        ("Hosts and Hostesses, Restaurant, Lounge, and Coffee Shop", ["Host and Hostess"]),
        ("Coaches and Scouts", ["Coach and Scout"]),
        ("Computer Occupations, All Other", []),  # a remainder, not a name anyone types
        ("Electrical, Electronic, and Electromechanical Assemblers, Except Coil Winders", []),
        ("Clergy", []),
    ],
)
def test_natural_forms_of_official_titles(official, forms):
    assert load_script_module().natural_forms(official) == forms


@pytest.mark.parametrize(
    ("title", "names"),
    [
        ("Certified Nursing Assistant (CNA)", ["Certified Nursing Assistant", "CNA"]),
        ("CEO (Chief Executive Officer)", ["CEO", "Chief Executive Officer"]),
        ("Ultrasound Technologist (Ultrasound Tech)", ["Ultrasound Technologist", "Ultrasound Tech"]),
        ("Echo Sonographer (Echocardiograph Sonographer)", ["Echo Sonographer", "Echocardiograph Sonographer"]),
        ("Chiropractic Doctor (DC)", ["Chiropractic Doctor", "DC"]),  # an acronym in another order
        ("Web Content Administrator (Admin)", ["Web Content Administrator", "Admin"]),
        ("Recreational Vehicle (RV) Repairer", ["Recreational Vehicle Repairer", "RV Repairer"]),
        ("Registered Radiologic Technologist (RT (R))", ["Registered Radiologic Technologist", "RT (R)"]),
        ("Singer (Burning)", ["Singer (Burning)"]),  # qualifies, does not rename
        ("RT (R)", ["RT (R)"]),  # a one-letter part is no name
        ("Manager (Retail", ["Manager (Retail"]),
        ("  Software   Engineer ", ["Software Engineer"]),
        ("", []),
    ],
)
def test_parenthesised_titles_split_into_their_two_names(title, names):
    assert load_script_module().split_parenthesised(title) == names


@pytest.mark.parametrize(("sources", "count"), [("02,04,06,08,10", 5), ("08", 1), ("04, 06", 2), ("", 0)])
def test_source_count(sources, count):
    assert load_script_module().source_count(sources) == count


# ---------------------------------------------------------------------------- the committed tables

@pytest.fixture(scope="module")
def reference() -> ReferenceData:
    return ReferenceData.load(COMMITTED)


def test_committed_tables_cover_every_oews_occupation(reference):
    assert len(reference.occupations) == 830
    assert all(isinstance(facts, OccupationFacts) for facts in reference.occupations.values())
    assert reference.facts("99-9999") is None


def test_software_developers_facts(reference):
    facts = reference.facts("15-1252")
    assert facts.title == "Software Developers"
    assert facts.job_zone == 4
    assert "15-1299" in facts.related and "15-1252" not in facts.related
    assert all(reference.facts(soc) is not None for soc in facts.related)
    assert facts.technologies and len(facts.technologies) <= 8
    assert facts.outlook == Outlook(15.8, 115.2, "Bachelor's degree", "None", "None")


def test_lawyers_facts(reference):
    facts = reference.facts("23-1011")
    assert facts.job_zone == 5
    assert len(facts.skills) == 6
    assert facts.education


@pytest.mark.parametrize(
    ("title", "soc"),
    [("Software Engineer", "15-1252"), ("Attorney", "23-1011"), ("Lawyer", "23-1011"),
     ("Truck Driver", "53-3032"), ("Dentist", "29-1021")],
)
def test_committed_titles_include_natural_names(reference, title, soc):
    assert any(alt.title == title and alt.soc == soc for alt in reference.titles)


def test_shared_titles_are_counted_across_occupations(reference):
    engineer = [alt for alt in reference.titles if alt.title.casefold() == "engineer"]
    assert len(engineer) > 10
    assert {alt.shared_by for alt in engineer} == {len(engineer)}
    software_engineer = [alt for alt in reference.titles if alt.title == "Software Engineer"]
    assert software_engineer == [AltTitle("Software Engineer", "15-1252", 1, software_engineer[0].evidence)]


def evidence_by_soc(reference: ReferenceData, title: str) -> dict[str, int]:
    return {alt.soc: alt.evidence for alt in reference.titles if alt.title.casefold() == title.casefold()}


@pytest.mark.parametrize(
    ("title", "soc", "weaker"),
    [
        ("Ultrasound Tech", "29-2032", ["29-2034"]),  # Diagnostic Medical Sonographers, not Radiologic Technologists
        ("Roofer", "47-2181", ["47-2031"]),  # Roofers, not Carpenters
        ("Surveyor", "17-1022", ["17-3031"]),  # Surveyors, not Surveying and Mapping Technicians
        ("CNA", "31-1131", ["29-9093", "31-1120"]),  # Nursing Assistants; 31-1120 holds O*NET's 31-1121
        ("Line Cook", "35-2014", ["35-2011", "35-2012", "35-2015", "35-2021"]),  # Cooks, Restaurant
    ],
)
def test_evidence_says_which_occupation_a_shared_title_mostly_means(reference, title, soc, weaker):
    evidence = evidence_by_soc(reference, title)
    assert set(evidence) == {soc, *weaker}
    assert all(evidence[soc] > evidence[other] for other in weaker), evidence


def test_parenthesised_titles_are_split_in_the_committed_table(reference):
    names = {(alt.title, alt.soc) for alt in reference.titles}
    assert {("Certified Nursing Assistant", "31-1131"), ("CNA", "31-1131"),
            ("CEO", "11-1011"), ("Chief Executive Officer", "11-1011"),
            ("Ultrasound Technologist", "29-2032"), ("Ultrasound Tech", "29-2032"),
            ("Echo Sonographer", "29-2032"), ("Echocardiograph Sonographer", "29-2032"),
            ("TSA Screener", "33-9093")} <= names
    assert not any(alt.title in ("Certified Nursing Assistant (CNA)", "CEO (Chief Executive Officer)")
                   for alt in reference.titles)
    assert sum("(" in alt.title for alt in reference.titles) < 10  # only brackets that qualify are left


def test_official_names_carry_the_highest_evidence(reference):
    assert evidence_by_soc(reference, "Software Developer") == {"15-1252": 20}
    assert max(alt.evidence for alt in reference.titles) == 20
    assert min(alt.evidence for alt in reference.titles) >= 1


def test_attribution_is_the_onet_text(reference):
    assert reference.attribution.startswith("This product includes information from the O*NET 29.3 Database")
    assert "USDOL/ETA has not approved, endorsed, or tested these modifications." in reference.attribution


def test_loading_is_immutable(reference):
    with pytest.raises(TypeError):
        reference.occupations["15-1252"] = None  # type: ignore[index]
    with pytest.raises(AttributeError):
        reference.facts("15-1252").job_zone = 1  # type: ignore[misc]


# ---------------------------------------------------------------------------- malformed files

def copy_committed(tmp_path: Path) -> Path:
    directory = tmp_path / "reference"
    shutil.copytree(COMMITTED, directory)
    return directory


def edit_line(path: Path, line: int, edit) -> None:
    """Replace line `line` (1-based) of `path` by `edit(cells)` for a list of cells, or by a raw string."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    if callable(edit):
        cells = next(csv.reader([lines[line - 1]]))
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerow(edit(cells))
        lines[line - 1] = buffer.getvalue()
    else:
        lines[line - 1] = edit + "\n"
    path.write_text("".join(lines), encoding="utf-8")


def cell(index: int, value: str):
    return lambda cells: cells[:index] + [value] + cells[index + 1:]


@pytest.mark.parametrize(
    ("name", "line", "edit", "message"),
    [
        ("occupations.csv", 1, "soc,title", "header must be"),
        ("occupations.csv", 5, cell(2, "9"), "job_zone must be 1-5"),
        ("occupations.csv", 7, "11-2033,Fundraising Managers", "expected 12 columns, found 2"),
        ("occupations.csv", 8, cell(0, "11-30x1"), "not a SOC code"),
        ("occupations.csv", 9, cell(7, "lots"), "growth_percent: not a number"),
        ("occupations.csv", 10, cell(6, "15-1252;99-9999"), "related: '99-9999'"),
        ("occupations.csv", 11, lambda cells: ["11-1011"] + cells[1:], "soc 11-1011 appears twice"),
        ("titles.csv", 40, cell(1, "99-9999"), "soc '99-9999' is not in occupations.csv"),
        ("titles.csv", 41, cell(2, "0"), "shared_by must be a whole number"),
        ("titles.csv", 44, cell(3, "-1"), "evidence must be a whole number from 0"),
        ("titles.csv", 45, cell(3, "2.5"), "evidence must be a whole number from 0"),
        ("titles.csv", 46, cell(3, ""), "evidence must be a whole number from 0"),
        ("titles.csv", 48, cell(3, "07"), "evidence must be a whole number from 0"),
        ("titles.csv", 47, "Chief Officer,11-1011,1", "expected 4 columns, found 3"),
        ("titles.csv", 1, "title,soc,shared_by", "header must be title,soc,shared_by,evidence"),
        ("titles.csv", 42, '"Chief" Officer,11-1011,1,1', "',' expected after '\"'"),
        ("titles.csv", 43, '"Chief,11-1011,1,1', ""),  # an open quote runs on: the record's first line
    ],
)
def test_malformed_files_raise_with_file_and_line(tmp_path, name, line, edit, message):
    directory = copy_committed(tmp_path)
    edit_line(directory / name, line, edit)
    with pytest.raises(ReferenceError) as raised:
        ReferenceData.load(directory)
    error = raised.value
    assert (Path(error.path).name, error.line) == (name, line)
    assert message in error.message
    assert str(error).startswith(f"{directory / name}:{line}: ")


def test_zero_evidence_is_allowed(tmp_path):
    directory = copy_committed(tmp_path)
    edit_line(directory / "titles.csv", 2, cell(3, "0"))
    assert ReferenceData.load(directory).titles[0].evidence == 0


def test_missing_attribution_is_an_error(tmp_path):
    directory = copy_committed(tmp_path)
    (directory / "meta.json").write_text('{\n  "onet_version": "29.3"\n}\n', encoding="utf-8")
    with pytest.raises(ReferenceError, match="attribution"):
        ReferenceData.load(directory)


def test_missing_file_is_an_error(tmp_path):
    directory = copy_committed(tmp_path)
    (directory / "titles.csv").unlink()
    with pytest.raises(ReferenceError) as raised:
        ReferenceData.load(directory)
    assert (Path(raised.value.path).name, raised.value.line) == ("titles.csv", 0)


_TITLE_LINES = (COMMITTED / "titles.csv").read_text(encoding="utf-8").splitlines()[:40]
_TITLE_EDITS = ["", "0", "07", "1", "12", "-1", "2.5", "\u0661", "99-9999", "11-1011", '"a, b"', '"a', 'a"b', "x,y",
                "\r", "\x00"]


@given(data=st.data())
@settings(max_examples=300, deadline=None)
def test_titles_read_straight_agree_with_titles_read_row_by_row(tmp_path_factory, data):
    """The quick reading of titles.csv accepts exactly the files the row-by-row reading accepts, with the same
    titles; on any other it gives way, and the row-by-row reading names the line."""
    lines = list(_TITLE_LINES)
    for _ in range(data.draw(st.integers(0, 3))):
        index = data.draw(st.integers(0, len(lines) - 1))
        cells = lines[index].split(",")
        action = data.draw(st.sampled_from(["cell", "cell", "raw", "blank", "duplicate"]))
        if action == "cell":
            cells[data.draw(st.integers(0, len(cells) - 1))] = data.draw(st.sampled_from(_TITLE_EDITS))
            lines[index] = ",".join(cells)
        elif action == "raw":
            lines[index] = data.draw(st.sampled_from(_TITLE_EDITS)) + lines[index]
        elif action == "blank":
            lines[index] = ""
        else:
            lines.insert(index, lines[index])
    path = tmp_path_factory.mktemp("titles") / "titles.csv"
    path.write_text("\n".join(lines) + data.draw(st.sampled_from(["\n", "", "\r\n"])), encoding="utf-8")
    occupations = reference_module._read_occupations(COMMITTED / "occupations.csv")

    def outcome(read):
        try:
            return read(path, occupations)
        except ReferenceError as error:
            return str(error)

    assert outcome(reference_module._read_titles) == outcome(reference_module._titles_row_by_row)


# ---------------------------------------------------------------------------- rebuild

@pytest.mark.skipif(not SHARED_DATA.is_dir(), reason="the source data (../shared/data) is not in this checkout")
def test_committed_tables_rebuild_byte_for_byte(tmp_path):
    run_script(
        SHARED_DATA / "onet-29.3",
        SHARED_DATA / "bls-projections-2024-34" / "projections-2024-34.tsv",
        OEWS_META,
        tmp_path,
    )
    for name in ("occupations.csv", "titles.csv", "meta.json"):
        assert (tmp_path / name).read_bytes() == (COMMITTED / name).read_bytes(), name
    readme = (SHARED_DATA / "onet-29.3" / "README.md").read_text(encoding="utf-8")
    quoted = " ".join(line.removeprefix(">").strip() for line in readme.splitlines() if line.startswith(">"))
    assert json.loads((COMMITTED / "meta.json").read_text(encoding="utf-8"))["attribution"] == quoted
