"""Check the anchors of many regexes against one text at once (see ``analysis.anchors``).

The check is exact, never a guess: a pattern it rules out cannot match. Texts holding a
character that case-insensitive matching treats as an ASCII letter (Turkish dotted and
dotless i, long s, the Kelvin sign) rule nothing out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import chain

from analysis.anchors import Anchors

_WORD_PREFIXES = re.compile(r"(?<!\w)((((\w)\w?)\w?)\w?)")  # 4- to 1-character word starts
# A non-ASCII character that re.IGNORECASE matches with an ASCII letter, digit or underscore.
_ASCII_LOOKALIKE = re.compile(r"(?i)(?!(?-i:[\x00-\x7f]))[a-z0-9_]")

_last_keys: tuple[str, tuple[frozenset[str], str] | None] = ("", (frozenset(), ""))


def _text_keys(text: str) -> tuple[frozenset[str], str] | None:
    """The word starts (1-4 characters) and lower-cased form of a text; None if unsafe.

    The last answer is kept, as the same comment is checked by several indexes in a row.
    """
    global _last_keys
    last_text, last_keys = _last_keys
    if text is last_text or text == last_text:
        return last_keys
    if not text.isascii() and _ASCII_LOOKALIKE.search(text):
        keys = None
    else:
        # Lower-casing keeps word characters word characters (once the lookalikes are out).
        lowered = text.lower()
        keys = (frozenset(chain.from_iterable(_WORD_PREFIXES.findall(lowered))), lowered)
    _last_keys = (text, keys)
    return keys


class AnchorIndex:
    """Anchors of many patterns, checked against one text in one pass."""

    def __init__(self, anchors: Sequence[Anchors | None]) -> None:
        """Index the anchors of patterns 0..n-1 (None: that pattern is always possible)."""
        self.size = len(anchors)
        self.always = frozenset(index for index, anchor in enumerate(anchors) if anchor is None)
        by_start: dict[str, set[int]] = {}
        by_substring: dict[str, set[int]] = {}
        for index, anchor in enumerate(anchors):
            if anchor is None:
                continue
            for key in anchor.starts:
                by_start.setdefault(key, set()).add(index)
            for text in anchor.substrings:
                by_substring.setdefault(text, set()).add(index)
        self.by_start = {key: frozenset(value) for key, value in by_start.items()}
        self.start_keys = frozenset(self.by_start)
        self.by_substring = tuple((key, frozenset(value)) for key, value in by_substring.items())

    def possible(self, text: str) -> set[int] | None:
        """Return the indexes of the patterns that could match ``text``; None means all could."""
        keys = _text_keys(text)
        if keys is None:
            return None
        prefixes, lowered = keys
        found = set(self.always)
        for key in prefixes & self.start_keys:
            found |= self.by_start[key]
        for key, hits in self.by_substring:
            if key in lowered:
                found |= hits
        return found
