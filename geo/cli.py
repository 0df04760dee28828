"""Command line: ``python -m geo extract|toponyms|ingest|events`` (no Streamlit involved)."""
from __future__ import annotations

import argparse
import csv
import json
import sys
import time
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
    from geo.render.csvcell import csv_cell  # the rule every CSV Sortie writes follows: no formulas

    def places(ps: list[dict]) -> str:
        return "; ".join(f"{p['name']} ({p['lat']}, {p['lon']})" if p.get("lat") is not None else p["name"] for p in ps)
    row = {
        "article": d["article"], "event_id": d["event_id"], "kind": d["kind"], "status": d["status"],
        "date": d["date"] or "", "date_precision": d["date_precision"] or "",
        "aircraft": "; ".join(f"{a['type']} x{a['count']}" if a.get("count") else a["type"] for a in d["aircraft"]),
        "origins": places(d["origins"]), "locations": places(d["locations"]),
        "countries": "; ".join(d["countries"]), "evidence": d["evidence"]["text"],
    }
    return {k: csv_cell(v) for k, v in row.items()}  # every column is text here (places carry their coordinates)


class _Bar:
    """A progress bar on stderr, drawn only when there is more than one file; a running count when the total is unknown."""

    def __init__(self, stream=sys.stderr):
        self.stream = stream
        self._shown = 0.0
        self._start = time.monotonic()

    def __call__(self, done: int, total: int, path: str) -> None:
        if total == 0:  # a stream (collections): the count and the rate, redrawn at most twice a second
            now = time.monotonic()
            if now - self._shown >= 0.5:
                self._shown = now
                rate = done / max(now - self._start, 1e-9)
                self.stream.write(f"\r{done} article(s) read, {rate:,.0f}/s ")
                self.stream.flush()
            return
        if total < 2:
            return
        width = 30
        filled = int(width * done / total)
        name = path.replace("\\", "/").rsplit("/", 1)[-1][:40]
        self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {name:<40}")
        if done == total:
            self.stream.write("\n")
        self.stream.flush()


def _columns(args: argparse.Namespace):
    from geo.ingest.rows import Columns

    return Columns(text=args.text_col or "", date=args.date_col or "", title=args.title_col or "",
                   url=args.url_col or "", source=args.source_col or "", id=args.id_col or "")


def _options(args: argparse.Namespace, *, keep_hedged: bool = False):
    """The run options of ``--workers``, ``--dask`` and ``--no-gate``; the caller shuts the executor down."""
    from geo.pipeline.parallel import BATCH_SIZE, RunOptions
    from geo.pipeline.workers import DaskExecutor

    if args.workers is not None and args.workers < 1:
        raise GeoError(f"--workers must be at least 1, got {args.workers}")
    if args.workers is not None and args.dask:
        raise GeoError("give --workers (local processes) or --dask (a cluster's workers), not both")
    executor = DaskExecutor(args.dask) if args.dask else None
    return RunOptions(workers=args.workers, gate=not args.no_gate, batch_size=args.batch_size or BATCH_SIZE,
                      executor=executor, keep_hedged=keep_hedged)


def cmd_extract(args: argparse.Namespace) -> int:
    from geo.pipeline.parallel import StreamReport, events_of, extract_stream
    from geo.pipeline.sources import iter_sources

    options = _options(args, keep_hedged=args.keep_hedged)
    out = sys.stdout
    writer = None
    if args.format == "csv":
        writer = csv.DictWriter(out, fieldnames=(*EXTRACT_FIELDS, "sortie") if args.sorties else EXTRACT_FIELDS)
        writer.writeheader()
    def write(d: dict) -> None:
        if writer:
            writer.writerow({**_csv_row(d), **({"sortie": d["sortie"]} if args.sorties else {})})
        else:
            out.write(json.dumps(d, ensure_ascii=False) + "\n")

    messages: list[str] = []
    report = StreamReport()
    # With --sorties every article's events are needed before the first line can carry its sortie id.
    extracted: list = []
    articles: dict = {}
    try:
        items = iter_sources(args.paths, columns=_columns(args), published=args.published)
        for item, outcome in extract_stream(items, options):
            if outcome is None or outcome.status == "failed":
                message = item.error if outcome is None else outcome.error
                if len(messages) < 1000:
                    messages.append(message)
                report.counts["failed"] += 1
                continue
            report.counts["skipped" if outcome.status == "skipped" else "stored"] += 1
            events = events_of(outcome)
            if args.sorties:
                extracted += events
                if events:
                    articles[item.id] = item
            else:
                for event in events:
                    write(event.to_dict())
    finally:
        if options.executor is not None:
            options.executor.shutdown()
    if args.sorties:
        from geo.sorties import group_events, sortie_ids

        sortie_of = sortie_ids(group_events(extracted, articles))
        for event in extracted:
            write({**event.to_dict(), "sortie": sortie_of[event.event_id]})
    for message in messages:
        print(f"error: {message}", file=sys.stderr)
    failed = report.counts["failed"]
    if failed:
        more = f" (the first {len(messages)} listed)" if failed > len(messages) else ""
        print(f"{report.total} article(s): {failed} failed{more}", file=sys.stderr)
    if report.counts["skipped"] and not args.quiet:
        print(f"{report.counts['skipped']} of {report.total} article(s) skipped by the relevance gate (no event can be "
              "read from them)", file=sys.stderr)
    return 1 if failed else 0


def cmd_toponyms(args: argparse.Namespace) -> int:
    from geo.toponyms.cli import main as toponyms_main

    return toponyms_main(sys.stdin, sys.stdout)


def cmd_ingest(args: argparse.Namespace) -> int:
    from geo.pipeline.dataset import ingest_dataset, is_dataset, write_dataset
    from geo.pipeline.parallel import StreamReport, ingest_stream
    from geo.pipeline.report import result_line
    from geo.pipeline.sources import count_sources, iter_sources
    from geo.store import open_store

    settings = Settings.from_env(store_path=args.store)
    datasets = [p for p in args.paths if is_dataset(p)]
    paths = [p for p in args.paths if p not in datasets]
    total = 0 if datasets else count_sources(paths)
    bar = None if args.quiet else _Bar()
    progress = None if bar is None else (lambda done, _total, name: bar(done, total, name))
    if args.out and datasets:
        raise GeoError(f"{datasets[0]} is an events dataset already; load it into a store without --out")
    options = _options(args)
    report = StreamReport()
    try:
        if args.out:
            items = iter_sources(paths, columns=_columns(args), published=args.published, settings=settings)
            write_dataset(items, args.out, options=options, progress=progress, report=report)
            where = f"dataset {args.out}"
        else:
            with open_store(settings.store_path) as store:
                for folder in datasets:
                    ingest_dataset(folder, store, settings=settings, progress=progress, report=report)
                if paths:
                    items = iter_sources(paths, columns=_columns(args), published=args.published, settings=settings)
                    ingest_stream(items, store, options=options, settings=settings, progress=progress,
                                  report=report)
                counts = store.counts()
            where = f"store {settings.store_path} holds {counts['articles']} article(s), {counts['events']} event(s)"
    finally:
        if options.executor is not None:
            options.executor.shutdown()
    if progress is not None and report.total and not total:
        print(file=sys.stderr)
    for r in report.failures:
        print(f"FAILED {r.message}", file=sys.stderr)
    for r in report.same_text:
        print(f"SAME TEXT {result_line(r)}", file=sys.stderr)
    if report.counts["failed"] > len(report.failures):
        print(f"... and {report.counts['failed'] - len(report.failures)} more failure(s)", file=sys.stderr)
    print(f"{report.summary()}; {where}", file=sys.stderr)
    return 0 if report.ok else 1


def cmd_events(args: argparse.Namespace) -> int:
    from geo.store import open_store

    settings = Settings.from_env(store_path=args.store)
    with open_store(settings.store_path) as store:
        if args.sorties:
            from geo.store.sorties import stored_sorties

            for s in stored_sorties(store):
                sys.stdout.write(json.dumps(s.to_dict(), ensure_ascii=False) + "\n")
            return 0
        for e in store.events():
            sys.stdout.write(json.dumps(e.to_dict(), ensure_ascii=False) + "\n")
    return 0


def _scale_arguments(p: argparse.ArgumentParser) -> None:
    """The options shared by extract and ingest: collections' columns, workers, the cluster, the gate."""
    g = p.add_argument_group("collections (.jsonl, .csv, .parquet, .warc, and .jsonl.gz/.csv.gz/.warc.gz)")
    for name, default in (("text", "text, content, body..."), ("date", "date, published..."),
                          ("title", "title, headline"), ("url", "url, link"), ("source", "source, outlet..."),
                          ("id", "id, article_id...; else the row number")):
        g.add_argument(f"--{name}-col", metavar="NAME", help=f"column holding the {name} (default: {default})")
    w = p.add_argument_group("scale")
    w.add_argument("--workers", type=int, metavar="N",
                   help="extraction processes (default: one per available core; a small input runs in one)")
    w.add_argument("--dask", metavar="ADDRESS",
                   help="send extraction to the dask.distributed scheduler at ADDRESS (tcp://host:8786)")
    w.add_argument("--no-gate", action="store_true",
                   help="extract every article, even those the relevance gate finds cannot hold an event")
    w.add_argument("--batch-size", type=int, metavar="N", help=argparse.SUPPRESS)


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
    e.add_argument("paths", nargs="+", metavar="PATH", help="article file, folder, or collection of articles")
    e.add_argument("--published", type=_iso_date, help="publication date YYYY-MM-DD (overrides sidecars)")
    e.add_argument("--format", choices=("jsonl", "csv"), default="jsonl", help="output format (default jsonl)")
    e.add_argument("--keep-hedged", action="store_true",
                   help="also print planned, hypothetical, cancelled and denied events, flagged in 'status'")
    e.add_argument("--sorties", action="store_true",
                   help="group the events of all files into sorties (one per real occurrence) and add each "
                        "event's sortie id ('sortie')")
    e.add_argument("--quiet", action="store_true", help="no note of the articles the relevance gate skipped")
    _scale_arguments(e)
    e.set_defaults(func=cmd_extract)

    t = sub.add_parser("toponyms", help="geoparse JSON lines {id, text} from stdin",
                       description='Read JSON lines {"id", "text"} on stdin; print {"id", "toponyms": '
                                   '[{start, end, name, lat, lon}]} for every place name found.')
    t.set_defaults(func=cmd_toponyms)

    i = sub.add_parser("ingest", help="add articles to the event store (idempotent)",
                       description="Read, extract and store articles. Re-ingesting a file changes nothing. "
                                   "Exits 1 if any file failed; the others are kept.")
    i.add_argument("paths", nargs="+", metavar="PATH",
                   help="article file, folder, collection of articles, or events dataset (from --out)")
    i.add_argument("--store", help="SQLite store path (default: GEO_STORE_PATH or var/sortie.sqlite)")
    i.add_argument("--published", type=_iso_date, help="publication date YYYY-MM-DD for every file")
    i.add_argument("--quiet", action="store_true", help="no progress bar")
    i.add_argument("--out", metavar="DIR", help="write the events to a new Parquet dataset in DIR (partitioned by "
                                                "year) instead of the store; `ingest DIR` loads it into a store")
    _scale_arguments(i)
    i.set_defaults(func=cmd_ingest)

    v = sub.add_parser("events", help="print the stored events (or sorties) as JSON lines")
    v.add_argument("--store", help="SQLite store path")
    v.add_argument("--sorties", action="store_true",
                   help="print the stored sorties instead: one real occurrence a line, with its sources and the "
                        "reports' disagreements")
    v.set_defaults(func=cmd_events)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        Settings.from_env()  # a bad GEO_* setting is refused now, by name, not at its first use
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
