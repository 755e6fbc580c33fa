"""Understand a message: which roles it asks about, what it wants to know, and where.

A career channel is mostly chatter, so a message counts as a question only when it both names a known role
and reads like a question about it (see `_asks`). The same words can be a role or not depending on context:
"PA" in "NP vs PA" is a physician assistant, while "in PA" is Pennsylvania.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.areas import AREA_BY_NAME, AREAS
from bot.core.matching import ANSWER_SCORE, STOPWORDS, Found, Mention, RoleIndex
from bot.core.models import Section
from bot.core.normalize import normalize

INTENTS = ("salary", "duties", "requirements", "environment", "skills", "overview", "compare")

# Folded single words (see normalize.fold_word) and phrases that say what a question wants to know.
_SECTION_WORDS: dict[Section, frozenset[str]] = {
    Section.SALARY: frozenset(
        "pay pays paying paid salary earn earning wage income money compensation comp tc rich payscale paycheck"
        .split()
    ),
    Section.REQUIREMENTS: frozenset(
        "become requirement degree education qualification qualified certification cert certificate license "
        "licence study major school college university bootcamp prerequisite train training".split()
    ),
    Section.SKILLS: frozenset("skill skillset tool learn language technology stack".split()),
    Section.ENVIRONMENT: frozenset(
        "environment hour remote travel wfh schedule stress stressful condition office shift overtime "
        "lifestyle culture".split()
    ),
    Section.DUTIES: frozenset("duty responsibility task responsible".split()),
    Section.OVERVIEW: frozenset("overview about info information describe".split()),
}
_SECTION_PHRASES: dict[Section, tuple[str, ...]] = {
    Section.SALARY: ("how much", "make a year", "make per"),
    Section.REQUIREMENTS: ("get into", "break into", "how to be", "get a job as", "need to know"),
    Section.ENVIRONMENT: ("work life", "day to day life"),
    Section.DUTIES: ("day to day", "day in the life", "job description", "what they do"),
    Section.OVERVIEW: ("tell me about", "what is a", "what is an", "good career", "worth it", "good job"),
}
# Priority when a single-role question names several aspects: pay is the most common question.
_PRIORITY = (Section.SALARY, Section.REQUIREMENTS, Section.SKILLS, Section.ENVIRONMENT, Section.DUTIES,
             Section.OVERVIEW)
_COMPARE_WORDS = frozenset("vs versus compare comparison compared difference different differ better".split())
# First words that make a message a question about the role it names ("what does a plumber charge").
# "is", "did", "can" and the like are left out: "did the plumber ever show up?" is not about the career.
_QUESTION_STARTS = frozenset("what whats how which tell explain describe".split())
# Two-letter words that are also postal codes; typed in lower case they are English, not states.
_ENGLISH_CODES = frozenset("me or in ok hi de la oh id pa ma al co as de ga ne".split())
# Words that may stand beside a bare role name without making it chatter ("data analyst please").
# "accountant or a financial analyst", "a nurse and a doctor": what may stand between two compared roles.
_JOINERS = frozenset("or and a an the".split())
_ARTICLES = frozenset("a an the".split())
_FILLER = frozenset("please pls plz info career job role".split())
_PREPOSITIONS = frozenset("in for at around across from near".split())


@dataclass(frozen=True, slots=True)
class Question:
    text: str
    roles: tuple[str, ...]  # role ids it asks about, in the order it names them (at most two); empty for chatter
    intent: str | None  # one of INTENTS; None when the message asks about no known role
    sections: tuple[Section, ...]  # the sections it focuses on; empty = all
    area: str | None  # postal code of a US state or territory
    asks: bool  # it asks about a known role (addressed to the bot, or reads like a question), not chatter
    unclear: tuple[Mention, ...]  # names that could be several roles, or typos too far to trust
    strong: bool = False  # it names an aspect (pay, skills…) or sets roles against each other

    @property
    def matched(self) -> bool:
        return self.asks


def understand(text: str, index: RoleIndex, *, addressed: bool = False) -> Question:
    """Read one message. `addressed` is True when the member spoke to the bot directly (a mention), where a
    bare role name is enough; in a channel the message must also read like a question."""
    plain = index.words(text)
    # Typos are corrected only where the message shows signs of asking: chatter keeps its words as typed.
    signals = any(w in _COMPARE_WORDS for w in plain) or bool(_sections_named(plain, [False] * len(plain)))
    found = index.find(text, correct=addressed or signals or _question_start(plain), keep=_OWN_WORDS)
    area, area_word = _area(text, list(found.raw), _role_word_flags(found))
    found = _without_non_roles(found, area_word)
    words = list(found.words)
    in_role = _role_word_flags(found)
    pivot = _comparison_pivot(found, in_role)
    roles = _roles_asked_about(found, index, pivot)
    sections = _sections_named(words, in_role)
    strong = bool(sections) or pivot is not None
    compare = pivot is not None and len(roles) == 2
    asks = bool(roles) and (addressed or _asks(found, sections, compare, index, roles))
    if not asks:
        roles, intent, sections = [], None, set()
    elif len(roles) == 2:
        intent = "compare"
    else:
        intent = next((s.value for s in _PRIORITY if s in sections), None) or (
            "duties" if _asks_what_they_do(words) else "overview"
        )
        sections = set() if intent == "overview" else {Section(intent)}
    return Question(
        text=text,
        roles=tuple(roles),
        intent=intent,
        sections=tuple(s for s in Section if s in sections),
        area=area,
        asks=asks,
        unclear=tuple(found.unclear),
        strong=strong,
    )


def _role_word_flags(found: Found) -> list[bool]:
    flags = [False] * len(found.words)
    for mention in found.mentions:
        for i in range(mention.start, mention.end):
            flags[i] = True
    return flags


_SECTION_OF_WORD = {word: section for section, vocab in _SECTION_WORDS.items() for word in vocab}
# Words this module reads for meaning: never typo-corrected into a job title ("compare" is not "compress").
_OWN_WORDS = frozenset(_SECTION_OF_WORD) | _COMPARE_WORDS | _QUESTION_STARTS | frozenset(
    word for phrases in _SECTION_PHRASES.values() for phrase in phrases for word in phrase.split())


_PHRASE = re.compile(
    " (" + "|".join(re.escape(phrase) for phrases in _SECTION_PHRASES.values() for phrase in phrases) + ") "
)
_SECTION_OF_PHRASE = {phrase: section for section, phrases in _SECTION_PHRASES.items() for phrase in phrases}


def _sections_named(words: list[str], in_role: list[bool]) -> set[Section]:
    free = [w for w, inside in zip(words, in_role) if not inside]
    named = {_SECTION_OF_WORD[w] for w in free if w in _SECTION_OF_WORD}
    named.update(_SECTION_OF_PHRASE[m.group(1)] for m in _PHRASE.finditer(f" {' '.join(free)} "))
    if "make" in free and ("much" in free or "year" in free or "hour" in free or free[:1] in (["what"], ["how"])):
        named.add(Section.SALARY)
    return named


def _question_start(words: list[str]) -> bool:
    return bool(words) and words[0] in _QUESTION_STARTS


def _asks_what_they_do(words: list[str]) -> bool:
    """ "what do physicists do", "what does an actuary do all day" """
    return len(words) >= 3 and words[0] in ("what", "whats") and "do" in words[2:]


def _comparison_pivot(found: Found, in_role: list[bool]) -> int | None:
    """Where a message sets two roles against each other: a comparison word ("vs", "difference"), or an
    "or"/"and" right between two named roles ("physicist or engineer")."""
    for i, (word, inside) in enumerate(zip(found.words, in_role)):
        if word in _COMPARE_WORDS and not inside:
            return i
    mentions = found.mentions
    for a, b in zip(mentions, mentions[1:]):
        between = found.words[a.end : b.start]
        if between and set(between) <= _JOINERS and set(between) & {"or", "and"}:
            return a.end + between.index("or" if "or" in between else "and")
    return None


def _roles_asked_about(found: Found, index: RoleIndex, pivot: int | None) -> list[str]:
    roles = _roles_around(found, index, pivot)
    if pivot is not None and len(roles) < 2:
        # "compare mechanical and electrical engineers": the two sides are split by the "and", not "compare".
        joiner = next((i for i in range(pivot + 1, len(found.words)) if found.words[i] in ("and", "or")), None)
        if joiner is not None:
            retry = _roles_around(found, index, joiner)
            if len(retry) == 2:
                return retry
    return roles


def _roles_around(found: Found, index: RoleIndex, pivot: int | None) -> list[str]:
    """The one or two roles a message is about.

    Without a comparison, two named roles are context and subject ("I worked as a cashier, how do I become a
    data analyst"): the curated one, else the last one, is the subject. With one, each side of the pivot gives
    a role, and a side that names only part of a title borrows the rest from the other side ("ops coordinator
    vs manager", "mechanical vs electrical engineer", "data analyst vs scientist").
    """
    confident = [m for m in found.mentions if not m.ambiguous and m.score >= ANSWER_SCORE]
    if pivot is None:
        distinct = list(dict.fromkeys(m.role_ids[0] for m in confident))
        if len(distinct) < 2:
            return distinct
        curated = [r for r in distinct if index.roles[r].curated]
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
    before = _content_run(words[:pivot][::-1])[::-1]
    after = _content_run(words[pivot + 1 :])
    if left is not None and left.end - left.start >= 2 and _weak(right, index) and after:
        head = list(words[left.start : left.end])
        borrowed = _first_role(index, [head[:cut] + after for cut in range(len(head) - 1, 0, -1)], left)
        right = borrowed or right
    if right is not None and right.end - right.start >= 2 and _weak(left, index) and before:
        tail = list(words[right.start : right.end])
        borrowed = _first_role(index, [before + tail[cut:] for cut in range(1, len(tail))], right)
        left = borrowed or left
    return list(dict.fromkeys(m.role_ids[0] for m in (left, right) if m is not None))


def _content_run(words: list[str] | tuple[str, ...]) -> list[str]:
    """The words next to a comparison pivot, up to the first stopword or question word."""
    run: list[str] = []
    for word in words:
        if word in STOPWORDS or word in _SECTION_OF_WORD or word in _COMPARE_WORDS or len(run) == 3:
            break
        run.append(word)
    return run


def _weak(mention: Mention | None, index: RoleIndex) -> bool:
    """A side that names no role, or only one word of a BLS title ("scientist"), may borrow a better name."""
    return mention is None or (mention.end - mention.start == 1 and not index.roles[mention.role_ids[0]].curated)


def _first_role(index: RoleIndex, candidates: list[list[str]], other: Mention) -> Mention | None:
    for words in candidates:
        owners = index.lookup(words)
        if owners and len(owners) == 1 and owners[0] != other.role_ids[0]:
            return Mention(owners, -1, -1, " ".join(words), 100.0)
    return None


def _area(text: str, words: list[str], in_role: list[bool]) -> tuple[str | None, int | None]:
    """The US state a message names, and the word index of a postal code that spelled it.

    Full names count anywhere outside a role's name. A two-letter code counts after a preposition ("in TX"),
    even where it could be a role ("what does a PA earn in PA"); in lower case only if it is not also an
    English word ("in me" is not Maine).
    """
    for size in (3, 2, 1):  # the longest state names have three words ("district of columbia")
        for start in range(len(words) - size + 1):
            if words[start] not in _AREA_FIRST_WORDS or any(in_role[start : start + size]):
                continue
            code = AREA_BY_NAME.get(" ".join(words[start : start + size]))
            if code is not None:
                return code, None
    raw = re.findall(r"[^\W_]+", text)
    if len(raw) != len(words):  # only trust positions when both splits agree
        return None, None
    for i in range(1, len(raw)):
        candidate = raw[i]
        if len(candidate) != 2 or words[i - 1] not in _PREPOSITIONS:
            continue
        code = candidate.upper()
        if code in AREAS and (candidate.isupper() or candidate.lower() not in _ENGLISH_CODES):
            return code, i
    return None, None


_AREA_FIRST_WORDS = frozenset(name.split()[0] for name in AREA_BY_NAME)

# Degrees that share letters with curated abbreviations ("BA" is also a business analyst).
_DEGREES = frozenset({"ba", "bs", "bsc", "ma", "ms", "msc", "mba", "phd", "jd", "md"})
_DEGREE_CONTEXT = frozenset({"in", "degree", "from"})


def _without_non_roles(found: Found, area_word: int | None) -> Found:
    """Drop mentions that are really a state ("in PA") or a degree ("a BA in English")."""
    words = found.words

    def keep(m: Mention) -> bool:
        if area_word is not None and m.start <= area_word < m.end:
            return False
        if m.name in _DEGREES and m.end < len(words) and words[m.end] in _DEGREE_CONTEXT:
            return False
        return True

    kept = tuple(m for m in found.mentions if keep(m))
    return found if len(kept) == len(found.mentions) else Found(words=found.words, mentions=kept)


def _asks(found: Found, sections: set[Section], compare: bool, index: RoleIndex, roles: list[str]) -> bool:
    """Does the message read like a question about a role rather than chatter that happens to name one?

    Strong signals (an aspect like pay or skills, or a comparison) are enough for any role. A bare question
    ("what about physicists?") is enough for a curated role, whose names are chosen to be unmistakable, but not
    for the 56,000 titles of the BLS occupations, where "server" or "host" are everyday words. A message that
    is nothing but a role's name ("data analyst") is a request to look it up.
    """
    if sections or compare:
        return True
    words = found.words
    in_role = _role_word_flags(found)
    others = [w for w, inside in zip(words, in_role) if not inside and w not in _ARTICLES and w not in _FILLER]
    # Nothing but a name ("data analyst", "a data analyst please", "physicist?"): a lookup. Any other word,
    # even a small one ("is the doctor in?"), makes it a sentence about someone, not a request.
    if any(in_role) and not others:
        return True
    curated = any(index.roles[r].curated for r in roles)
    return curated and (_question_start(list(words)) or _asks_what_they_do(list(words)))
