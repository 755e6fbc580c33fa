import sys

from bot.cli import console_main

sys.exit(console_main())
