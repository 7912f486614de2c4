"""Literal anchors a regex needs, so cheap word and substring checks can skip it safely.

Every rule regex (safeguarding, codebook phrases) is searched in every comment, though most
comments can match only a few. ``regex_anchors`` reads a pattern and finds a set of anchors
of which at least one must be in any text the pattern matches: a word start (``"home"``: some
word begins with these 1-4 characters) or a substring (``" lift"``).
``analysis.anchor_index.AnchorIndex`` checks the anchors of many patterns against one text.

The check is exact, never a guess: a pattern it rules out cannot match. Texts holding a
character that case-insensitive matching treats as an ASCII letter (Turkish dotted and
dotless i, long s, the Kelvin sign) rule nothing out. Patterns with no usable anchor are
always run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

try:  # the regex parser is private: re._parser from Python 3.11, sre_parse before
    from re import _constants as sre_constants  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_constants  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

_START_KEY = 4
_MAX_SUBSTRING = 4
_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")
# Starts of very common words: poor anchors, used only when nothing better is found.
_COMMON_TEXT = """
a i an as at be by do go he if in is it me my no of on or so to up we all and are but can
did for get got had has her him his not our out she the was wit you been from have just like
more some that them then ther they thin this time very want were what when will with your
"""
_COMMON_STARTS = frozenset(_COMMON_TEXT.split())
_CASELESS_SYMBOLS = frozenset("£€")  # non-ASCII characters that match only themselves
_ZERO_WIDTH = (sre_constants.ASSERT, sre_constants.ASSERT_NOT)
_SPACE_CATEGORIES = (sre_constants.CATEGORY_SPACE, sre_constants.CATEGORY_UNI_SPACE)
_WORD_START_AT = (sre_constants.AT_BOUNDARY, sre_constants.AT_BEGINNING, sre_constants.AT_BEGINNING_STRING)
_REPEATS = tuple(
    getattr(sre_constants, name)
    for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")
    if hasattr(sre_constants, name)
)
_GROUPS = tuple(
    getattr(sre_constants, name) for name in ("SUBPATTERN", "ATOMIC_GROUP") if hasattr(sre_constants, name)
)
_GROUP_REFS = (sre_constants.GROUPREF, sre_constants.GROUPREF_EXISTS, sre_constants.GROUPREF_IGNORE)


@dataclass(frozen=True)
class Anchors:
    """Anchors of one pattern: it can match only if one word start or one substring occurs."""

    starts: frozenset[str] = frozenset()
    substrings: frozenset[str] = frozenset()

    def __or__(self, other: Anchors) -> Anchors:
        """Either set of anchors (for alternatives)."""
        return Anchors(self.starts | other.starts, self.substrings | other.substrings)

    def score(self) -> float:
        """How selective the anchors are: the shortest one counts, word starts count extra."""
        lengths = [len(key) + (-0.5 if key in _COMMON_STARTS else 1.5) for key in self.starts]
        lengths += [min(len(text), _MAX_SUBSTRING) - 0.5 for text in self.substrings]  # slower to check
        return min(lengths) - 0.01 * len(lengths) if lengths else float("-inf")


def _sequence(value: object) -> list:
    """The items of a parsed sub-pattern as a list of (op, argument) pairs."""
    return list(value.data) if hasattr(value, "data") else list(value)


def _child_sequences(op: object, av: object) -> list[list] | None:
    """Sub-sequences of a node, one of which every match of the node goes through, or None."""
    if op is sre_constants.SUBPATTERN:
        return [_sequence(av[-1])]
    if op in _GROUPS:
        return [_sequence(av)]
    if op in _REPEATS and av[0] >= 1:
        return [_sequence(av[2])]
    if op is sre_constants.BRANCH:
        return [_sequence(branch) for branch in av[1]]
    return None


def _plain_char(op: object, av: object) -> str | None:
    """The lower-case character a node matches literally, if case folding is safe for it."""
    if op is not sre_constants.LITERAL:
        return None
    char = chr(av)
    if av < 128:
        return char.lower()
    return char if char in _CASELESS_SYMBOLS else None


def _union(options: Iterable[Anchors | None]) -> Anchors | None:
    """Anchors of alternatives: all of them, or None if one alternative has none."""
    result = Anchors()
    for option in options:
        if option is None:
            return None
        result = result | option
    return result


def _consumes_non_word(op: object, av: object) -> bool:
    """Say whether a node always ends by consuming a non-word character ([\\s-]+, a space)."""
    if op is sre_constants.LITERAL:
        return av < 128 and chr(av).lower() not in _WORD_CHARS
    if op is sre_constants.IN:
        return all(_non_word_class_item(item_op, item_av) for item_op, item_av in av)
    if op in _REPEATS and av[0] >= 1:
        items = _sequence(av[2])
        return bool(items) and _consumes_non_word(*items[-1])
    return False


def _non_word_class_item(op: object, av: object) -> bool:
    """Say whether one member of a character class matches only non-word characters."""
    if op is sre_constants.LITERAL:
        return av < 128 and chr(av).lower() not in _WORD_CHARS
    return op is sre_constants.CATEGORY and av in _SPACE_CATEGORIES


def _run_options(run: str, at_word_start: bool) -> list[Anchors]:
    """Anchors of a literal run: the run as a substring, or its longest word as a word start."""
    options = [Anchors(substrings=frozenset({run}))]
    words = []
    for position, char in enumerate(run):
        starts_word = at_word_start if position == 0 else run[position - 1] not in _WORD_CHARS
        if char in _WORD_CHARS and starts_word:
            end = position
            while end < len(run) and run[end] in _WORD_CHARS:
                end += 1
            words.append(run[position:end])
    if words:
        options.append(Anchors(starts=frozenset({max(words, key=len)[:_START_KEY]})))
    return options


def _best(items: list, word_start: bool, lead: str = "", lead_at_word_start: bool = False) -> Anchors | None:
    """The most selective anchors a sequence needs, or None if it needs none we can check.

    Args:
        items: The parsed sequence.
        word_start: The sequence is known to begin at the start of a word.
        lead: Literal text that always comes just before the sequence (the parser moves
            the common start of alternatives, "s" of "suicide|self", out in front).
        lead_at_word_start: ``lead`` begins at the start of a word.
    """
    options: list[Anchors | None] = []
    run, run_at_word_start, boundary = lead, lead_at_word_start, word_start
    for op, av in [*items, (None, None)]:
        char = _plain_char(op, av) if op is not None else None
        if char is not None:
            if not run:
                run_at_word_start = boundary
            run += char
            boundary = char not in _WORD_CHARS and char.isascii()
            continue
        before, before_at_word_start = run, run_at_word_start
        if run:
            options.extend(_run_options(run, run_at_word_start))
            run = ""
        if op is None:
            break
        children = _child_sequences(op, av)
        if children:
            options.append(_union(_best(child, boundary, before, before_at_word_start) for child in children))
        if op is sre_constants.AT:
            boundary = av in _WORD_START_AT or (boundary and av is not sre_constants.AT_NON_BOUNDARY)
        elif op not in _ZERO_WIDTH:
            boundary = _consumes_non_word(op, av)
    usable = [option for option in options if option is not None]
    return max(usable, key=Anchors.score) if usable else None


def regex_anchors(pattern: str, *, word_start: bool = False) -> Anchors | None:
    """Return anchors one of which any match of ``pattern`` (case-insensitive) must contain.

    Args:
        pattern: The regular expression.
        word_start: True if every match is known to begin at the start of a word (the
            pattern is used after ``(?<!\\w)``).

    Returns:
        The anchors, or None if the pattern has none we can check (then always run it).
    """
    try:
        parsed = sre_parse.parse(pattern, re.IGNORECASE)
    except (re.error, RecursionError, TypeError, ValueError):
        return None
    return _best(_sequence(parsed), word_start)


def has_group_references(pattern: str) -> bool:
    """Say whether a pattern refers back to a group (so it depends on group numbering)."""
    try:
        parsed = sre_parse.parse(pattern, re.IGNORECASE)
    except (re.error, RecursionError, TypeError, ValueError):
        return True
    stack = [_sequence(parsed)]
    while stack:
        for op, av in stack.pop():
            if op in _GROUP_REFS:
                return True
            stack.extend(_child_sequences(op, av) or [])
            if op in _REPEATS and av[0] == 0:
                stack.append(_sequence(av[2]))
            if op in _ZERO_WIDTH:
                stack.append(_sequence(av[1]))
    return False
