"""Core cards as `discord.Embed`s: the only place where a card meets the discord library."""

from __future__ import annotations

import re

import discord

from bot.core.cards import Card
from bot.core.models import Section

_LINK = re.compile(r"\[([^\]]+)\]\((https?://[^)\s]+)\)")

_COLOURS = {
    Section.OVERVIEW: discord.Colour.blurple(),
    Section.DUTIES: discord.Colour.teal(),
    Section.REQUIREMENTS: discord.Colour.gold(),
    Section.ENVIRONMENT: discord.Colour.dark_green(),
    Section.SKILLS: discord.Colour.purple(),
    Section.SALARY: discord.Colour.green(),
}


def card_embed(card: Card) -> discord.Embed:
    embed = discord.Embed(
        title=card.title,
        url=card.url,
        description=card.description or None,
        colour=_COLOURS.get(card.section, discord.Colour.blurple()) if card.section else discord.Colour.light_grey(),
    )
    if card.author:
        embed.set_author(name=card.author, url=card.author_url)
    for field in card.fields:
        embed.add_field(name=field.name, value=field.value, inline=field.inline)
    if card.footer:
        embed.set_footer(text=card.footer)
    return embed


def card_text(card: Card) -> str:
    """A card as plain message text, for channels where the bot may not embed links."""
    parts = [f"**{card.title}**"]
    if card.author:
        parts.append(f"-# {card.author}")
    if card.description:
        parts.append(card.description)
    # Links in message text would unfurl into previews: <url> keeps them plain.
    parts.extend(f"**{field.name}**\n" + _LINK.sub(r"[\1](<\2>)", field.value) for field in card.fields)
    if card.footer:
        parts.append(f"-# {card.footer}")
    text = "\n\n".join(parts)
    return text if len(text) <= 2000 else text[:1990].rsplit("\n", 1)[0] + "\n…"
