"""The one exception tree of Sortie: every error the library raises is a GeoError."""
from __future__ import annotations


class GeoError(Exception):
    """Root of every error raised on purpose by the ``geo`` library."""


class ConfigurationError(GeoError, ValueError):
    """A setting, option or vocabulary file is invalid."""


class SourceFormatError(GeoError, ValueError):
    """An input file cannot be read as an article (empty, binary, huge, bad encoding...)."""


class ExtractionError(GeoError, RuntimeError):
    """Extraction failed on an article that was read correctly."""


class GeocoderNotFound(GeoError, ValueError):
    """A geocoder name is not in the registry."""


class GeocoderServiceError(GeoError, RuntimeError):
    """An online geocoding service failed (timeout, refusal, bad answer)."""


class StorageError(GeoError, RuntimeError):
    """The event store could not be opened, migrated or written."""


class CorrectionError(GeoError, ValueError):
    """An analyst's correction of an event is invalid (unknown field, bad value, unknown event or correction)."""


class AppStartError(GeoError, RuntimeError):
    """The dashboard server did not start (``geo.ui.serve``)."""


class SortieReviewError(GeoError, ValueError):
    """An analyst's split or merge of sorties is invalid (unknown sortie or report, nothing to undo...)."""
