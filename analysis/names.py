"""Personal-name masking: names after a cue, names from a list, surnames after a name."""

from __future__ import annotations

import functools
import importlib.util
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from analysis.name_words import (
    AMBIGUOUS_NAMES,
    COMMON_WORDS,
    KIN_WORDS,
    PROTECTED_WORDS,
    ROLE_WORDS,
    STREET_WORDS,
    VENUE_WORDS,
)

NAMES_PATH = Path(__file__).resolve().parent.parent / "data" / "names.txt"
NAME_TOKEN = "[NAME]"
# Words before a lower-case name ("me and jonno", "wi shug") and after one ("stevie says").
_NICK_BEFORE = frozenset({("me", "and"), ("me", "an"), ("me", "n"), ("with",), ("wi",), ("wae",)})
_NICK_AFTER = frozenset({"says", "said", "told", "texted", "phoned", "came", "and"})
_NICK_PERSON_AFTER_AND = frozenset({"me", "i", "masel", "myself"})
# Scots and everyday words a respondent uses where a name could stand ("wi ma pals").
_SCOTS = frozenset(
    [
        "ma",
        "mah",
        "masel",
        "wir",
        "yer",
        "ye",
        "aw",
        "naw",
        "aye",
        "wee",
        "big",
        "auld",
        "oor",
        "hame",
        "wean",
        "weans",
        "bairn",
        "bairns",
        "pals",
        "maw",
        "da",
        "faither",
        "mither",
        "lassie",
        "lassies",
        "laddie",
        "laddies",
        "boys",
        "lads",
        "weans'",
        "pal's",
        "aboot",
        "wisnae",
        "cannae",
        "dinnae",
        "didnae",
        "wasnae",
        "isnae",
        "willnae",
        "wouldnae",
        "couldnae",
        "hink",
        "gonnae",
        "wanna",
        "gonna",
        "kinda",
        "tho",
        "cos",
        "coz",
        "bc",
        "lol",
        "omg",
        "ok",
        "okay",
        "yeah",
        "yep",
        "nah",
        "nope",
        "em",
        "erm",
        "hmm",
        "ta",
        "ur",
        "u",
        "r",
        "n",
    ]
)
_SURNAME_PREFIX = re.compile(r"^(?:Ma?c[A-Z][a-z]{2,}|O['’][A-Z][a-z]{2,})$")


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


def _by_length(cues: tuple[tuple[str, ...], ...]) -> tuple[tuple[int, frozenset[tuple[str, ...]]], ...]:
    """Group cue word sequences by length, so each length is looked up once."""
    lengths = sorted({len(cue) for cue in cues})
    return tuple((n, frozenset(cue for cue in cues if len(cue) == n)) for n in lengths)


_TOKEN = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_BREAK_CHARS = frozenset('.!?;:\n()"')
_DETERMINERS = frozenset({"my", "ma", "mah", "our", "her", "his", "their", "wir"})
_TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sheriff", "pc", "sgt", "sergeant"})
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
_I_AM_CUES = _by_length(_I_AM)
_NICK_BEFORE_CUES = _by_length(tuple(_NICK_BEFORE))
_NICK_CUE_WORDS = (
    frozenset({"and", "an", "n", "with", "wi", "wae"})
    | _NICK_AFTER
    | frozenset(word for cue in _NAME_IS + _CONTACT for word in cue)
)
_JOB_WORDS = frozenset({"clerk", "principal", "court", "depute", "court's", "officers", "constable"})
_NAME_CUES = _by_length(_NAME_IS + _CONTACT)


class _Token(NamedTuple):
    start: int
    end: int
    text: str
    lower: str
    capitalised: bool
    placeholder: bool
    broken: bool  # a sentence break (. ! ? ; : newline brackets quotes) in the gap before
    comma: bool  # a comma in the gap before


@functools.cache
def load_names(path: Path = NAMES_PATH) -> frozenset[str]:
    """Return the lower-case first names listed in ``data/names.txt`` (``#`` lines skipped)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return frozenset()
    return frozenset(fold(line.strip()) for line in lines if line.strip() and not line.startswith("#"))


def known_word(lower: str) -> bool:
    """Say whether a lower-case word, or its stem without -s/-es/-ed/-d/-ing/-ly, is English."""
    words = dictionary_words()
    if lower in words:
        return True
    stems = [lower[:-1], lower[:-2], lower[:-3], lower[:-3] + "e", lower[:-2] + "e"]
    endings = ("s", "es", "ed", "d", "ing", "ly", "er", "ers")
    return any(lower.endswith(end) for end in endings) and any(len(s) > 2 and s in words for s in stems)


def _base(word: str) -> str:
    """Lower-case (accents folded) a token and strip a possessive ('s)."""
    lower = fold(word).replace("’", "'")
    return lower[:-2] if lower.endswith("'s") and len(lower) > 3 else lower


def _tokenise(text: str) -> list[_Token]:
    """Split text into word tokens, marking the ones that are placeholders like [NAME]."""
    tokens: list[_Token] = []
    previous_end = 0
    # Lower-casing ASCII is per character, so slices of the lower-cased text are the same.
    lowered = text.lower() if text.isascii() else None
    for match in _TOKEN.finditer(text):
        start, end = match.span()
        word = match.group()
        if lowered is None:
            lower = _base(word)
        else:
            lower = lowered[start:end]
            if len(lower) > 3 and lower.endswith("'s"):
                lower = lower[:-2]
        gap = text[previous_end:start]
        tokens.append(
            _Token(
                start,
                end,
                word,
                lower,
                word[0].isupper(),
                start > 0 and text[start - 1] == "[" and text[end : end + 1] == "]",
                gap != " " and not _BREAK_CHARS.isdisjoint(gap),
                "," in gap,
            )
        )
        previous_end = end
    return tokens


def _preceding(tokens: list[_Token], index: int, count: int) -> tuple[str, ...] | None:
    """Return the ``count`` lower-case tokens before ``index`` if no sentence break splits them."""
    if index < count:
        return None
    first = index - count
    if any(tokens[position].broken for position in range(first + 1, index)):
        return None
    words = tuple(tokens[position].lower for position in range(first, index))
    if tokens[index].broken and not (count == 1 and words[0] in _TITLES):
        return None
    return words


def _ends_with(
    tokens: list[_Token], index: int, cues: tuple[tuple[int, frozenset[tuple[str, ...]]], ...]
) -> bool:
    """Say whether one of the cue word sequences (grouped by length) ends just before ``index``."""
    return any(_preceding(tokens, index, count) in group for count, group in cues)


def _after_title(tokens: list[_Token], index: int) -> bool:
    """Say whether the token before ``index`` is a title (Mr, Dr...), across any break."""
    return index > 0 and tokens[index - 1].lower in _TITLES


def _plain_word(token: _Token) -> bool:
    """Say whether a token is an everyday word, place or service rather than a name."""
    return _plain_word_text(token.lower, token.text)


def _plain_word_text(lower: str, text: str) -> bool:
    """Say whether a word (lower-case base form, as written) is an everyday word or place."""
    return (
        lower in COMMON_WORDS
        or lower in PROTECTED_WORDS
        or any(part in PROTECTED_WORDS for part in lower.split("-"))
        or len(text) < 2
    )


class _NameFinder:
    """Decide, token by token, which tokens of one text are personal names."""

    def __init__(self, tokens: list[_Token], names: frozenset[str], known: frozenset[str]):
        self.tokens = tokens
        self.names = names
        self.known = known
        self.masked = [token.placeholder and token.text == "NAME" for token in tokens]

    def listed(self, token: _Token) -> bool:
        """Say whether a token is in the names list or among the known names."""
        parts = token.lower.split("-")
        return token.lower in self.names or token.lower in self.known or parts[0] in self.names

    def sure_name(self, token: _Token) -> bool:
        """A listed name that is not also an ordinary word, or a capitalised known name."""
        if token.lower in self.known and (token.capitalised or token.lower not in COMMON_WORDS):
            return True
        return self.listed(token) and token.lower not in AMBIGUOUS_NAMES

    def after_cue(self, index: int) -> bool:
        """Say whether the token at ``index`` follows a cue that introduces a name."""
        token, tokens = self.tokens[index], self.tokens
        if token.placeholder:
            return False
        if _after_title(tokens, index):
            title = tokens[index - 1]
            if token.lower in ROLE_WORDS or token.lower in _JOB_WORDS:
                return False  # "sheriff officer", "Sheriff Clerk": a job title, not a name
            if not token.capitalised and token.lower in dictionary_words() and token.lower not in self.names:
                return False  # "the sheriff listened"
            if title.capitalised and not token.capitalised:
                return False  # "Dr appointments": a name after a written title is capitalised
            return not _plain_word(token) or token.lower in AMBIGUOUS_NAMES
        if _plain_word(token) and token.lower not in AMBIGUOUS_NAMES:
            return False
        name_like = token.capitalised or self.sure_name(token)
        if _ends_with(tokens, index, _I_AM_CUES):
            return self.listed(token) and name_like
        if _ends_with(tokens, index, _NAME_CUES):
            return name_like and (token.capitalised or self.listed(token))
        return name_like and self._after_person_word(index)

    def _after_person_word(self, index: int) -> bool:
        """Say whether a role word ("worker") or a kin word after "my" ("my son") comes first."""
        previous = _preceding(self.tokens, index, 1)
        if previous is None:
            return False
        if previous[0] in ROLE_WORDS:
            return True
        two = _preceding(self.tokens, index, 2)
        return bool(two and two[1] in KIN_WORDS and two[0] in _DETERMINERS)

    def _street_name(self, index: int) -> bool:
        """Say whether a name is part of a street name ("Graham Street", "Hope St")."""
        if index + 1 >= len(self.tokens):
            return False
        following = self.tokens[index + 1]
        return following.capitalised and following.lower in STREET_WORDS

    def surname_like(self, index: int) -> bool:
        """A capitalised, non-ordinary token right after a masked name (same sentence)."""
        token = self.tokens[index]
        if index == 0 or not self.masked[index - 1] or token.placeholder:
            return False
        if token.broken or token.comma:
            return False
        if not token.capitalised or len(token.text) < 2:
            return False
        if token.lower in STREET_WORDS or token.lower in COMMON_WORDS:
            return False
        if token.lower in PROTECTED_WORDS:
            following = self.tokens[index + 1].lower if index + 1 < len(self.tokens) else ""
            return following not in VENUE_WORDS and following not in PROTECTED_WORDS
        return True

    def ambiguous_pair(self, index: int) -> bool:
        """An ambiguous listed name (Will, Grace) capitalised and followed by another name."""
        token = self.tokens[index]
        if not (token.capitalised and self.listed(token)) or index + 1 >= len(self.tokens):
            return False
        following = self.tokens[index + 1]
        if following.broken or following.comma:
            return False
        if following.placeholder:
            return following.text == "NAME"
        return following.capitalised and not _plain_word(following) and following.lower not in STREET_WORDS

    def nickname(self, index: int) -> bool:
        """A lower-case word no dictionary knows, where a person would stand ("me and jonno")."""
        token = self.tokens[index]
        lower = token.lower
        if token.capitalised or token.placeholder or len(lower) < 3 or not lower.isalpha():
            return False
        if lower in _SCOTS or _plain_word(token) or lower in ROLE_WORDS or lower in KIN_WORDS:
            return False
        if known_word(lower) or lower in AMBIGUOUS_NAMES:
            return False
        cue_at = (
            index - 1 if index and self.tokens[index - 1].lower in {"wee", "big", "auld", "oor"} else index
        )
        if _ends_with(self.tokens, cue_at, _NICK_BEFORE_CUES) or _ends_with(self.tokens, cue_at, _NAME_CUES):
            return True
        previous = _preceding(self.tokens, index, 1)
        two = _preceding(self.tokens, index, 2)
        if previous and (
            previous[0] in ROLE_WORDS or (two and two[1] in KIN_WORDS and two[0] in _DETERMINERS)
        ):
            return True
        following = self.tokens[index + 1] if index + 1 < len(self.tokens) else None
        if following is None or following.broken or following.lower not in _NICK_AFTER:
            return False
        if following.lower != "and":
            return True
        after = self.tokens[index + 2] if index + 2 < len(self.tokens) else None
        return after is not None and not after.broken and after.lower in _NICK_PERSON_AFTER_AND

    def candidate(self, index: int) -> bool:
        """Say whether a token could be a name at all: capitalised, listed or after a title.

        Every rule below needs one of these, so other tokens are skipped without changing
        the result.
        """
        token = self.tokens[index]
        return (
            token.capitalised
            or self.listed(token)
            or _after_title(self.tokens, index)
            or token.lower.isalpha()
        )

    def run(self) -> list[bool]:
        """Mark name tokens; a second pass catches ambiguous names before a masked one."""
        for index, token in enumerate(self.tokens):
            if self.masked[index] or token.placeholder or not self.candidate(index):
                continue
            self.masked[index] = (
                self.after_cue(index)
                or (self.sure_name(token) and not _plain_word(token) and not self._street_name(index))
                or self.surname_like(index)
                or bool(_SURNAME_PREFIX.match(token.text))
                or self.nickname(index)
            )
        for index, token in enumerate(self.tokens):
            if not self.masked[index] and token.capitalised and self.ambiguous_pair(index):
                self.masked[index] = True
                if index + 1 < len(self.tokens):
                    self.masked[index + 1] = self.masked[index + 1] or not _plain_word(self.tokens[index + 1])
        return self.masked


def _known_single_words(names: Iterable[str]) -> frozenset[str]:
    """Split the app's known names ("Sharon Smith") into lower-case words."""
    words: set[str] = set()
    for name in names:
        if isinstance(name, str):
            words.update(_base(word) for word in _TOKEN.findall(name) if len(word) > 1)
    return frozenset(words)


def _may_hold_names(text: str, words: list[str], names: frozenset[str], known: frozenset[str]) -> bool:
    """Cheap test that no rule could mask a word of ``text`` (False means leave it alone).

    Every rule needs a listed or known name, a word after a title, a [NAME] already there
    (surnames follow a masked name), or a capitalised word that is not an everyday word and
    does not start the text or a sentence (no cue reaches across a sentence break).
    """
    if "[NAME" in text:
        return True
    if text.isascii():  # lower-casing ASCII keeps tokens where they are
        lowers = set(_TOKEN.findall(text.lower()))
        if "'" in text:
            lowers.update(_base(word) for word in list(lowers) if word.endswith("'s"))
    else:
        lowers = {_base(word) for word in words}
    if "-" in text:
        lowers.update(word.split("-")[0] for word in list(lowers) if "-" in word)
    if not (lowers.isdisjoint(names) and lowers.isdisjoint(known) and lowers.isdisjoint(_TITLES)):
        return True
    if not lowers.isdisjoint(_NICK_CUE_WORDS) and any(
        w.isalpha() and len(w) > 2 and w not in _SCOTS and not known_word(w)
        for w in lowers - dictionary_words()
    ):
        return True
    spans = None
    for index, word in enumerate(words):
        if index and word[0].isupper():
            lower = _base(word)
            if lower in AMBIGUOUS_NAMES or not _plain_word_text(lower, word):
                spans = spans or [match.span() for match in _TOKEN.finditer(text)]
                gap = text[spans[index - 1][1] : spans[index][0]]
                if gap == " " or _BREAK_CHARS.isdisjoint(gap):
                    return True
    return False


def mask_names(text: str, *, names: Iterable[str] = ()) -> str:
    """Replace personal names in ``text`` with ``[NAME]``, one placeholder per word.

    Args:
        text: Text in which other identifiers may already be placeholders.
        names: Extra names the app knows (staff, participants); matched as whole words.

    Returns:
        The text with names masked; everything else unchanged.
    """
    listed, known = load_names(), _known_single_words(names)
    if not _may_hold_names(text, _TOKEN.findall(text), listed, known):
        return text
    tokens = _tokenise(text)
    if not tokens:
        return text
    masked = _NameFinder(tokens, listed, known).run()
    pieces: list[str] = []
    cursor = 0
    for token, is_name in zip(tokens, masked, strict=True):
        if is_name and not token.placeholder:
            possessive = token.text.lower().replace("’", "'").endswith("'s")
            pieces.append(text[cursor : token.start])
            pieces.append(NAME_TOKEN)
            cursor = token.end - 2 if possessive and len(token.text) > 3 else token.end
    pieces.append(text[cursor:])
    return "".join(pieces)
