"""The pay chart as a Discord attachment: drawn off the event loop, shown as the salary card's image.

A card is complete without its chart: when drawing fails, or the bot may not attach files in a channel, the
card goes out as text alone.
"""

from __future__ import annotations

import asyncio
import io
import logging

import discord

from bot.core.answers import Answerer
from bot.core.chart import FILENAME
from bot.core.models import Role, Section

log = logging.getLogger(__name__)


async def chart_file(answerer: Answerer, roles: tuple[Role, ...], section: Section,
                     area: str | None) -> discord.File | None:
    """The pay chart for a salary card as a fresh `discord.File` (a File is spent once sent); None for other
    sections, for roles BLS publishes no percentiles for, or when drawing failed (logged)."""
    if section is not Section.SALARY:
        return None
    try:
        # Pillow takes ~10-20 ms for a chart: in a worker thread, so the gateway keeps being served meanwhile.
        chart = await asyncio.to_thread(answerer.pay_chart, roles, area)
    except Exception:  # noqa: BLE001 - any drawing failure leaves a complete text card, never a failed reply
        log.exception("could not draw the pay chart for %s in %s", [r.id for r in roles], area or "US")
        return None
    if chart is None:
        return None
    return discord.File(io.BytesIO(chart.png), filename=FILENAME, description=chart_description(chart))


def chart_description(chart) -> str:
    """Alt text for the image: each bar's median, for members using a screen reader."""
    money = (lambda v: f"${v:,.0f}") if chart.period == "year" else (lambda v: f"${v:,.2f} an hour")
    parts = [f"{row.label}: median {money(row.median)}, middle half {money(row.p25)} to {money(row.p75)}"
             for row in chart.rows]
    return ("Pay range chart. " + "; ".join(parts))[:1024]


def show_chart(embed: discord.Embed, file: discord.File | None) -> discord.Embed:
    """Point the embed's image at the attached chart (when there is one)."""
    if file is not None:
        embed.set_image(url=f"attachment://{file.filename}")
    return embed
