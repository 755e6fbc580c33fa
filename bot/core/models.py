"""Immutable objects the knowledge base is made of."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from types import MappingProxyType
from typing import Mapping


class Section(str, Enum):
    """The sections every card and comparison is organised by, in display order."""

    OVERVIEW = "overview"
    DUTIES = "duties"
    REQUIREMENTS = "requirements"
    ENVIRONMENT = "environment"
    SKILLS = "skills"
    SALARY = "salary"

    @property
    def label(self) -> str:
        return _SECTION_LABELS[self]


_SECTION_LABELS = {
    Section.OVERVIEW: "Overview",
    Section.DUTIES: "Duties",
    Section.REQUIREMENTS: "Requirements",
    Section.ENVIRONMENT: "Work environment",
    Section.SKILLS: "Skills",
    Section.SALARY: "Salary",
}

SECTIONS: tuple[Section, ...] = tuple(Section)

# The tier of a role's name, by priority of its source: a curated title or alias always wins over BLS titles, and
# an occupation's official title over the alternate titles O*NET lists for it (many of which several occupations
# share), and those over O*NET's abbreviations. A field of work ("plumbing", "nursing") stands for its role last
# of all, and only as the decision sees fit.
CURATED, OFFICIAL, ALTERNATE, ABBREVIATION, FIELD = 0, 1, 2, 3, 4
TIER_NAMES = ("curated", "official", "alternate", "abbreviation", "field")

FIELDS: tuple[str, ...] = (
    "Technology",
    "Data and analytics",
    "Design",
    "Business and management",
    "Finance",
    "People and HR",
    "Sales and marketing",
    "Operations and administration",
    "Engineering",
    "Science",
    "Healthcare",
    "Education",
    "Law",
    "Skilled trades",
    "Protective services",
    "Food and hospitality",
    "Personal care and service",
    "Community and social services",
    "Arts and media",
    "Office and administrative support",
    "Building and grounds",
    "Production and manufacturing",
    "Transportation and logistics",
    "Farming, fishing and forestry",
)


@dataclass(frozen=True, slots=True)
class Requirements:
    education: str
    experience: str
    certifications: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SalaryFigure:
    """A pay figure that does not come from the BLS tables, kept with its source."""

    label: str
    amount: float
    period: str  # "year" or "hour"
    source: str
    year: int | None = None


@dataclass(frozen=True, slots=True)
class Role:
    """A role the bot can answer about.

    Curated roles come from `knowledge/roles/*.yaml` and have every section written; reference roles stand for
    BLS occupations without a profile and carry only their title, SOC code and names.
    """

    id: str
    title: str
    soc: str | None
    curated: bool
    aliases: tuple[str, ...] = ()
    field: str | None = None
    soc_note: str | None = None
    summary: str = ""
    duties: tuple[str, ...] = ()
    requirements: Requirements | None = None
    environment: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    salary_figures: tuple[SalaryFigure, ...] = ()
    salary_note: str | None = None
    source_file: str | None = None


@dataclass(frozen=True, slots=True)
class Comparison:
    """Curated notes on how two roles differ, section by section. `roles` is alphabetical."""

    roles: tuple[str, str]
    key_difference: str
    sections: Mapping[Section, str] = field(default_factory=lambda: MappingProxyType({}))
    source_file: str | None = None

    def note(self, section: Section) -> str | None:
        return self.sections.get(section)


@dataclass(frozen=True, slots=True)
class EverydayNames:
    """What people call a role beyond its curated aliases and O*NET titles (`knowledge/everyday-names.yaml`).

    `names` name the job itself ("trucker", "CNA"); `fields` name its trade or discipline ("plumbing", "nursing"),
    which stands for the role in a career question ("plumbing or electrical?"). Both keep their spelling as
    written; matching folds case and plurals.
    """

    names: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()


def pair_key(a: str, b: str) -> tuple[str, str]:
    """The order-free key under which a comparison of two roles is stored."""
    return (a, b) if a <= b else (b, a)
