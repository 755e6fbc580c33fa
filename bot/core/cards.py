"""Cards: what an answer says, section by section, as plain data.

The terminal renderer and the Discord embed builder both draw these, so the CLI and the bot say the same
thing. Every card fits Discord's embed limits by construction: texts are bounded by the knowledge schema,
lists are cut between items (never mid-word) with "…and N more", and user text is never put on a card
unescaped.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.knowledge import KnowledgeBase
from bot.core.models import Role, Section

# Discord's embed limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits).
TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FIELD_COUNT_LIMIT = 25
FOOTER_LIMIT = 2048
EMBED_TOTAL_LIMIT = 6000

# The short form of the O*NET attribution a card has room for; the README carries the full text.
ONET_CREDIT = "O*NET 29.3 by USDOL/ETA, CC BY 4.0, modified by careerbot"
PROJECTIONS_CREDIT = "BLS Employment Projections, 2024–34"
NO_PROFILE = "No full profile yet: this card shows official BLS and O*NET figures only."


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

    def total_length(self) -> int:
        """Characters Discord counts against the 6,000 per-embed total."""
        return (len(self.title) + len(self.description) + len(self.footer)
                + sum(len(f.name) + len(f.value) for f in self.fields))


def more_line(count: int) -> str:
    """What stands for the items a list had no room for."""
    return f"…and {count} more"


def fit_lines(lines: list[str] | tuple[str, ...], limit: int) -> list[str]:
    """As many whole lines as fit in `limit` characters (joined by newlines), then "…and N more" for the rest."""
    kept: list[str] = []
    used = 0
    for index, line in enumerate(lines):
        remaining = len(lines) - index - 1
        reserve = len("\n" + more_line(remaining)) if remaining else 0
        if used + len(line) + 1 + reserve > limit:
            kept.append(more_line(len(lines) - index))
            break
        kept.append(line)
        used += len(line) + 1
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


def money(value: float, period: str) -> str:
    return f"${value:,.0f}" if period == "year" else f"${value:,.2f}/hour"


# -- one role ----------------------------------------------------------------------------------------------------

def role_card(kb: KnowledgeBase, role: Role, section: Section, area: str | None = None) -> Card:
    builder = _ROLE_SECTIONS[section]
    description, fields, sources = builder(kb, role, area)
    title = f"{role.title} · {section.label}"
    if section is Section.SALARY and area:
        title += f" · {_area_name(kb, area)}"
    return _finish(title, description, fields, sources, section, (role.id,))


def _overview(kb: KnowledgeBase, role: Role, area: str | None):
    fields: list[CardField] = []
    sources: list[str] = []
    facts = kb.facts(role)
    if role.curated:
        description = role.summary
        fields.append(CardField("Field", role.field or "—", inline=True))
    else:
        description = NO_PROFILE
    pay = _median_line(kb, role, "US")
    if pay:
        fields.append(CardField("Typical pay (US median)", pay, inline=True))
        sources.append(kb.wages.citation)
    elif role.salary_figures:
        figure = role.salary_figures[0]
        fields.append(CardField(figure.label, money(figure.amount, figure.period), inline=True))
        sources.append(_figure_source(figure))
    if facts and facts.outlook and facts.outlook.growth_percent is not None:
        fields.append(CardField("Outlook 2024–34", _outlook_text(facts.outlook), inline=True))
        sources.append(PROJECTIONS_CREDIT)
    if role.curated:
        fields.append(CardField("Education", shorten(role.requirements.education, 300)))
    elif facts and facts.outlook and facts.outlook.entry_education:
        fields.append(CardField("Typical entry education", facts.outlook.entry_education, inline=True))
    related = _related_titles(kb, role)
    if related:
        fields.append(CardField("Related roles", bullets(related, 400)))
    if not role.curated and facts:
        sources.append(ONET_CREDIT)
    return description, fields, sources


def _duties(kb: KnowledgeBase, role: Role, area: str | None):
    if role.curated:
        return bullets(role.duties, DESCRIPTION_LIMIT), [], []
    return NO_PROFILE + " Duties are not written up for this occupation yet.", [], []


def _requirements(kb: KnowledgeBase, role: Role, area: str | None):
    fields: list[CardField] = []
    sources: list[str] = []
    description = ""
    if role.curated:
        fields.append(CardField("Education", role.requirements.education))
        fields.append(CardField("Experience", role.requirements.experience))
        if role.requirements.certifications:
            fields.append(CardField("Certifications", bullets(role.requirements.certifications)))
    else:
        description = NO_PROFILE
    facts = kb.facts(role)
    if facts:
        if facts.outlook and facts.outlook.entry_education:
            line = facts.outlook.entry_education
            if facts.outlook.work_experience and facts.outlook.work_experience != "None":
                line += f"; {facts.outlook.work_experience} of related experience"
            fields.append(CardField("Typical entry (BLS)", line, inline=True))
            sources.append(PROJECTIONS_CREDIT)
        if facts.job_zone:
            fields.append(CardField("Preparation (O*NET job zone)", f"{facts.job_zone} of 5", inline=True))
            sources.append(ONET_CREDIT)
    return description, fields, sources


def _environment(kb: KnowledgeBase, role: Role, area: str | None):
    if role.curated:
        return bullets(role.environment, DESCRIPTION_LIMIT), [], []
    return NO_PROFILE + " The work environment is not written up for this occupation yet.", [], []


def _skills(kb: KnowledgeBase, role: Role, area: str | None):
    fields: list[CardField] = []
    sources: list[str] = []
    description = bullets(role.skills, DESCRIPTION_LIMIT) if role.curated else NO_PROFILE
    facts = kb.facts(role)
    if facts:
        if not role.curated and facts.skills:
            fields.append(CardField("Most important skills (O*NET)", bullets(facts.skills)))
        if facts.technologies:
            fields.append(CardField("Hot technologies (O*NET)", bullets(facts.technologies)))
        if facts.skills or facts.technologies:
            sources.append(ONET_CREDIT)
    return description, fields, sources


def _salary(kb: KnowledgeBase, role: Role, area: str | None):
    fields: list[CardField] = []
    sources: list[str] = []
    description = ""
    wages = kb.wages
    if role.soc and wages is not None:
        title = wages.title(role.soc)
        if role.curated and title:
            description = f"BLS occupation: {title} ({role.soc})."
        elif not role.curated:
            description = f"BLS occupation {role.soc}. No full profile yet: pay figures only."
        areas = [area, "US"] if area and area != "US" else ["US"]
        for code in areas:
            fields.append(CardField(_area_name(kb, code), _pay_block(kb, role.soc, code), inline=True))
        sources.append(wages.citation)
    elif role.soc_note:
        description = role.soc_note
    for figure in role.salary_figures:
        fields.append(CardField(figure.label, f"{money(figure.amount, figure.period)}\n*{figure.source}"
                                f"{', ' + str(figure.year) if figure.year else ''}*"))
        sources.append(_figure_source(figure))
    if role.salary_note:
        fields.append(CardField("Note", role.salary_note))
    if area and not (role.soc and wages is not None):
        fields.append(CardField(_area_name(kb, area), "No state figures: this role has no BLS occupation code."))
    if not fields and not description:
        description = "No pay figures are available for this role."
    return description, fields, sources


_ROLE_SECTIONS = {
    Section.OVERVIEW: _overview,
    Section.DUTIES: _duties,
    Section.REQUIREMENTS: _requirements,
    Section.ENVIRONMENT: _environment,
    Section.SKILLS: _skills,
    Section.SALARY: _salary,
}


# -- two roles ---------------------------------------------------------------------------------------------------

def compare_card(kb: KnowledgeBase, a: Role, b: Role, section: Section, area: str | None = None) -> Card:
    comparison = kb.comparison(a.id, b.id)
    fields: list[CardField] = []
    sources: list[str] = []
    for role in (a, b):
        fields.append(CardField(shorten(role.title, FIELD_NAME_LIMIT), _side(kb, role, section, area, sources),
                                inline=True))
    difference = _difference(kb, a, b, section, area)
    if difference:
        fields.append(CardField("Pay difference", difference))
    if comparison is not None:
        note = comparison.note(section)
        if note:
            fields.append(CardField("Key difference", note))
        description = comparison.key_difference if section is Section.OVERVIEW else ""
    else:
        description = ""
    title = f"{a.title} vs {b.title} · {section.label}"
    if section is Section.SALARY and area:
        title += f" · {_area_name(kb, area)}"
    return _finish(title, description, fields, sources, section, (a.id, b.id))


def _side(kb: KnowledgeBase, role: Role, section: Section, area: str | None, sources: list[str]) -> str:
    """One role's column of a comparison card: the section in brief."""
    facts = kb.facts(role)
    limit = 480
    if section is Section.OVERVIEW:
        text = shorten(role.summary, limit) if role.curated else NO_PROFILE
    elif section is Section.DUTIES:
        text = bullets(role.duties[:5], limit) if role.curated else "Not written up yet."
    elif section is Section.REQUIREMENTS:
        if role.curated:
            text = shorten(role.requirements.education, 260) + "\n" + shorten(role.requirements.experience, 200)
        elif facts and facts.outlook and facts.outlook.entry_education:
            text = f"Typical entry: {facts.outlook.entry_education}"
            sources.append(PROJECTIONS_CREDIT)
        else:
            text = "Not written up yet."
    elif section is Section.ENVIRONMENT:
        text = bullets(role.environment[:4], limit) if role.curated else "Not written up yet."
    elif section is Section.SKILLS:
        items = role.skills if role.curated else (facts.skills if facts else ())
        text = bullets(items[:8], limit) if items else "Not written up yet."
        if not role.curated and items:
            sources.append(ONET_CREDIT)
    else:
        text = _side_salary(kb, role, area, sources)
    return text or "—"


def _side_salary(kb: KnowledgeBase, role: Role, area: str | None, sources: list[str]) -> str:
    if role.soc and kb.wages is not None:
        code = area or "US"
        sources.append(kb.wages.citation)
        return f"*{_area_name(kb, code)}, BLS*\n" + _pay_block(kb, role.soc, code, brief=True)
    if role.salary_figures:
        figure = role.salary_figures[0]
        sources.append(_figure_source(figure))
        where = "national; no state figures" if area else "national"
        return f"{figure.label}: {money(figure.amount, figure.period)}\n*{where}, {figure.source}*"
    return "No pay figures."


def _difference(kb: KnowledgeBase, a: Role, b: Role, section: Section, area: str | None) -> str | None:
    """For pay: both figures and the gap in dollars and percent, but only like for like (two BLS medians, or
    two curated figures of the same kind and source), never a BLS median against an article's average."""
    if section is not Section.SALARY:
        return None
    left, right = _pay_figures(kb, a, area), _pay_figures(kb, b, area)
    pair = next(((x, y) for x in left for y in right if x[1] == y[1] and x[2] == y[2]), None)
    if pair is None:
        return None
    (low_role, low), (high_role, high) = sorted([(a, pair[0]), (b, pair[1])], key=lambda item: item[1][0])
    period, kind = high[2], high[1]
    if a.soc and a.soc == b.soc and kb.wages is not None and "BLS" in kind:
        return (f"Both are counted in one BLS occupation, {kb.wages.title(a.soc)} ({a.soc}), so the official "
                f"figures are the same: {money(high[0], period)} {kind}.")
    if high[0] == low[0]:
        return f"The same {kind}: {money(high[0], period)}."
    gap = high[0] - low[0]
    percent = 100.0 * gap / low[0]
    return (f"{kind[:1].upper()}{kind[1:]}: {high_role.title} {money(high[0], period)} vs {low_role.title} "
            f"{money(low[0], period)}, {money(gap, period)} ({percent:.0f}%) more for {high_role.title}.")


def _pay_figures(kb: KnowledgeBase, role: Role, area: str | None) -> list[tuple[float, str, str]]:
    """(amount, kind, period) for each figure a role's pay can be compared on, best first."""
    figures: list[tuple[float, str, str]] = []
    if role.soc and kb.wages is not None:
        estimate = kb.wages.get(role.soc, area or "US")
        if estimate is not None:
            where = estimate.area_name if area else "US"
            for percentiles, period in ((estimate.annual, "year"), (estimate.hourly, "hour")):
                median = percentiles.median if percentiles is not None else None
                if median is not None and median.value is not None and not median.top_coded:
                    figures.append((median.value, f"{where} median ({kb.wages.citation})", period))
                    break
    for figure in role.salary_figures:
        figures.append((figure.amount, f"{figure.label.lower()} ({figure.source})", figure.period))
    return figures


# -- shared pieces -----------------------------------------------------------------------------------------------

def _pay_block(kb: KnowledgeBase, soc: str, area: str, brief: bool = False) -> str:
    estimate = kb.wages.get(soc, area)
    if estimate is None:
        return "Not published by BLS for this area."
    lines: list[str] = []
    if estimate.annual is not None:
        figures, period = estimate.annual, "year"
    elif estimate.hourly is not None:
        figures, period = estimate.hourly, "hour"
    else:
        released = f"\n**Employment:** {estimate.employment:,}" if estimate.employment is not None else ""
        return "Wages not published by BLS for this area (estimate not released)." + released
    suffix = "" if period == "year" else "/hour"
    lines.append(f"**Median:** {figures.median.format(period)}{suffix}")
    lines.append(f"**10th–90th:** {figures.p10.format(period)} – {figures.p90.format(period)}{suffix}")
    if not brief:
        lines.append(f"**Mean:** {figures.mean.format(period)}{suffix}")
    employment = f"{estimate.employment:,}" if estimate.employment is not None else "not published"
    lines.append(f"**Employment:** {employment}")
    if period == "hour":
        lines.append("*Paid by the hour; BLS publishes no annual figure.*")
    return "\n".join(lines)


def _median_line(kb: KnowledgeBase, role: Role, area: str) -> str | None:
    if not role.soc or kb.wages is None:
        return None
    estimate = kb.wages.get(role.soc, area)
    if estimate is None:
        return None
    if estimate.annual is not None and estimate.annual.median.value is not None:
        return estimate.annual.median.format("year")
    if estimate.hourly is not None and estimate.hourly.median.value is not None:
        return estimate.hourly.median.format("hour") + "/hour"
    return None


def _outlook_text(outlook) -> str:
    text = f"{outlook.growth_percent:+.1f}% jobs"
    if outlook.openings_thousands is not None:
        text += f", {outlook.openings_thousands * 1000:,.0f} openings/yr"
    return text


def _related_titles(kb: KnowledgeBase, role: Role) -> list[str]:
    related = kb.related_roles(role)
    return [r.title for r in (related if role.curated else related[:5])]


def _area_name(kb: KnowledgeBase, code: str) -> str:
    if kb.wages is not None:
        name = kb.wages.area_name(code)
        if name:
            return name
    from bot.core.areas import AREAS

    return AREAS.get(code, code)


def _figure_source(figure) -> str:
    return f"{figure.source}, {figure.year}" if figure.year else figure.source


def _finish(title: str, description: str, fields: list[CardField], sources: list[str], section: Section,
            role_ids: tuple[str, ...]) -> Card:
    unique_sources = list(dict.fromkeys(sources))
    footer = shorten("Sources: " + "; ".join(unique_sources), FOOTER_LIMIT) if unique_sources else ""
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
    )
