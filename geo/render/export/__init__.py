"""Exports of the events frame: CSV, RFC 7946 GeoJSON, Parquet and a versioned snapshot zip, one module per format.

Every function takes a frame with the columns of ``geo.query.schema`` (``geo.query.events_frame``,
filtered or not) and returns bytes or plain data; places are read from the frame's ``Place`` objects.

Conventions shared by the formats:

* Text is written as it is: article text such as ``<script>`` or ``{{ 7*7 }}``
  is data, never markup or a template, in every format. In CSV, a text cell
  that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a
  leading ``'`` (``geo.render.csvcell``), so spreadsheets show it instead of
  running it as a formula; numeric columns are written as numbers.
* ``date`` is the first day of the event's period as ISO ``YYYY-MM-DD``;
  ``date_text`` is the date as extracted (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``)
  and ``date_precision`` says which.
* CSV and GeoJSON write a place as ``"name (lat, lon)"`` (just ``"name"`` when it
  was not placed), Parquet as a JSON object, so no coordinate is lost.
"""
from __future__ import annotations

from geo.render.export.tables import COORD_DECIMALS, LIST_SEPARATOR, PARQUET_SCHEMA, place_label, to_csv, to_parquet
from geo.render.export.geojson import geojson_bytes, to_geojson
from geo.render.export.snapshot import (SNAPSHOT_FILES, SOURCE_COLUMNS, describe_filter, methodology, snapshot_version,
                                        snapshot_zip, sources_csv)

__all__ = ["COORD_DECIMALS", "LIST_SEPARATOR", "PARQUET_SCHEMA", "SNAPSHOT_FILES", "SOURCE_COLUMNS",
           "describe_filter", "geojson_bytes", "methodology", "place_label", "snapshot_version", "snapshot_zip",
           "sources_csv", "to_csv", "to_geojson", "to_parquet"]
