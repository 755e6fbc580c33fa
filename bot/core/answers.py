"""Answers: what the bot replies to a question, as plain data, and the cards that show it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from bot.core.cards import Card, available_sections, compare_card, escape_markdown, role_card, shorten
from bot.core.chart import PayChart, PayCharts
from bot.core.knowledge import KnowledgeBase, reference_id
from bot.core.matching import RoleIndex
from bot.core.models import SECTIONS, Role, Section
from rapidfuzz import fuzz

from bot.core.normalize import normalize, tokens
from bot.core.questions import STOPWORDS, Question, understand

Kind = Literal["role", "compare", "place", "clarify", "none"]

# "Did you mean" offers roles whose name scores at least this against what the member typed…
SUGGEST_SCORE = 70.0
# …and that share a word with it: the same word, a word it begins ("dev" -> developer), or a close misspelling
# of a word of five letters or more ("physcst" -> physicist). Fuzzy scores alone offer noise ("pm salary" ->
# Compensation and Benefits Managers).
# Of those, only ones scoring near the best are offered ("physcst": Physicist, not Physics Teachers).
WORD_PREFIX = 3
WORD_TYPO = 80.0
SUGGEST_BAND = 10.0

# The wording every surface (Discord replies, cards, the terminal) uses when it cannot tell which role was meant.
EXAMPLE_QUESTIONS = "“what does a data analyst earn?” or “physicist vs engineer?”"
NOT_SURE = "I'm not sure which role you mean."
TRY_A_JOB_TITLE = f"Try a job title, like {EXAMPLE_QUESTIONS}"
NO_ROLE_FOUND = f"I couldn't find a role in that. {TRY_A_JOB_TITLE}"
HINT = f"Ask me about a job, like {EXAMPLE_QUESTIONS}, or try `/role`, `/compare` and `/salary`."


def did_you_mean(names: list[str] | tuple[str, ...], *, bold: bool = False) -> str:
    """ "Did you mean A, B?" with the names bold for Discord, plain for the terminal."""
    shown = [f"**{name}**" if bold else name for name in names]
    return "Did you mean " + ", ".join(shown) + "?"


@dataclass(frozen=True, slots=True)
class Answer:
    kind: Kind
    roles: tuple[Role, ...] = ()
    section: Section = Section.OVERVIEW  # the card the reply opens on
    focus: tuple[Section, ...] = ()  # the sections the question asks about; empty = all
    area: str | None = None  # the state (for a metro, its state)
    suggestions: tuple[Role, ...] = ()  # for "clarify": the roles the member may have meant
    question: Question | None = None
    metro: str | None = None  # the metro area code when the question names one
    metro_name: str = ""  # its BLS name, "Austin-Round Rock-San Marcos, TX"
    place_options: tuple[tuple[str, str], ...] = ()  # for "place": (metro code, its BLS name) a city could be
    note: str = ""  # said beside the card: how a place was read ("the Bay Area" -> San Francisco-Oakland-Fremont)

    @property
    def place(self) -> str | None:
        """What the cards show pay for: the metro when one is named, else the state."""
        return self.metro or self.area


# What an empty autocomplete box offers first: the roles career channels ask about most.
POPULAR = (
    "software-engineer", "data-analyst", "data-scientist", "registered-nurse", "project-manager",
    "product-manager", "operations-manager", "accountant", "web-developer", "ux-designer", "mechanical-engineer",
    "lawyer", "physician-assistant", "nurse-practitioner", "business-analyst", "devops-engineer",
    "information-security-analyst", "electrician", "financial-analyst", "high-school-teacher",
    "marketing-manager", "civil-engineer", "pharmacist", "physicist", "engineer",
)


def build_index(kb: KnowledgeBase) -> RoleIndex:
    return RoleIndex(kb.roles, kb.ambiguous, popular=POPULAR, employment=national_employment(kb),
                     evidence=title_evidence(kb), everyday=kb.everyday)


def title_evidence(kb: KnowledgeBase) -> dict[tuple[str, str], int]:
    """(normalised title, reference role id) -> how strongly O*NET ties the title to that occupation."""
    if kb.reference is None:
        return {}
    out: dict[tuple[str, str], int] = {}
    for alt in kb.reference.titles:
        key = (normalize(alt.title), reference_id(alt.soc))
        out[key] = max(out.get(key, 0), alt.evidence)
    return out


def national_employment(kb: KnowledgeBase) -> dict[str, int]:
    """Role id -> US employment, for the reference roles the wage tables know."""
    if kb.wages is None:
        return {}
    out = {}
    for role in kb.roles.values():
        if not role.curated and role.soc:
            estimate = kb.wages.get(role.soc)
            if estimate is not None and estimate.employment:
                out[role.id] = estimate.employment
    return out


class Answerer:
    """Answers questions from one knowledge base; the bot and the CLI each hold one."""

    def __init__(self, kb: KnowledgeBase, index: RoleIndex | None = None) -> None:
        self.kb = kb
        self.index = index or build_index(kb)
        self.charts = PayCharts(kb)

    @classmethod
    def load(cls, directory: str | Path, *, save_snapshot: bool = True) -> Answerer:
        """An answerer for a knowledge directory, from the on-disk snapshot when its content is unchanged.

        `save_snapshot=False` skips writing a new snapshot: pickling holds the interpreter lock for a second or
        two, which a running bot's event loop should not wait for (its next start writes the snapshot)."""
        from bot.core.snapshot import load_snapshot

        kb, index = load_snapshot(directory, build_index, save=save_snapshot)
        return cls(kb, index)

    def ask(self, text: str, *, addressed: bool = False) -> Answer:
        """Answer a message. In a channel (`addressed=False`) chatter gets `kind="none"`; a member who spoke to
        the bot directly gets "did you mean" suggestions instead of silence."""
        question = understand(text, self.index, self.kb.language, self.kb.decision, addressed=addressed)
        if question.matched:
            roles = tuple(self.kb.roles[r] for r in question.roles)
            section = question.sections[0] if question.sections else Section.OVERVIEW
            kind: Kind = "compare" if len(roles) == 2 else "role"
            if question.place_options and section is Section.SALARY:
                kind = "place"  # "what do nurses make in Portland?": which Portland
            names = self.kb.wages.area_name if self.kb.wages is not None else (lambda code: None)
            return Answer(kind, roles, section, question.sections, question.area, question=question,
                          metro=question.metro, metro_name=names(question.metro) or "" if question.metro else "",
                          place_options=tuple((code, names(code) or code) for code in question.place_options),
                          note=" ".join(filter(None, (self.same_job_note(question, roles),
                                                      self.place_note(question)))))
        # In a channel, "did you mean" only answers a message that clearly asks something about a role it named
        # unclearly ("how much does a PM make?"); "my pm wants it by friday" gets silence.
        if addressed or (question.unclear and question.strong):
            suggestions = self.suggest(text)
            if addressed or suggestions:
                # A suggestion opens on what the member asked about: "PM salary" -> the Salary card.
                focus = question.cues[:1]
                section = focus[0] if focus else Section.OVERVIEW
                return Answer("clarify", section=section, focus=focus, suggestions=suggestions, area=question.area,
                              question=question)
        return Answer("none", question=question)

    def suggest(self, text: str, limit: int = 5) -> tuple[Role, ...]:
        """Roles a message probably meant, for "did you mean": its unclear names first, then a typed-name search
        on its content words."""
        found = self.index.find(text)
        picked: list[str] = []
        for mention in found.mentions:
            # A written profile whose name contains the unclear word comes first ("teacher" -> Elementary School
            # Teacher). When several do, those whose title ends with it (its head noun: a Teacher Assistant is
            # not a teacher) lead, the one with the most jobs first.
            words = set(mention.name.split())
            covering = sorted((r for r in self.kb.curated_roles()
                               if any(words <= set(normalize(n).split()) for n in (r.title, *r.aliases))),
                              key=lambda r: (not normalize(r.title).endswith(mention.name),
                                             -self.index.employment_of_soc(r.soc)))
            covering = [r.id for r in covering]
            # Written profiles a term of ambiguous.yaml lists ("analyst") keep the curator's order and lead.
            listed = list(self.kb.ambiguous.get(mention.name, ()))
            for role_id in (*listed, *covering, *mention.role_ids):
                if role_id not in picked:
                    picked.append(role_id)
        if picked:
            return tuple(self.kb.roles[r] for r in picked[:limit])  # the unclear names' own roles, no guesses
        # Cue words ("salary", "make") are left out of the search: they are not part of any job's name here.
        words = [w for w in tokens(text)[:12] if w not in STOPWORDS and w not in self.kb.language.own_words]
        if words:
            found_ranked = self.index.resolve(" ".join(words), limit=limit * 3)
            floor = max(SUGGEST_SCORE, found_ranked[0].score - SUGGEST_BAND) if found_ranked else SUGGEST_SCORE
            for ranked in found_ranked:
                role = self.kb.roles[ranked.role_id]
                if ranked.score >= floor and ranked.role_id not in picked and shares_a_word(words, role):
                    picked.append(ranked.role_id)
        return tuple(self.kb.roles[r] for r in picked[:limit])

    def role(self, name_or_id: str) -> Role | None:
        """The role a command option names: an exact id (as autocomplete sends back), or the best confident
        match of the typed text."""
        if name_or_id in self.kb.roles:
            return self.kb.roles[name_or_id]
        ranked = self.index.resolve(name_or_id, limit=2)
        if not ranked:
            return None
        best = ranked[0]
        runner_up = ranked[1].score if len(ranked) > 1 else 0.0
        # Command options are explicit, so a good-enough match is accepted when it clearly leads.
        if best.score >= 85 and best.score - runner_up >= 3:
            return self.kb.roles[best.role_id]
        return None

    def cards(self, answer: Answer, section: Section | None = None) -> list[Card]:
        """The cards an answer shows: one section when asked for, else its focus, else every section."""
        if answer.kind in ("role", "compare"):
            wanted = [section] if section else list(answer.focus) or list(available_sections(self.kb, answer.roles))
            return [self.card(answer.roles, s, answer.place) for s in wanted]
        if answer.kind == "place":
            return [Card(title=f"Which {answer.question.place_said if answer.question else 'place'}?",
                         description=self.which_place(answer))]
        if answer.kind == "clarify":
            return [self.clarify_card(answer)]
        return []

    def which_place(self, answer: Answer) -> str:
        """"Which Portland: Portland, OR or Portland, ME?" for a city several metro areas are named after."""
        said = answer.question.place_said if answer.question else ""
        return self.which_place_text(said, tuple(code for code, _ in answer.place_options))

    def which_place_text(self, said: str, metros: tuple[str, ...]) -> str:
        places = self.kb.language.places
        labels = [places.metro_label(code, said) for code in metros]
        listed = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " or " + labels[-1]
        return (f"Which {escape_markdown(said) or 'place'}: {listed}?\n"
                f"Ask again with the state, like “in {labels[0]}”.")

    @staticmethod
    def same_job_note(question: Question, roles: tuple[Role, ...]) -> str:
        """Why a comparison of two names gets one card: they name one job."""
        if not question.same_job:
            return ""
        first, second = (escape_markdown(name) for name in question.same_job)
        return f"“{first}” and “{second}” are one job here ({roles[0].title}), so here is its card."

    def place_note(self, question: Question) -> str:
        """How a nickname was read ("the Bay Area" -> the San Francisco-Oakland-Fremont, CA metro area); empty when
        the metro's own name says it ("Austin")."""
        if question.metro is None or self.kb.wages is None:
            return ""
        name = self.kb.wages.area_name(question.metro) or ""
        if set(tokens(question.place_said)) <= set(tokens(name)):
            return ""
        return f"Reading “{escape_markdown(question.place_said)}” as the {name} metro area (BLS)."

    def card(self, roles: tuple[Role, ...], section: Section, area: str | None = None) -> Card:
        if len(roles) == 2:
            return compare_card(self.kb, roles[0], roles[1], section, area)
        return role_card(self.kb, roles[0], section, area)

    def pay_chart(self, roles: tuple[Role, ...], area: str | None = None) -> PayChart | None:
        """The pay-range chart for a salary card (drawn once per roles and area, then cached); None when BLS
        publishes no percentiles for these roles. Draws with Pillow: the bot calls it off the event loop."""
        return self.charts.chart(roles, area)

    def clarify_card(self, answer: Answer) -> Card:
        if answer.suggestions:
            lines = "\n".join(f"• {role.title}" for role in answer.suggestions)
            return Card(title="Did you mean…", description=f"{NOT_SURE} Did you mean:\n{lines}")
        return Card(title="Which role?", description=NO_ROLE_FOUND)


def shares_a_word(words: list[str], role: Role) -> bool:
    """Whether a typed word is a word of the role's title (or a curated role's aliases), begins one, or is a close
    misspelling of one: the test a "did you mean" suggestion must pass besides its fuzzy score. A BLS occupation's
    many O*NET alternative titles do not count: they make film "developers" of "dev"."""
    names = {w for name in (role.title, *(role.aliases if role.curated else ())) for w in normalize(name).split()}
    for typed in words:
        for word in names:
            if typed == word or (len(typed) >= WORD_PREFIX and word.startswith(typed)):
                return True
            if len(typed) >= 5 and fuzz.ratio(typed, word) >= WORD_TYPO:
                return True
    return False


def unknown_role_message(answerer: Answerer, typed: str, suggestions: tuple[Role, ...] = ()) -> str:
    """A friendly reply for a command option that names no known role; `suggestions` are offered as buttons."""
    shown = escape_markdown(shorten(typed, 80))
    if suggestions:
        return f"I don't know a role called “{shown}”. " + did_you_mean([r.title for r in suggestions], bold=True)
    return f"I don't know a role called “{shown}”. Try `/careerbot roles` to see what I know."
