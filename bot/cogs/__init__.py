"""discord.py extensions, one per command family. `bot.client.EXTENSIONS` lists them."""
