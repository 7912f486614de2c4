"""Decide which tokens of one text are personal names: cues, lists, surnames, nicknames."""

from __future__ import annotations

from analysis.name_cues import (
    DETERMINERS,
    I_AM_CUES,
    JOB_WORDS,
    NAME_CUES,
    NICK_AFTER,
    NICK_BEFORE_CUES,
    NICK_PERSON_AFTER_AND,
    SURNAME_PREFIX,
)
from analysis.name_lexicon import dictionary_words, known_word, plain_word_text
from analysis.name_tokens import Token, after_title, ends_with, preceding
from analysis.name_words import (
    AMBIGUOUS_NAMES,
    COMMON_WORDS,
    KIN_WORDS,
    PROTECTED_WORDS,
    ROLE_WORDS,
    SCOTS_WORDS,
    STREET_WORDS,
    VENUE_WORDS,
)


def _plain_word(token: Token) -> bool:
    """Say whether a token is an everyday word, place or service rather than a name."""
    return plain_word_text(token.lower, token.text)


class NameFinder:
    """Decide, token by token, which tokens of one text are personal names."""

    def __init__(self, tokens: list[Token], names: frozenset[str], known: frozenset[str]):
        self.tokens = tokens
        self.names = names
        self.known = known
        self.masked = [token.placeholder and token.text == "NAME" for token in tokens]

    def listed(self, token: Token) -> bool:
        """Say whether a token is in the names list or among the known names."""
        parts = token.lower.split("-")
        return token.lower in self.names or token.lower in self.known or parts[0] in self.names

    def sure_name(self, token: Token) -> bool:
        """A listed name that is not also an ordinary word, or a capitalised known name."""
        if token.lower in self.known and (token.capitalised or token.lower not in COMMON_WORDS):
            return True
        return self.listed(token) and token.lower not in AMBIGUOUS_NAMES

    def after_cue(self, index: int) -> bool:
        """Say whether the token at ``index`` follows a cue that introduces a name."""
        token, tokens = self.tokens[index], self.tokens
        if token.placeholder:
            return False
        if after_title(tokens, index):
            title = tokens[index - 1]
            if token.lower in ROLE_WORDS or token.lower in JOB_WORDS:
                return False  # "sheriff officer", "Sheriff Clerk": a job title, not a name
            if not token.capitalised and token.lower in dictionary_words() and token.lower not in self.names:
                return False  # "the sheriff listened"
            if title.capitalised and not token.capitalised:
                return False  # "Dr appointments": a name after a written title is capitalised
            return not _plain_word(token) or token.lower in AMBIGUOUS_NAMES
        if _plain_word(token) and token.lower not in AMBIGUOUS_NAMES:
            return False
        name_like = token.capitalised or self.sure_name(token)
        if ends_with(tokens, index, I_AM_CUES):
            return self.listed(token) and name_like
        if ends_with(tokens, index, NAME_CUES):
            return name_like and (token.capitalised or self.listed(token))
        return name_like and self._after_person_word(index)

    def _after_person_word(self, index: int) -> bool:
        """Say whether a role word ("worker") or a kin word after "my" ("my son") comes first."""
        previous = preceding(self.tokens, index, 1)
        if previous is None:
            return False
        if previous[0] in ROLE_WORDS:
            return True
        two = preceding(self.tokens, index, 2)
        return bool(two and two[1] in KIN_WORDS and two[0] in DETERMINERS)

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
        if lower in SCOTS_WORDS or _plain_word(token) or lower in ROLE_WORDS or lower in KIN_WORDS:
            return False
        if known_word(lower) or lower in AMBIGUOUS_NAMES:
            return False
        cue_at = (
            index - 1 if index and self.tokens[index - 1].lower in {"wee", "big", "auld", "oor"} else index
        )
        if ends_with(self.tokens, cue_at, NICK_BEFORE_CUES) or ends_with(self.tokens, cue_at, NAME_CUES):
            return True
        previous = preceding(self.tokens, index, 1)
        two = preceding(self.tokens, index, 2)
        if previous and (
            previous[0] in ROLE_WORDS or (two and two[1] in KIN_WORDS and two[0] in DETERMINERS)
        ):
            return True
        following = self.tokens[index + 1] if index + 1 < len(self.tokens) else None
        if following is None or following.broken or following.lower not in NICK_AFTER:
            return False
        if following.lower != "and":
            return True
        after = self.tokens[index + 2] if index + 2 < len(self.tokens) else None
        return after is not None and not after.broken and after.lower in NICK_PERSON_AFTER_AND

    def candidate(self, index: int) -> bool:
        """Say whether a token could be a name at all: capitalised, listed or after a title.

        Every rule below needs one of these, so other tokens are skipped without changing
        the result.
        """
        token = self.tokens[index]
        return (
            token.capitalised
            or self.listed(token)
            or after_title(self.tokens, index)
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
                or bool(SURNAME_PREFIX.match(token.text))
                or self.nickname(index)
            )
        for index, token in enumerate(self.tokens):
            if not self.masked[index] and token.capitalised and self.ambiguous_pair(index):
                self.masked[index] = True
                if index + 1 < len(self.tokens):
                    self.masked[index + 1] = self.masked[index + 1] or not _plain_word(self.tokens[index + 1])
        return self.masked
