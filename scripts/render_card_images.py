#!/usr/bin/env python3
"""Render real careerbot cards as images for the README: docs/card-*.png.

    python scripts/render_card_images.py            # needs Chromium: apt-get install -y chromium fonts-noto-color-emoji

The cards are the bot's own: the real bot runs offline in SimCord (the test suite's simulated Discord), a
member asks, and the reply it sent (embed, components, attached pay chart) is drawn with a small HTML template
in Discord's dark theme, then photographed by headless Chromium. Nothing here is hand-written card text, so the
images go stale only when the cards change: run the script again then.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import html
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# (file name, how the member asks, what they ask): one plain question and one slash command.
SAMPLES = (
    ("card-salary.png", "message", "what do welders make in Wyoming?"),
    ("card-compare.png", "slash", ("compare", {"role_a": "data analyst", "role_b": "data scientist"})),
)
WIDTH = 720

# Discord's dark theme, close enough for a picture of a card.
CSS = """
* { box-sizing: border-box; }
body { margin: 0; background: #313338; color: #dbdee1; width: %(width)dpx;
       font: 15px/1.375 "gg sans", "Noto Sans", "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; }
.message { display: flex; gap: 16px; padding: 18px 20px 20px 16px; }
.avatar { width: 40px; height: 40px; border-radius: 50%%; flex: none; display: grid; place-items: center;
          font-weight: 700; color: #fff; }
.body { min-width: 0; flex: 1; }
.author { font-weight: 600; color: #f2f3f5; }
.tag { background: #5865f2; color: #fff; font-size: 10px; font-weight: 600; border-radius: 3px;
       padding: 1px 4px; margin-left: 4px; vertical-align: 2px; }
.time { color: #949ba4; font-size: 12px; margin-left: 6px; }
.reply { color: #b5bac1; font-size: 13px; margin: 0 0 4px 20px; position: relative; white-space: nowrap;
         overflow: hidden; text-overflow: ellipsis; }
.reply::before { content: ""; position: absolute; left: -14px; top: 9px; width: 12px; height: 10px;
                 border-left: 2px solid #4e5058; border-top: 2px solid #4e5058; border-top-left-radius: 6px; }
.reply b { color: #f2f3f5; font-weight: 600; margin-right: 4px; }
.command { color: #949ba4; font-size: 13px; margin-bottom: 4px; }
.command span { color: #00a8fc; }
.embed { background: #2b2d31; border-left: 4px solid #5865f2; border-radius: 4px; max-width: 520px;
         padding: 8px 16px 16px 12px; margin-top: 4px; }
.e-title { color: #f2f3f5; font-weight: 600; margin-top: 8px; }
.e-title a { color: #00a8fc; text-decoration: none; }
.e-desc { margin-top: 8px; font-size: 14px; white-space: pre-wrap; }
.fields { display: grid; grid-template-columns: repeat(3, 1fr); gap: 8px; margin-top: 8px; }
.field { grid-column: 1 / -1; font-size: 14px; }
.field.inline { grid-column: auto; }
.f-name { color: #f2f3f5; font-weight: 600; margin-bottom: 2px; }
.f-value { white-space: pre-wrap; }
.e-image img { display: block; max-width: 100%%; border-radius: 4px; margin-top: 16px; }
.e-footer { color: #949ba4; font-size: 12px; margin-top: 8px; }
.small { color: #949ba4; font-size: 12px; }
code { background: #1e1f22; border-radius: 3px; padding: 0 3px; font-size: 13px; }
.components { margin-top: 8px; max-width: 520px; }
.row { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 8px; }
.select { flex: 1; background: #1e1f22; border: 1px solid #1e1f22; border-radius: 4px; height: 40px;
          padding: 0 12px; display: flex; align-items: center; justify-content: space-between; color: #dbdee1; }
.select.placeholder { color: #949ba4; }
.button { border-radius: 3px; height: 32px; padding: 0 16px; display: flex; align-items: center; color: #fff;
          font-size: 14px; font-weight: 500; background: #4e5058; white-space: nowrap; }
.button.primary { background: #5865f2; }
.button.success { background: #248046; }
.button.danger { background: #da373c; }
"""


def markdown(text: str) -> str:
    """The Discord markdown careerbot's cards use, as HTML: bold, italics, code, links, escapes, -# lines."""
    escapes: list[str] = []

    def keep(match: re.Match[str]) -> str:
        escapes.append(match.group(1))
        return f"\x00{len(escapes) - 1}\x00"

    text = re.sub(r"\\(.)", keep, text)
    text = html.escape(text, quote=False)
    text = re.sub(r"\[([^\]]+)\]\((https?://[^)\s]+)\)", r'<a href="\2">\1</a>', text)
    text = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", text)
    text = re.sub(r"(?<![*\w])\*(?!\s)(.+?)(?<!\s)\*(?![*\w])", r"<em>\1</em>", text)
    text = re.sub(r"(?<!\w)_(?!\s)(.+?)(?<!\s)_(?!\w)", r"<em>\1</em>", text)
    text = re.sub(r"`([^`]+)`", r"<code>\1</code>", text)
    text = re.sub(r"(?m)^-# (.*)$", r'<span class="small">\1</span>', text)
    return re.sub("\x00(\\d+)\x00", lambda m: html.escape(escapes[int(m.group(1))]), text)


def embed_html(embed: dict, images: dict[str, bytes]) -> str:
    colour = f"#{embed['color']:06x}" if embed.get("color") is not None else "#1e1f22"
    parts = [f'<div class="embed" style="border-left-color: {colour}">']
    if embed.get("title"):
        title = markdown(embed["title"])
        if embed.get("url"):
            title = f'<a href="{html.escape(embed["url"])}">{title}</a>'
        parts.append(f'<div class="e-title">{title}</div>')
    if embed.get("description"):
        parts.append(f'<div class="e-desc">{markdown(embed["description"])}</div>')
    if embed.get("fields"):
        parts.append('<div class="fields">')
        for field in embed["fields"]:
            inline = " inline" if field.get("inline") else ""
            parts.append(f'<div class="field{inline}"><div class="f-name">{markdown(field["name"])}</div>'
                         f'<div class="f-value">{markdown(field["value"])}</div></div>')
        parts.append("</div>")
    image = (embed.get("image") or {}).get("url", "")
    if image.startswith("attachment://") and image[len("attachment://"):] in images:
        data = base64.b64encode(images[image[len("attachment://"):]]).decode()
        parts.append(f'<div class="e-image"><img src="data:image/png;base64,{data}"></div>')
    if embed.get("footer"):
        parts.append(f'<div class="e-footer">{markdown(embed["footer"]["text"])}</div>')
    parts.append("</div>")
    return "".join(parts)


def components_html(rows: list[dict]) -> str:
    out = ['<div class="components">']
    for row in rows:
        out.append('<div class="row">')
        for item in row.get("components", []):
            if item.get("type") == 3:  # a string select: shows its default option, else its placeholder
                chosen = [o["label"] for o in item.get("options", []) if o.get("default")]
                label = chosen[0] if chosen else item.get("placeholder", "")
                style = "" if chosen else " placeholder"
                out.append(f'<div class="select{style}"><span>{html.escape(label)}</span><span>⌄</span></div>')
            elif item.get("type") == 2:
                style = {1: "primary", 3: "success", 4: "danger"}.get(item.get("style"), "")
                out.append(f'<div class="button {style}">{html.escape(item.get("label") or "")}</div>')
        out.append("</div>")
    out.append("</div>")
    return "".join(out)


def page(asked: str, how: str, member: str, bot_name: str, embeds: list[dict], rows: list[dict],
         images: dict[str, bytes], content: str = "") -> str:
    if how == "message":
        context = f'<div class="reply"><b>@{html.escape(member)}</b>{html.escape(asked)}</div>'
    else:
        context = f'<div class="command"><b>{html.escape(member)}</b> used <span>{html.escape(asked)}</span></div>'
    body = "".join(embed_html(e, images) for e in embeds)
    text = f'<div class="e-desc">{markdown(content)}</div>' if content else ""
    return (f"<!doctype html><html><head><meta charset='utf-8'><style>{CSS % {'width': WIDTH}}</style></head>"
            f"<body><div class='message'><div class='avatar' style='background:#5865f2'>cb</div>"
            f"<div class='body'>{context}<span class='author'>{html.escape(bot_name)}</span><span class='tag'>APP"
            f"</span><span class='time'>Today at 14:05</span>{text}{body}{components_html(rows)}</div></div>"
            f"</body></html>")


async def ask_the_bot() -> list[tuple[str, str]]:
    """Each sample's reply from the real bot in SimCord, as (file name, HTML page)."""
    import simcord

    from bot.client import create_bot
    from bot.settings import Settings

    pages = []
    with tempfile.TemporaryDirectory() as folder:
        database = str(Path(folder) / "settings.sqlite3")
        bot = create_bot(database=database, config=Settings(database=database))
        async with simcord.run(bot) as env:
            guild = env.create_guild("Career Club")
            channel = guild.create_text_channel("careers")
            member = guild.add_member(env.create_user("alex"))
            for filename, how, question in SAMPLES:
                if how == "message":
                    await member.send(channel, f"{env.bot.user.mention} {question}")
                    reply = channel.last_message
                    asked = question
                else:
                    name, options = question
                    reply = (await member.slash(channel, name, **options)).response.message
                    asked = f"/{name} " + " ".join(f"{k}: {v}" for k, v in options.items())
                images = {a.filename: await a.read() for a in reply.attachments}
                rows = [row.to_dict() for row in reply.components]
                embeds = [e.to_dict() for e in reply.embeds]
                # SimCord names its bot user "TestBot"; the picture shows the name members see.
                pages.append((filename, page(asked, how, member.name, "careerbot", embeds, rows, images,
                                             reply.content)))
    return pages


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    sys.exit("render_card_images: Chromium not found (Debian: apt-get install -y chromium fonts-noto-color-emoji)")


def screenshot(browser: str, html_text: str, target: Path) -> None:
    """Photograph a page with headless Chromium, then trim the empty background below the card."""
    from PIL import Image, ImageChops

    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "card.html"
        source.write_text(html_text, encoding="utf-8")
        shot = Path(folder) / "shot.png"
        subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                        "--force-device-scale-factor=1", f"--window-size={WIDTH},2400",
                        f"--screenshot={shot}", source.as_uri()],
                       check=True, capture_output=True, timeout=120)
        image = Image.open(shot).convert("RGB")
    background = Image.new("RGB", image.size, image.getpixel((0, image.height - 1)))
    box = ImageChops.difference(image, background).getbbox()
    bottom = min(image.height, box[3] + 16) if box else image.height
    image.crop((0, 0, WIDTH, bottom)).save(target, optimize=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=str(ROOT / "docs"), help="folder for the images (default: docs/)")
    parser.add_argument("--html", action="store_true", help="also keep each page's HTML beside its image")
    args = parser.parse_args()
    browser = chromium()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for filename, html_text in asyncio.run(ask_the_bot()):
        target = out / filename
        screenshot(browser, html_text, target)
        if args.html:
            target.with_suffix(".html").write_text(html_text, encoding="utf-8")
        print(f"wrote {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
