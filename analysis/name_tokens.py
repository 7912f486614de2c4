"""The word tokens of a text for name masking, and the cue phrases that end before one."""

from __future__ import annotations

import re
from typing import NamedTuple

from analysis.name_cues import TITLES
from analysis.name_lexicon import fold

TOKEN = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
BREAK_CHARS = frozenset('.!?;:\n()"')


class Token(NamedTuple):
    start: int
    end: int
    text: str
    lower: str
    capitalised: bool
    placeholder: bool
    broken: bool  # a sentence break (. ! ? ; : newline brackets quotes) in the gap before
    comma: bool  # a comma in the gap before


def base(word: str) -> str:
    """Lower-case (accents folded) a token and strip a possessive ('s)."""
    lower = fold(word).replace("’", "'")
    return lower[:-2] if lower.endswith("'s") and len(lower) > 3 else lower


def tokenise(text: str) -> list[Token]:
    """Split text into word tokens, marking the ones that are placeholders like [NAME]."""
    tokens: list[Token] = []
    previous_end = 0
    # Lower-casing ASCII is per character, so slices of the lower-cased text are the same.
    lowered = text.lower() if text.isascii() else None
    for match in TOKEN.finditer(text):
        start, end = match.span()
        word = match.group()
        if lowered is None:
            lower = base(word)
        else:
            lower = lowered[start:end]
            if len(lower) > 3 and lower.endswith("'s"):
                lower = lower[:-2]
        gap = text[previous_end:start]
        tokens.append(
            Token(
                start,
                end,
                word,
                lower,
                word[0].isupper(),
                start > 0 and text[start - 1] == "[" and text[end : end + 1] == "]",
                gap != " " and not BREAK_CHARS.isdisjoint(gap),
                "," in gap,
            )
        )
        previous_end = end
    return tokens


def preceding(tokens: list[Token], index: int, count: int) -> tuple[str, ...] | None:
    """Return the ``count`` lower-case tokens before ``index`` if no sentence break splits them."""
    if index < count:
        return None
    first = index - count
    if any(tokens[position].broken for position in range(first + 1, index)):
        return None
    words = tuple(tokens[position].lower for position in range(first, index))
    if tokens[index].broken and not (count == 1 and words[0] in TITLES):
        return None
    return words


def ends_with(
    tokens: list[Token], index: int, cues: tuple[tuple[int, frozenset[tuple[str, ...]]], ...]
) -> bool:
    """Say whether one of the cue word sequences (grouped by length) ends just before ``index``."""
    return any(preceding(tokens, index, count) in group for count, group in cues)


def after_title(tokens: list[Token], index: int) -> bool:
    """Say whether the token before ``index`` is a title (Mr, Dr...), across any break."""
    return index > 0 and tokens[index - 1].lower in TITLES
