"""Checks on codebook records (from YAML or the admin screen) and phrase-to-regex building."""

from __future__ import annotations

import re
from collections.abc import Iterable

from analysis.params import CORE_THEME_IDS

REGEX_PREFIX = "re:"
_THEME_ID = re.compile(r"^[a-z][a-z0-9_]{0,49}$")
_WORD = re.compile(r"[\w’'&£.\-]+")
_SHORT_WORD = 3


def _inflect(word: str) -> str:
    """Return a regex for one word with its simple inflections (plural, -ed, -ing, -er)."""
    escaped = re.escape(word).replace("'", "['’]?").replace("’", "['’]?")
    if not word[-1:].isalpha():
        return escaped
    if len(word) <= _SHORT_WORD:
        return escaped + r"(?:s|es|['’]s)?"
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return re.escape(word[:-1]) + r"(?:y|ies|ied|ying)"
    if word.endswith("e"):
        return re.escape(word[:-1]) + r"(?:e|es|ed|ing|er|ers|['’]s)"
    doubled = re.escape(word[-1]) if word[-1] in "bdgmnprt" and word[-2:-1] in "aeiou" else ""
    return escaped + rf"(?:s|es|ed|ing|er|ers|['’]s|{doubled}ed|{doubled}ing)?"


def phrase_to_regex(phrase: str) -> str:
    """Turn one codebook phrase into a regex (no word boundaries) matching its inflections.

    A phrase written ``re:<pattern>`` is used as given. A plain phrase matches its words
    in order, separated by spaces or hyphens, with inflections allowed on the last word.
    """
    if phrase.startswith(REGEX_PREFIX):
        return phrase[len(REGEX_PREFIX) :]
    words = _WORD.findall(phrase.strip().lower())
    if not words:
        return ""
    parts = [re.escape(word).replace("'", "['’]?") for word in words[:-1]]
    parts.append(_inflect(words[-1]))
    return r"[\s\-]+".join(parts)


def wrap(pattern: str) -> str:
    """Add word boundaries that also work for phrases starting or ending with a symbol."""
    return rf"(?<![\w]){pattern}(?![\w])"


def phrase_problem(phrase: object) -> str | None:
    """Return why a phrase is unusable (empty, not text, bad regex), or None if it is fine."""
    if not isinstance(phrase, str) or not phrase.strip():
        return "is empty or not text"
    pattern = phrase_to_regex(phrase)
    if not pattern:
        return "has no words to match"
    try:
        compiled = re.compile(wrap(pattern), re.IGNORECASE)
    except re.error as error:
        return f"does not compile: {error}"
    if compiled.fullmatch(""):
        return "matches empty text, so it would match everywhere"
    return None


def _record_problems(index: int, record: object, seen: set[str]) -> Iterable[str]:
    """Yield the problems of one record: id, name, phrases."""
    if not isinstance(record, dict):
        yield f"Theme #{index + 1} is not a mapping with id, name, description and phrases."
        return
    theme_id = record.get("id")
    label = f"theme '{theme_id}'" if isinstance(theme_id, str) else f"theme #{index + 1}"
    if not isinstance(theme_id, str) or not _THEME_ID.match(theme_id):
        yield (
            f"The id of {label} must be lower-case letters, digits and underscores, starting with a letter."
        )
    elif theme_id in seen:
        yield f"Duplicate theme id '{theme_id}'."
    else:
        seen.add(theme_id)
    name = record.get("name")
    if not isinstance(name, str) or not name.strip():
        yield f"The name of {label} is empty."
    phrases = record.get("phrases", [])
    if isinstance(phrases, str) or not isinstance(phrases, list):
        yield f"The phrases of {label} must be a list."
        return
    for phrase in phrases:
        problem = phrase_problem(phrase)
        if problem:
            yield f"In {label}, the phrase {phrase!r} {problem}."


def validate_codebook_records(records: list[dict]) -> list[str]:
    """Return human-readable problems with codebook records; an empty list means valid.

    Checks: every core theme id present, no duplicate ids, well-formed ids, non-empty
    names, phrases a list of non-empty text, and every ``re:`` pattern compiles (saying
    which theme, which phrase and why it does not).
    """
    if not isinstance(records, list):
        return ["The codebook must be a list of themes."]
    problems: list[str] = []
    seen: set[str] = set()
    for index, record in enumerate(records):
        problems.extend(_record_problems(index, record, seen))
    problems.extend(
        f"Core theme '{core_id}' is missing." for core_id in CORE_THEME_IDS if core_id not in seen
    )
    return problems
