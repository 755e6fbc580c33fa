"""Every card of every shipped role, and of every pair of curated roles, is a valid Discord embed."""

from __future__ import annotations

import itertools

from bot.core.models import SECTIONS
from bot.ui.embeds import card_embed, card_text


def assert_valid_embed(embed) -> None:
    assert len(embed) <= 6000  # discord.py counts what Discord counts
    assert len(embed.title) <= 256 and len(embed.description or "") <= 4096
    assert len(embed.fields) <= 25
    assert all(len(f.name) <= 256 and 0 < len(f.value) <= 1024 for f in embed.fields)
    embed.to_dict()


def test_every_role_card_is_a_valid_embed(answerer, kb):
    for role in kb.roles.values():
        for section in SECTIONS:
            card = answerer.card((role,), section, "CA" if section.value == "salary" else None)
            assert_valid_embed(card_embed(card))
            assert len(card_text(card)) <= 2000


def test_every_pair_of_curated_roles_is_a_valid_embed(answerer, kb):
    for a, b in itertools.combinations(kb.curated_roles(), 2):
        for section in SECTIONS:
            assert_valid_embed(card_embed(answerer.card((a, b), section)))
