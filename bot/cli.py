"""The `careerbot` command line: the same core as the bot, offline.

    careerbot ask "what does an operations manager earn?"
    careerbot ask --json "physicist vs engineer"      (or --json - : one question per stdin line)
    careerbot ask --chart pay.png "welder salary in wyoming"   (also writes the salary card's pay chart)
    careerbot eval [--set FILE.jsonl] [--split tune|holdout|all] [--show N] [--json]
    careerbot kb check [--no-cache] [--one-process] [DIR]
    careerbot kb export
    careerbot run
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from bot.core.knowledge import KnowledgeError, load_knowledge, verify_knowledge
from bot.paths import SHARED_DATA_ENV, SHARED_SET
from bot.settings import SettingsError

if TYPE_CHECKING:
    from bot.core.answers import Answer, Answerer

# The answering and scoring code (answers, cards, pay, terminal rendering, evaluation: ~0.2 s to import) is imported
# by the commands that answer, not by `kb check`, which only loads and checks the knowledge.


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return args.handler(args)
    except KnowledgeError as error:
        # One `file:line: message` per problem and nothing else, so editors and CI can read them.
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 1
    except (FileNotFoundError, SettingsError) as error:
        print(f"careerbot: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


def console_main() -> int:
    """The `careerbot` command: `main`, then an exit that leaves what it loaded alone. The interpreter's own
    collection passes at exit would go over every object still alive, to free nothing, for ~40 ms of a
    one-second `kb check`."""
    code = main()
    gc.freeze()
    return code


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="careerbot", description="Career answers for Discord, and offline.")
    parser.add_argument("--knowledge", metavar="DIR", help="knowledge directory (default: the shipped one)")
    commands = parser.add_subparsers(dest="command")

    ask = commands.add_parser("ask", help="answer a question in the terminal, as the bot would")
    ask.add_argument("text", help='the question, or "-" to read one question per line from stdin')
    ask.add_argument("--json", action="store_true", help="print one JSON object per question")
    ask.add_argument("--chart", metavar="FILE.png",
                     help="also write the pay-range chart the bot attaches to the salary card")
    ask.set_defaults(handler=_ask)

    scoring = commands.add_parser("eval", help="score the answers on a labelled JSONL set")
    scoring.add_argument("--set", dest="set_path", metavar="FILE.jsonl",
                          help="default: ../shared/data/community-posts/" + SHARED_SET)
    scoring.add_argument("--split", choices=("tune", "holdout", "all"), default="all")
    scoring.add_argument("--show", type=int, default=0, metavar="N", help="print up to N wrong or missed items")
    scoring.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    scoring.set_defaults(handler=_eval)

    kb = commands.add_parser("kb", help="knowledge base tools")
    kb_commands = kb.add_subparsers(dest="kb_command")
    check = kb_commands.add_parser("check", help="validate a knowledge directory")
    check.add_argument("directory", nargs="?", help="default: the shipped knowledge")
    check.add_argument("--no-cache", action="store_true",
                       help="check the big tables in full even when their checked content is remembered")
    check.add_argument("--one-process", action="store_true",
                       help="check everything in this process (by default, with two CPUs or more, the wage tables "
                            "and the decision model are checked in a second one meanwhile)")
    check.set_defaults(handler=_kb_check)
    export = kb_commands.add_parser("export", help="print every role as JSON")
    export.set_defaults(handler=_kb_export)

    run = commands.add_parser("run", help="start the Discord bot (settings from the environment / .env)")
    run.set_defaults(handler=_run)
    return parser


def _knowledge_dir(args: argparse.Namespace) -> Path:
    from bot.paths import shipped_knowledge_dir

    return Path(args.knowledge) if args.knowledge else shipped_knowledge_dir()


def _ask(args: argparse.Namespace) -> int:
    if args.chart and args.text == "-":
        print("careerbot: --chart takes one question, not - (stdin)", file=sys.stderr)
        return 2
    from bot.core.answers import Answerer

    answerer = Answerer.load(_knowledge_dir(args))
    if args.text == "-":
        return _ask_stream(answerer, sys.stdin, sys.stdout, as_json=args.json)
    answer = answerer.ask(args.text)
    if args.json:
        print(json.dumps(answer_json(answer), ensure_ascii=False))
    else:
        print(_terminal_answer(answerer, answer))
    return _write_chart(answerer, answer, Path(args.chart)) if args.chart else 0


def _write_chart(answerer: Answerer, answer: Answer, path: Path) -> int:
    """Write the pay chart the bot would attach to this answer's salary card; 1 when there is none."""
    chart = answerer.pay_chart(answer.roles, answer.place) if answer.roles else None
    if chart is None:
        reason = "no role in that question" if not answer.roles else "BLS publishes no pay percentiles for it"
        print(f"careerbot: no pay chart: {reason}", file=sys.stderr)
        return 1
    try:
        path.write_bytes(chart.png)
    except OSError as error:
        print(f"careerbot: could not write {path}: {error.strerror or error}", file=sys.stderr)
        return 1
    print(f"careerbot: pay chart written to {path}", file=sys.stderr)
    return 0


def _ask_stream(answerer: Answerer, stdin: TextIO, stdout: TextIO, *, as_json: bool) -> int:
    for line in stdin:
        answer = answerer.ask(line.rstrip("\n"))
        if as_json:
            stdout.write(json.dumps(answer_json(answer), ensure_ascii=False) + "\n")
        else:
            stdout.write(_terminal_answer(answerer, answer) + "\n\n")
        stdout.flush()
    return 0


def answer_json(answer: Answer) -> dict:
    """The `ask --json` contract of ../shared/DESIGN.md."""
    from bot.core.areas import AREAS

    question = answer.question
    matched = answer.kind in ("role", "compare", "place")
    area = answer.area if matched else None
    metro = answer.metro if matched else None
    out = {
        "matched": matched,
        "intent": question.intent if matched and question else None,
        "sections": [s.value for s in answer.focus] if matched else [],
        "roles": [{"id": r.id, "title": r.title, "soc": r.soc} for r in answer.roles] if matched else [],
        "area": {"code": area, "name": AREAS[area]} if area else None,
        "metro": {"code": metro, "name": answer.metro_name} if metro else None,
    }
    if answer.kind == "place":  # "in Portland": the bot asks which; these are the metro areas it offers
        out["place_options"] = [{"code": code, "name": name} for code, name in answer.place_options]
    return out


def _terminal_answer(answerer: Answerer, answer: Answer) -> str:
    from bot.core.answers import TRY_A_JOB_TITLE, did_you_mean
    from bot.core.terminal import plain, render

    if answer.kind == "none":
        suggestions = answerer.suggest(answer.question.text if answer.question else "")
        if suggestions:
            return "No career question found there. " + did_you_mean([role.title for role in suggestions])
        return f"No career question found there. {TRY_A_JOB_TITLE}"
    cards = "\n\n".join(render(card) for card in answerer.cards(answer))
    return f"{plain(answer.note)}\n{cards}" if answer.note else cards


def _eval(args: argparse.Namespace) -> int:
    from bot.evaluation import EvaluationError, default_set, evaluate, load_items

    path = Path(args.set_path) if args.set_path else default_set()
    if path is None:
        print(f"careerbot: no labelled set: ../shared/data/community-posts/{SHARED_SET} is absent "
              f"(${SHARED_DATA_ENV} may point at a shared/data folder); pass --set FILE.jsonl", file=sys.stderr)
        return 2
    if not path.is_file():
        print(f"careerbot: no labelled set at {path}", file=sys.stderr)
        return 2
    try:
        items = load_items(path, args.split)
    except EvaluationError as error:
        print(f"careerbot: {error}", file=sys.stderr)
        return 2
    from bot.core.answers import Answerer

    answerer = Answerer.load(_knowledge_dir(args))
    report = evaluate(items, lambda text: answer_json(answerer.ask(text)))
    if args.json:
        print(json.dumps({"set": str(path), "split": args.split, **report.to_dict()}))
        for line in report.example_lines(args.show):
            print(line, file=sys.stderr)
    else:
        print(f"{path} ({args.split})")
        print(report.format(args.show))
    return 0


def _kb_check(args: argparse.Namespace) -> int:
    from bot.core.check_cache import CheckCache
    from bot.core.table_check import worth_a_second_process

    directory = Path(args.directory) if args.directory else _knowledge_dir(args)
    # Loading keeps ~80,000 container objects alive: the garbage collector's passes over them would free next to
    # nothing (a thousand small cycles) yet cost a tenth of the check, so it waits until the knowledge is loaded.
    collecting = gc.isenabled()
    gc.disable()
    try:
        cache = None if args.no_cache else CheckCache.open()  # big tables unchanged since their last check: a hash
        helper = not args.one_process and worth_a_second_process()
        counts = verify_knowledge(directory, cache=cache, helper=helper)  # KnowledgeError: exit 1, file:line lines
    finally:
        if collecting:
            gc.enable()
    print(f"{directory}: OK ({counts.curated} curated roles, {counts.reference} reference occupations, "
          f"{counts.comparisons} comparisons)")
    return 0


def _kb_export(args: argparse.Namespace) -> int:
    knowledge = load_knowledge(_knowledge_dir(args))
    roles = sorted(knowledge.roles.values(), key=lambda r: (not r.curated, r.id))
    rows = [{"id": r.id, "title": r.title, "soc": r.soc, "curated": r.curated, "aliases": list(r.aliases)}
            for r in roles]
    json.dump(rows, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 0


def _run(args: argparse.Namespace) -> int:
    from bot.runner import run_bot

    return run_bot(knowledge_dir=args.knowledge)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(console_main())
