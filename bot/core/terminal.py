"""Cards rendered as plain terminal text, for `careerbot ask`."""

from __future__ import annotations

import re
import textwrap

from bot.core.cards import Card

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<!\\)\*(.+?)(?<!\\)\*")
_ESCAPE = re.compile(r"\\(.)")
_LINK = re.compile(r"\[([^\]]+)\]\((https?://[^)\s]+)\)")


def plain(text: str) -> str:
    """Discord markdown reduced to what reads well in a terminal."""
    text = _LINK.sub(r"\1 <\2>", text)
    text = _BOLD.sub(r"\1", text)
    text = _ITALIC.sub(r"\1", text)
    return _ESCAPE.sub(r"\1", text)


def render(card: Card, width: int = 88) -> str:
    rule = "─" * width
    out = [rule]
    if card.author:
        out.append(plain(card.author) + (f" <{card.author_url}>" if card.author_url else ""))
    out.append(plain(card.title) + (f" <{card.url}>" if card.url else ""))
    out.append(rule)
    if card.description:
        out.extend(_wrap(plain(card.description), width))
    for field in card.fields:
        out.append("")
        out.append(f"▸ {plain(field.name)}")
        out.extend(_wrap(plain(field.value), width, indent="  "))
    if card.footer:
        out.append("")
        out.extend(_wrap(plain(card.footer), width))
    return "\n".join(out)


def _wrap(text: str, width: int, indent: str = "") -> list[str]:
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        bullet = paragraph.startswith("• ")
        wrapped = textwrap.wrap(paragraph, width - len(indent), subsequent_indent="  " if bullet else "")
        lines.extend(indent + line for line in (wrapped or [""]))
    return lines
