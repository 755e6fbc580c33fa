"""Pay figures as cards compare them: always like for like.

A `PayFacts` is one role's BLS figures in one place (the US, a state or a metro area): median, middle half
(25th–75th), 10th–90th and jobs, yearly and hourly where BLS publishes them. Two roles' figures are set against
each other only when they are the same kind (BLS median in the same place, same period); a figure from anywhere
else (a career-guide article's average) is shown apart, labelled by what it is, and never compared.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.knowledge import KnowledgeBase
from bot.core.models import Role, SalaryFigure
from bot.core.wages import NOT_PUBLISHED, Amount, Percentiles

US = "US"


@dataclass(frozen=True, slots=True)
class PayFacts:
    """BLS OEWS figures for one occupation in one place."""

    soc: str
    place: str  # "US", a postal code or a metro area code
    place_name: str
    group: str  # the BLS occupation title ("Data Scientists")
    employment: int | None
    annual: Percentiles | None
    hourly: Percentiles | None

    @property
    def period(self) -> str | None:
        """"year" when BLS publishes yearly figures, else "hour" (teachers have no hourly, actors no yearly)."""
        if self.annual is not None and self.annual.median.value is not None:
            return "year"
        if self.hourly is not None and self.hourly.median.value is not None:
            return "hour"
        return None

    def figures(self, period: str | None = None) -> Percentiles | None:
        period = period or self.period
        return self.annual if period == "year" else self.hourly if period == "hour" else None

    def median(self, period: str | None = None) -> Amount | None:
        figures = self.figures(period)
        return figures.median if figures is not None and figures.median.value is not None else None


def pay_facts(kb: KnowledgeBase, soc: str | None, place: str = US) -> PayFacts | None:
    if not soc or kb.wages is None:
        return None
    if _SEEN.get("wages") is not kb.wages or len(_SEEN) > _SEEN_LIMIT:
        _SEEN.clear()
        _SEEN["wages"] = kb.wages
    key = (soc, place)
    if key not in _SEEN:
        estimate = kb.wages.get(soc, place)
        _SEEN[key] = None if estimate is None else PayFacts(
            soc, estimate.area, estimate.area_name, kb.wages.title(soc) or soc, estimate.employment,
            estimate.annual, estimate.hourly)
    return _SEEN[key]


# Wage rows are parsed when first asked for; a card asks for the same few several times (its answer, its
# fields, the next steps), so parsed figures are kept, for the current tables only and up to a bound.
_SEEN: dict = {}
_SEEN_LIMIT = 20_000


def role_pay(kb: KnowledgeBase, role: Role, place: str = US) -> PayFacts | None:
    """A role's BLS figures in a place: from the tables by its SOC, or, for a role with no SOC, the national
    median of the BLS occupation its profile names as the nearest (a curated figure whose source is BLS)."""
    if role.soc:
        return pay_facts(kb, role.soc, place)
    if place != US:
        return None
    figure = next((f for f in role.salary_figures if is_bls_figure(f)), None)
    if figure is None:
        return None
    only_median = Percentiles(NOT_PUBLISHED, NOT_PUBLISHED, NOT_PUBLISHED, Amount(figure.amount), NOT_PUBLISHED,
                              NOT_PUBLISHED)
    return PayFacts("", US, place_name(kb, US), stand_in_name(figure), None,
                    only_median if figure.period == "year" else None,
                    only_median if figure.period == "hour" else None)


def stand_in_name(figure: SalaryFigure) -> str:
    """The occupation a stand-in figure's label names: "Median pay, Database Administrators (nearest BLS
    occupation)" -> "Database Administrators"."""
    label = figure.label
    for prefix in ("Median pay, ", "Median, "):
        label = label.removeprefix(prefix)
    return label.split(" (", 1)[0].strip() or figure.label


def place_name(kb: KnowledgeBase, code: str) -> str:
    if kb.wages is not None:
        name = kb.wages.area_name(code)
        if name:
            return name
    from bot.core.areas import AREAS

    return AREAS.get(code, code)


def places(kb: KnowledgeBase, area: str | None = None, metro: str | None = None) -> list[str]:
    """The places a salary card shows side by side, nearest first: [metro, its state, US], [state, US] or [US].
    `area` may itself be a metro area code (what a card is asked for: the metro when one is named)."""
    metros = getattr(kb.wages, "metros", {}) if kb.wages is not None else {}
    out: list[str] = []
    for code in (metro, area):
        if not code or code.upper() == US:
            continue
        info = metros.get(code)
        out += [code, info.state] if info is not None else [code]
    return [*dict.fromkeys(out), US]


# -- words -------------------------------------------------------------------------------------------------------

def money(amount: Amount | float, period: str) -> str:
    """"$63,820" a year, "$30.68" an hour; a top-coded BLS figure reads "at least $239,200"."""
    if isinstance(amount, Amount):
        if amount.value is None:
            return "not published"
        text = f"${amount.value:,.0f}" if period == "year" else f"${amount.value:,.2f}"
        return f"at least {text}" if amount.top_coded else text
    return f"${amount:,.0f}" if period == "year" else f"${amount:,.2f}"


def per(period: str) -> str:
    return "a year" if period == "year" else "an hour"


def median_words(facts: PayFacts) -> str:
    """"$63,820 a year (about $30.68 an hour)" — yearly first, with the hourly figure when BLS gives both."""
    period = facts.period
    if period is None:
        return "not published"
    text = f"**{money(facts.median(period), period)}** {per(period)}"
    if period == "year":
        hourly = facts.median("hour")
        if hourly is not None:
            text += f" (about {money(hourly, 'hour')} an hour)"
    return text


def range_words(figures: Percentiles, low: str, high: str, period: str) -> str | None:
    a, b = getattr(figures, low), getattr(figures, high)
    if a.value is None or b.value is None:
        return None
    return f"{money(a, period)} – {money(b, period)}"


@dataclass(frozen=True, slots=True)
class Gap:
    """How much more the higher of two like-for-like medians is."""

    higher: int  # index of the higher figure (0 or 1); -1 when equal
    dollars: float
    percent: float
    floor: bool  # a top-coded figure is involved: the gap is "at least"


def gap(first: Amount, second: Amount) -> Gap | None:
    if first.value is None or second.value is None or min(first.value, second.value) <= 0:
        return None
    if first.top_coded and second.top_coded:
        return None  # both only "at least": no honest difference
    if first.value == second.value:
        return Gap(-1, 0.0, 0.0, first.top_coded or second.top_coded)
    higher = 0 if first.value > second.value else 1
    high, low = (first, second) if higher == 0 else (second, first)
    if low.top_coded:
        return None
    return Gap(higher, high.value - low.value, 100.0 * (high.value - low.value) / low.value, high.top_coded)


def versus_words(difference: Gap, base: str) -> str:
    """"19% above the US median", "8% below …", "the same as …"."""
    if difference.higher == -1:
        return f"the same as {base}"
    rounded = round(difference.percent)
    if rounded == 0:
        return f"about the same as {base}"
    return f"{'at least ' if difference.floor else ''}{rounded}% {'above' if difference.higher == 0 else 'below'} {base}"


# -- figures from elsewhere --------------------------------------------------------------------------------------

def is_bls_figure(figure: SalaryFigure) -> bool:
    """A curated figure copied from the BLS tables for a stand-in occupation (a role with no SOC of its own)."""
    return figure.source.upper().startswith("BLS")


def figure_words(figure: SalaryFigure) -> str:
    """A curated figure with what it is: "Average salary: $75,844 a year (career-guide article “…”, 2024)"."""
    amount = f"{figure.label}: **{money(figure.amount, figure.period)}** {per(figure.period)}"
    if is_bls_figure(figure):
        return amount  # the card's footer cites the BLS release
    return f"{amount} ({figure_source(figure)})"


def figure_source(figure: SalaryFigure) -> str:
    return f"{figure.source}, {figure.year}" if figure.year and str(figure.year) not in figure.source else figure.source


def stand_in(kb: KnowledgeBase, role: Role) -> str | None:
    """The BLS occupation that stands in for a role whose own name BLS does not use ("Data Scientists" for
    a data analyst); None when the BLS title is the role's own name."""
    if not role.soc:
        figure = next((f for f in role.salary_figures if is_bls_figure(f)), None)
        return stand_in_name(figure) if figure else None
    if kb.wages is None:
        return None
    group = kb.wages.title(role.soc)
    if not group:
        return None
    from bot.core.wording import official_forms

    singular, plural = official_forms(group)
    title = role.title.casefold()
    if title in (singular.casefold(), plural.casefold(), group.casefold()):
        return None
    return group
