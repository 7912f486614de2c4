"""What name masking knows of words: English words, listed first names and everyday words."""

from __future__ import annotations

import functools
import importlib.util
import unicodedata
from pathlib import Path

from analysis.name_words import COMMON_WORDS, PROTECTED_WORDS

NAMES_PATH = Path(__file__).resolve().parent.parent / "data" / "names.txt"


def fold(word: str) -> str:
    """Lower-case without accents: Siobhán -> siobhan, Seán -> sean."""
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@functools.cache
def dictionary_words() -> frozenset[str]:
    """English words from TextBlob's spelling list and tagger lexicon (read as files, nothing imported)."""
    spec = importlib.util.find_spec("textblob")
    if spec is None or not spec.submodule_search_locations:
        return frozenset()
    folder = Path(next(iter(spec.submodule_search_locations))) / "en"
    words: set[str] = set()
    try:
        spelling = (folder / "en-spelling.txt").read_text(encoding="utf-8").splitlines()
        lexicon = (folder / "en-lexicon.txt").read_text(encoding="utf-8").splitlines()
    except OSError:
        return frozenset()
    words.update(line.split()[0].lower() for line in spelling if line and not line.startswith(";"))
    # Brill's tagger lexicon (94,000 forms): every word except those tagged only as proper nouns.
    for line in lexicon:
        parts = line.split()
        if len(parts) >= 2 and not line.startswith(";") and any(not t.startswith("NNP") for t in parts[1:]):
            words.add(parts[0].lower())
    return frozenset(words)


@functools.cache
def load_names(path: Path = NAMES_PATH) -> frozenset[str]:
    """Return the lower-case first names listed in ``data/names.txt`` (``#`` lines skipped)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return frozenset()
    return frozenset(fold(line.strip()) for line in lines if line.strip() and not line.startswith("#"))


def load_lexicons() -> None:
    """Read the word and name lists now (about half a second, once per process), not at a first save."""
    dictionary_words()
    load_names()


def known_word(lower: str) -> bool:
    """Say whether a lower-case word, or its stem without -s/-es/-ed/-d/-ing/-ly, is English."""
    words = dictionary_words()
    if lower in words:
        return True
    stems = [lower[:-1], lower[:-2], lower[:-3], lower[:-3] + "e", lower[:-2] + "e"]
    endings = ("s", "es", "ed", "d", "ing", "ly", "er", "ers")
    return any(lower.endswith(end) for end in endings) and any(len(s) > 2 and s in words for s in stems)


def plain_word_text(lower: str, text: str) -> bool:
    """Say whether a word (lower-case base form, as written) is an everyday word or place."""
    return (
        lower in COMMON_WORDS
        or lower in PROTECTED_WORDS
        or any(part in PROTECTED_WORDS for part in lower.split("-"))
        or len(text) < 2
    )
