"""Tests of geo/config.py: defaults, GEO_* environment overrides, explicit arguments and validation."""
from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from geo.config import DATA_DIR, Settings, setting_help
from geo.errors import ConfigurationError


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    for f in fields(Settings):
        monkeypatch.delenv(f"GEO_{f.name.upper()}", raising=False)


def test_defaults_without_environment():
    s = Settings.from_env()
    assert (s.max_file_mb, s.geocoder, s.articles_dir) == (5.0, "gazetteer", DATA_DIR / "articles")


def test_env_overrides_a_float(monkeypatch):
    monkeypatch.setenv("GEO_MAX_FILE_MB", "2.5")
    assert Settings.from_env().max_file_mb == 2.5


def test_env_overrides_a_path(monkeypatch, tmp_path):
    monkeypatch.setenv("GEO_STORE_PATH", str(tmp_path / "s.sqlite"))
    assert Settings.from_env().store_path == tmp_path / "s.sqlite"


def test_env_path_expands_the_home_directory(monkeypatch):
    monkeypatch.setenv("GEO_STORE_PATH", "~/s.sqlite")
    assert Settings.from_env().store_path == Path.home() / "s.sqlite"


def test_env_overrides_a_string(monkeypatch):
    monkeypatch.setenv("GEO_GEOCODER", "nominatim")
    assert Settings.from_env().geocoder == "nominatim"


def test_empty_env_value_keeps_the_default(monkeypatch):
    monkeypatch.setenv("GEO_MAX_FILE_MB", "")
    assert Settings.from_env().max_file_mb == 5.0


def test_explicit_argument_beats_env(monkeypatch):
    monkeypatch.setenv("GEO_MAX_FILE_MB", "2.5")
    assert Settings.from_env(max_file_mb=1.0).max_file_mb == 1.0


def test_none_argument_leaves_env_in_force(monkeypatch):
    monkeypatch.setenv("GEO_MAX_FILE_MB", "2.5")
    assert Settings.from_env(max_file_mb=None).max_file_mb == 2.5


def test_unknown_setting_raises_listing_valid_ones():
    with pytest.raises(ConfigurationError, match=r"unknown setting\(s\) \['max_file_size'\].*'max_file_mb'"):
        Settings.from_env(max_file_size=3)


def test_bad_float_in_env_raises_naming_setting_and_value(monkeypatch):
    monkeypatch.setenv("GEO_MAX_FILE_MB", "five")
    with pytest.raises(ConfigurationError, match=r"'max_file_mb' expects a float, got 'five'"):
        Settings.from_env()


def test_non_positive_size_raises(monkeypatch):
    monkeypatch.setenv("GEO_MAX_FILE_MB", "0")
    with pytest.raises(ConfigurationError, match="max_file_mb must be positive"):
        Settings.from_env()


def test_configuration_error_is_a_value_error():
    with pytest.raises(ValueError):
        Settings.from_env(nonsense=1)


def test_every_setting_has_help_text():
    assert set(setting_help()) == {f.name for f in fields(Settings)} and all(setting_help().values())


def test_an_unknown_geocoder_is_refused_at_start_naming_the_choices(monkeypatch):
    monkeypatch.setenv("GEO_GEOCODER", "bogus")
    with pytest.raises(ConfigurationError, match=r"GEO_GEOCODER.*\['gazetteer', 'nominatim', 'photon'\].*'bogus'"):
        Settings.from_env()


def test_geocoder_names_and_schemes_ignore_case(monkeypatch):
    monkeypatch.setenv("GEO_GEOCODER", " Nominatim ")
    monkeypatch.setenv("GEO_GEOCODER_SCHEME", "HTTP")
    s = Settings.from_env()
    assert (s.geocoder, s.geocoder_scheme) == ("nominatim", "http")


def test_geocoder_domain_scheme_and_timeout_are_settings(monkeypatch):
    monkeypatch.setenv("GEO_GEOCODER_DOMAIN", "nominatim.example.org:8080")
    monkeypatch.setenv("GEO_GEOCODER_TIMEOUT", "2.5")
    s = Settings.from_env()
    assert (s.geocoder_domain, s.geocoder_scheme, s.geocoder_timeout) == ("nominatim.example.org:8080", "https", 2.5)


@pytest.mark.parametrize("name, value, message", [
    ("GEO_GEOCODER_SCHEME", "ftp", "'http' or 'https'"),
    ("GEO_GEOCODER_DOMAIN", "https://nominatim.example.org/search", "no scheme, no path"),
    ("GEO_GEOCODER_DOMAIN", "bad host", "host name"),
    ("GEO_GEOCODER_TIMEOUT", "0", "between 0 and 300"),
    ("GEO_GEOCODER_TIMEOUT", "soon", "expects a float"),
])
def test_bad_geocoder_settings_are_refused_with_what_they_expect(monkeypatch, name, value, message):
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigurationError, match=message):
        Settings.from_env()
