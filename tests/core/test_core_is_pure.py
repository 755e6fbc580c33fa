"""The core must not import discord: the CLI and tests use it without a Discord library in the picture."""

import subprocess
import sys


def test_core_modules_do_not_import_discord():
    code = (
        "import sys, pkgutil, importlib, bot.core as core\n"
        "for m in pkgutil.iter_modules(core.__path__): importlib.import_module('bot.core.' + m.name)\n"
        "import bot.cli\n"
        "print('discord' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
