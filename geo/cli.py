"""Command line: ``python -m geo extract|toponyms|ingest|events`` (no Streamlit involved)."""
from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Sequence
from datetime import date

from geo.config import Settings, setting_help
from geo.errors import GeoError

EXTRACT_FIELDS = ("article", "event_id", "kind", "status", "date", "date_precision", "aircraft", "origins",
                  "locations", "countries", "evidence")


def _iso_date(value: str) -> date:
    try:
        when = date.fromisoformat(value)
    except ValueError as err:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {value!r}") from err
    try:
        lo, hi = Settings.from_env().date_window()
    except GeoError as err:  # a bad GEO_* setting, named by the message
        raise argparse.ArgumentTypeError(str(err)) from err
    if not lo <= when <= hi:
        raise argparse.ArgumentTypeError(f"expected a date between {lo} and {hi}, got {value!r} (the window is "
                                         "set by GEO_EARLIEST_DATE and GEO_YEARS_AHEAD)")
    return when


def _csv_row(d: dict) -> dict:
    def places(ps: list[dict]) -> str:
        return "; ".join(f"{p['name']} ({p['lat']}, {p['lon']})" if p.get("lat") is not None else p["name"] for p in ps)
    return {
        "article": d["article"], "event_id": d["event_id"], "kind": d["kind"], "status": d["status"],
        "date": d["date"] or "", "date_precision": d["date_precision"] or "",
        "aircraft": "; ".join(f"{a['type']} x{a['count']}" if a.get("count") else a["type"] for a in d["aircraft"]),
        "origins": places(d["origins"]), "locations": places(d["locations"]),
        "countries": "; ".join(d["countries"]), "evidence": d["evidence"]["text"],
    }


class _Bar:
    """A progress bar on stderr, drawn only when there is more than one file."""

    def __init__(self, stream=sys.stderr):
        self.stream = stream

    def __call__(self, done: int, total: int, path: str) -> None:
        if total < 2:
            return
        width = 30
        filled = int(width * done / total)
        name = path.replace("\\", "/").rsplit("/", 1)[-1][:40]
        self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {name:<40}")
        if done == total:
            self.stream.write("\n")
        self.stream.flush()


def cmd_extract(args: argparse.Namespace) -> int:
    from geo.extract import EventExtractor
    from geo.ingest import read_articles
    from geo.pipeline import events_for

    articles, failures = read_articles(args.paths, published=args.published)
    extractor = EventExtractor(keep_hedged=args.keep_hedged)
    out = sys.stdout
    writer = None
    if args.format == "csv":
        writer = csv.DictWriter(out, fieldnames=EXTRACT_FIELDS)
        writer.writeheader()
    messages = [f.error for f in failures]
    for article in articles:
        try:
            events = events_for(article, extractor=extractor)
        except Exception as err:  # noqa: BLE001 - one broken article must not lose the others' events
            messages.append(f"{article.name}: extraction failed ({type(err).__name__}: {err}); "
                            "please report this article")
            continue
        for event in events:
            d = event.to_dict()
            if writer:
                writer.writerow(_csv_row(d))
            else:
                out.write(json.dumps(d, ensure_ascii=False) + "\n")
    for message in messages:
        print(f"error: {message}", file=sys.stderr)
    if messages:
        print(f"{len(articles) + len(failures)} file(s): {len(messages)} failed", file=sys.stderr)
    return 1 if messages else 0


def cmd_toponyms(args: argparse.Namespace) -> int:
    from geo.toponyms.cli import main as toponyms_main

    return toponyms_main(sys.stdin, sys.stdout)


def cmd_ingest(args: argparse.Namespace) -> int:
    from geo.pipeline import ingest_paths, result_line
    from geo.store import open_store

    settings = Settings.from_env(store_path=args.store)
    with open_store(settings.store_path) as store:
        report = ingest_paths(args.paths, store, published=args.published, settings=settings,
                              progress=None if args.quiet else _Bar())
        counts = store.counts()
    for r in report.results:
        if not r.ok:
            print(f"FAILED {r.message}", file=sys.stderr)
        elif r.duplicate_of:
            print(f"SAME TEXT {result_line(r)}", file=sys.stderr)
    print(f"{report.summary()}; store {settings.store_path} holds {counts['articles']} article(s), "
          f"{counts['events']} event(s)", file=sys.stderr)
    return 0 if report.ok else 1


def cmd_events(args: argparse.Namespace) -> int:
    from geo.store import open_store

    settings = Settings.from_env(store_path=args.store)
    with open_store(settings.store_path) as store:
        for e in store.events():
            sys.stdout.write(json.dumps(e.to_dict(), ensure_ascii=False) + "\n")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The ``python -m geo`` argument parser."""
    settings_doc = "\n".join(f"  GEO_{k.upper():16s} {v}" for k, v in setting_help().items())
    p = argparse.ArgumentParser(
        prog="python -m geo", formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Sortie: news articles about military shows of force -> events -> map.",
        epilog=f"settings (environment variables):\n{settings_doc}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    e = sub.add_parser("extract", help="print the events of articles as JSON lines or CSV",
                       description="Extract events from article files or folders. NAME.meta.json beside NAME.txt, "
                                   ".md or .html supplies published, title, source and url.")
    e.add_argument("paths", nargs="+", metavar="PATH", help="article file or folder")
    e.add_argument("--published", type=_iso_date, help="publication date YYYY-MM-DD (overrides sidecars)")
    e.add_argument("--format", choices=("jsonl", "csv"), default="jsonl", help="output format (default jsonl)")
    e.add_argument("--keep-hedged", action="store_true",
                   help="also print planned, hypothetical, cancelled and denied events, flagged in 'status'")
    e.set_defaults(func=cmd_extract)

    t = sub.add_parser("toponyms", help="geoparse JSON lines {id, text} from stdin",
                       description='Read JSON lines {"id", "text"} on stdin; print {"id", "toponyms": '
                                   '[{start, end, name, lat, lon}]} for every place name found.')
    t.set_defaults(func=cmd_toponyms)

    i = sub.add_parser("ingest", help="add articles to the event store (idempotent)",
                       description="Read, extract and store articles. Re-ingesting a file changes nothing. "
                                   "Exits 1 if any file failed; the others are kept.")
    i.add_argument("paths", nargs="+", metavar="PATH", help="article file or folder")
    i.add_argument("--store", help="SQLite store path (default: GEO_STORE_PATH or var/sortie.sqlite)")
    i.add_argument("--published", type=_iso_date, help="publication date YYYY-MM-DD for every file")
    i.add_argument("--quiet", action="store_true", help="no progress bar")
    i.set_defaults(func=cmd_ingest)

    v = sub.add_parser("events", help="print the stored events as JSON lines")
    v.add_argument("--store", help="SQLite store path")
    v.set_defaults(func=cmd_events)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except GeoError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        return 130
    except Exception as err:  # noqa: BLE001 - a user sees one line, never a traceback
        print(f"error: {args.command} failed unexpectedly ({type(err).__name__}: {err}); please report this",
              file=sys.stderr)
        return 3


__all__ = ["main", "build_parser"]
