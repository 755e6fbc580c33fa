"""Plain words for official categories: friendly role names, outlook bands, O*NET job zones, BLS entry education.

Cards say "Phlebotomist" and "faster than average" rather than "Phlebotomists" and "+5.6"; the official
wording stays on the card beside it ("BLS: Phlebotomists"), so nothing is hidden.
"""

from __future__ import annotations

import re
from functools import lru_cache

# -- names -------------------------------------------------------------------------------------------------------

_CONJUNCTION = re.compile(r"( and | or )")


def _singular_word(word: str) -> str:
    lower = word.lower()
    if lower.endswith(("wives", "knives")):
        return word[:-3] + "fe"
    if lower.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if lower.endswith(("sses", "ches", "shes", "xes")):
        return word[:-2]
    if lower.endswith("s") and not lower.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _plural_word(word: str) -> str:
    lower = word.lower()
    if lower.endswith(("wife", "knife")):
        return word[:-2] + "ves"
    if lower.endswith("y") and len(word) > 2 and lower[-2] not in "aeiou":
        return word[:-1] + "ies"
    if lower.endswith(("s", "x", "ch", "sh", "z")):
        return word + "es"
    return word + "s"


def _each_head(phrase: str, change) -> str:
    """Apply `change` to the last word of each part of "A and B" ("Secretaries and Administrative Assistants")."""
    parts = _CONJUNCTION.split(phrase)
    for i in range(0, len(parts), 2):
        head, _, last = parts[i].rpartition(" ")
        parts[i] = f"{head} {change(last)}" if head else change(last)
    return "".join(parts)


@lru_cache(maxsize=4096)
def official_forms(official: str) -> tuple[str, str]:
    """(singular, plural) everyday names for an official plural BLS title.

    "Phlebotomists" -> ("Phlebotomist", "Phlebotomists"); "Welders, Cutters, Solderers, and Brazers" ->
    ("Welder", "Welders"): a list title is named by its first job; "First-Line Supervisors of Retail Sales
    Workers" keeps its "of …" part. A title with no plural head ("Designers, All Other") stays as it is.
    """
    if "All Other" in official:
        return official, official
    title = official.removeprefix("Miscellaneous ")
    phrase, suffix = title.split(",", 1)[0], ""
    if " of " in phrase:
        phrase, rest = phrase.split(" of ", 1)
        suffix = " of " + rest
    phrase = phrase.removeprefix("Helpers--")
    singular = _each_head(phrase, _singular_word)
    if singular == phrase:
        return official, official
    return singular + suffix, phrase + suffix


def plural(title: str) -> str:
    """A singular curated title as a plural: "Operations Manager" -> "Operations Managers", "Attorney" ->
    "Attorneys", "Chief of Staff" -> "Chiefs of Staff"."""
    if " of " in title:
        head, rest = title.split(" of ", 1)
        return f"{_each_head(head, _plural_word)} of {rest}"
    return _each_head(title, _plural_word)


def in_sentence(name: str, start: bool = False) -> str:
    """A title as it reads inside a sentence: plain capitalised words lower-cased ("Registered Nurses" ->
    "registered nurses"), abbreviations and mixed-case names kept ("UX Designers" -> "UX designers")."""
    words = name.split(" ")
    out = []
    for i, word in enumerate(words):
        bare = word.rstrip(",;:")
        plain = all(len(part) > 1 and part[:1].isupper() and (part[1:].islower() or not part[1:]) and part.isalpha()
                    for part in bare.split("-")) if bare else False
        out.append(word.lower() if plain and not (start and i == 0) else word)
    text = " ".join(out)
    return text[:1].upper() + text[1:] if start else text


# -- outlook -----------------------------------------------------------------------------------------------------

# BLS projects all US jobs to grow 3.1% from 2024 to 2034; the bands below describe an occupation against that.
ALL_JOBS_GROWTH = 3.1
_OUTLOOK_BANDS = (
    (8.0, "much faster than average"),
    (5.0, "faster than average"),
    (2.0, "about as fast as average"),
    (1.0, "slower than average"),
    (-1.0, "little or no change"),
)


def outlook_words(growth_percent: float) -> str:
    """"+5.6% from 2024 to 2034, faster than average"."""
    band = next((words for floor, words in _OUTLOOK_BANDS if growth_percent >= floor), "declining")
    return f"{growth_percent:+.1f}% from 2024 to 2034, {band}"


# -- preparation -------------------------------------------------------------------------------------------------

# O*NET's five job zones, in our words.
_JOB_ZONES = {
    1: "little or no preparation; some jobs ask for a high school diploma",
    2: "some preparation: usually a high school diploma and a few months of training",
    3: "medium preparation: usually vocational training, an associate's degree or a few years' experience",
    4: "considerable preparation: usually a bachelor's degree plus some experience",
    5: "extensive preparation: usually a graduate degree (master's, doctorate, law or medical degree)",
}


def job_zone_words(zone: int) -> str:
    """"job zone 4 of 5" in words."""
    return _JOB_ZONES.get(zone, f"job zone {zone} of 5")


# BLS typical entry education categories, least to most schooling.
ENTRY_EDUCATION_ORDER = (
    "No formal educational credential",
    "High school diploma or equivalent",
    "Some college, no degree",
    "Postsecondary nondegree award",
    "Associate's degree",
    "Bachelor's degree",
    "Master's degree",
    "Doctoral or professional degree",
)
_EDUCATION_RANK = {name.casefold(): rank for rank, name in enumerate(ENTRY_EDUCATION_ORDER)}


def education_rank(category: str | None) -> int | None:
    return _EDUCATION_RANK.get(category.casefold()) if category else None


def education_phrase(category: str) -> str:
    """"Bachelor's degree" -> "a bachelor's degree"; "No formal educational credential" -> "no formal credential"."""
    lower = category[:1].lower() + category[1:]
    if lower.startswith("no formal"):
        return "no formal credential"
    if lower.startswith(("some college", "high school")):
        return lower if lower.startswith("some") else "a " + lower
    article = "an" if lower[:1] in "aeiou" else "a"
    return f"{article} {lower}"
