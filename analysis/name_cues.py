"""Cue words around a name: titles, "my name is", "thanks to", "me and", "stevie says"."""

from __future__ import annotations

import re

# Words before a lower-case name ("me and jonno", "wi shug") and after one ("stevie says").
_NICK_BEFORE = frozenset({("me", "and"), ("me", "an"), ("me", "n"), ("with",), ("wi",), ("wae",)})
NICK_AFTER = frozenset({"says", "said", "told", "texted", "phoned", "came", "and"})
NICK_PERSON_AFTER_AND = frozenset({"me", "i", "masel", "myself"})
SURNAME_PREFIX = re.compile(r"^(?:Ma?c[A-Z][a-z]{2,}|O['’][A-Z][a-z]{2,})$")


def _by_length(cues: tuple[tuple[str, ...], ...]) -> tuple[tuple[int, frozenset[tuple[str, ...]]], ...]:
    """Group cue word sequences by length, so each length is looked up once."""
    lengths = sorted({len(cue) for cue in cues})
    return tuple((n, frozenset(cue for cue in cues if len(cue) == n)) for n in lengths)


DETERMINERS = frozenset({"my", "ma", "mah", "our", "her", "his", "their", "wir"})
TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sheriff", "pc", "sgt", "sergeant"})
_NAME_IS = (
    ("my", "name", "is"),
    ("my", "name's"),
    ("my", "names"),
    ("name", "is"),
    ("called",),
    ("named",),
    ("signed",),
    ("call", "me"),
    ("known", "as"),
)
_I_AM = (("i'm",), ("i", "am"), ("im",), ("i’m",), ("it's",), ("this", "is"))
_CONTACT = (
    ("thanks",),
    ("thanks", "to"),
    ("especially",),
    ("thank", "you"),
    ("cheers",),
    ("spoke", "to"),
    ("speak", "to"),
    ("talk", "to"),
    ("talked", "to"),
    ("ask", "for"),
    ("asked", "for"),
    ("love",),
    ("from",),
)
I_AM_CUES = _by_length(_I_AM)
NICK_BEFORE_CUES = _by_length(tuple(_NICK_BEFORE))
NICK_CUE_WORDS = (
    frozenset({"and", "an", "n", "with", "wi", "wae"})
    | NICK_AFTER
    | frozenset(word for cue in _NAME_IS + _CONTACT for word in cue)
)
JOB_WORDS = frozenset({"clerk", "principal", "court", "depute", "court's", "officers", "constable"})
NAME_CUES = _by_length(_NAME_IS + _CONTACT)
