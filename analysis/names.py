"""Personal-name masking: names after a cue, names from a list, surnames after a name."""

from __future__ import annotations

from collections.abc import Iterable

from analysis.name_cues import NICK_CUE_WORDS, TITLES
from analysis.name_finder import NameFinder
from analysis.name_lexicon import dictionary_words, known_word, load_names, plain_word_text
from analysis.name_tokens import BREAK_CHARS, TOKEN, base, tokenise
from analysis.name_words import AMBIGUOUS_NAMES, SCOTS_WORDS

NAME_TOKEN = "[NAME]"


def _known_single_words(names: Iterable[str]) -> frozenset[str]:
    """Split the app's known names ("Sharon Smith") into lower-case words."""
    words: set[str] = set()
    for name in names:
        if isinstance(name, str):
            words.update(base(word) for word in TOKEN.findall(name) if len(word) > 1)
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
        lowers = set(TOKEN.findall(text.lower()))
        if "'" in text:
            lowers.update(base(word) for word in list(lowers) if word.endswith("'s"))
    else:
        lowers = {base(word) for word in words}
    if "-" in text:
        lowers.update(word.split("-")[0] for word in list(lowers) if "-" in word)
    if not (lowers.isdisjoint(names) and lowers.isdisjoint(known) and lowers.isdisjoint(TITLES)):
        return True
    if not lowers.isdisjoint(NICK_CUE_WORDS) and any(
        w.isalpha() and len(w) > 2 and w not in SCOTS_WORDS and not known_word(w)
        for w in lowers - dictionary_words()
    ):
        return True
    spans = None
    for index, word in enumerate(words):
        if index and word[0].isupper():
            lower = base(word)
            if lower in AMBIGUOUS_NAMES or not plain_word_text(lower, word):
                spans = spans or [match.span() for match in TOKEN.finditer(text)]
                gap = text[spans[index - 1][1] : spans[index][0]]
                if gap == " " or BREAK_CHARS.isdisjoint(gap):
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
    if not _may_hold_names(text, TOKEN.findall(text), listed, known):
        return text
    tokens = tokenise(text)
    if not tokens:
        return text
    masked = NameFinder(tokens, listed, known).run()
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
