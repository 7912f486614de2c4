"""Rule-based multi-label themes from an editable codebook of phrases and patterns."""

from __future__ import annotations

import hashlib
import json
import logging
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import yaml

from analysis.anchor_index import AnchorIndex
from analysis.anchors import has_group_references, regex_anchors
from analysis.codebook_validation import (
    phrase_problem,
    phrase_to_regex,
    validate_codebook_records,
    wrap,
)

__all__ = [
    "DEFAULT_CODEBOOK_PATH",
    "Codebook",
    "Theme",
    "ThemeMatch",
    "codebook_from_records",
    "load_codebook",
    "match_themes",
    "validate_codebook_records",
]

logger = logging.getLogger(__name__)

DEFAULT_CODEBOOK_PATH = Path(__file__).resolve().parent.parent / "data" / "codebook.yaml"
_VERSION_LENGTH = 12


@dataclass(frozen=True)
class ThemeMatch:
    """One theme found in a comment, with the words that matched and what found it."""

    theme_id: str
    evidence: tuple[str, ...]
    source: str = "rule"


@dataclass(frozen=True)
class Theme:
    """A codebook theme: id, display name, plain description and the phrases that signal it."""

    id: str
    name: str
    description: str = ""
    phrases: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        """Store phrases as a tuple whatever sequence was given."""
        object.__setattr__(self, "phrases", tuple(self.phrases))

    def to_record(self) -> dict:
        """Return the theme as a plain dict (the shape stored in YAML and the database)."""
        return {
            "id": self.id,
            "name": self.name,
            "description": self.description,
            "phrases": list(self.phrases),
        }


@dataclass(frozen=True)
class Codebook:
    """The set of themes, a short stable version hash, and one compiled regex per theme."""

    themes: tuple[Theme, ...]
    version: str
    _patterns: dict[str, re.Pattern[str]] = field(init=False, default_factory=dict, repr=False, compare=False)
    _alternatives: dict[str, tuple[str, ...]] = field(
        init=False, default_factory=dict, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        """Freeze the themes as a tuple and compile one regex per theme."""
        object.__setattr__(self, "themes", tuple(self.themes))
        for theme in self.themes:
            alternatives = _alternatives(theme)
            if alternatives:
                self._alternatives[theme.id] = alternatives
                self._patterns[theme.id] = _compile_alternatives(alternatives)

    @cached_property
    def _matcher(self) -> _PhraseMatcher:
        """The phrase index that skips themes which cannot match (built on first use)."""
        return _PhraseMatcher(self._alternatives)

    @property
    def theme_ids(self) -> tuple[str, ...]:
        """Return the theme ids in codebook order."""
        return tuple(theme.id for theme in self.themes)

    def get(self, theme_id: str) -> Theme | None:
        """Return the theme with this id, or None."""
        return next((theme for theme in self.themes if theme.id == theme_id), None)

    def to_records(self) -> list[dict]:
        """Return the themes as plain dicts."""
        return [theme.to_record() for theme in self.themes]


def _version(themes: tuple[Theme, ...]) -> str:
    """Hash the codebook content (ids, names, descriptions, phrases) to a short hex string."""
    content = json.dumps([theme.to_record() for theme in themes], sort_keys=True)
    return hashlib.sha256(content.encode("utf-8")).hexdigest()[:_VERSION_LENGTH]


def _alternatives(theme: Theme) -> tuple[str, ...]:
    """Return the regexes of all usable phrases of a theme, longest first."""
    alternatives = []
    for phrase in theme.phrases:
        problem = phrase_problem(phrase)
        if problem:
            logger.warning("Skipping a phrase of theme %s: it %s", theme.id, problem)
            continue
        alternatives.append(f"(?:{phrase_to_regex(phrase)})")
    return tuple(sorted(set(alternatives), key=len, reverse=True))


def _compile_alternatives(alternatives: tuple[str, ...]) -> re.Pattern[str]:
    """Compile one alternation of phrase regexes, in the given order, on word boundaries."""
    return re.compile(wrap("(?:" + "|".join(alternatives) + ")"), re.IGNORECASE)


class _PhraseMatcher:
    """Finds, per text, the themes that could match and the cheapest exact regex for each.

    A phrase whose anchors (see ``analysis.anchors``) are missing from the text cannot match
    anywhere, so leaving it out of its theme's alternation changes nothing. A theme with one
    possible phrase runs that phrase alone; with more, it runs the whole theme regex.
    """

    def __init__(self, alternatives: dict[str, tuple[str, ...]]) -> None:
        """Index every phrase regex of every theme by its anchors."""
        self.theme_of: list[str] = []
        self.regex_of: list[str] = []
        self.alone_ok: dict[str, bool] = {}
        for theme_id, regexes in alternatives.items():
            self.alone_ok[theme_id] = not any(has_group_references(regex) for regex in regexes)
            self.theme_of.extend(theme_id for _ in regexes)
            self.regex_of.extend(regexes)
        self.index = AnchorIndex([regex_anchors(regex, word_start=True) for regex in self.regex_of])
        self.alone: dict[int, re.Pattern[str]] = {}

    def phrase_pattern(self, position: int) -> re.Pattern[str]:
        """The regex of one phrase on its own, compiled like a one-phrase theme."""
        pattern = self.alone.get(position)
        if pattern is None:
            pattern = self.alone[position] = _compile_alternatives((self.regex_of[position],))
        return pattern

    def plan(self, text: str, patterns: dict[str, re.Pattern[str]]) -> list[tuple[str, re.Pattern[str]]]:
        """Return (theme id, regex) for each theme that could match ``text``, by theme id."""
        possible = self.index.possible(text)
        if possible is None:
            return sorted(patterns.items())
        by_theme: dict[str, list[int]] = {}
        for position in possible:
            by_theme.setdefault(self.theme_of[position], []).append(position)
        plan = []
        for theme_id in sorted(by_theme):
            positions = by_theme[theme_id]
            if len(positions) == 1 and self.alone_ok[theme_id]:
                plan.append((theme_id, self.phrase_pattern(positions[0])))
            else:
                plan.append((theme_id, patterns[theme_id]))
        return plan


def _theme_from_record(record: dict) -> Theme:
    """Build a Theme from a dict, tolerating missing description or phrases."""
    phrases = record.get("phrases") or []
    if isinstance(phrases, str):
        phrases = [phrases]
    return Theme(
        id=str(record.get("id", "")).strip(),
        name=str(record.get("name") or record.get("id") or "").strip(),
        description=str(record.get("description") or "").strip(),
        phrases=tuple(phrase for phrase in phrases if isinstance(phrase, str)),
    )


def codebook_from_records(records: list[dict]) -> Codebook:
    """Build a Codebook from records (dicts with id, name, description, phrases).

    Lenient, because analysis must go on even if an admin saved a faulty codebook: records
    without an id or repeating one are skipped, and phrases that do not compile are skipped
    with a warning. Use ``validate_codebook_records`` to show problems to the admin.
    """
    themes: list[Theme] = []
    seen: set[str] = set()
    for record in records or []:
        if not isinstance(record, dict):
            continue
        theme = _theme_from_record(record)
        if not theme.id or theme.id in seen:
            logger.warning("Skipping a codebook record with a missing or repeated id")
            continue
        seen.add(theme.id)
        themes.append(theme)
    frozen = tuple(themes)
    return Codebook(themes=frozen, version=_version(frozen))


def load_codebook(path: Path | None = None) -> Codebook:
    """Load the codebook YAML (default ``data/codebook.yaml`` next to the package).

    Raises:
        ValueError: if the file cannot be read or its records are not valid.
    """
    path = Path(path) if path is not None else DEFAULT_CODEBOOK_PATH
    try:
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise ValueError(f"Cannot read the codebook {path.name}: {error}") from error
    records = content.get("themes") if isinstance(content, dict) else content
    problems = validate_codebook_records(records)
    if problems:
        raise ValueError(f"Codebook {path.name} is not valid: " + "; ".join(problems))
    return codebook_from_records(records)


def match_themes(text: str, codebook: Codebook) -> list[ThemeMatch]:
    """Return every theme whose phrases occur in ``text``, sorted by theme id.

    Evidence is the matched words as they appear in the text, each once, in order.
    """
    if not isinstance(text, str) or not text.strip():
        return []
    matches = []
    for theme_id, pattern in codebook._matcher.plan(text, codebook._patterns):
        found = [match.group() for match in pattern.finditer(text)]
        if found:
            matches.append(ThemeMatch(theme_id=theme_id, evidence=tuple(dict.fromkeys(found))))
    return matches
