"""Who may run which command, and the one private message each refusal gets.

The checks run before a command's body (discord.py's `app_commands` checks); a refusal raises a `CheckFailure`
that the command tree's error handler turns into `refusal_message(...)`, sent privately.
"""

from __future__ import annotations

import discord
from discord import app_commands


class NotOwner(app_commands.CheckFailure):
    """The member is not one of the bot's owners (`CAREERBOT_OWNER_IDS`, else the application's owner)."""


def in_server():
    """The command changes a server's settings, so it needs a server (not a direct message)."""

    def predicate(interaction: discord.Interaction) -> bool:
        if interaction.guild is None:
            raise app_commands.NoPrivateMessage("Server settings only work inside a server.")
        return True

    return app_commands.check(predicate)


def manages_server():
    """Server settings are for members with Manage Server. Discord cannot hide single subcommands of a group that
    members also use (`default_permissions` applies to a whole top-level command), so this check refuses them.

    Checks run in the order they were applied (innermost decorator first): first that there is a server."""

    def decorate(command):
        return app_commands.checks.has_permissions(manage_guild=True)(in_server()(command))

    return decorate


def bot_owner_only():
    async def predicate(interaction: discord.Interaction) -> bool:
        if not await interaction.client.is_owner(interaction.user):  # type: ignore[attr-defined]
            raise NotOwner("Only the bot's owner can reload its knowledge.")
        return True

    return app_commands.check(predicate)


def refusal_message(error: app_commands.CheckFailure) -> str:
    """What the member is told, privately, when a check refuses a command."""
    if isinstance(error, app_commands.MissingPermissions) and "manage_guild" in error.missing_permissions:
        return "Only members with the **Manage Server** permission can change where and how I answer."
    if isinstance(error, app_commands.MissingPermissions):
        missing = ", ".join(name.replace("_", " ").title() for name in error.missing_permissions)
        return f"You need the **{missing}** permission for that."
    if isinstance(error, (app_commands.NoPrivateMessage, NotOwner)) and error.args:
        return str(error)
    return "You can't use that command here."
