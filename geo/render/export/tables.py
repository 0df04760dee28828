"""The events as tables: CSV and Parquet, and the value conversions every export format shares."""
from __future__ import annotations

import csv
import io
import json
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from geo import __version__
from geo.models import Place
from geo.query import drawable_radius
from geo.query import schema as S
from geo.render.csvcell import csv_row
from geo.render.geometry import finite_float

COORD_DECIMALS = 6  # RFC 7946 §11.2: six decimals are about 10 cm, more is noise
LIST_SEPARATOR = "; "

_LIST_COLUMNS = (S.AIRCRAFT_TYPES, S.AIRCRAFT_ROLES, S.COUNTRIES, S.DISAGREEMENTS, S.CORRECTED)
_PLACE_COLUMNS = (S.ORIGINS, S.LOCATIONS)
_FLOAT_COLUMNS = (S.LAT, S.LON, S.RADIUS_KM)
_INT_COLUMNS = (S.EVIDENCE_START, S.EVIDENCE_END, S.SOURCE_COUNT)
_JSON_COLUMNS = (S.SOURCES,)

PARQUET_SCHEMA = pa.schema([
    pa.field(c, pa.list_(pa.string()) if c in _LIST_COLUMNS
             else pa.timestamp("ms") if c == S.DATE
             else pa.float64() if c in _FLOAT_COLUMNS
             else pa.int64() if c in _INT_COLUMNS
             else pa.string())
    for c in S.EVENT_COLUMNS
])
"""Column types of :func:`to_parquet`: list columns are ``list<string>``, places and sources JSON strings."""


def missing(value: Any) -> bool:
    """True for None, NaN, NaT and pd.NA; a tuple or list is never missing as a whole."""
    if value is None or value is pd.NaT:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def as_int(value: Any) -> int | None:
    """``value`` as an int, None when it is not a finite number."""
    number = finite_float(value)
    return None if number is None else int(number)


def text(value: Any) -> str:
    """``value`` as text, ``""`` when missing."""
    return "" if missing(value) else str(value)


def strings(value: Any) -> list[str]:
    """A tuple column's values as a list of strings."""
    if missing(value) or isinstance(value, str):
        return [value] if isinstance(value, str) and value else []
    return [str(v) for v in value if not missing(v)]


def iso_date(value: Any) -> str | None:
    """A timestamp as ``YYYY-MM-DD``, None when undated."""
    return None if missing(value) else pd.Timestamp(value).strftime("%Y-%m-%d")


def _num(x: float) -> str:
    """A coordinate as short text: ``13.47``, not ``13.470000``."""
    return repr(round(x, COORD_DECIMALS))


def place_label(place: Place) -> str:
    """A place as ``"name (lat, lon)"``, or just its name when it has no coordinates.

    Examples
    --------
    >>> place_label(Place("Guam", 13.47, 144.78))
    'Guam (13.47, 144.78)'
    >>> place_label(Place("somewhere", None, None))
    'somewhere'
    """
    if not place.located:  # no coordinates, or none that are real (NaN, out of range)
        return place.name
    return f"{place.name} ({_num(place.lat)}, {_num(place.lon)})"


def place_record(place: Place) -> dict[str, Any]:
    """A place as the JSON object of the Parquet export (lat/lon None when it was not placed)."""
    lat, lon = (place.lat, place.lon) if place.located else (None, None)
    return {"name": place.name, "lat": lat, "lon": lon,
            "precision": place.precision or "point", "radius_km": drawable_radius(place.radius_km)}


def source_records(value: Any) -> list[dict[str, Any]]:
    """A ``sources`` cell as JSON objects: ``event_id``, ``article_id``, ``article``, ``outlet``, ``title``, ``url``,
    ``published``, ``evidence``, ``role``, ``date``, ``date_precision``, ``date_note`` (``SortieSource.to_dict``)."""
    return [] if missing(value) or isinstance(value, str) else [s.to_dict() for s in value]


def sources_json(value: Any) -> str:
    """A ``sources`` cell as the JSON text the CSV and Parquet exports write (``[]`` when not grouped)."""
    return json.dumps(source_records(value), ensure_ascii=False, allow_nan=False)


def places(value: Any) -> tuple[Place, ...]:
    """The ``Place`` objects of an ``origins``/``locations`` cell."""
    return () if missing(value) else tuple(value)


def rows(df: pd.DataFrame) -> list[dict[str, Any]]:
    """The frame's rows as dicts, after checking its columns (``geo.query.schema.validate_events``)."""
    S.validate_events(df)
    return df[list(S.FRAME_COLUMNS)].to_dict("records")


def to_csv(df: pd.DataFrame) -> bytes:
    """The events as UTF-8 CSV (no byte-order mark, ``\\n`` line ends), one row per event.

    The columns are those of ``geo.query.schema.EVENT_COLUMNS``, in that order. List
    columns are joined with ``"; "``; places are written ``"name (lat, lon)"``; a text
    cell a spreadsheet would run as a formula gets a leading ``'`` (``geo.render.csvcell``);
    ``date`` is ISO ``YYYY-MM-DD`` (empty when undated); ``sortie_id`` and ``source_count`` name the
    row's sortie and how many articles report it, ``sources`` its reports as a JSON array (see
    :func:`source_records`), ``disagreements`` where they differ. The bytes are the same on
    every platform, so a snapshot's version id is too.

    Parameters
    ----------
    df : pandas.DataFrame
        An events frame (``geo.query.events_frame``), filtered or not.

    Returns
    -------
    bytes
        The CSV file.

    Raises
    ------
    ValueError
        When ``df`` lacks a column of the events schema.

    Examples
    --------
    >>> from geo.query.schema import empty_events
    >>> to_csv(empty_events()).decode().startswith("event_id,article_id,article,")
    True
    """
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(S.EVENT_COLUMNS)
    numeric = frozenset(i for i, col in enumerate(S.EVENT_COLUMNS) if col in _FLOAT_COLUMNS + _INT_COLUMNS)
    for row in rows(df):
        out = []
        for col in S.EVENT_COLUMNS:
            value = row[col]
            if col in _LIST_COLUMNS:
                out.append(LIST_SEPARATOR.join(strings(value)))
            elif col in _PLACE_COLUMNS:
                out.append(LIST_SEPARATOR.join(place_label(p) for p in places(value)))
            elif col in _JSON_COLUMNS:
                out.append(sources_json(value))
            elif col == S.DATE:
                out.append(iso_date(value) or "")
            elif col in _FLOAT_COLUMNS:
                number = finite_float(value)
                out.append("" if number is None else repr(number))
            elif col in _INT_COLUMNS:
                number = as_int(value)
                out.append("" if number is None else str(number))
            else:
                out.append(text(value))
        writer.writerow(csv_row(out, numeric))
    return buf.getvalue().encode("utf-8")


def to_parquet(df: pd.DataFrame) -> bytes:
    """The events as a Parquet file with the column types of :data:`PARQUET_SCHEMA`.

    ``aircraft_types``, ``aircraft_roles``, ``countries`` and ``disagreements`` are ``list<string>``;
    ``origins`` and ``locations`` are JSON strings (arrays of ``{name, lat, lon,
    precision, radius_km}``), ``sources`` too (see :func:`source_records`); ``source_count`` is an
    ``int64``; ``date`` is a ``timestamp[ms]`` (null when undated).
    The schema metadata records the Sortie version.

    Parameters
    ----------
    df : pandas.DataFrame
        An events frame (``geo.query.events_frame``), filtered or not.

    Returns
    -------
    bytes
        The Parquet file.

    Examples
    --------
    >>> import io, pyarrow.parquet as pq
    >>> from geo.query.schema import empty_events
    >>> pq.read_table(io.BytesIO(to_parquet(empty_events()))).num_rows
    0
    """
    records = rows(df)
    columns = {}
    for field in PARQUET_SCHEMA:
        col = field.name
        values = [row[col] for row in records]
        if col in _LIST_COLUMNS:
            data = [strings(v) for v in values]
        elif col in _PLACE_COLUMNS:
            data = [json.dumps([place_record(p) for p in places(v)], ensure_ascii=False, allow_nan=False)
                    for v in values]
        elif col in _JSON_COLUMNS:
            data = [sources_json(v) for v in values]
        elif col == S.DATE:
            data = [None if missing(v) else pd.Timestamp(v).to_pydatetime() for v in values]
        elif col in _FLOAT_COLUMNS:
            data = [finite_float(v) for v in values]
        elif col in _INT_COLUMNS:
            data = [as_int(v) for v in values]
        else:
            data = [text(v) for v in values]
        columns[col] = pa.array(data, type=field.type)
    table = pa.table(columns, schema=PARQUET_SCHEMA.with_metadata({"sortie_version": __version__}))
    buf = io.BytesIO()
    pq.write_table(table, buf)
    return buf.getvalue()
