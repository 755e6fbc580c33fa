"""Cards: what an answer says, section by section, as plain data.

The terminal renderer and the Discord embed builder both draw these, so the CLI and the bot say the same
thing. How a card reads:
- its first line answers the question in plain words with the key figure ("Welders in Wyoming earn a median
  $63,820 a year (about $30.68 an hour), 19% above the US median.");
- pay compares like with like: BLS medians of the same place and period, a BLS group that stands in for a role
  named beside it, a state or metro figure beside the national one of the same role, and figures from anywhere
  else labelled by what they are and never set against a BLS figure;
- a comparison reads stacked on a phone: one line per fact, both roles on it;
- sections with nothing to show are not offered (`available_sections`).
Every card fits Discord's embed limits by construction: texts are bounded by the knowledge schema, lists are cut
between items (never mid-word) with "…and N more", and user text is never put on a card unescaped.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.knowledge import KnowledgeBase
from bot.core.models import SECTIONS, Role, Section
from bot.core.pay import (
    US, PayFacts, figure_source, figure_words, gap, is_bls_figure, median_words, money, pay_facts, per, place_name,
    places, range_words, role_pay, stand_in, stand_in_name, versus_words,
)
from bot.core.where_next import NextStep, where_next
from bot.core.wording import (
    education_phrase, education_rank, in_sentence, job_zone_words, official_forms, outlook_words, plural,
)

# Discord's embed limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits).
TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FIELD_COUNT_LIMIT = 25
FOOTER_LIMIT = 2048
AUTHOR_LIMIT = 256
EMBED_TOTAL_LIMIT = 6000

# The short form of the O*NET attribution a card has room for; the README carries the full text.
ONET_CREDIT = "O*NET 29.3 by USDOL/ETA, CC BY 4.0, modified by careerbot"
PROJECTIONS_CREDIT = "BLS Employment Projections, 2024–34"


@dataclass(frozen=True, slots=True)
class CardField:
    name: str
    value: str
    inline: bool = False


@dataclass(frozen=True, slots=True)
class Card:
    title: str
    description: str = ""
    fields: tuple[CardField, ...] = ()
    footer: str = ""
    section: Section | None = None
    role_ids: tuple[str, ...] = ()
    url: str | None = None  # where the title links: the O*NET OnLine summary of the occupation
    author: str = ""  # a small line above the title: the BLS occupation behind the role ("BLS: Phlebotomists")
    author_url: str | None = None  # the occupation's BLS OEWS page
    sections: tuple[Section, ...] = ()  # the sections this role or pair has something to show for
    where_next: tuple[NextStep, ...] = ()  # roles people commonly move into (overview of one role)

    def total_length(self) -> int:
        """Characters Discord counts against the 6,000 per-embed total."""
        return (len(self.title) + len(self.description) + len(self.footer) + len(self.author)
                + sum(len(f.name) + len(f.value) for f in self.fields))

    @property
    def first_line(self) -> str:
        return self.description.split("\n", 1)[0]


def more_line(count: int) -> str:
    """What stands for the items a list had no room for."""
    return f"…and {count} more"


def fit_lines(lines: list[str] | tuple[str, ...], limit: int, separator: str = "\n") -> list[str]:
    """As many whole items as fit in `limit` characters once joined by `separator`, then "…and N more" for the
    rest: an item (a line, a channel mention) is never cut."""
    kept: list[str] = []
    used = 0
    for index, line in enumerate(lines):
        remaining = len(lines) - index - 1
        reserve = len(separator + more_line(remaining)) if remaining else 0
        if used + len(line) + len(separator) + reserve > limit:
            kept.append(more_line(len(lines) - index))
            break
        kept.append(line)
        used += len(line) + len(separator)
    return kept


def bullets(items: list[str] | tuple[str, ...], limit: int = FIELD_VALUE_LIMIT, prefix: str = "• ") -> str:
    """Items as bullet lines, stopping between items (with "…and N more") before `limit` would be passed."""
    return "\n".join(fit_lines([f"{prefix}{item}" for item in items], limit)) or "—"


def shorten(text: str, limit: int) -> str:
    """Text cut at a word boundary with an ellipsis when it is longer than `limit`."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.")
    return (cut or text[: limit - 1]) + "…"


def escape_markdown(text: str) -> str:
    """Echoed user text, unable to reformat a card or ping anyone."""
    text = "".join(ch for ch in text if ch.isprintable() or ch == " ")
    for ch in "\\*_`~|>#[]()-:":
        text = text.replace(ch, "\\" + ch)
    return text.replace("@", "@\u200b")


# -- names and links ---------------------------------------------------------------------------------------------

def display_name(role: Role) -> str:
    """How a card names a role: its curated title, or the singular everyday form of a BLS title ("Phlebotomist")."""
    return role.title if role.curated else official_forms(role.title)[0]


def plural_name(role: Role) -> str:
    return plural(role.title) if role.curated else official_forms(role.title)[1]


def _they(role: Role, start: bool = False) -> str:
    """The role's plural as it reads in a sentence: "Welders", "operations managers"."""
    return in_sentence(plural_name(role), start)


def bls_url(kb: KnowledgeBase, soc: str) -> str | None:
    """The occupation's page in the BLS OEWS release the tables come from (May 2025 -> /oes/2025/may/)."""
    if kb.wages is None or kb.wages.title(soc) is None:
        return None
    month, _, year = kb.wages.release.partition(" ")
    return f"https://www.bls.gov/oes/{year}/{month.lower()}/oes{soc.replace('-', '')}.htm"


def onet_url(kb: KnowledgeBase, soc: str) -> str | None:
    code = kb.reference.onet_code(soc) if kb.reference is not None else None
    return f"https://www.onetonline.org/link/summary/{code}" if code else None


def _bls_line(kb: KnowledgeBase, role: Role) -> str:
    group = kb.wages.title(role.soc) if role.soc and kb.wages is not None else None
    return f"BLS: {group} · SOC {role.soc}" if group else ""


# -- which sections have something to show -----------------------------------------------------------------------

def available_sections(kb: KnowledgeBase, roles: tuple[Role, ...]) -> tuple[Section, ...]:
    """The sections a card of these roles has content for, in menu order. A pair offers a section both roles
    have, or one their curated comparison writes about."""
    if len(roles) == 1:
        return tuple(s for s in SECTIONS if _has_content(kb, roles[0], s))
    a, b = roles[0], roles[1]
    comparison = kb.comparison(a.id, b.id)
    return tuple(
        s for s in SECTIONS
        if s in (Section.OVERVIEW, Section.SALARY) or (_has_content(kb, a, s) and _has_content(kb, b, s))
        or (comparison is not None and comparison.note(s))
    )


def _has_content(kb: KnowledgeBase, role: Role, section: Section) -> bool:
    if section in (Section.OVERVIEW, Section.SALARY) or role.curated:
        return True
    facts = _facts(kb, role)
    if facts is None:
        return False
    if section is Section.REQUIREMENTS:
        return bool(facts.job_zone or (facts.outlook and facts.outlook.entry_education))
    if section is Section.SKILLS:
        return bool(facts.skills or facts.technologies)
    return False  # duties and work environment are written only in curated profiles


# -- one role ----------------------------------------------------------------------------------------------------

def salary_places(kb: KnowledgeBase, place: str | None) -> list[str]:
    """The places a salary card shows side by side, nearest first: [metro, its state, US], [state, US] or [US]."""
    return places(kb, place)


def role_card(kb: KnowledgeBase, role: Role, section: Section, area: str | None = None,
              metro: str | None = None) -> Card:
    """One role's card. A section the role has nothing for opens the overview instead (which says so)."""
    sections = available_sections(kb, (role,))
    missing = None
    if section not in sections:
        missing, section = section, Section.OVERVIEW
    sources: list[str] = []
    where = places(kb, area, metro)
    description, fields = _ROLE_SECTIONS[section](kb, role, where, sources)
    if missing is not None:
        fields.append(CardField(missing.label, f"Not written up for {_they(role)} yet; the figures above are "
                                               "what BLS and O*NET publish."))
    steps = where_next(kb, role) if section is Section.OVERVIEW else ()
    if steps:
        fields.append(CardField("↗ Where next", _where_next_lines(steps)))
    title = f"{display_name(role)} · {section.label}"
    if section is Section.SALARY and where[0] != US:
        title += f" · {place_name(kb, where[0])}"
    return _finish(title, description, fields, sources, section, (role.id,),
                   url=onet_url(kb, role.soc) if role.soc else None,
                   author=_bls_line(kb, role), author_url=bls_url(kb, role.soc) if role.soc else None,
                   sections=sections, where_next=steps)


def _where_next_lines(steps: tuple[NextStep, ...]) -> str:
    lines = []
    for step in steps:
        pay = f"median {step.median}" if step.median else "no BLS pay figure"
        change = f", {step.change}" if step.change else ""
        lines.append(f"• {step.name}: {pay}{change}")
    return "\n".join(lines)


def _pay_headline(kb: KnowledgeBase, role: Role, where: list[str]) -> str:
    """The first line of a pay answer: the median in the most local place, and how it stands against the US."""
    they = _they(role, start=True)
    us = pay_facts(kb, role.soc, US)
    local_code = where[0]
    if role.soc and kb.wages is not None:
        group = stand_in(kb, role)
        counted = f" (BLS counts them as {group})" if group else ""
        if local_code != US:
            local = pay_facts(kb, role.soc, local_code)
            name = place_name(kb, local_code)
            if local is not None and local.period is not None:
                line = f"{they} in {name} earn a median {median_words(local)}{counted}"
                if us is not None:
                    period = local.period
                    mine, theirs = local.median(period), us.median(period)
                    difference = gap(mine, theirs) if mine and theirs else None
                    if difference is not None:
                        line += f", **{versus_words(difference, 'the US median')}**"
                return line + "."
            if us is not None and us.period is not None:
                return (f"BLS publishes no pay figures for {in_sentence(plural_name(role))} in {name}; "
                        f"in the US they earn a median {median_words(us)}{counted}.")
        if us is not None and us.period is not None:
            return f"{they} earn a median {median_words(us)} in the US{counted}."
        return f"BLS publishes no pay figures for {in_sentence(plural_name(role))}."
    stand_ins = [f for f in role.salary_figures if is_bls_figure(f)]
    if stand_ins:
        figure = stand_ins[0]
        return (f"BLS does not count {in_sentence(plural_name(role))} as an occupation of their own; the nearest "
                f"BLS figure ({stand_in_name(figure)}) is a median **{money(figure.amount, figure.period)}** "
                f"{per(figure.period)} in the US.")
    if role.salary_figures:
        figure = role.salary_figures[0]
        return (f"BLS publishes no figure for {in_sentence(plural_name(role))}; the {_figure_kind(figure)} gives "
                f"**{money(figure.amount, figure.period)}** {per(figure.period)} as the {figure.label.lower()}.")
    return f"No pay figures are published for {in_sentence(plural_name(role))}."


def _figure_kind(figure) -> str:
    source = figure.source.split(",", 1)[0].strip()
    return source[:1].lower() + source[1:] if source else "published source"


def _overview(kb: KnowledgeBase, role: Role, where: list[str], sources: list[str]):
    lines = [_pay_headline(kb, role, [US])]
    _cite_pay(kb, role, sources)
    if role.curated:
        lines += ["", role.summary]
    facts_lines = _fact_lines(kb, role, sources)
    if facts_lines:
        lines += ["", *facts_lines]
    elif role.curated:
        lines += ["", f"🎓 {shorten(role.requirements.education, 300)}"]
    return "\n".join(lines), []


def _fact_lines(kb: KnowledgeBase, role: Role, sources: list[str]) -> list[str]:
    """Outlook, typical entry and job count, one line each."""
    facts = _facts(kb, role)
    out: list[str] = []
    outlook = facts.outlook if facts else None
    if outlook and outlook.growth_percent is not None:
        line = f"📈 Outlook: {outlook_words(outlook.growth_percent)}"
        if outlook.openings_thousands is not None:
            line += f" · about {outlook.openings_thousands * 1000:,.0f} openings a year"
        out.append(line)
        sources.append(PROJECTIONS_CREDIT)
    if outlook and outlook.entry_education:
        out.append(f"🎓 Typical entry: {_entry_words(outlook)}")
        sources.append(PROJECTIONS_CREDIT)
    us = pay_facts(kb, role.soc, US)
    if us is not None and us.employment:
        out.append(f"👥 {us.employment:,} jobs in the US" + (f" ({us.group})" if stand_in(kb, role) else ""))
    return out


def _entry_words(outlook) -> str:
    text = education_phrase(outlook.entry_education)
    if outlook.work_experience and outlook.work_experience != "None":
        text += f", plus {outlook.work_experience.lower()} of related experience"
    if outlook.training and outlook.training != "None":
        text += f", then {outlook.training.lower()}"
    return text


def _duties(kb: KnowledgeBase, role: Role, where: list[str], sources: list[str]):
    first = _first_sentence(role.summary)
    return f"{first}\n\n**Day to day:**\n{bullets(role.duties, DESCRIPTION_LIMIT - len(first) - 20)}", []


def _requirements(kb: KnowledgeBase, role: Role, where: list[str], sources: list[str]):
    fields: list[CardField] = []
    facts = _facts(kb, role)
    outlook = facts.outlook if facts else None
    if outlook and outlook.entry_education:
        headline = f"Most {_they(role)} start with {_entry_words(outlook)} (BLS typical entry)."
        sources.append(PROJECTIONS_CREDIT)
    elif role.curated:
        headline = f"{_they(role, start=True)}: {_first_sentence(role.requirements.education)}"
    else:
        headline = f"What {_they(role)} need, as O*NET rates it:"
    if role.curated:
        fields.append(CardField("Education", role.requirements.education))
        fields.append(CardField("Experience", role.requirements.experience))
        if role.requirements.certifications:
            fields.append(CardField("Certifications", bullets(role.requirements.certifications)))
    if facts and facts.job_zone:
        fields.append(CardField("Preparation (O*NET job zone)",
                                f"{facts.job_zone} of 5 — {job_zone_words(facts.job_zone)}"))
        sources.append(ONET_CREDIT)
    return headline, fields


def _environment(kb: KnowledgeBase, role: Role, where: list[str], sources: list[str]):
    first, *rest = role.environment
    headline = f"{_they(role, start=True)}: {first[:1].lower() + first[1:]}."
    return headline + ("\n" + bullets(rest, DESCRIPTION_LIMIT - len(headline) - 2) if rest else ""), []


def _skills(kb: KnowledgeBase, role: Role, where: list[str], sources: list[str]):
    fields: list[CardField] = []
    facts = _facts(kb, role)
    if role.curated:
        items = list(role.skills)
        headline = f"The skills {_they(role)} use most: {_listing(items[:3])}."
    elif facts and facts.skills:
        items = list(facts.skills)
        headline = f"The skills O*NET rates most important for {_they(role)}: {_listing(items[:3])}."
        sources.append(ONET_CREDIT)
    else:
        items = []
        headline = f"The technologies O*NET marks as in demand for {_they(role)}:"
    description = headline + ("\n" + bullets(items[3:], 1500) if items[3:] else "")
    if facts and facts.technologies:
        fields.append(CardField("Hot technologies (O*NET)", bullets(facts.technologies)))
        sources.append(ONET_CREDIT)
    return description, fields


def _salary(kb: KnowledgeBase, role: Role, where: list[str], sources: list[str]):
    fields: list[CardField] = []
    headline = _pay_headline(kb, role, where)
    _cite_pay(kb, role, sources)
    if role.soc and kb.wages is not None:
        shown = [(code, pay_facts(kb, role.soc, code)) for code in where]
        for code, facts in shown:
            fields.append(CardField(place_name(kb, code), _pay_block(facts), inline=len(shown) > 1))
    else:
        stand_ins = [f for f in role.salary_figures if is_bls_figure(f)]
        if stand_ins:
            fields.append(CardField("Nearest BLS occupations (US)", "\n".join(figure_words(f) for f in stand_ins)))
        for code in where:
            if code != US:
                fields.append(CardField(place_name(kb, code),
                                        "No local figures: BLS has no occupation code for this role."))
    others = [f for f in role.salary_figures if not is_bls_figure(f)]
    if others and (role.soc or any(is_bls_figure(f) for f in role.salary_figures)):
        fields.append(CardField("Other figures (not BLS)", "\n".join(figure_words(f) for f in others)))
    elif others and len(others) > 1:
        fields.append(CardField("Figures (not BLS)", "\n".join(figure_words(f) for f in others)))
    if role.salary_note:
        fields.append(CardField("Note", role.salary_note))
    return headline, fields


def _pay_block(facts: PayFacts | None) -> str:
    """One place's BLS figures: median (yearly and hourly), middle half, 10th–90th, jobs."""
    if facts is None:
        return "Not published by BLS for this area."
    period = facts.period
    jobs = f"**Jobs:** {facts.employment:,}" if facts.employment is not None else "**Jobs:** not published"
    if period is None:
        return "Wages not published by BLS for this area.\n" + jobs
    figures = facts.figures(period)
    lines = [f"**Median:** {median_words(facts)}"]
    middle = range_words(figures, "p25", "p75", period)
    if middle:
        lines.append(f"**Middle half:** {middle}")
    wide = range_words(figures, "p10", "p90", period)
    if wide:
        lines.append(f"**10th–90th:** {wide}")
    lines.append(jobs)
    if period == "hour":
        lines.append("*Paid by the hour: BLS publishes no yearly figure.*")
    return "\n".join(lines)


_ROLE_SECTIONS = {
    Section.OVERVIEW: _overview,
    Section.DUTIES: _duties,
    Section.REQUIREMENTS: _requirements,
    Section.ENVIRONMENT: _environment,
    Section.SKILLS: _skills,
    Section.SALARY: _salary,
}


# -- two roles ---------------------------------------------------------------------------------------------------

def compare_card(kb: KnowledgeBase, a: Role, b: Role, section: Section, area: str | None = None,
                 metro: str | None = None) -> Card:
    sections = available_sections(kb, (a, b))
    if section not in sections:
        section = Section.OVERVIEW
    sources: list[str] = []
    where = places(kb, area, metro)
    comparison = kb.comparison(a.id, b.id)
    description, fields = _COMPARE_SECTIONS[section](kb, a, b, where, sources)
    note = comparison.note(section) if comparison is not None else None
    # The curated answer to "how do they differ" beats one derived from the lists; it is led by both names.
    lead = f"**{_they(a, True)} vs {_they(b)}:** "
    if note and section in (Section.DUTIES, Section.ENVIRONMENT, Section.SKILLS):
        description = lead + note
    elif note and section is Section.REQUIREMENTS:
        derived = "**" in description or "same schooling" in description  # the BLS typical-entry answer
        description = description + "\n\n" + note if derived else lead + note
    elif note and section is Section.SALARY:
        fields.append(CardField("Key difference", note))
    links = _links_line(kb, (a, b)) if section in (Section.OVERVIEW, Section.SALARY) else ""
    if links:
        fields.append(CardField("🔗 Links", links))
    title = f"{display_name(a)} vs {display_name(b)} · {section.label}"
    if section is Section.SALARY and where[0] != US:
        title += f" · {place_name(kb, where[0])}"
    return _finish(title, description, fields, sources, section, (a.id, b.id), sections=sections)


def _links_line(kb: KnowledgeBase, roles: tuple[Role, ...]) -> str:
    lines = []
    for role in roles:
        if not role.soc:
            continue
        parts = [f"[BLS pay]({url})" for url in [bls_url(kb, role.soc)] if url]
        parts += [f"[O*NET]({url})" for url in [onet_url(kb, role.soc)] if url]
        if parts:
            lines.append(f"{display_name(role)}: " + " · ".join(parts))
    return "\n".join(lines)


def _pair_line(a: Role, b: Role, left: str | None, right: str | None, missing: str = "—") -> str:
    return f"{display_name(a)} {left or missing} · {display_name(b)} {right or missing}"


def _pay_comparison(kb: KnowledgeBase, a: Role, b: Role, code: str) -> str | None:
    """"Physicists earn more in California: a median $207,010 a year vs $130,110 for engineers, $76,900 (59%)
    more." — only for two BLS medians of the same place and period."""
    pa, pb = role_pay(kb, a, code), role_pay(kb, b, code)
    if pa is None or pb is None:
        return None
    where = "" if code == US else f" in {place_name(kb, code)}"
    if a.soc and a.soc == b.soc:
        period = pa.period
        if period is None:
            return None
        return (f"{_they(a, True)} and {_they(b)} are counted as one BLS occupation, {pa.group}, so their "
                f"official pay is the same: a median {median_words(pa)}{where or ' in the US'}.")
    for period in ("year", "hour"):
        ma, mb = pa.median(period), pb.median(period)
        if ma is None or mb is None:
            continue
        difference = gap(ma, mb)
        if difference is None:
            return None
        place = where or " in the US"
        if difference.higher == -1:
            return f"{_they(a, True)} and {_they(b)} earn the same median{place}: **{money(ma, period)}** {per(period)}."
        high, low = (a, b) if difference.higher == 0 else (b, a)
        mh, ml = (ma, mb) if difference.higher == 0 else (mb, ma)
        floor = "at least " if difference.floor else ""
        return (f"**{_they(high, True)}**{_counted(kb, high)} earn more{place}: a median **{money(mh, period)}** "
                f"{per(period)} vs {money(ml, period)} for {_they(low)}{_counted(kb, low)}, "
                f"{floor}**{money(difference.dollars, period)} ({floor}{round(difference.percent)}%) more**.")
    return None


def _counted(kb: KnowledgeBase, role: Role) -> str:
    group = stand_in(kb, role)
    return f" (BLS: {group})" if group else ""


def _compare_pay_headline(kb: KnowledgeBase, a: Role, b: Role, where: list[str]) -> str:
    for code in where:
        line = _pay_comparison(kb, a, b, code)
        if line:
            return line
    known = [(r, role_pay(kb, r, US)) for r in (a, b)]
    has = [(r, f) for r, f in known if f is not None and f.period is not None]
    if len(has) == 1:
        role, facts = has[0]
        other = b if role is a else a
        return (f"BLS publishes no figure for {_they(other)}; {_they(role)} earn a median {median_words(facts)} "
                f"in the US.")
    return (f"BLS has no figures that compare {_they(a)} and {_they(b)} like for like; "
            f"the figures below say what each one is.")


def _compare_overview(kb: KnowledgeBase, a: Role, b: Role, where: list[str], sources: list[str]):
    comparison = kb.comparison(a.id, b.id)
    lines = [_compare_pay_headline(kb, a, b, [US])]
    if comparison is not None:
        lines += ["", comparison.key_difference]
    for role in (a, b):
        _cite_pay(kb, role, sources)
    fields: list[CardField] = []
    facts_a, facts_b = _facts(kb, a), _facts(kb, b)
    oa = facts_a.outlook if facts_a else None
    ob = facts_b.outlook if facts_b else None
    if (oa and oa.growth_percent is not None) or (ob and ob.growth_percent is not None):
        fields.append(CardField("📈 Outlook 2024–34", _pair_line(
            a, b, _growth(oa), _growth(ob), "no projection")))
        sources.append(PROJECTIONS_CREDIT)
    if (oa and oa.entry_education) or (ob and ob.entry_education):
        fields.append(CardField("🎓 Typical entry (BLS)", _pair_line(
            a, b, _entry(oa), _entry(ob), "not published")))
        sources.append(PROJECTIONS_CREDIT)
    for role in (a, b):
        summary = role.summary if role.curated else _reference_summary(kb, role)
        if summary:
            fields.append(CardField(display_name(role), shorten(summary, 400)))
    return "\n".join(lines), fields


def _growth(outlook) -> str | None:
    if not outlook or outlook.growth_percent is None:
        return None
    return f"{outlook.growth_percent:+.1f}%"


def _entry(outlook) -> str | None:
    return outlook.entry_education.lower() if outlook and outlook.entry_education else None


def _reference_summary(kb: KnowledgeBase, role: Role) -> str:
    facts = _facts(kb, role)
    parts = []
    if facts and facts.job_zone:
        parts.append(f"O*NET job zone {facts.job_zone} of 5: {job_zone_words(facts.job_zone)}.")
    if facts and facts.skills:
        parts.append(f"Key skills: {_listing(list(facts.skills[:3])).lower()}.")
    return " ".join(parts)


def _compare_duties(kb: KnowledgeBase, a: Role, b: Role, where: list[str], sources: list[str]):
    return _compare_lists(a, b, "duties", 5)


def _compare_environment(kb: KnowledgeBase, a: Role, b: Role, where: list[str], sources: list[str]):
    return _compare_lists(a, b, "environment", 4)


def _compare_lists(a: Role, b: Role, attribute: str, count: int):
    """Duties or work environment: the first item of each as the answer, then each role's list."""
    items = {r.id: getattr(r, attribute) for r in (a, b)}
    firsts = [f"**{_they(r, True)}**: {items[r.id][0][:1].lower() + items[r.id][0][1:]}"
              for r in (a, b) if items[r.id]]
    headline = " · ".join(firsts) if firsts else f"{_they(a, True)} and {_they(b)}:"
    fields = [CardField(display_name(r), bullets(items[r.id][:count], 600)) for r in (a, b) if items[r.id]]
    return headline, fields


def _compare_requirements(kb: KnowledgeBase, a: Role, b: Role, where: list[str], sources: list[str]):
    facts = {r.id: _facts(kb, r) for r in (a, b)}
    entry = {r.id: (facts[r.id].outlook.entry_education if facts[r.id] and facts[r.id].outlook else None)
             for r in (a, b)}
    ranks = {rid: education_rank(e) for rid, e in entry.items()}
    if ranks[a.id] is not None and ranks[b.id] is not None:
        sources.append(PROJECTIONS_CREDIT)
        if ranks[a.id] == ranks[b.id]:
            headline = f"{_they(a, True)} and {_they(b)} usually start with the same schooling: " \
                       f"{education_phrase(entry[a.id])} (BLS typical entry)."
        else:
            more, less = (a, b) if ranks[a.id] > ranks[b.id] else (b, a)
            headline = (f"**{_they(more, True)}** usually need more schooling: {education_phrase(entry[more.id])}, "
                        f"vs {education_phrase(entry[less.id])} for {_they(less)} (BLS typical entry).")
    else:
        headline = f"What {_they(a)} and {_they(b)} need to get in:"
    fields: list[CardField] = []
    zones = {r.id: facts[r.id].job_zone if facts[r.id] else None for r in (a, b)}
    if zones[a.id] or zones[b.id]:
        fields.append(CardField("Preparation (O*NET job zone, of 5)", _pair_line(
            a, b, str(zones[a.id]) if zones[a.id] else None, str(zones[b.id]) if zones[b.id] else None)))
        sources.append(ONET_CREDIT)
    for role in (a, b):
        if role.curated:
            text = shorten(role.requirements.education, 260) + "\n" + shorten(role.requirements.experience, 200)
        elif entry[role.id]:
            text = f"Typical entry: {_entry_words(facts[role.id].outlook)}."
        else:
            continue
        fields.append(CardField(display_name(role), text))
    return headline, fields


def _compare_skills(kb: KnowledgeBase, a: Role, b: Role, where: list[str], sources: list[str]):
    skills = {}
    for role in (a, b):
        facts = _facts(kb, role)
        skills[role.id] = list(role.skills) if role.curated else list(facts.skills if facts else ())
        if not role.curated and skills[role.id]:
            sources.append(ONET_CREDIT)
    folded = {rid: {s.casefold() for s in items} for rid, items in skills.items()}
    shared = [s for s in skills[a.id] if s.casefold() in folded[b.id]]
    if shared:
        headline = f"{_they(a, True)} and {_they(b)} both need {_listing(shared[:3]).lower()}."
    else:
        headline = (f"**{_they(a, True)}** lean on {_listing(skills[a.id][:2]).lower() or 'other skills'}; "
                    f"**{_they(b)}** on {_listing(skills[b.id][:2]).lower() or 'other skills'}.")
    fields = [CardField(display_name(r), bullets(skills[r.id][:8], 480)) for r in (a, b) if skills[r.id]]
    return headline, fields


def _compare_salary(kb: KnowledgeBase, a: Role, b: Role, where: list[str], sources: list[str]):
    headline = _compare_pay_headline(kb, a, b, where)
    fields: list[CardField] = []
    for role in (a, b):
        _cite_pay(kb, role, sources)
    for code in where:
        pa, pb = role_pay(kb, a, code), role_pay(kb, b, code)
        if pa is None and pb is None:
            continue
        fields.append(CardField(f"💰 {place_name(kb, code)} (BLS)", _pair_pay_block(kb, a, b, pa, pb)))
    other_lines = []
    for role in (a, b):
        in_columns = role_pay(kb, role, US) is not None and not role.soc  # its first BLS figure is shown above
        for figure in role.salary_figures:
            if is_bls_figure(figure) and in_columns:
                in_columns = False
                continue
            kind = "" if is_bls_figure(figure) else " (not BLS)"
            other_lines.append(f"{display_name(role)}{kind} · {figure_words(figure)}")
    if other_lines:
        fields.append(CardField("Other figures", "\n".join(other_lines)))
    for role in (a, b):
        if role.salary_note:
            fields.append(CardField(f"Note on {display_name(role)}", role.salary_note))
    return headline, fields


def _pair_pay_block(kb: KnowledgeBase, a: Role, b: Role, pa: PayFacts | None, pb: PayFacts | None) -> str:
    """Both roles' figures in one place, one line per fact; the same period for both where BLS allows."""
    period = next((p for p in ("year", "hour") if (pa is None or pa.median(p)) and (pb is None or pb.median(p))),
                  None)

    def label(role: Role, facts: PayFacts | None) -> str:
        group = stand_in(kb, role)
        return f"{display_name(role)} (BLS: {group})" if group and facts is not None else display_name(role)

    def median(facts: PayFacts | None) -> str:
        if facts is None:
            return "no BLS figure"
        p = period or facts.period
        value = facts.median(p) if p else None
        return f"**{money(value, p)}** {per(p)}" if value else "not published"

    def spread(facts: PayFacts | None, low: str, high: str) -> str:
        if facts is None:
            return "—"
        p = period or facts.period
        figures = facts.figures(p) if p else None
        return (range_words(figures, low, high, p) if figures else None) or "not published"

    lines = [
        f"**Median:** {label(a, pa)} {median(pa)} · {label(b, pb)} {median(pb)}",
        f"**Middle half:** {display_name(a)} {spread(pa, 'p25', 'p75')} · {display_name(b)} {spread(pb, 'p25', 'p75')}",
        f"**10th–90th:** {display_name(a)} {spread(pa, 'p10', 'p90')} · {display_name(b)} {spread(pb, 'p10', 'p90')}",
        f"**Jobs:** {display_name(a)} {_jobs(pa)} · {display_name(b)} {_jobs(pb)}",
    ]
    return "\n".join(lines)


def _jobs(facts: PayFacts | None) -> str:
    return f"{facts.employment:,}" if facts is not None and facts.employment is not None else "—"


_COMPARE_SECTIONS = {
    Section.OVERVIEW: _compare_overview,
    Section.DUTIES: _compare_duties,
    Section.REQUIREMENTS: _compare_requirements,
    Section.ENVIRONMENT: _compare_environment,
    Section.SKILLS: _compare_skills,
    Section.SALARY: _compare_salary,
}


# -- shared pieces -----------------------------------------------------------------------------------------------

def _facts(kb: KnowledgeBase, role: Role):
    return kb.facts(role)


def _cite_pay(kb: KnowledgeBase, role: Role, sources: list[str]) -> None:
    if role.soc and kb.wages is not None:
        sources.append(kb.wages.citation)
    for figure in role.salary_figures:
        sources.append(kb.wages.citation if is_bls_figure(figure) and kb.wages is not None else figure_source(figure))


def _listing(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _first_sentence(text: str) -> str:
    text = " ".join(text.split())
    for end in (". ", "; "):
        if end in text:
            return text.split(end, 1)[0] + "."
    return text


def _finish(title: str, description: str, fields: list[CardField], sources: list[str], section: Section,
            role_ids: tuple[str, ...], *, url: str | None = None, author: str = "", author_url: str | None = None,
            sections: tuple[Section, ...] = (), where_next: tuple[NextStep, ...] = ()) -> Card:
    unique_sources = list(dict.fromkeys(sources))
    footer = shorten("Sources: " + " · ".join(unique_sources), FOOTER_LIMIT) if unique_sources else ""
    fitted = tuple(
        CardField(shorten(f.name, FIELD_NAME_LIMIT), f.value if len(f.value) <= FIELD_VALUE_LIMIT
                  else shorten(f.value, FIELD_VALUE_LIMIT), f.inline)
        for f in fields[:FIELD_COUNT_LIMIT]
    )
    return Card(
        title=shorten(title, TITLE_LIMIT),
        description=description if len(description) <= DESCRIPTION_LIMIT else shorten(description, DESCRIPTION_LIMIT),
        fields=fitted,
        footer=footer,
        section=section,
        role_ids=role_ids,
        url=url,
        author=shorten(author, AUTHOR_LIMIT),
        author_url=author_url if author else None,
        sections=sections,
        where_next=where_next,
    )
