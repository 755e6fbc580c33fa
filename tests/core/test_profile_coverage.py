"""Every occupation with 100,000+ US jobs in the OEWS national table has a written profile (issue 13).

"All Other" residual codes are exempt when no everyday role people ask about belongs there.
"""

from __future__ import annotations

THRESHOLD = 100_000

MIN_CURATED_ROLES = 280
MIN_COMPARISONS = 60

# Residual "All Other" codes: a grab bag of small, unrelated jobs, not a role people ask about by name.
RESIDUALS_WITHOUT_A_PROFILE = {
    "11-9199": "Managers, All Other (compliance, loss prevention, regulatory affairs, sustainability managers, …)",
    "13-1199": "Business Operations Specialists, All Other (continuity planners, online merchants, …)",
    "21-1099": "Community and Social Service Specialists, All Other (community organizers, …)",
    "25-1199": "Postsecondary Teachers, All Other (professors of dozens of subjects with very different pay)",
    "25-3099": "Teachers and Instructors, All Other (no O*NET titles)",
    "25-9099": "Educational Instruction and Library Workers, All Other (no O*NET titles)",
    "29-2099": "Health Technologists and Technicians, All Other (neurodiagnostic, ophthalmic, orthotic techs, …)",
    "31-9099": "Healthcare Support Workers, All Other (several small support jobs, no single everyday role)",
    "43-4199": "Information and Record Clerks, All Other (vault clerks, registrars, record keepers, …)",
    "43-9199": "Office and Administrative Support Workers, All Other (stenographers, tariff clerks, …)",
    "49-9099": "Installation, Maintenance, and Repair Workers, All Other (pump installers, I&C techs, …)",
    "51-9199": "Production Workers, All Other (winders, tumbler operators, stuffers, …)",
}


def large_occupations(kb) -> dict[str, str]:
    """SOC code -> official title of every occupation at or over the threshold."""
    large = {}
    for soc, title in kb.wages.titles.items():
        estimate = kb.wages.get(soc)
        if estimate and estimate.employment and estimate.employment >= THRESHOLD:
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
    assert len(large) >= 250  # 271 such occupations in May 2025
    assert "53-3032" in large and "43-4051" in large  # truck drivers, customer service representatives


def test_the_knowledge_base_has_the_depth_issue_13_asks_for(kb):
    assert len(kb.curated_ids) >= MIN_CURATED_ROLES
    assert len(kb.comparisons) >= MIN_COMPARISONS
