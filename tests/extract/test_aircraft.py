"""Tests of geo/extract/aircraft.py: aircraft types named in text, with counts, hedges and catalogue checks."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from geo.errors import ConfigurationError
from geo.extract.aircraft import AircraftCatalogue

MINI = Path(__file__).resolve().parent.parent / "data" / "aircraft_mini.csv"
HEADER = "id,family,aliases,role,operators,source\n"


@pytest.fixture(scope="module")
def catalogue() -> AircraftCatalogue:
    return AircraftCatalogue.load(MINI)


def _found(catalogue: AircraftCatalogue, text: str) -> list[tuple[str, str]]:
    return [(m.text, m.type.id) for m in catalogue.find(text)]


def _only(catalogue: AircraftCatalogue, text: str):
    found = catalogue.find(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("text, type_id", [
    ("The B-1B flew.", "B-1B"),
    ("The Lancer flew.", "B-1B"),
    ("The Bone flew.", "B-1B"),
    ("A Stratofortress flew.", "B-52"),
    ("A Slam Eagle flew.", "F-15K"),
    ("An F15K flew.", "F-15K"),
    ("An F 15K flew.", "F-15K"),
    ("An F–15K flew.", "F-15K"),
])
def test_designators_names_nicknames_and_spelling_variants_map_to_one_type(catalogue, text, type_id):
    assert _only(catalogue, text).type.id == type_id


def test_designator_followed_by_its_name_is_one_mention(catalogue):
    assert _found(catalogue, "A B-1B Lancer flew.") == [("B-1B Lancer", "B-1B")]


@pytest.mark.parametrize("text, type_id", [("B-1Bs flew.", "B-1B"), ("F-16s flew.", "F-16"),
                                           ("F-35As flew.", "F-35A")])
def test_plurals_are_found(catalogue, text, type_id):
    assert _found(catalogue, text) == [(text.split()[0], type_id)]


@pytest.mark.parametrize("text, count", [
    ("two B-1B bombers flew", 2),
    ("a pair of B-2s flew", 2),
    ("four F-35As flew", 4),
    ("a B-52 flew", 1),
    ("12 F-16s flew", 12),
    ("two U.S. Air Force B-1B bombers flew", 2),
])
def test_counts_come_from_the_words_before_the_type(catalogue, text, count):
    assert _only(catalogue, text).count == count


def test_no_number_gives_no_count(catalogue):
    assert _only(catalogue, "B-1B bombers flew").count is None


def test_number_belonging_to_another_noun_is_not_a_count(catalogue):
    assert _only(catalogue, "one of the B-1B bombers landed").count is None


def test_generic_bombers_without_a_type_are_not_an_aircraft_mention(catalogue):
    assert catalogue.find("two of the long-range bombers flew") == []


def test_kf16_is_not_an_f16(catalogue):
    assert _found(catalogue, "KF-16 jets flew.") == [("KF-16", "KF-16")]


def test_could_deploy_is_hypothetical(catalogue):
    assert _only(catalogue, "The U.S. could deploy B-52s.").hedge == "hypothetical"


def test_similar_to_is_a_comparison(catalogue):
    assert _only(catalogue, "China's H-20 is similar to the B-2.").hedge == "comparison"


def test_plain_statement_is_not_hedged(catalogue):
    assert _only(catalogue, "The U.S. deployed B-52s.").hedge == ""


def test_hedge_does_not_cross_a_sentence(catalogue):
    assert _only(catalogue, "Talks could resume. B-52s flew on Monday.").hedge == ""


def test_offset_shifts_spans(catalogue):
    m = _only(catalogue, "Two B-1B bombers flew.")
    shifted = catalogue.find("Two B-1B bombers flew.", offset=50)[0]
    assert (shifted.start, shifted.end) == (m.start + 50, m.end + 50)


def test_lookup_ignores_case_hyphens_and_spaces(catalogue):
    assert catalogue.lookup("f 15k").id == "F-15K"


def test_lookup_of_an_unknown_name_is_none(catalogue):
    assert catalogue.lookup("Spitfire") is None


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "aircraft.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_unknown_role_raises_naming_file_line_and_roles(tmp_path):
    path = _write(tmp_path, HEADER + "B-1B,B-1,Lancer,bomber,United States,x\nX-1,X,,spaceship,United States,x\n")
    expected = rf"{re.escape(str(path))}:3: role 'spaceship' is not one of .*'bomber'"
    with pytest.raises(ConfigurationError, match=expected):
        AircraftCatalogue.load(path)


def test_missing_column_raises_naming_file_line_and_column(tmp_path):
    path = _write(tmp_path, "id,family,aliases,operators,source\nB-1B,B-1,Lancer,United States,x\n")
    with pytest.raises(ConfigurationError, match=rf"{re.escape(str(path))}:2: missing column\(s\) \['role'\]"):
        AircraftCatalogue.load(path)


def test_missing_file_raises_configuration_error(tmp_path):
    with pytest.raises(ConfigurationError, match="cannot read aircraft catalogue"):
        AircraftCatalogue.load(tmp_path / "absent.csv")


def test_catalogue_without_rows_raises(tmp_path):
    with pytest.raises(ConfigurationError, match="empty"):
        AircraftCatalogue.load(_write(tmp_path, HEADER))


def test_second_type_in_a_list_keeps_its_own_count(catalogue):
    counts = [(m.type.id, m.count) for m in catalogue.find("Two B-1B bombers and four F-16s flew.")]
    assert counts == [("B-1B", 2), ("F-16", 4)]


def test_the_month_may_in_a_dateline_is_not_a_hedge(catalogue):
    [m] = catalogue.find("SEOUL, May 2 (UPI) -- Two B-1B bombers flew over the peninsula.")
    assert (m.type.id, m.count, m.hedge) == ("B-1B", 2, "")


@pytest.mark.parametrize("text, count", [
    ("a four-ship of F-16s flew", 4),
    ("a four-ship formation of F-16s flew", 4),
    ("two pairs of F-35As flew", 4),
    ("a dozen F-16s flew", 12),
    ("more than 30 F-16s flew", 30),
    ("Two 8th Fighter Wing F-16s flew", 2),
    ("On September 20, two F-16s flew", 2),
])
def test_count_forms_from_the_vocabulary(catalogue, text, count):
    assert catalogue.find(text)[0].count == count


@pytest.mark.parametrize("text", [
    "On September 20, 2017, F-16s flew",  # the day of a date
    "On September 20, F-16s flew",
    "on 20 September F-16s flew",
    "In 2017 F-16s flew",
    "the 7th Air Force's F-16s flew",  # a unit's ordinal
    "32 aircraft, including F-16s, flew",  # a total, not this type's count
    "two sets of F-35As flew",  # a set's size is not stated
    "the pilot of No. 2 F-16 ejected",
])
def test_numbers_that_are_not_counts(catalogue, text):
    assert catalogue.find(text)[0].count is None


def test_a_count_vocabulary_row_without_a_value_is_named(tmp_path):
    from geo.extract.aircraft import load_count_words
    path = tmp_path / "count_words.jsonl"
    path.write_text('{"_about": "x", "_examples": "y", "_extra_keys": ["value"]}\n'
                    '{"id": "n", "label": "number", "terms": ["two"], "examples": ["two "], "source": "x"}\n',
                    encoding="utf-8")
    with pytest.raises(ConfigurationError, match=rf"{re.escape(str(path))}:2: row 'n': a number row needs"):
        load_count_words(path)


# --- the shipped catalogue and its checks ------------------------------------------------------------

def test_shipped_catalogue_covers_the_region():
    from geo.extract.aircraft import load_catalogue
    cat = load_catalogue()
    assert len(cat) >= 250
    required = {"J-7", "J-8", "J-10A", "J-10B", "J-10C", "J-11", "J-11B", "J-15", "J-16", "J-20", "J-35", "H-6",
                "H-6K", "H-6J", "H-6N", "H-6G", "H-6M", "KJ-200", "KJ-500", "KJ-2000", "Y-8", "Y-9", "Y-20", "WZ-7",
                "WZ-10", "TB-001", "BZK-005", "GJ-2", "CH-4", "Z-8", "Z-9", "Z-18", "Ka-28", "Tu-95MS", "Tu-160",
                "Tu-22M3", "Tu-142", "Su-24", "Su-27", "Su-30SM", "Su-34", "Su-35S", "Su-57", "MiG-31", "A-50",
                "A-50U", "Il-20", "Il-38", "Il-78", "An-12", "An-26", "F-2", "F-15J", "F-35A", "F-35B", "E-767",
                "E-2C", "E-2D", "RC-2", "YS-11EB", "EP-3", "P-1", "P-3C", "KC-767", "KC-46A", "KF-21", "FA-50",
                "T-50", "E-737", "F-15K", "KF-16", "RF-16", "U-2S", "RC-135", "RC-135V", "RC-135W", "RC-135S",
                "RC-135U", "E-8C", "P-8A", "EP-3E", "MQ-9", "RQ-4", "MQ-4C", "KC-46", "KC-135", "KC-10", "E-3",
                "EA-18G", "F/A-18E/F", "F-35C", "B-52H", "B-1B", "B-2A", "Eurofighter Typhoon", "Rafale",
                "JAS 39 Gripen", "Panavia Tornado", "E-7", "Airbus Voyager", "A330 MRTT", "MiG-29", "MiG-23",
                "Su-25", "Il-28", "An-2", "H-5"}
    assert required - set(cat.by_id) == set()
    assert "Japan" in cat.by_id["F-35A"].operators


@pytest.mark.parametrize("written, type_id", [
    ("Hong-6K", "H-6K"), ("Jian-11B", "J-11B"), ("Tu-95ms", "Tu-95MS"), ("Tu 95", "Tu-95"), ("B1-B", "B-1B"),
    ("F22", "F-22"), ("H6K", "H-6K"), ("KJ500", "KJ-500"), ("Bear-H", "Tu-95MS"), ("Blackjack", "Tu-160"),
    ("Backfire-C", "Tu-22M3"), ("Flanker", "Su-27"), ("Rivet Joint", "RC-135"), ("Harbin Z-9", "Z-9"),
    ("E8C", "E-8C"), ("MIG-29", "MiG-29"), ("Kongjing-500", "KJ-500"),
])
def test_shipped_catalogue_reads_pinyin_reporting_names_and_spellings(written, type_id):
    from geo.extract.aircraft import load_catalogue
    found = load_catalogue().find(f"Two {written} aircraft flew.")
    assert [m.type.id for m in found] == [type_id]


def _catalogue(tmp_path, *rows: str) -> Path:
    return _write(tmp_path, HEADER + "".join(r + "\n" for r in rows))


@pytest.mark.parametrize("rows, expected", [
    (("B-1,B-1,,bomber,United States,x", "B 1,B-1,,bomber,United States,x"),
     r":3: id 'B 1' repeats row 'B-1' \(line 2\)"),
    (("B-1B,B-1,,bomber,United States,x",), r":2: row 'B-1B': family 'B-1' is not the id of a row"),
    (("B-52,B-52,Lancer,bomber,United States,x", "B-1B,B-1B,Lancer,bomber,United States,x"),
     r":3: row 'B-1B': alias 'Lancer' is also an alias of row 'B-52' \(line 2\)"),
    (("B-52,B-52,,bomber,United States,x", "B-52H,B-52,B 52,bomber,United States,x"),
     r":3: row 'B-52H': alias 'B 52' is the id of row 'B-52' \(line 2\)"),
    (("B-52H,B-52H,b-1b,bomber,United States,x", "B-1B,B-1B,,bomber,United States,x"),
     r":2: row 'B-52H': alias 'b-1b' is the id of row 'B-1B' \(line 3\)"),
    ((",B-1,,bomber,United States,x",), r":2: empty id"),
])
def test_catalogue_check_names_the_line_of_a_shared_or_shadowing_name(tmp_path, rows, expected):
    path = _catalogue(tmp_path, *rows)
    with pytest.raises(ConfigurationError, match=rf"^{re.escape(str(path))}{expected}"):
        AircraftCatalogue.load(path)


def test_an_alias_repeated_within_its_own_row_is_allowed(tmp_path):
    path = _catalogue(tmp_path, "F-15,F-15,F15|F 15|F-15,fighter,United States,x")
    assert AircraftCatalogue.load(path).lookup("f15").id == "F-15"


def test_a_flu_subtype_is_not_an_aircraft():
    from geo.extract.aircraft import load_catalogue
    cat = load_catalogue()
    assert cat.find("Doctors identified the disease as bird flu subtype H5.") == []
    assert cat.find("The H5 virus had been detected in nearby villages.") == []
    assert cat.find("The H5N1 strain spread.") == []
