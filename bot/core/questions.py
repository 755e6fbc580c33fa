"""Understand a message: which roles it asks about, what it wants to know, and where.

Two steps. Tagging (`bot.core.tagging`) finds the role names, a state, section cues and comparison words in one
pass. Deciding whether the message asks about the role(s) it names, and about which section, is the learned
decision (`bot.core.decision`): a career channel is mostly chatter that mentions jobs, and a wrong card is
worse than silence. What stays rule-based is exact: which of several named roles is the subject, and how two
sides of a comparison split ("ops coordinator vs manager" borrows "operations").
"""

from __future__ import annotations

from typing import NamedTuple

from bot.core.decision import NONE, DecisionModel
from bot.core.language import Language
from bot.core.matching import ANSWER_SCORE, CURATED, FIELD, STOPWORDS, Found, Mention, RoleIndex
from bot.core.models import Section
from bot.core.tagging import Tagged, tag

INTENTS = ("salary", "duties", "requirements", "environment", "skills", "overview", "compare")

# Priority when a message names several aspects and no model is loaded: pay is the most common question.
_PRIORITY = (Section.SALARY, Section.REQUIREMENTS, Section.SKILLS, Section.ENVIRONMENT, Section.DUTIES,
             Section.OVERVIEW)


class Question(NamedTuple):
    text: str
    roles: tuple[str, ...]  # role ids it asks about, in the order it names them (at most two); empty for chatter
    intent: str | None  # one of INTENTS; None when the message asks about no known role
    sections: tuple[Section, ...]  # the sections it focuses on; empty = all
    area: str | None  # postal code of a US state or territory
    asks: bool  # it asks about a known role (addressed to the bot, or reads like a question), not chatter
    unclear: tuple[Mention, ...]  # names that could be several roles, or typos too far to trust
    strong: bool = False  # it names an aspect (pay, skills…) or sets roles against each other
    confidence: float = 0.0  # the decision's probability that it asks at all
    metro: str | None = None  # OEWS metro area code ("12420") when it names one metro; `area` is then its state
    place_options: tuple[str, ...] = ()  # metro codes a city could be ("Portland": OR or ME); metro is None then
    place_said: str = ""  # the words that named the place, as typed
    cues: tuple[Section, ...] = ()  # the aspects its words name ("salary", "skills"), most asked first, even
    # when no role is clear: "PM salary" -> did you mean … opens on Salary
    same_job: tuple[str, ...] = ()  # two names set against each other that are one role ("paralegal vs legal
    # assistant"): the names, as typed

    @property
    def matched(self) -> bool:
        return self.asks


def understand(text: str, index: RoleIndex, language: Language, decision: DecisionModel | None = None, *,
               addressed: bool = False) -> Question:
    """Read one message. `addressed` is True when the member spoke to the bot directly (a mention), where a
    bare role name is enough; in a channel the decision must find that the message asks about the role."""
    tagged = tag(text, index, language, addressed=addressed)
    found = tagged.found
    pivot = _comparison_pivot(tagged, language)
    roles, subjects = _roles_asked_about(found, index, pivot, language.own_words)
    named = tagged.sections
    strong = bool(named) or pivot is not None
    compare = pivot is not None and len(roles) == 2
    if not addressed and not field_may_stand_for_role(tagged, subjects, compare, language):
        roles, subjects = [], []
    label, confidence = _decide(tagged, subjects, index, decision, compare=compare) if roles else (NONE, 0.0)
    asks = bool(roles) and (addressed or label != NONE)
    if not asks:
        roles, intent, sections = [], None, ()
    else:
        section = Section(label) if label != NONE else Section.OVERVIEW
        intent = "compare" if len(roles) == 2 else section.value
        sections = () if section == Section.OVERVIEW else (section,)
    return Question(
        text=text,
        roles=tuple(roles),
        intent=intent,
        sections=sections,
        area=tagged.area,
        asks=asks,
        unclear=tuple(found.unclear),
        strong=strong,
        confidence=confidence,
        metro=tagged.place.metro if tagged.place is not None else None,
        place_options=tagged.place.options if tagged.place is not None else (),
        place_said=tagged.place.said if tagged.place is not None else "",
        cues=tuple(filter(named.__contains__, _PRIORITY)),
        same_job=_names_of_one_job(tagged, roles) if asks and pivot is not None and len(roles) == 1 else (),
    )


def _names_of_one_job(tagged: Tagged, roles: list[str]) -> tuple[str, ...]:
    """The different names a comparison used for its one role, as typed: "paralegal vs legal assistant"."""
    mentions = [m for m in tagged.mentions if m.role_ids == (roles[0],) and m.score >= ANSWER_SCORE]
    if len({m.name for m in mentions}) < 2:
        return ()
    typed = dict.fromkeys(" ".join(tagged.typed[m.start : m.end]) for m in mentions)
    return tuple(typed)[:2] if len(typed) >= 2 else ()


def field_may_stand_for_role(tagged: Tagged, subjects: list[Mention], compare: bool, language: Language) -> bool:
    """A field ("plumbing", "data science") stands for its role only in a career question: set against another
    with a cue ("which pays more, plumbing or electrical?"), or with a section cue ("how do i get into HVAC", "is
    trucking a good career"); the decision then weighs it. Alone it is a subject of study or talk ("coding
    bootcamps"). Messages without a field always may."""
    fields = [m for m in subjects if m.tier == FIELD]
    if not fields:
        return True
    if any(_studied_or_avoided(tagged.words, m, language) for m in fields):
        return False
    if compare:
        return bool(tagged.sections or tagged.compare_at)
    return bool(tagged.cues)


def _studied_or_avoided(words: tuple[str, ...], field: Mention, language: Language) -> bool:
    """The field follows a study or negation word ("a degree in", "careers with no"), or comes before a study
    word ("nursing school", "coding bootcamps")."""
    i = field.start - 1
    while i >= 0 and words[i] in language.field_between:
        i -= 1
    if i >= 0 and words[i] in language.not_a_field_role_after:
        return True
    return field.end < len(words) and words[field.end] in language.not_a_field_role_before


def _decide(tagged: Tagged, subjects: list[Mention], index: RoleIndex, decision: DecisionModel | None, *,
            compare: bool) -> tuple[str, float]:
    if decision is None:  # no trained model: only an explicit aspect or comparison counts as asking
        named = tagged.sections
        if not named and not compare:
            return NONE, 0.0
        return next((s.value for s in _PRIORITY if s in named), Section.OVERVIEW.value), 1.0
    verdict = decision.decide_message(tagged, subjects, index, compare=compare)
    return verdict.label, verdict.confidence


def _comparison_pivot(tagged: Tagged, language: Language) -> int | None:
    """Where a message sets two roles against each other: a comparison word ("vs", "difference"), or an
    "or"/"and" right between two named roles ("physicist or engineer")."""
    if tagged.compare_at:
        return tagged.compare_at[0]
    found = tagged.found
    mentions = found.mentions
    for a, b in zip(mentions, mentions[1:]):
        between = found.words[a.end : b.start]
        if between and set(between) <= language.joiners and set(between) & {"or", "and"}:
            return a.end + between.index("or" if "or" in between else "and")
    return None


def _roles_asked_about(found: Found, index: RoleIndex, pivot: int | None,
                       cue_words: frozenset[str]) -> tuple[list[str], list[Mention]]:
    """The role ids asked about, and the mentions that name them (the subject first)."""
    mentions = _roles_around(found, index, pivot, cue_words)
    if pivot is not None and len(mentions) < 2:
        # "compare mechanical and electrical engineers": the two sides are split by the "and", not "compare".
        joiner = next((i for i in range(pivot + 1, len(found.words)) if found.words[i] in ("and", "or")), None)
        if joiner is not None:
            retry = _roles_around(found, index, joiner, cue_words)
            if len(retry) == 2:
                mentions = retry
    return [m.role_ids[0] for m in mentions], mentions


def _roles_around(found: Found, index: RoleIndex, pivot: int | None, cue_words: frozenset[str]) -> list[Mention]:
    """The one or two roles a message is about.

    Without a comparison, two named roles are context and subject ("I worked as a cashier, how do I become a
    data analyst"): the curated one, else the last one, is the subject. With one, each side of the pivot gives
    a role, and a side that names only part of a title borrows the rest from the other side ("ops coordinator
    vs manager", "mechanical vs electrical engineer", "data analyst vs scientist").
    """
    confident = [m for m in found.mentions if len(m.role_ids) == 1 and m.score >= ANSWER_SCORE]
    if pivot is None and len(confident) < 2:
        return confident  # the common case: one role named, or none
    # "how much do plumbers make rn": a chat word that could be an abbreviation yields to a real job name, unless
    # it is a side of a comparison ("lpn vs rn").
    if pivot is None and any(not index.chatty(m) for m in confident):
        confident = [m for m in confident if not index.chatty(m)]
    if pivot is None:
        distinct = [m for i, m in enumerate(confident) if m.role_ids[0] not in {x.role_ids[0] for x in confident[:i]}]
        if len(distinct) < 2:
            return distinct
        curated = [m for m in distinct if index.roles[m.role_ids[0]].curated]
        return [(curated or distinct)[-1]]
    left = next((m for m in reversed(confident) if m.end <= pivot), None)
    right = next((m for m in confident if m.start > pivot), None)
    if left is None or right is None:
        # "the difference between a web developer and a software engineer": both after the pivot word.
        side = [m for m in confident if (m.start > pivot) == (left is None)]
        distinct = [m for i, m in enumerate(side) if m.role_ids[0] not in {x.role_ids[0] for x in side[:i]}]
        if len(distinct) >= 2:
            left, right = distinct[0], distinct[1]
    words = found.words
    before = _content_run(words[:pivot][::-1], cue_words)[::-1]
    after = _content_run(words[pivot + 1 :], cue_words)
    if left is not None and left.end - left.start >= 2 and _weak(right, index) and after:
        head = list(words[left.start : left.end])
        borrowed = _first_role(index, [head[:cut] + after for cut in range(len(head) - 1, 0, -1)], left, right)
        right = borrowed or right
    if right is not None and right.end - right.start >= 2 and _weak(left, index) and before:
        tail = list(words[right.start : right.end])
        borrowed = _first_role(index, [before + tail[cut:] for cut in range(1, len(tail))], right, left)
        left = borrowed or left
    sides = [m for m in (left, right) if m is not None]
    return [m for i, m in enumerate(sides) if m.role_ids[0] not in {x.role_ids[0] for x in sides[:i]}]


def _content_run(words: list[str] | tuple[str, ...], cue_words: frozenset[str]) -> list[str]:
    """The words next to a comparison pivot, up to the first stopword or question word."""
    run: list[str] = []
    for word in words:
        if word in STOPWORDS or word in cue_words or len(run) == 3:
            break
        run.append(word)
    return run


def _weak(mention: Mention | None, index: RoleIndex) -> bool:
    """A side that names no role, or only one word of a BLS title ("scientist"), may borrow a better name."""
    return mention is None or (mention.end - mention.start == 1 and mention.tier != CURATED)


def _first_role(index: RoleIndex, candidates: list[list[str]], other: Mention,
                weak: Mention | None) -> Mention | None:
    """The first candidate name of exactly one role other than `other`'s; it stands where `weak` stood."""
    for words in candidates:
        owners = index.lookup(words)
        if owners and len(owners) == 1 and owners[0] != other.role_ids[0]:
            name = " ".join(words)
            start, end = (weak.start, weak.end) if weak is not None else (-1, -1)
            return Mention(owners, start, end, name, 100.0, index.tier(name))
    return None
