"""One rule for every CSV cell Sortie writes: text a spreadsheet would run as a formula is neutralised (OWASP).

A title ``=HYPERLINK("http://host","open")`` or evidence starting with ``+``, ``-`` or ``@`` was
written unchanged, and Excel, LibreOffice and Google Sheets evaluate such a cell when the file is
opened. OWASP's "CSV Injection" guidance: prefix a single quote to every cell that begins with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return, so the spreadsheet shows it as text. The
csv module then quotes the cell as it needs to.
"""
from __future__ import annotations

import math
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any, *, numeric: bool = False) -> str:
    """``value`` as the text of one CSV cell, with a leading ``'`` when a spreadsheet would read a formula.

    Parameters
    ----------
    value
        The cell's content; None is an empty cell.
    numeric
        The column holds numbers Sortie computed (latitudes, longitudes, radii, offsets, counts).
        Such a cell is exempt when it *is* a finite number: ``-157.92`` must stay a negative
        longitude that a spreadsheet reads as a number, and a number cannot carry a formula.
        Anything else in a numeric column is treated as text.

    Examples
    --------
    >>> csv_cell('=HYPERLINK("http://host","open")')
    '\\'=HYPERLINK("http://host","open")'
    >>> csv_cell("-157.92", numeric=True), csv_cell("-157.92"), csv_cell("Guam")
    ('-157.92', "'-157.92", 'Guam')
    >>> csv_cell("-1+cmd|' /C calc'!A0", numeric=True)
    "'-1+cmd|' /C calc'!A0"
    """
    if value is None:
        return ""
    text = str(value)
    if numeric and _is_number(text):
        return text
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_row(values: list[Any], numeric: frozenset[int] = frozenset()) -> list[str]:
    """:func:`csv_cell` over a row; ``numeric`` holds the positions of numeric columns."""
    return [csv_cell(v, numeric=i in numeric) for i, v in enumerate(values)]


def _is_number(text: str) -> bool:
    try:
        return math.isfinite(float(text)) and text.strip() == text and "_" not in text
    except ValueError:
        return False
