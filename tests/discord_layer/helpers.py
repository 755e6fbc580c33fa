"""Small readers over what the bot sent, shared by the SimCord tests."""

from __future__ import annotations

from typing import Any


def _rows(message_or_response: Any) -> list[dict]:
    """Component rows as Discord's JSON, whether from an interaction response or a discord.Message."""
    return [row if isinstance(row, dict) else row.to_dict() for row in message_or_response.components]


def select_menu(message_or_response: Any) -> dict:
    """The section select menu under a card (component type 3)."""
    for row in _rows(message_or_response):
        for component in row.get("components", []):
            if component.get("type") == 3:
                return component
    raise AssertionError("no select menu under the card")


def related_menu(message_or_response: Any) -> dict:
    """The "Related roles / compare with…" menu under a card."""
    for row in _rows(message_or_response):
        for component in row.get("components", []):
            if component.get("type") == 3 and component.get("custom_id", "").startswith("cb:rel:"):
                return component
    raise AssertionError("no related-roles menu under the card")


def default_option(menu: dict) -> str:
    defaults = [option["value"] for option in menu["options"] if option.get("default")]
    assert len(defaults) == 1, defaults
    return defaults[0]


def button_labels(message_or_response: Any) -> list[str]:
    return [c.get("label") for row in _rows(message_or_response) for c in row.get("components", [])
            if c.get("type") == 2]


def bot_messages(channel: Any, bot_id: int) -> list[Any]:
    return [m for m in channel.history() if m.author.id == bot_id]


def message_posts(env: Any) -> list[Any]:
    """Every message-creating REST call the bot made."""
    return [r for r in env.http_requests if r.method == "POST" and r.path.endswith("/messages")]


async def choose_section(actor: Any, message: Any, section: str) -> Any:
    """Pick a section in a card's section menu (a card may also carry the related-roles menu)."""
    return await actor.select(message, [section], custom_id=select_menu(message)["custom_id"])
