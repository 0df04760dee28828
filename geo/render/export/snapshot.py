"""The snapshot: the filtered events in every format, their sources, a methodology note and a manifest, in one zip."""
from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from typing import Any

import pandas as pd

from geo import __version__
from geo.models import Article
from geo.query import EventFilter
from geo.query import schema as S
from geo.query.facets import FACETS
from geo.query.sorties import is_sortie_row
from geo.render.csvcell import csv_row
from geo.render.export.geojson import to_geojson
from geo.render.export.tables import rows, text, to_csv, to_parquet

SNAPSHOT_FILES: tuple[str, ...] = ("events.csv", "events.geojson", "events.parquet", "sources.csv",
                                   "METHODOLOGY.md", "manifest.json")
SOURCE_COLUMNS: tuple[str, ...] = ("article_id", "title", "source", "url", "published", "file", "events")


def describe_filter(f: EventFilter) -> str:
    """A one-line, stable description of an ``EventFilter`` for snapshots and file notes.

    Sets are sorted, so the same filter always gives the same text (and the same
    snapshot version id).

    Examples
    --------
    >>> from datetime import date
    >>> describe_filter(EventFilter())
    'all events (undated included)'
    >>> describe_filter(EventFilter(start=date(2023, 1, 1), aircraft_types=frozenset({"F-15C", "B-1B"}),
    ...                             include_undated=False))
    'dates 2023-01-01 to any; aircraft types B-1B, F-15C; undated excluded'
    """
    parts = []
    if f.start or f.end:
        parts.append(f"dates {f.start.isoformat() if f.start else 'any'} to {f.end.isoformat() if f.end else 'any'}")
    for facet in FACETS:  # named as the facet's ``export`` says, in sidebar order
        values = getattr(f, facet.field)
        if values:
            parts.append(f"{facet.export} {', '.join(sorted(values))}")
    if not parts:
        return f"all events (undated {'included' if f.include_undated else 'excluded'})"
    parts.append(f"undated {'included' if f.include_undated else 'excluded'}")
    return "; ".join(parts)


def sources_csv(df: pd.DataFrame, articles: Iterable[Article]) -> bytes:
    """The articles behind the rows of ``df`` as CSV: one row per article, by file name.

    Columns are :data:`SOURCE_COLUMNS`; ``events`` counts the article's reports in
    ``df`` (for a row of sorties, each of its sources). An article of ``df`` that is not
    in ``articles`` still gets a row, from what the frame knows (id, title, file name).
    """
    counts: dict[str, int] = {}
    fallback: dict[str, dict[str, str]] = {}
    for row in rows(df):
        reports = row[S.SOURCES] if is_sortie_row(row[S.EVENT_ID], row[S.SORTIE_ID]) and row[S.SOURCES] else ()
        for aid, title, name in ([(s.article_id, s.title, s.article_name) for s in reports]
                                 or [(text(row[S.ARTICLE_ID]), text(row[S.ARTICLE_TITLE]), text(row[S.ARTICLE_NAME]))]):
            counts[aid] = counts.get(aid, 0) + 1
            fallback.setdefault(aid, {"title": title, "file": name})
    by_id = {a.id: a for a in articles if a.id in counts}
    out = []
    for aid in counts:
        a = by_id.get(aid)
        if a is not None:
            out.append([a.id, a.title, a.source, a.url, a.published.isoformat() if a.published else "", a.name,
                        str(counts[aid])])
        else:
            out.append([aid, fallback[aid]["title"], "", "", "", fallback[aid]["file"], str(counts[aid])])
    out.sort(key=lambda r: (r[5], r[0]))
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(SOURCE_COLUMNS)
    writer.writerows(csv_row(r, frozenset({SOURCE_COLUMNS.index("events")})) for r in out)
    return buf.getvalue().encode("utf-8")


def snapshot_version(events_csv: bytes, filter_description: str, created: datetime) -> str:
    """The snapshot id: ``sortie-<YYYYMMDD of created, UTC>-<10 hex of sha256(events.csv + filter)>``.

    Examples
    --------
    >>> snapshot_version(b"event_id\\n", "all events", datetime(2024, 5, 2, tzinfo=timezone.utc))
    'sortie-20240502-2aca773862'
    """
    digest = hashlib.sha256(events_csv + b"\n" + filter_description.encode("utf-8")).hexdigest()[:10]
    return f"sortie-{_utc(created):%Y%m%d}-{digest}"


def _utc(when: datetime) -> datetime:
    return when.replace(tzinfo=timezone.utc) if when.tzinfo is None else when.astimezone(timezone.utc)


def _fence(text: str) -> str:
    """``text`` in a Markdown code fence longer than any backtick run in it, so it stays literal."""
    longest = run = 0
    for ch in text:
        run = run + 1 if ch == "`" else 0
        longest = max(longest, run)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{text}\n{fence}"


SORTIES_NOTE = """## Sorties: one row per real occurrence

Several articles often report one occurrence (five outlets, one bomber flight). Sortie groups
the reports (the events of each article) into **sorties**, one per real occurrence, by rules
(`docs/sorties.md` in the Sortie source has them in full). Two reports join only when all of these hold:
the same kind (and status); dates that overlap once each is read as the day, week, month or year it
gives, or that are one day apart (a US and a Korean date of one moment); the same aircraft family,
or one side naming none; areas within 100 km of each other, or one report placing none; no country
shown taking part in one that the other lacks while the other shows one it lacks (a US-South Korea drill
and a US-Japan drill the same day stay apart); and not two events of one article, unless it tells
the same flight twice. A mention in passing ("the B-1B flight on Monday") joins the sortie other
articles report as their main event. The best-matching reports are joined first; no rule is learned.
An analyst may split a report out of a sortie or merge two sorties; that decision is kept.

A sortie's fields are merged from its reports: the most precise date they give (of several, the one
most of them give), the union of aircraft types with the count most reports give, the union of
origins, areas and countries. `sortie_id` names it (stable across re-ingest), `source_count` is how
many articles report it, `sources` lists each report (outlet, title, URL, publication date, the
sentence that reports it), and `disagreements` says where they differ: counts ("2 B-1B (Yonhap) vs
4 B-1B (KCNA)"), types, dates (a US date against a local one), origins, activity. In a table of
sorties, the `article`, `article_title` and `evidence` columns are those of its first report of the
event itself; in a table of reports each row is one article's report, and the sortie columns name the
sortie it belongs to.
"""


def methodology(*, version: str, created: datetime, filter_description: str, counts: Mapping[str, int],
                unit: str = "reports") -> str:
    """The ``METHODOLOGY.md`` of a snapshot: what Sortie extracts and how, how reports are grouped, the filter,
    the counts. ``unit`` says what a row of the tables is: ``"sorties"`` or ``"reports"``."""
    rows_are = ("one row per sortie (a real occurrence, every report of it merged)" if unit == "sorties"
                else "one row per event as one article reports it")
    count_lines = "\n".join(f"| {name.replace('_', ' ')} | {value} |" for name, value in counts.items())
    return f"""# Sortie snapshot {version}

Created {_utc(created).isoformat(timespec="seconds").replace("+00:00", "Z")} (UTC) by Sortie {__version__}.

## What Sortie extracts

Sortie reads news articles about military shows of force and finds their
events: a flight, missile launch, nuclear test, exercise, deployment or other
occurrence. The tables of this snapshot have {rows_are}. Each event records what flew (aircraft types, role and count),
from where (origins), over or near where (locations), when, the countries
involved, and the sentence of the article that says so (`evidence`, with its
character range `evidence_start`..`evidence_end` in the article text).
`status` is `asserted` for events the article reports as having happened;
`planned`, `hypothetical`, `cancelled` or `denied` mark hedged ones.
Extraction is rule-based (curated vocabularies and patterns in `data/`), not a
trained model: every field can be traced back to the words that gave it.

## Dates and precision

Dates are resolved against the article's own dateline and publication date
("Saturday", "days later" and a dateline without a year become calendar
dates). `date_text` is the date as resolved, `YYYY-MM-DD`, `YYYY-MM` or `YYYY`;
`date_precision` is `day`, `week`, `month` or `year`; `date` is the first day of
that period. A date-range filter keeps an event whose period overlaps the range.

{SORTIES_NOTE}
## Analysts' corrections

An analyst may correct a field of an event on the Review page (its kind, status, date, aircraft, places,
countries...). The tables show the corrected value, not the extracted one, and the `corrected` column
lists the fields that were corrected (a sortie lists those corrected in any of its reports); it is empty
for an event as extracted. Every correction is kept with its author and time, and can be undone, so the
extracted value is never lost.

## Places and geocoding

Place names are looked up offline in Sortie's gazetteer: curated military
geography (air bases, seas, zones, test sites), countries, first-level regions
and GeoNames cities, with article context used to choose among namesakes. Each
place has a precision, `point`, `area`, `region` or `country`, and a
`radius_km` giving how far the true location may be from the point (a country
sits at a representative point with its radius). Directional phrases ("north
of ...") move the point toward that side and make it an `area`. The event's
marker (`place`, `lat`, `lon`) is its first located location, or else its first
located origin. A name the resolver could not place keeps its name and no
coordinates (it is never placed on a guess). Coordinates are WGS84 degrees.
`activity` says what a flight was doing (`escort`, `joint_drill`...) when the
article says so.

## The files

| file | content |
| --- | --- |
| `events.csv` | {rows_are}; list columns joined with `; `; places as `name (lat, lon)`; `sources` as a JSON array |
| `events.geojson` | RFC 7946: a Point per event (null geometry when not located) and a line per origin->event flight, along the great circle, cut at the antimeridian into a MultiLineString; a line lists the aircraft that flew from its origin |
| `events.parquet` | the same table with typed columns (lists as `list<string>`, places as JSON, `date` as a timestamp) |
| `sources.csv` | the articles of these rows: id, title, source, url, publication date, file name, number of their reports here |
| `manifest.json` | the version id, SHA-256 of each file, the counts and the filter |

Article text is reproduced literally: nothing in it is interpreted as markup. In the CSV files a
text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is written with a leading
`'`, so spreadsheets show it instead of running it as a formula (numeric columns stay numbers).

## Filter used

{_fence(filter_description)}

## Counts

| what | number |
| --- | --- |
{count_lines}

## Version

Snapshot id `{version}`: `sortie-<creation date>-<first 10 hex digits of the
SHA-256 of events.csv followed by a newline and the filter text>`. The same
events and filter give the same digits, whatever the day.
"""


def _counts(df: pd.DataFrame, geojson: Mapping[str, Any], n_sources: int, unit: str) -> dict[str, int]:
    features = geojson["features"]
    located = sum(1 for f in features if f["properties"]["feature_type"] == "event" and f["geometry"] is not None)
    lines = sum(1 for f in features if f["properties"]["feature_type"] == "flight_line")
    if unit == "sorties":
        return {"sorties": len(df), "reports": int(sum(len(s) for s in df[S.SOURCES])), "located_sorties": located,
                "flight_lines": lines, "articles": n_sources}
    return {"events": len(df), "located_events": located, "flight_lines": lines, "articles": n_sources}


def snapshot_zip(df: pd.DataFrame, articles: Iterable[Article], *, filter_description: str,
                 version: str | None = None, created: datetime | None = None,
                 unit: str = "reports") -> tuple[bytes, str]:
    """A zip of the filtered events in every format, their sources, a methodology note and a manifest.

    The zip holds :data:`SNAPSHOT_FILES`: ``events.csv``, ``events.geojson``,
    ``events.parquet``, ``sources.csv``, ``METHODOLOGY.md`` and ``manifest.json``
    (version id, SHA-256 and size of every other file, counts, filter, software
    version, creation time).

    Parameters
    ----------
    df : pandas.DataFrame
        The events to export (already filtered).
    articles : iterable of Article
        Articles to take source metadata from; only those of ``df``'s events are written.
    filter_description : str
        How ``df`` was selected, in words (see :func:`describe_filter`); it is part
        of the version id, so two filters never share one.
    version : str, optional
        The snapshot id to use; by default :func:`snapshot_version` of the CSV,
        the filter and the creation date.
    created : datetime, optional
        Creation time (UTC; a naive value is taken as UTC); by default now. It
        also dates the zip entries, so equal inputs give equal bytes.
    unit : {"reports", "sorties"}
        What a row of ``df`` is: a report (``geo.query.events_frame``) or a sortie
        (``geo.query.sorties.sorties_frame``); the note and the counts say so.

    Returns
    -------
    tuple of (bytes, str)
        The zip file and its version id.

    Raises
    ------
    ValueError
        When ``df`` lacks a column of the events schema.
    """
    created = _utc(created or datetime.now(timezone.utc)).replace(microsecond=0)
    events_csv = to_csv(df)
    version = version or snapshot_version(events_csv, filter_description, created)
    geojson = to_geojson(df)
    sources = sources_csv(df, articles)
    counts = _counts(df, geojson, sources.count(b"\n") - 1, unit)
    files = {
        "events.csv": events_csv,
        "events.geojson": json.dumps(geojson, ensure_ascii=False, allow_nan=False).encode("utf-8"),
        "events.parquet": to_parquet(df),
        "sources.csv": sources,
        "METHODOLOGY.md": methodology(version=version, created=created, filter_description=filter_description,
                                      counts=counts, unit=unit).encode("utf-8"),
    }
    manifest = {
        "version": version,
        "created": created.isoformat(timespec="seconds").replace("+00:00", "Z"),
        "software": {"name": "sortie", "version": __version__},
        "filter": filter_description,
        "rows": unit,
        "counts": counts,
        "files": {name: {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
                  for name, data in files.items()},
    }
    files["manifest.json"] = (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in SNAPSHOT_FILES:
            info = zipfile.ZipInfo(name, date_time=created.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16  # a plain readable file when unzipped
            zf.writestr(info, files[name])
    return buf.getvalue(), version
