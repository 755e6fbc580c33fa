#!/usr/bin/env python3
"""How many messages per second one careerbot process handles, and how much memory it uses.

    python scripts/capacity.py            # full run (about a minute): the figures for the README
    python scripts/capacity.py --smoke    # a few seconds: prints figures, asserts nothing

It drives the message path in-process, as PlainQuestions does for every message the gateway delivers: the
guild's settings (from the store's cache), understanding, and for a question the card and its embed, serialised
as discord.py sends it. Messages are offered at increasing rates on one event loop; a rate is sustained when
95% of the offered messages are handled and the 95th-percentile delay from arrival to reply stays under 250 ms.
The traffic is a career channel's: 1 message in 5 is a question, the rest chatter (the mix is a flag).
Network time (Discord's gateway and REST) is not included: it is waiting, not work for this process.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from bench import CHATTER, QUESTIONS  # noqa: E402

from bot.core.answers import Answerer  # noqa: E402
from bot.paths import shipped_knowledge_dir  # noqa: E402
from bot.store import open_store  # noqa: E402
from bot.ui.embeds import card_embed  # noqa: E402

GUILDS = 2_500  # one shard's worth: Discord's ceiling per shard
SUSTAINED_SHARE = 0.95
SUSTAINED_P95_SECONDS = 0.250


def rss_mb() -> float:
    """Resident memory of this process now (Linux), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class MessagePath:
    def __init__(self, answerer: Answerer, store) -> None:
        self.answerer, self.store = answerer, store

    async def handle(self, guild_id: int, channel_id: int, text: str) -> None:
        settings = await self.store.get(guild_id)
        if channel_id not in settings.channels:
            return
        answer = self.answerer.ask(text)
        if answer.kind in ("role", "compare"):
            card = self.answerer.card(answer.roles, answer.section, answer.area)
            card_embed(card).to_dict()


def messages(count: int, question_share: float, rng: random.Random) -> list[tuple[int, str]]:
    questions = [q for q, _ in QUESTIONS]
    return [(rng.randrange(GUILDS), rng.choice(questions if rng.random() < question_share else CHATTER))
            for _ in range(count)]


async def offer(path: MessagePath, rate: float, seconds: float, traffic: list[tuple[int, str]]) -> dict:
    """Offer `rate` messages per second for `seconds`; the handled share and the delays."""
    total = int(rate * seconds)
    delays: list[float] = []
    start = time.perf_counter()
    for n in range(total):
        due = start + n / rate
        now = time.perf_counter()
        if now < due:
            await asyncio.sleep(due - now)
        elif now - start > seconds * 2:  # hopelessly behind: the rest would never be handled in time
            break
        guild, text = traffic[n % len(traffic)]
        await path.handle(guild, 1, text)
        delays.append(time.perf_counter() - due)
    elapsed = time.perf_counter() - start
    delays.sort()
    p95 = delays[int(len(delays) * 0.95) - 1] if delays else float("inf")
    return {"rate": rate, "handled": len(delays) / total, "achieved": len(delays) / elapsed, "p95": p95,
            "median": statistics.median(delays) if delays else float("inf")}


async def main_async(args) -> None:
    rss_start = rss_mb()
    started = time.perf_counter()
    answerer = Answerer.load(shipped_knowledge_dir())
    load_seconds = time.perf_counter() - started
    store = open_store(":memory:")
    await store.start()
    for guild in range(GUILDS):
        await store.add_channel(guild, 1)  # every guild has the channel as its answer channel
    path = MessagePath(answerer, store)
    rng = random.Random(7)
    traffic = messages(5_000, args.questions, rng)
    for guild, text in traffic[:500]:  # warm the caches, as a running bot's are
        await path.handle(guild, 1, text)
    rss_loaded = rss_mb()
    print(f"knowledge loaded in {load_seconds:.2f} s; memory {rss_start:.0f} MB at start, "
          f"{rss_loaded:.0f} MB with the knowledge base and {GUILDS} guilds' settings cached")

    flat_out = time.perf_counter()
    for guild, text in traffic:
        await path.handle(guild, 1, text)
    ceiling = len(traffic) / (time.perf_counter() - flat_out)
    print(f"flat out: {ceiling:,.0f} messages/s ({args.questions:.0%} questions)")

    seconds = 1.0 if args.smoke else 5.0
    rates = [ceiling * share for share in ((0.25, 0.5) if args.smoke else (0.25, 0.5, 0.7, 0.85, 1.0, 1.2))]
    sustained = 0.0
    print(f"{'offered/s':>10} {'handled':>8} {'achieved/s':>11} {'median ms':>10} {'p95 ms':>8}")
    for rate in rates:
        result = await offer(path, rate, seconds, traffic)
        ok = result["handled"] >= SUSTAINED_SHARE and result["p95"] <= SUSTAINED_P95_SECONDS
        if ok:
            sustained = max(sustained, result["achieved"])
        print(f"{rate:>10,.0f} {result['handled']:>8.0%} {result['achieved']:>11,.0f} "
              f"{result['median'] * 1000:>10.1f} {result['p95'] * 1000:>8.1f}  {'sustained' if ok else 'overloaded'}")
    rss_end = rss_mb()
    print(f"capacity: {sustained:,.0f} messages/s sustained per process; memory {rss_end:.0f} MB per process")
    await store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="a few seconds; figures only")
    parser.add_argument("--questions", type=float, default=0.2, help="share of messages that are questions")
    asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    main()
