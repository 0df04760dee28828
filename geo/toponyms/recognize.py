"""Finds place-name spans in a parsed text: spaCy NER combined with a matcher over the curated gazetteer."""
from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc

from geo.gazetteer import Gazetteer, normalize_name
from geo.resolve.query import NameQuery as Mention
from geo.toponyms.nlp import common_words

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_MAX_TOKENS = 7

# Single words that name first-level regions somewhere ("Central", "Northern", "Capital") but in
# English text are ordinary words: they only count inside a longer name or when NER says "place".
_GENERIC = frozenset(
    "central northern southern eastern western north south east west capital centre center coast coastal lakes "
    "upper lower river islands island plateau sud nord est ouest littoral national federal district valley "
    "highlands mountain mountains city interior border delta sea lake greater metropolitan region province state "
    "states southwest southeast northwest northeast midlands borders harbour harbor bay gulf ocean atlantic pacific "
    "east-central north-central south-central west-central union independence liberty unity progress peace "
    "victory hope enterprise freedom".split())

# Feature words that, after "the", point back at a place named earlier ("the peninsula" -> Korean Peninsula).
_ANAPHORA = frozenset({"peninsula", "strait", "straits", "sea", "gulf", "island", "islands", "base", "channel",
                       "archipelago", "atoll", "bay"})

_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")


class CuratedMatcher:
    """Longest-match lookup of curated names (military, countries, regions, continents) over tokens.

    Names are compared through :func:`normalize_name` on concatenated tokens, so "Korean
    peninsula", "Korean Peninsula" and "U.S." match whatever the tokenizer did with them.
    """

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.keys: dict[str, list[str]] = {}
        self.forms: dict[str, set[str]] = {}  # key -> written forms (to check capitalisation)
        self.first: set[str] = set()  # normalised first tokens, to skip most positions fast
        for e in gazetteer.curated_entries():
            for name in gazetteer.names_of(e.id):
                key = normalize_name(name)
                if len(key) < 2:
                    continue
                self.keys.setdefault(key, []).append(e.id)
                self.forms.setdefault(key, set()).add(name)
                toks = [t for t in re.split(r"[\s\-]+", name) if normalize_name(t)]
                if toks:
                    first = normalize_name(toks[0])
                    if first == "the" and len(toks) > 1:
                        first = normalize_name(toks[1])
                    self.first.add(first)
        self.abbrevs = gazetteer.abbrevs

    def _acceptable(self, key: str, text: str, ids: list[str]) -> bool:
        """Capitalisation rules: "US" but not "us"; "Korean peninsula" yes; "georgia" no."""
        forms = self.forms.get(key, ())
        words = text.split()
        if not words:
            return False
        if not words[0][:1].isupper():
            # Lower case only where the curated table lists a lower-case form ("demilitarized zone").
            return any(f[:1].islower() for f in forms)
        for f in forms:
            if f.isupper() and len(normalize_name(f)) <= 4:
                if text.replace(".", "").isupper():
                    return True
                continue
            return True
        return False

    def match(self, doc: Doc) -> list[Mention]:
        """Every longest curated-name match in ``doc``, left to right, non-overlapping."""
        out: list[Mention] = []
        norm = [normalize_name(t.text) for t in doc]
        i, n = 0, len(doc)
        while i < n:
            if not norm[i] or norm[i] not in self.first and norm[i] not in self.abbrevs:
                i += 1
                continue
            best = None
            key = ""
            for j in range(i, min(n, i + _MAX_TOKENS)):
                key += norm[j]
                if not norm[j] and j > i and doc[j].text not in (".", "-", ","):
                    break
                # "Washington state": a lower-case qualifier is not part of the name.
                if key in self.keys and norm[j] and not (j > i and doc[j].text in _GENERIC_TAIL):
                    span = doc[i:j + 1]
                    if self._acceptable(key, span.text, self.keys[key]):
                        best = (j, key)
            if best is not None:
                j, key = best
                span = doc[i:j + 1]
                out.append(Mention(span.start_char, span.end_char, span.text, key, curated=list(self.keys[key])))
                i = j + 1
                continue
            # A region abbreviation right after "Place," ("Whiteman Air Force Base, Mo."), or on its
            # own when unmistakable as one ("NSW", "B.C."): the resolver then wants its country nearby.
            tok = doc[i]
            if norm[i] in self.abbrevs and tok.text in self.gazetteer.abbrev_forms.get(norm[i], ()):
                after_comma = i >= 2 and doc[i - 1].text == "," and doc[i - 2].text[:1].isupper()
                distinctive = (len(norm[i]) >= 3 and tok.text.isupper()) or tok.text.count(".") >= 2
                if after_comma or distinctive:
                    out.append(Mention(tok.idx, tok.idx + len(tok.text), tok.text, norm[i],
                                       curated=list(self.abbrevs[norm[i]]), abbrev=True, weak=not after_comma))
            i += 1
        return out


_GENERIC_TAIL = frozenset({"state", "province", "region", "district", "county", "city", "prefecture", "area",
                           "governorate", "territory", "island", "islands"})


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop a leading "the", a trailing possessive and a lower-case "state"/"province" ("Washington state")."""
    while start < end and doc[start].lower_ in ("the", "'s", "’s"):
        start += 1
    while end - 1 > start and (doc[end - 1].text in ("'s", "’s", "'", "’", ".", ",")
                               or (doc[end - 1].text in _GENERIC_TAIL)):
        end -= 1
    return start, end


def recognize(doc: Doc, gazetteer: Gazetteer, matcher: CuratedMatcher) -> list[Mention]:
    """Candidate place-name mentions of a parsed text, non-overlapping and in text order.

    Parameters
    ----------
    doc : spacy.tokens.Doc
        The text parsed by :func:`geo.toponyms.nlp.load_nlp`.
    gazetteer : Gazetteer
    matcher : CuratedMatcher

    Returns
    -------
    list of Mention
    """
    demonyms = gazetteer.demonyms
    # Country and region names inside organisation names count ("the U.S. Centers for Disease
    # Control" names the U.S.); inside a person's name they do not ("Jordan Peterson").
    persons = [(e.start_char, e.end_char, e.label_) for e in doc.ents if e.label_ in ("PERSON", "NORP")]
    cands: list[Mention] = []
    for ent in doc.ents:
        if ent.label_ == "NORP":
            # The small model calls some cities NORP ("destruction of Aleppo"); a NORP that is no
            # demonym but a known place name is proposed like a city NER missed.
            key = normalize_name(ent.text)
            if key and key not in demonyms and key in gazetteer.city_keys() and _is_name_token(ent[0]):
                cands.append(Mention(ent.start_char, ent.end_char, ent.text, key, label="NORP", cityish=True))
            continue
        if ent.label_ not in PLACE_LABELS:
            continue
        s, e = _trim(doc, ent.start, ent.end)
        if s >= e:
            continue
        span = doc[s:e]
        text = _POSSESSIVE.sub("", span.text) if span.text.endswith(("'s", "’s")) else span.text
        key = normalize_name(text)
        if not key:
            continue
        # Buildings and roads ("White House", "Church Street") are places only when curated
        # (bases, test sites); a same-named town is not what the text means.
        if ent.label_ == "FAC" and key not in matcher.keys:
            continue
        cands.append(Mention(span.start_char, span.start_char + len(text), text, key, label=ent.label_))
    for m in matcher.match(doc):
        # A curated name inside a longer person or organisation name ("Jordan Peterson",
        # "Bank of America") is part of that name, unless it is the whole entity ("DMZ" as ORG).
        inside = [(a, b, lab) for a, b, lab in persons if a <= m.start and m.end <= b]
        if inside and any((b - a) > (m.end - m.start) for a, b, _ in inside):
            continue
        if inside and not m.abbrev:
            entries = [gazetteer.get(i) for i in m.curated]
            if not any(x is not None and x.source in ("country", "military") for x in entries):
                continue
        cands.append(m)
    cands += _city_names(doc, gazetteer, cands)
    # Keep, at each place in the text, the candidate the gazetteer knows, then the longer one.
    def rank(m: Mention) -> tuple:
        known = bool(m.curated) or gazetteer.has_key(m.key)
        return (not known, -(m.end - m.start), 0 if m.curated else 1)
    cands.sort(key=rank)
    chosen: list[Mention] = []
    for m in cands:
        if any(m.start < c.end and c.start < m.end for c in chosen):
            # merge labels: a curated match that equals an NER span keeps the NER label
            for c in chosen:
                if c.start == m.start and c.end == m.end:
                    c.label = c.label or m.label
                    c.curated = c.curated or m.curated
            continue
        chosen.append(m)
    chosen.sort(key=lambda m: m.start)
    out = []
    text = doc.text
    eponyms = {m.key for m in chosen if _EPONYM_NEXT.match(text, m.end)}
    for m in chosen:
        if m.key in demonyms and not (m.curated and any(
                (gazetteer.get(i) or None) and gazetteer.get(i).source != "admin1" for i in m.curated)):
            continue
        if _not_a_place(m, text, eponyms):
            continue
        out.append(m)
    out = [m for m in _propagate(out, doc, gazetteer) if not _not_a_place(m, text, eponyms)]
    out = _anaphora(out, text, gazetteer)
    _add_hints(out, gazetteer, doc.text)
    return out


_FEATURE_REF = re.compile(r"\b[Tt]he\s+(" + "|".join(sorted(_ANAPHORA)) + r")\b")
_COMPASS_REF = re.compile(r"\b[Tt]he\s+(North|South)\b(?!\s+(?:of\b|[A-Z]))")


def _anaphora(mentions: list[Mention], text: str, gazetteer: Gazetteer) -> list[Mention]:
    """Short references back to a place named earlier: "the peninsula", "the North's Jagang province".

    "the <feature>" points to the closest earlier mention whose curated name contains that
    feature word (Korean Peninsula); "the North"/"the South" to an earlier country called
    "North ..."/"South ..." (North Korea). Without such an antecedent nothing is added.
    """
    taken = [(m.start, m.end) for m in mentions]
    added: list[Mention] = []

    def antecedent(pos: int, test) -> Mention | None:
        # The closest earlier mention, else (headlines, "the North's ..." leads) the first later one.
        earlier = [m for m in mentions if m.end <= pos][::-1]
        later = [m for m in mentions if m.start >= pos]
        for m in earlier + later:
            names = [e.name for e in (gazetteer.get(i) for i in m.curated) if e is not None]
            if any(test(n) for n in names):
                return m
        return None

    for rx, test_of in ((_FEATURE_REF, lambda w: (lambda n: w.lower() in n.lower().split()[-1:]
                                                  or w.lower() + "s" in n.lower().split()[-1:])),
                        (_COMPASS_REF, lambda w: (lambda n: n.startswith(w + " ")))):
        for hit in rx.finditer(text):
            a, b = hit.span(1)
            if any(a < e and s < b for s, e in taken):
                continue
            ante = antecedent(a, test_of(hit.group(1)))
            if ante is None:
                continue
            ids = [i for i in ante.curated if (e := gazetteer.get(i)) is not None and test_of(hit.group(1))(e.name)]
            added.append(Mention(a, b, text[a:b], normalize_name(gazetteer.get(ids[0]).name), curated=ids,
                                 anaphor=hit.group(1).lower()))
            taken.append((a, b))
    return sorted(mentions + added, key=lambda m: m.start) if added else mentions


def _propagate(mentions: list[Mention], doc: Doc, gazetteer: Gazetteer) -> list[Mention]:
    """One sense per text: a name taken as a place once is a place wherever else it is written.

    NER is inconsistent within a text ("Winnipeg" is a place in one sentence, part of an
    organisation in the next); repeating a confident reading recovers the other occurrences.
    Occurrences inside a longer person's name stay out.
    """
    text = doc.text
    sure = {}
    for m in mentions:
        if not (m.weak or m.cityish or m.abbrev) and len(m.text) > 2 and (m.curated or gazetteer.has_key(m.key)):
            sure.setdefault(m.text, m)
    if not sure:
        return mentions
    persons = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "PERSON" and len(e) > 1]
    taken = [(m.start, m.end) for m in mentions]
    added = []
    for name, proto in sure.items():
        for hit in re.finditer(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", text):
            a, b = hit.span()
            if any(a < e and s < b for s, e in taken) or any(s <= a and b <= e for s, e in persons):
                continue
            added.append(Mention(a, b, name, proto.key, label=proto.label, curated=list(proto.curated)))
            taken.append((a, b))
    return sorted(mentions + added, key=lambda m: m.start) if added else mentions


_BLOCKING = frozenset({"PERSON", "NORP", "EVENT", "WORK_OF_ART", "PRODUCT", "LAW", "LANGUAGE", "DATE", "TIME",
                       "MONEY", "PERCENT", "QUANTITY", "ORDINAL", "CARDINAL"})
_SENTENCE_END = frozenset({".", "!", "?", ":", ";", "\"", "“", "”", "—", "-", "(", "'", "‘", "’"})


def _is_name_token(tok) -> bool:
    t = tok.text
    return len(t) > 1 and t[0].isupper() and (t.istitle() or t.isupper()) and t.replace("-", "").replace(
        "'", "").isalpha()


def _city_names(doc: Doc, gazetteer: Gazetteer, taken: list[Mention]) -> list[Mention]:
    """Capitalised names NER missed that match GeoNames cities ("Don't forget Aleppo!", "Winnipeg police").

    Only proposals: the resolver keeps one when the city is big, or lies in a country the text
    names. Tokens inside names of people, works, events or quantities are skipped, and so is
    any word that also occurs in a person's name in the same text ("Harden" the surname).
    """
    blocked = [False] * len(doc)
    org_inner = [False] * len(doc)  # inside an organisation name, not at its start ("Georgetown University")
    person_words: set[str] = set()
    for e in doc.ents:
        if e.label_ in _BLOCKING:
            for i in range(e.start, e.end):
                blocked[i] = True
        if e.label_ == "PERSON":
            person_words.update(t.lower_ for t in e)
        if e.label_ == "ORG":
            for i in range(e.start + 1, e.end):
                org_inner[i] = True
    tagged = doc.has_annotation("TAG")
    common = common_words()
    for m in taken:
        for tok in doc.char_span(m.start, m.end, alignment_mode="expand") or ():
            blocked[tok.i] = True
    cities = gazetteer.city_keys()
    out: list[Mention] = []
    i, n = 0, len(doc)
    while i < n:
        if blocked[i] or not _is_name_token(doc[i]):
            i += 1
            continue
        best = None
        key = ""
        for j in range(i, min(n, i + 3)):
            if blocked[j] or org_inner[j] or not _is_name_token(doc[j]) or (j > i and doc[j - 1].whitespace_ == ""):
                break
            if tagged and doc[j].tag_ not in ("NNP", "NNPS"):
                break
            key += normalize_name(doc[j].text)
            if key in cities:
                best = (j, key)
        if best is None:
            i += 1
            continue
        j, key = best
        span = doc[i:j + 1]
        words = {t.lower_ for t in span}
        if not (words & person_words) and not (len(span) == 1 and (span.text.lower() in STOP_WORDS
                                                                   or span.text.lower() in _GENERIC)):
            prev = doc[i - 1] if i > 0 else None
            initial = prev is None or prev.text in _SENTENCE_END or "\n" in prev.text_with_ws or prev.is_space
            # A capitalised adjective or verb ("Superior", "Split") needs the big-city evidence.
            weakword = len(span) == 1 and span.text.lower() in common
            out.append(Mention(span.start_char, span.end_char, span.text, key, cityish=True,
                               sentence_initial=initial or weakword))
        i = j + 1
    return out


_EPONYM_NEXT = re.compile(r"\s*(?:-\s*)?(?:virus|viruses|fever|flu|influenza|disease|vaccine|strain|encephalitis|"
                         r"syndrome|[a-z]*virus)\b")


def _not_a_place(m: Mention, text: str, eponyms: set[str]) -> bool:
    """Spans that look like places but are not: "US$", "West Nile virus", a capitalised "No"."""
    word = m.text.lower()
    if not m.text[:1].isupper():  # "swan", "colonies": NER noise; place names are capitalised
        return True
    if not m.curated and any(c.isdigit() for c in m.text):  # "H5N1", "Interstate 64"
        return True
    if " " not in m.text and not m.text.isupper() and (word in STOP_WORDS or word in _GENERIC):
        return True
    if "$" in m.text or text[m.end:m.end + 1] == "$":  # currencies: US$, NZ$, A$
        return True
    # Diseases named after places ("West Nile virus", "Ebola fever", "Reston ebolavirus"): once a
    # text says "Ebola virus", its bare "Ebola" is the disease too.
    return m.key in eponyms


def _add_hints(mentions: list[Mention], gazetteer: Gazetteer, text: str) -> None:
    """Mark "X, Y" pairs where Y is a country or region qualifying X ("Okinawa, Japan", "Whiteman AFB, Mo.")."""
    for k in range(1, len(mentions)):
        a, b = mentions[k - 1], mentions[k]
        if text[a.end:b.start].strip() != ",":
            continue
        if b.key in gazetteer.abbrevs or any(e.source in ("country", "admin1")
                                             for e in gazetteer.lookup_key(b.key)[:3]):
            b.hint_for = k - 1
