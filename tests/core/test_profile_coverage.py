"""Every occupation with 100,000+ US jobs in the OEWS national table has a written profile (issue 13).

Checked for the major SOC groups whose profiles are written so far; a group joins `COVERED_GROUPS` once its
profiles are in. "All Other" residual codes are exempt when no everyday role people ask about belongs there.
"""

from __future__ import annotations

THRESHOLD = 100_000

# Major SOC groups (first two digits) whose large occupations must all have a profile.
COVERED_GROUPS = {"43", "45", "47", "49", "51", "53"}

# Residual "All Other" codes: a grab bag of small, unrelated jobs, not a role people ask about by name.
RESIDUALS_WITHOUT_A_PROFILE = {
    "43-4199": "Information and Record Clerks, All Other (vault clerks, registrars, record keepers, …)",
    "43-9199": "Office and Administrative Support Workers, All Other (stenographers, tariff clerks, …)",
    "49-9099": "Installation, Maintenance, and Repair Workers, All Other (pump installers, I&C techs, …)",
    "51-9199": "Production Workers, All Other (winders, tumbler operators, stuffers, …)",
}


def large_occupations(kb) -> dict[str, str]:
    """SOC code -> official title of every occupation at or over the threshold in the covered groups."""
    large = {}
    for soc, title in kb.wages.titles.items():
        estimate = kb.wages.get(soc)
        if soc[:2] in COVERED_GROUPS and estimate and estimate.employment and estimate.employment >= THRESHOLD:
            large[soc] = title
    return large


def test_every_large_occupation_has_a_written_profile(kb):
    profiled = {role.soc for role in kb.curated_roles() if role.soc}
    missing = {soc: title for soc, title in large_occupations(kb).items()
               if soc not in profiled and soc not in RESIDUALS_WITHOUT_A_PROFILE}
    assert missing == {}


def test_the_exemptions_are_real_large_residuals(kb):
    large = large_occupations(kb)
    for soc in RESIDUALS_WITHOUT_A_PROFILE:
        assert soc in large and large[soc].endswith("All Other"), soc


def test_the_check_sees_the_big_occupations(kb):
    large = large_occupations(kb)
    assert len(large) >= 80  # SOC 43-53 held 91 such occupations in May 2025
    assert "53-3032" in large and "43-4051" in large  # truck drivers, customer service representatives
