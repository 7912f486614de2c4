"""Survey definitions shaped like XLSForm (settings, survey, choices): load and validate."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from analysis.params import QUESTION_TYPES
from feedback.capture.relevance import RelevanceError, references

INPUT_TYPES = ("text", "select_one", "select_multiple", "rating", "integer")
QUESTION_KINDS = (*INPUT_TYPES, "note")
SUPPORTED_COLUMNS = {
    "type",
    "name",
    "label",
    "hint",
    "required",
    "comment_type",
    "appearance",
    "constraint_message",
    "relevant",
}
TRANSLATED = ("label::", "hint::")  # label::LANGUAGE and hint::LANGUAGE columns


class SurveyDefinitionError(ValueError):
    """A survey definition that cannot be used, with every problem found."""

    def __init__(self, source: str, problems: list[str]) -> None:
        super().__init__(f"{source}: " + "; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Choice:
    """One option of a choice list."""

    name: str
    label: str
    asks_help: bool = False  # picking it asks for help: it routes like a safeguarding flag
    labels: dict[str, str] = field(default_factory=dict, compare=False)  # language -> label
    picture: str = ""  # an emoji shown beside the label (Easy Read), with picture_alt as its alt text
    picture_alt: str = ""

    def label_in(self, language: str) -> str:
        """The label in a language, else the default label."""
        return self.labels.get(language) or self.label


@dataclass(frozen=True)
class Question:
    """One row of the survey sheet."""

    kind: str
    name: str
    label: str
    hint: str = ""
    required: bool = False
    comment_type: str | None = None
    choices: tuple[Choice, ...] = ()
    relevant: str = ""  # simple skip logic (feedback.capture.relevance)
    labels: dict[str, str] = field(default_factory=dict, compare=False)  # language -> label
    hints: dict[str, str] = field(default_factory=dict, compare=False)  # language -> hint

    def label_in(self, language: str) -> str:
        """The label in a language, else the default label."""
        return self.labels.get(language) or self.label

    def hint_in(self, language: str) -> str:
        """The hint in a language, else the default hint."""
        return self.hints.get(language) or self.hint

    @property
    def is_input(self) -> bool:
        """True for questions that take an answer (not notes)."""
        return self.kind != "note"

    def choice_label(self, name: str) -> str:
        """The label of a choice by its name (the name itself if unknown)."""
        return next((c.label for c in self.choices if c.name == name), name)


@dataclass(frozen=True)
class SurveyDefinition:
    """A whole survey: key, version, title, privacy notice and questions."""

    key: str
    version: str
    title: str
    privacy_notice: str
    questions: tuple[Question, ...]
    raw: dict = field(repr=False, compare=False, default_factory=dict)
    # Kiosk times for this survey (settings kiosk_timeout, kiosk_warning, receipt_seconds), in
    # seconds; None means the environment's default.
    kiosk_times: dict[str, int] = field(compare=False, default_factory=dict)

    def question(self, name: str) -> Question:
        """The question with this name."""
        return next(q for q in self.questions if q.name == name)

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages offered, the default first."""
        return languages_of(self.raw)

    def setting_in(self, name: str, language: str) -> str:
        """A settings text (form_title, privacy_notice, ...) in a language, else the default one."""
        settings = self.raw.get("settings") or {}
        return str(settings.get(f"{name}::{language}") or settings.get(name) or "").strip()


def _label(row: dict, language: str) -> str:
    return str(row.get(f"label::{language}") or row.get("label") or "").strip()


def _translations(row: dict, column: str) -> dict[str, str]:
    """Language -> text from the column::LANGUAGE cells of a row."""
    prefix = f"{column}::"
    return {k[len(prefix) :]: str(v).strip() for k, v in row.items() if k.startswith(prefix) and v}


def languages_of(raw: dict) -> tuple[str, ...]:
    """The languages a definition offers: its default first, then every label::LANGUAGE, in order."""
    settings = raw.get("settings") or {}
    found = [str(settings.get("default_language") or "en")]
    for row in [*(raw.get("survey") or []), *(raw.get("choices") or [])]:
        if isinstance(row, dict):
            found += [k.split("::", 1)[1] for k in row if k.startswith("label::")]
    return tuple(dict.fromkeys(found))


def _choice_lists(raw: dict, problems: list[str]) -> dict[str, list[Choice]]:
    lists: dict[str, list[Choice]] = {}
    for i, row in enumerate(raw.get("choices") or [], start=1):
        if not isinstance(row, dict) or not row.get("list_name") or row.get("name") in (None, ""):
            problems.append(f"choices row {i} needs list_name and name")
            continue
        lists.setdefault(str(row["list_name"]), []).append(
            Choice(
                name=str(row["name"]),
                label=_label(row, "en") or str(row["name"]),
                asks_help=str(row.get("asks_help", "")).strip().lower() in ("yes", "true", "1"),
                labels=_translations(row, "label"),
                picture=str(row.get("picture") or ""),
                picture_alt=str(row.get("picture_alt") or ""),
            )
        )
    return lists


def _question(row: dict, i: int, lists: dict[str, list[Choice]], problems: list[str]) -> Question | None:
    if not isinstance(row, dict):
        problems.append(f"survey row {i} is not a mapping")
        return None
    unknown = sorted(k for k in row if k not in SUPPORTED_COLUMNS and not k.startswith(TRANSLATED))
    if unknown:
        problems.append(f"survey row {i} has unsupported columns: {', '.join(unknown)}")
    parts = str(row.get("type", "")).split()
    kind = parts[0] if parts else ""
    name = str(row.get("name", "")).strip()
    if kind not in QUESTION_KINDS:
        problems.append(f"survey row {i} ({name or 'no name'}) has unknown type {row.get('type')!r}")
        return None
    if not name.isidentifier():
        problems.append(f"survey row {i} needs a name made of letters, digits and _")
        return None
    choices: tuple[Choice, ...] = ()
    if kind in ("select_one", "select_multiple", "rating"):
        if len(parts) != 2 or parts[1] not in lists:
            problems.append(f"question {name} needs a choice list that exists in choices")
            return None
        choices = tuple(lists[parts[1]])
    comment_type = row.get("comment_type")
    if kind == "text":
        comment_type = comment_type or "general"
        if comment_type not in QUESTION_TYPES:
            problems.append(f"question {name} has comment_type {comment_type!r}; use one of {QUESTION_TYPES}")
    label = _label(row, "en")
    if not label:
        problems.append(f"question {name} needs a label")
    required = str(row.get("required", "")).strip().lower() in ("yes", "true", "1")
    relevant = str(row.get("relevant") or "").strip()
    try:
        references(relevant) if relevant else None
    except RelevanceError as exc:
        problems.append(f"question {name} has unsupported relevant {relevant!r} ({exc})")
        relevant = ""
    return Question(
        kind,
        name,
        label,
        str(row.get("hint") or row.get("hint::en") or ""),
        required,
        comment_type,
        choices,
        relevant,
        _translations(row, "label"),
        _translations(row, "hint"),
    )


KIOSK_TIME_MINIMUMS = {"kiosk_timeout": 15, "kiosk_warning": 5, "receipt_seconds": 10}


def _kiosk_times(settings: dict, problems: list[str]) -> dict[str, int]:
    """The survey's own kiosk times from its settings (whole seconds, at least the minimum)."""
    times: dict[str, int] = {}
    for name, minimum in KIOSK_TIME_MINIMUMS.items():
        value = settings.get(name)
        if value in (None, ""):
            continue
        if isinstance(value, bool) or not str(value).strip().isdigit() or int(value) < minimum:
            problems.append(f"settings {name} must be a whole number of seconds, at least {minimum}")
            continue
        times[name] = int(value)
    return times


def parse_definition(raw: dict, *, source: str = "survey") -> SurveyDefinition:
    """Check an XLSForm-shaped mapping and build a definition; raise with every problem found."""
    problems: list[str] = []
    if not isinstance(raw, dict):
        raise SurveyDefinitionError(source, ["the file must hold settings, survey and choices"])
    settings = raw.get("settings") or {}
    key = str(settings.get("form_id") or "").strip()
    version = str(settings.get("version") or "").strip()
    title = str(settings.get("form_title") or "").strip()
    for what, value in (("form_id", key), ("version", version), ("form_title", title)):
        if not value:
            problems.append(f"settings needs {what}")
    times = _kiosk_times(settings, problems)
    lists = _choice_lists(raw, problems)
    questions = [
        q
        for i, row in enumerate(raw.get("survey") or [], start=1)
        if (q := _question(row, i, lists, problems)) is not None
    ]
    names = [q.name for q in questions]
    for i, q in enumerate(questions):
        unknown = sorted(references(q.relevant) - set(names[:i])) if q.relevant else []
        if unknown:
            problems.append(f"question {q.name} is relevant on {', '.join(unknown)}, not an earlier question")
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        problems.append(f"question names must be unique: {', '.join(duplicates)}")
    if not any(q.is_input for q in questions):
        problems.append("the survey needs at least one question")
    if problems:
        raise SurveyDefinitionError(source, problems)
    notice = str(settings.get("privacy_notice") or "").strip()
    return SurveyDefinition(key, version, title, notice, tuple(questions), raw, times)


def load_definition_file(path: Path) -> SurveyDefinition:
    """Read and check one survey YAML file."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise SurveyDefinitionError(path.name, [f"cannot be read as YAML ({type(exc).__name__})"]) from exc
    return parse_definition(raw, source=path.name)


def load_definitions(directory: Path) -> list[SurveyDefinition]:
    """Every survey YAML file in a folder, checked, in name order."""
    return [load_definition_file(p) for p in sorted(directory.glob("*.yaml"))]
