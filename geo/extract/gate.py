"""The relevance gate: a fast pass over an article, driven by the cue files and the catalogue, that passes every article that can hold an event.

The extractor (``geo.extract.events``) starts an occurrence only from a *candidate*: a cue of
``data/patterns/event_cues.jsonl`` matched in a sentence whose ``needs`` is met there (a term of
``cue_terms.jsonl`` within 120 characters, or an aircraft in the sentence), or an aircraft type
named beside such a cue. And a candidate starts the article's first occurrence only when its
sentence names a date (or a known birthday), or it is a flight whose sentence names an aircraft
type, or it is a specific flight, exercise or deployment in the article's lead, or it names one
occurrence the reader knows (a named exercise, "its fifth nuclear test"). Everything else
can only add to an occurrence already started. The gate asks exactly that, in two steps:

1. **Words** (every article, no sentence split): the words of the text are compared with the
   first words each cue and each needed term can begin with, read from the cue regexes
   themselves (``word_paths``) and from the catalogue's matcher. An article in which no cue can
   both match and have its ``needs`` met is refused here: most of a general news archive.
2. **Sentences** (the rest): only the sentences holding such a first word are split off and run
   through the extractor's own candidate finder (``geo.extract.candidates.find_candidates``), then through
   the rule above (dates by ``geo.extract.dates.find_dates``).

Step 1 only ever widens (a regex's look-arounds are ignored, a word is matched by its start), and
step 2 calls the extractor's code, so an article the gate refuses gives no event. The gate relies
on the first-occurrence rule of ``EventExtractor.extract_article``; ``tests/extract/test_gate.py``
probes each of its conditions, and ``bench/relevance_gate.py`` compares the events found with
and without the gate on the gold corpora.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from geo.extract.dates import find_dates
from geo.extract.candidates import AIR_GROUP, find_candidates, names_one_occurrence
from geo.extract.events import EventExtractor, default_extractor
from geo.extract.lead import in_lead
from geo.extract.reference import birthday_month_day
from geo.extract.sentences import Sentence, split_sentences

try:  # the regex parser behind ``re``; without it every cue counts as possibly present (slower, still exact)
    import re._constants as _sre
    import re._parser as _sre_parse
except ImportError:  # pragma: no cover - Python versions without re._parser
    _sre = _sre_parse = None

# A word, as the gate compares words: what ``\b`` bounds in a regex, a run of word characters ("F-15C" is
# "f" and "15c").
_WORD = re.compile(r"\w+")
_NOT_WORD = re.compile(r"\W+")
# Letters outside ASCII that ``re.IGNORECASE`` equates with an ASCII letter, and which ``str.lower`` does not
# turn into it ("İ" lowers to "i" plus a dot, the only letter whose lower case is longer; the Kelvin sign
# lowers to "k" by itself).
# tests/extract/test_gate.py checks the list is complete.
_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})  # dotted I, dotless i, long s
# Negative look-arounds and anchors: what lets a regex match a sentence and not the line around it (a
# positive look-around that holds in a sentence holds in its line).
_CONTEXTUAL = re.compile(r"\(\?<?!|(?<!\\)\$|(?<![\\\[])\^|\\[AZB]")
# More ways to match than this in one regex, and the regex counts as possibly present everywhere.
_MAX_PATHS = 20_000


def fold(text: str) -> str:
    """Text as the gate compares it, in lower case, each character where it was ("İNTERCEPTED" -> "intercepted")."""
    if "\u0130" in text or "\u0131" in text or "\u017f" in text:  # rare; the table costs more than the check
        text = text.translate(_FOLD)
    return text.lower()


def word_paths(regex) -> frozenset[str] | None:
    """The words a match of ``regex`` is made of, as phrases, one per way it can match; None when unbounded.

    The words of a text are its runs of word characters (what ``\\b`` bounds), in lower case; a
    phrase writes them with one ``" "`` for whatever else stands between two words ("F-15C" is
    ``"f 15c"``, "F15C" is ``"f15c"``). Every match of the regex begins where a word
    does and is one of the phrases: followed by something that is not a letter or digit, or, for
    a phrase ending in ``*``, by anything (its last word may go on). None means the regex may
    match where no word starts, or start with something else, or has too many ways to list.

    Examples
    --------
    >>> sorted(word_paths(re.compile(r"\\b(?:(?:test-)?fir(?:ed|es)|in-flight refuel(?:l)?ing)\\b", re.I)))
    ['fired', 'fires', 'in flight refueling', 'in flight refuelling', 'test fired', 'test fires']
    >>> sorted(word_paths(re.compile(r"\\b(?:fly\\b(?!\\s+the flag)|Hwasong[\\w-]*|F-?15C)")))
    ['f 15c*', 'f15c*', 'fly', 'hwasong*']
    >>> word_paths(re.compile(r"fly", re.I)) is None  # no word boundary: it also matches inside "butterfly"
    True
    """
    regex = getattr(regex, "flat", regex)  # a ScoutedPattern (geo.extract.trie): its flat pattern decides matches
    if _sre_parse is None or not isinstance(regex, re.Pattern):
        return None
    try:
        parsed = _sre_parse.parse(regex.pattern, regex.flags)
    except Exception:  # noqa: BLE001 - an unparsable pattern only costs the gate its shortcut
        return None
    out: set[str] = set()
    try:
        if not _Walk(out)(list(parsed), "", "", False):
            return None
    except RecursionError:
        return None
    return frozenset(out)


_STOP = ("stop", None)  # the end of what is known after an open-ended repeat


@dataclass
class _Walk:
    """Walks a parsed regex, writing down the phrase of each way it can match (see ``word_paths``).

    The state is the phrase so far (``done``, ending in ``" "`` when a word has ended and
    another may follow), the word being read, and whether a word boundary precedes the match.
    """

    out: set[str]

    def __call__(self, items: list, done: str, word: str, boundary: bool) -> bool:
        """Follow ``items`` from a state; False when some way of matching cannot be written down."""
        if len(self.out) > _MAX_PATHS:
            return False
        for i, (op, av) in enumerate(items):
            rest = items[i + 1:]
            if (op, av) == _STOP:
                return self._record(done + word, open_end=True)
            if op is _sre.AT:
                if av is _sre.AT_BOUNDARY and word:
                    done, word = done + word + " ", ""  # "\b" after a word: it ends here
                elif av is _sre.AT_BOUNDARY and not done:
                    boundary = True
                continue
            if op is _sre.ASSERT_NOT and _word_class(av[1]):
                if av[0] < 0 and not word and not done:
                    boundary = True  # "(?<!\w)": no word character before the match
                elif av[0] > 0 and word:
                    done, word = done + word + " ", ""  # "(?!\w)": none after the word
                continue
            if op in (_sre.ASSERT, _sre.ASSERT_NOT):
                continue  # a look-around only narrows the match; ignoring it widens
            if op is _sre.LITERAL:
                ch = fold(chr(av))
                if len(ch) == 1 and _WORD.fullmatch(chr(av)):
                    if not word and not done and not boundary:
                        return False  # the match may start inside a word
                    word += ch  # "F15" is two words of the text, written together as in it
                    continue
                if not word and not done:
                    return False  # the match starts with something other than a word
                done, word = self._separate(done, word)
                continue
            if op is _sre.IN and all(o is _sre.LITERAL for o, _ in av) and len(av) <= 8:
                return all(self([(_sre.LITERAL, a), *rest], done, word, boundary) for _, a in av)
            if op is _sre.IN and not _may_hold_word(av):
                if not word and not done:
                    return False
                done, word = self._separate(done, word)  # "\s", "[-\s]": the word ends here
                continue
            if op is _sre.BRANCH:
                return all(self([*alt, *rest], done, word, boundary) for alt in av[1])
            if op is _sre.SUBPATTERN:
                return self([*av[3], *rest], done, word, boundary)
            if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT):
                low, high, sub = av
                separator = len(sub) == 1 and sub[0][0] is _sre.IN and not _may_hold_word(sub[0][1])
                # A run of spaces or hyphens is one separator however long: the words after it are still known.
                once = [*sub, *(rest if high == 1 or separator else [_STOP])]
                if low == 0:
                    return self(list(rest), done, word, boundary) and self(once, done, word, boundary)
                return self(once, done, word, boundary)
            return self._record(done + word, open_end=True)  # a class with letters, a wildcard: the word may go on
        return self._record(done + word, open_end=True)  # the match may end inside a word

    @staticmethod
    def _separate(done: str, word: str) -> tuple[str, str]:
        """Something that is no letter or digit was read: the word (if any) ends, and a space stands."""
        if word:
            return done + word + " ", ""
        return done, ""

    def _record(self, phrase: str, *, open_end: bool) -> bool:
        closed = phrase.endswith(" ")
        phrase = phrase.rstrip(" ")
        if not phrase:
            return False
        self.out.add(phrase if closed or not open_end else phrase + "*")
        return True


def _word_class(body) -> bool:
    """Is a look-around body one character class holding every word character (``\\w``, ``[\\w-]``)?"""
    items = list(body)
    if len(items) != 1 or items[0][0] is not _sre.IN:
        return False
    members = items[0][1]
    return (_sre.CATEGORY, _sre.CATEGORY_WORD) in members and not any(o is _sre.NEGATE for o, _ in members)


def _may_hold_word(members) -> bool:
    """Can a character class match a word character? True unless it is only spaces and punctuation."""
    for op, av in members:
        if op is _sre.CATEGORY and av is _sre.CATEGORY_SPACE:
            continue
        if op is _sre.LITERAL and not _WORD.fullmatch(chr(av)):
            continue
        if op is _sre.RANGE and not any(_WORD.fullmatch(chr(c)) for c in range(av[0], av[1] + 1)):
            continue
        return True
    return False


@dataclass
class _Index:
    """Keys (cue ids, term labels) by the phrases their matches can be (``word_paths``), filed by their first
    word, then by their second (``""`` when there is no second word to require)."""

    exact: dict[str, dict[str, list[tuple[str, str, tuple[str, ...]]]]] = field(default_factory=dict)
    by_head: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    always: set[str] = field(default_factory=set)

    def add(self, key: str, phrases: Iterable[str] | None) -> None:
        """File ``key`` under the first word of each of its ``phrases`` (None: present in every text)."""
        if phrases is None:
            self.always.add(key)
            return
        for phrase in phrases:
            words = phrase.split(" ")
            if phrase.endswith("*"):
                words = words[:-1]  # an open last word need only start a word of the text
            if not words:
                self.by_head.setdefault(phrase[:3], []).append((phrase[:-1], key))
                continue
            others = tuple(words[1:])
            self.exact.setdefault(words[0], {}).setdefault(others[0] if others else "", []).append(
                (key, phrase, others))

    def present(self, words: set[str], text: "_Words") -> set[str]:
        """The keys one of whose phrases may be in the text: all its words among ``words``, one after the other."""
        found = set(self.always)
        for w in words & self.exact.keys():
            for second, entries in self.exact[w].items():
                if second and second not in words:
                    continue
                for key, phrase, others in entries:
                    if key not in found and (phrase == w or (words.issuperset(others) and text.holds(phrase))):
                        found.add(key)
        if self.by_head:
            heads, lengths = self.by_head, {len(h) for h in self.by_head}
            for w in words:
                for k in lengths:
                    for start, key in heads.get(w[:k], ()):
                        if key not in found and w.startswith(start):
                            found.add(key)
        return found


@dataclass
class _Words:
    """A folded text written the way ``word_paths`` writes phrases, and its set of words."""

    written: str

    @classmethod
    def of(cls, folded: str) -> "_Words":
        return cls(f" {_NOT_WORD.sub(' ', folded)} ")

    @property
    def words(self) -> set[str]:
        return set(self.written.split())

    def holds(self, phrase: str) -> bool:
        """Is ``phrase`` in the text, where a word starts, and (unless it ends in ``*``) where one ends?"""
        return (f" {phrase[:-1]}" if phrase.endswith("*") else f" {phrase} ") in self.written


class RelevanceGate:
    """Tells whether an article can hold an event, in one fast pass, from the extractor's own vocabularies.

    Parameters
    ----------
    extractor
        The extractor whose events the gate must not lose (its cues, terms, catalogue and
        ``keep_hedged`` setting); the default extractor when omitted.

    Attributes
    ----------
    checked, refused : int
        How many texts :meth:`passes` was asked about, and how many it refused.

    Examples
    --------
    >>> gate = default_gate()
    >>> gate.passes("Two B-1B bombers flew over the Korean Peninsula on Monday.")
    True
    >>> gate.passes("The city council approved a new budget for the library on Tuesday.")
    False
    """

    def __init__(self, extractor: EventExtractor | None = None):
        self.extractor = extractor or default_extractor()
        cues = self.extractor.cues
        self._cues = _Index()
        self._needs: dict[str, str] = {}
        self._patterns = {cue.id: cue.pattern for cue in cues.cues}
        # A cue regex that matches in a sentence matches in the sentence's line, unless it looks around or
        # anchors (it could see past the sentence's end there): such regexes skip the line test below.
        self._line_safe = {cue.id: not _CONTEXTUAL.search(cue.pattern.pattern) for cue in cues.cues}
        for cue in cues.cues:
            self._cues.add(cue.id, word_paths(cue.pattern))
            # A cue that only points back ("the incident") makes a flight only beside a named aircraft type.
            self._needs[cue.id] = "aircraft" if cue.refers_back else cue.needs
        self._terms = _Index()
        for label, regex in cues.terms.items():
            self._terms.add(label, word_paths(regex))
        self._aircraft = _Index()  # the catalogue's own matcher, read the same way as the cues
        self._aircraft.add("aircraft", word_paths(self.extractor.catalogue._pattern))
        self.checked = 0
        self.refused = 0

    def passes(self, text: str) -> bool:
        """Can ``text`` hold an event? False means the extractor finds none in it."""
        self.checked += 1
        ok = self._passes(text)
        self.refused += not ok
        return ok

    def _passes(self, text: str) -> bool:
        folded = fold(text)
        every = _Words.of(folded)
        words = every.words
        cues = self._cues.present(words, every)
        if not cues:
            return False
        needs = {self._needs.get(c, "") for c in cues}
        terms = self._terms.present(words, every) if needs - {""} else set()
        # The catalogue is the largest index: asked only when a cue needs an aircraft and no generic word is one.
        aircraft = "airframe" in terms or (bool(needs & {"aircraft", "military"}) and
                                           bool(self._aircraft.present(words, every)))
        possible = {c for c in cues if self._may_meet(self._needs.get(c, ""), terms, aircraft)}
        if not possible:
            return False
        patterns = [self._patterns[c] for c in possible]
        line_test = all(self._line_safe[c] for c in possible)
        # geo.extract.reference finds a birthday only in "birthday of ...", "birth anniversary of ..." or
        # "X's birthday": never without the letters "birth".
        article = _Article(text, "birth" in folded)
        offset = 0
        for line in text.split("\n"):
            start, offset = offset, offset + len(line) + 1
            # The extractor's own test first, on the whole line (a match in a sentence is one in its line).
            if line_test and not any(p.search(line) for p in patterns):
                continue
            for sent in split_sentences(line):
                if not any(p.search(sent.text) for p in patterns):
                    continue  # a candidate needs a cue that matches its sentence's own text
                sent = Sentence(start + sent.start, start + sent.end, sent.text, sent.paragraph, sent.index)
                if self._starts_occurrence(article, sent):
                    return True
        return False

    @staticmethod
    def _may_meet(needs: str, terms: set[str], aircraft: bool) -> bool:
        """Could a cue's ``needs`` be met somewhere, given the terms and aircraft words the text may hold?"""
        if needs == "":
            return True
        if needs == "aircraft":
            return aircraft
        if needs == "military":
            return "military" in terms or aircraft
        return needs in terms

    def _starts_occurrence(self, article: "_Article", sent: Sentence) -> bool:
        """Can a candidate of ``sent`` start an article's first occurrence (``extract_article``'s rule)?"""
        ex = self.extractor
        aircraft = ex.catalogue.find(sent.text, sent.start)
        candidates = [c for c in find_candidates(ex.cues, sent, aircraft, keep_hedged=ex.keep_hedged) if not c.attach_only]
        if not candidates:
            return False
        dated = bool(find_dates(sent.text, sent.start)) or article.birthday_in(sent)
        for cand in candidates:
            if dated and not cand.unspecific:
                return True  # a dated (or "unplaced day") occurrence
            if cand.kind == "flight" and aircraft:
                return True  # a flight of a named type
            if cand.kind in AIR_GROUP and not cand.unspecific and article.in_lead(sent):
                return True  # the main air event, told undated in the lead
            if names_one_occurrence(sent, cand):
                return True  # a named exercise, or a test told as one the reader knows, undated
        return False


@dataclass
class _Article:
    """What the second step needs of the whole text, computed at most once and only when asked."""

    text: str
    may_name_birthday: bool = True  # False when the text lacks the letters every birthday phrase holds
    _sentences: list[Sentence] | None = None
    _birthdays: list[tuple[int, int, int, int]] | None = None

    def birthday_in(self, sent: Sentence) -> bool:
        if not self.may_name_birthday:
            return False
        if self._birthdays is None:
            self._birthdays = birthday_month_day(self.text)
        return any(sent.start <= s < sent.end for s, _, _, _ in self._birthdays)

    def in_lead(self, sent: Sentence) -> bool:
        if self._sentences is None:
            self._sentences = split_sentences(self.text)
        full = next((s for s in self._sentences if s.start == sent.start), None)
        return full is None or in_lead(full, self._sentences)


@lru_cache(maxsize=2)
def default_gate(keep_hedged: bool = False) -> RelevanceGate:
    """The gate of the default extractor (or of one keeping hedged events), built once per process."""
    return RelevanceGate(default_extractor() if not keep_hedged else EventExtractor(keep_hedged=True))


__all__ = ["RelevanceGate", "default_gate", "word_paths", "fold"]
