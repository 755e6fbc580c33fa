"""Autocomplete for role and place options."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "typed, expected",
    [("physisist", "physicist"), ("ops mgr", "operations-manager"), ("dba", "database-administrator"),
     ("swe", "software-engineer"), ("data anal", "data-analyst"), ("rn", "registered-nurse")],
)
async def test_role_autocomplete_puts_the_intended_role_first(simcord_env, careers, member, typed, expected):
    choices = await member.autocomplete(careers, "role", "name", typed)
    assert 1 <= len(choices) <= 25
    assert choices[0]["value"] == expected


async def test_autocomplete_never_offers_more_than_25(simcord_env, careers, member):
    choices = await member.autocomplete(careers, "compare", "role_a", "engineer")
    assert len(choices) == 25
    assert len({c["value"] for c in choices}) == 25


async def test_empty_query_suggests_popular_roles(simcord_env, careers, member):
    choices = await member.autocomplete(careers, "compare", "role_b", "")
    assert 1 <= len(choices) <= 25
    assert all(not c["name"].endswith(")") for c in choices)  # curated roles, not BLS reference titles
    assert choices[0]["value"] == "software-engineer" and len(choices) == 25


async def test_a_chosen_value_is_accepted_back(simcord_env, careers, member):
    choices = await member.autocomplete(careers, "salary", "role", "truck driv")
    value = choices[0]["value"]
    result = await member.slash(careers, "salary", role=value)
    embed = result.response.embeds[0]
    # The card names the chosen occupation: its title in the singular, the BLS title above it.
    assert choices[0]["name"].split(" (BLS")[0] in f"{embed.title} {embed.author.name}"


async def test_place_autocomplete_offers_states_first(simcord_env, careers, member):
    choices = await member.autocomplete(careers, "salary", "place", "new", role="physicist")
    names = [c["name"] for c in choices]
    assert "New York" in names and "New Jersey" in names
    states = [c for c in choices if len(c["value"]) == 2]
    assert choices[: len(states)] == states  # states, then metro areas
    assert (await member.autocomplete(careers, "salary", "place", "tx", role="physicist"))[0]["value"] == "TX"
    assert len(await member.autocomplete(careers, "salary", "place", "", role="physicist")) == 25
