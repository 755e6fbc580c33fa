"""The pay chart: BLS 10th/25th/50th/75th/90th percentiles as range bars, one row per role and place.

Pure core (Pillow, no discord): the bot attaches the PNG to salary cards and `careerbot ask --chart FILE` writes
the same image. The rows are worked out first as plain data (`pay_rows`), so tests can check the figures
against the wage tables and the drawing against the figures (`PayChart.x_of`).

Pillow is imported only when a chart is first drawn, so start-up does not pay for it; the bot renders charts
off the event loop and keeps the last few in a bounded cache (`PayCharts`).
"""

from __future__ import annotations

import functools
import io
import math
from dataclasses import dataclass
from typing import Literal

from bot.core.cards import salary_places
from bot.core.knowledge import KnowledgeBase
from bot.core.models import Role
from bot.core.wages import Percentiles

Period = Literal["year", "hour"]
FILENAME = "pay-range.png"  # the attachment's name; a card's image points at attachment://pay-range.png
CACHE_SIZE = 256

# Drawing, in pixels, on a dark background close to Discord's dark embed so the image sits well in a card.
WIDTH = 640
MARGIN = 20
HEADER = 40
ROW = 74
FOOTER = 56
# Font sizes: Discord shrinks the image to the card's width (about 400 px on a phone), so text is drawn large.
LABEL_SIZE, HEADING_SIZE, SMALL_SIZE = 17, 18, 14
BACKGROUND = (43, 45, 49)
TEXT = (219, 222, 225)
MUTED = (148, 155, 164)
GRID = (63, 66, 72)
WHISKER = (128, 132, 142)  # the 10th–90th range
BOX = (88, 101, 242)  # the middle half, 25th–75th (Discord blurple)
MEDIAN = (255, 255, 255)
BAR = 16  # box height; the whisker is a thinner line through its middle


@dataclass(frozen=True, slots=True)
class PayRow:
    """One bar: a role's BLS percentiles in one place. `top_coded` marks figures BLS gives as "at least"."""

    label: str
    role_id: str
    area: str
    p10: float
    p25: float
    median: float
    p75: float
    p90: float
    top_coded: tuple[bool, bool, bool, bool, bool] = (False,) * 5

    @property
    def values(self) -> tuple[float, float, float, float, float]:
        return (self.p10, self.p25, self.median, self.p75, self.p90)


@dataclass(frozen=True, slots=True)
class PayChart:
    """A rendered chart and the figures it was drawn from."""

    rows: tuple[PayRow, ...]
    period: Period
    low: float  # the axis runs from `low` to `high`
    high: float
    png: bytes
    size: tuple[int, int]

    def x_of(self, value: float) -> float:
        """Where a figure sits on the image, in pixels from the left."""
        return _x(value, self.low, self.high)

    def y_of(self, row: int) -> float:
        """The vertical middle of a row's bar."""
        return _bar_y(row)


def pay_rows(kb: KnowledgeBase, roles: tuple[Role, ...], area: str | None = None) -> tuple[tuple[PayRow, ...], Period]:
    """The bars a salary card's chart shows: each role in the asked place (when one is asked), then nationally.

    Figures are never mixed across periods: annual when every bar has annual figures, else hourly. Bars
    whose five percentiles BLS does not all publish are left out (the card says why in words).
    """
    wages = kb.wages
    if wages is None:
        return (), "year"
    places = salary_places(kb, area)  # as the card: a metro beside its state and the US
    found: list[tuple[Role, str, Percentiles | None, Percentiles | None]] = []
    for role in roles:
        if not role.soc:
            continue
        for code in places:
            estimate = wages.get(role.soc, code)
            if estimate is not None:
                found.append((role, code, estimate.annual, estimate.hourly))
    annual = [item for item in found if _complete(item[2])]
    hourly = [item for item in found if _complete(item[3])]
    period: Period = "year" if annual and len(annual) >= len(hourly) else "hour"
    chosen = annual if period == "year" else hourly
    rows = []
    for role, code, yearly, per_hour in chosen:
        figures = yearly if period == "year" else per_hour
        amounts = (figures.p10, figures.p25, figures.median, figures.p75, figures.p90)
        name = wages.area_name(code) or code
        rows.append(PayRow(label=f"{role.title} · {name}", role_id=role.id, area=code,
                           p10=amounts[0].value, p25=amounts[1].value, median=amounts[2].value,
                           p75=amounts[3].value, p90=amounts[4].value,
                           top_coded=tuple(a.top_coded for a in amounts)))
    return tuple(rows), period


def _complete(figures: Percentiles | None) -> bool:
    return figures is not None and all(
        a.value is not None for a in (figures.p10, figures.p25, figures.median, figures.p75, figures.p90))


def render(rows: tuple[PayRow, ...], period: Period, source: str = "") -> PayChart:
    """Draw the rows as a PNG. Raises ValueError for no rows."""
    if not rows:
        raise ValueError("a pay chart needs at least one row")
    from PIL import Image, ImageDraw

    low, high, step = axis_range(rows)
    height = HEADER + ROW * len(rows) + FOOTER
    image = Image.new("RGB", (WIDTH, height), BACKGROUND)
    draw = ImageDraw.Draw(image)
    font, bold, small = _font(LABEL_SIZE), _font(HEADING_SIZE), _font(SMALL_SIZE)

    heading = "Pay range, " + ("a year" if period == "year" else "an hour")
    draw.text((MARGIN, 10), heading, fill=TEXT, font=bold)
    if source:
        draw.text((WIDTH - MARGIN, 12), source, fill=MUTED, font=small, anchor="ra")
    bottom = HEADER + ROW * len(rows)
    for tick in ticks(low, high, step):
        x = _x(tick, low, high)
        draw.line([(x, HEADER), (x, bottom)], fill=GRID, width=1)
        draw.text((x, bottom + 3), _short_money(tick, period), fill=MUTED, font=small, anchor="ma")

    for index, row in enumerate(rows):
        y = _bar_y(index)
        x10, x25, x50, x75, x90 = (_x(v, low, high) for v in row.values)
        median = "median " + _money(row.median, period, row.top_coded[2])
        top = y - BAR // 2 - 24
        room = WIDTH - 2 * MARGIN - font.getlength(median) - 16
        for xy, text, anchor in (((WIDTH - MARGIN, top), median, "ra"), ((MARGIN, top), _fit(row.label, font, room), "la")):
            left, upper, right, lower = draw.textbbox(xy, text, font=font, anchor=anchor)
            draw.rectangle([(left - 3, upper - 2), (right + 3, lower + 2)], fill=BACKGROUND)  # over the grid
            draw.text(xy, text, fill=TEXT, font=font, anchor=anchor)
        draw.line([(x10, y), (x90, y)], fill=WHISKER, width=3)
        for x in (x10, x90):
            draw.line([(x, y - 6), (x, y + 6)], fill=WHISKER, width=2)
        draw.rectangle([(x25, y - BAR // 2), (x75, y + BAR // 2)], fill=BOX)
        draw.line([(x50, y - BAR // 2 - 3), (x50, y + BAR // 2 + 3)], fill=MEDIAN, width=3)
        below = y + BAR // 2 + 4
        draw.text((x10, below), _money(row.p10, period, row.top_coded[0]), fill=MUTED, font=small, anchor="ma")
        draw.text((x90, below), _money(row.p90, period, row.top_coded[4]), fill=MUTED, font=small, anchor="ma")

    legend = "line: 10th to 90th percentile · box: middle half · white: median"
    draw.text((MARGIN, height - 20), legend, fill=MUTED, font=small)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=1)  # fastest zlib level: ~10% bigger, several ms sooner
    return PayChart(rows=rows, period=period, low=low, high=high, png=buffer.getvalue(), size=image.size)


def _fit(text: str, font, width: float) -> str:
    """Text cut with an ellipsis (at a word boundary when it can) to fit `width` pixels."""
    if font.getlength(text) <= width:
        return text
    while text and font.getlength(text + "…") > width:
        text = text[:-1]
    cut = text.rsplit(" ", 1)[0] if " " in text[len(text) // 2:] else text
    return cut.rstrip(" ,·") + "…"


@functools.cache
def _font(size: int):
    """Pillow's bundled font (no system fonts needed), loaded once per size."""
    from PIL import ImageFont

    return ImageFont.load_default(size=size)


def axis_range(rows: tuple[PayRow, ...]) -> tuple[float, float, float]:
    """A round-number axis that holds every bar: (low, high, the step between its ticks)."""
    lowest = min(r.p10 for r in rows)
    highest = max(r.p90 for r in rows)
    step = _step(highest - lowest)
    low = max(0.0, math.floor(lowest / step) * step)
    high = math.ceil(highest / step) * step
    if high <= low:
        high = low + step
    return low, high, step


def ticks(low: float, high: float, step: float) -> list[float]:
    """The axis marks: every `step` from `low` to `high` (which is a whole number of steps above low)."""
    count = int(round((high - low) / step))
    return [low + i * step for i in range(count + 1)]


def _step(span: float) -> float:
    """A 1-2-5 step that cuts the span into about five parts."""
    if span <= 0:
        return 1.0
    raw = span / 5
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def _x(value: float, low: float, high: float) -> float:
    # Labels under the bar ends are centred, so the plot stays 40 px inside the margins to leave them room.
    left, right = MARGIN + 40, WIDTH - MARGIN - 40
    return left + (value - low) / (high - low) * (right - left)


def _bar_y(row: int) -> float:
    return HEADER + ROW * row + 38


def _money(value: float, period: Period, top_coded: bool = False) -> str:
    text = f"${value:,.0f}" if period == "year" else f"${value:,.2f}"
    return f"{text}+" if top_coded else text  # BLS's "at least"; the bundled font has no ≥


def _short_money(value: float, period: Period) -> str:
    if period == "hour":
        return f"${value:,.0f}/h"
    if value == 0:
        return "$0"
    return f"${value / 1000:,.0f}k" if value % 1000 == 0 else f"${value / 1000:,.1f}k"


class PayCharts:
    """Charts for one knowledge base, the last `CACHE_SIZE` kept by (role ids, area).

    Safe to call from worker threads (functools.lru_cache is thread-safe; at worst two threads draw the same
    chart once each).
    """

    def __init__(self, kb: KnowledgeBase, size: int = CACHE_SIZE) -> None:
        self.kb = kb
        self._cached = functools.lru_cache(maxsize=size)(self._draw)

    def chart(self, roles: tuple[Role, ...], area: str | None = None) -> PayChart | None:
        """The chart for roles in an area, or None when BLS publishes no full percentiles for any of them."""
        return self._cached(tuple(r.id for r in roles), area)

    def cache_info(self):
        return self._cached.cache_info()

    def _draw(self, role_ids: tuple[str, ...], area: str | None) -> PayChart | None:
        roles = tuple(self.kb.roles[r] for r in role_ids)
        rows, period = pay_rows(self.kb, roles, area)
        if not rows:
            return None
        source = self.kb.wages.citation if self.kb.wages is not None else ""
        return render(rows, period, source)
