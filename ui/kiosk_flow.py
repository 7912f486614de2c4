"""The kiosk's state machine as pure functions: screens, moving between questions, resets."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from analysis.params import MAX_TEXT_LENGTH
from feedback.capture.surveys import Question
from feedback.models import new_uuid

PRIVACY = "privacy"
QUESTION = "question"
QUOTE = "quote"
THANKS = "thanks"
DECLINED = "declined"
FINISH_SECONDS = 20
# Faces from the oldest emoji block (U+1F600..), which even plain fonts such as DejaVu Sans draw.
FACES = {"1": "😀", "2": "😊", "3": "😐", "4": "😟", "5": "😞", "dont_know": "😶"}
FACES_BY_POSITION = ("😀", "😊", "😐", "😟", "😞", "😶")


@dataclass
class Respondent:
    """Everything one respondent has done on the kiosk; thrown away whole on reset."""

    started: float
    last_touch: float
    screen: str = PRIVACY
    index: int = 0
    answers: dict[str, object] = field(default_factory=dict)
    submission_id: str = ""
    quote_permission: bool | None = None
    receipt: str | None = None
    screen_at: float = 0.0
    error: str | None = None
    failed_submit: bool = False


def new_respondent(now: float) -> Respondent:
    """A fresh respondent at the privacy notice."""
    return Respondent(started=now, last_touch=now, screen_at=now)


def start(respondent: Respondent, now: float) -> None:
    """They agreed to take part: the submission id is made now, and the first question shows."""
    respondent.submission_id = new_uuid()
    go_to(respondent, QUESTION, now, index=0)


def go_to(respondent: Respondent, screen: str, now: float, *, index: int | None = None) -> None:
    """Move to a screen (and question), clearing any message."""
    respondent.screen = screen
    respondent.screen_at = now
    respondent.error = None
    if index is not None:
        respondent.index = index


def is_empty(value: object) -> bool:
    """True for an answer that was not given."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | tuple | set):
        return len(value) == 0
    return False


def check_answer(question: Question, value: object) -> str | None:
    """A plain message when the answer cannot be accepted, else None."""
    if question.required and is_empty(value):
        return "Please answer this question before going on."
    if question.kind == "text" and isinstance(value, str) and len(value.strip()) > MAX_TEXT_LENGTH:
        return (
            f"Your answer is {len(value.strip()):,} characters long. The most is {MAX_TEXT_LENGTH:,}. "
            "Please make it shorter."
        )
    return None


def record(respondent: Respondent, question: Question, value: object) -> None:
    """Keep an answer (or forget it when empty); notes take no answer."""
    if not question.is_input or is_empty(value):
        respondent.answers.pop(question.name, None)
    elif question.kind == "text":
        respondent.answers[question.name] = str(value).strip()
    else:
        respondent.answers[question.name] = value


def advance(respondent: Respondent, questions: Sequence[Question], now: float) -> None:
    """To the next question, or to the permission-to-quote screen after the last one."""
    if respondent.index + 1 < len(questions):
        go_to(respondent, QUESTION, now, index=respondent.index + 1)
    else:
        go_to(respondent, QUOTE, now)


def go_back(respondent: Respondent, questions: Sequence[Question], now: float) -> None:
    """To the previous question (the quote screen goes back to the last question)."""
    if respondent.screen == QUOTE:
        go_to(respondent, QUESTION, now, index=len(questions) - 1)
    elif respondent.index > 0:
        go_to(respondent, QUESTION, now, index=respondent.index - 1)


def has_something(respondent: Respondent) -> bool:
    """True when the screen shows anything of this respondent (so a reset is worth doing)."""
    return respondent.screen != PRIVACY or bool(respondent.answers) or respondent.receipt is not None


def should_reset(respondent: Respondent, now: float, *, timeout_seconds: float) -> bool:
    """True when the kiosk must start again for the next person.

    The thank-you and no-thanks screens end by themselves after FINISH_SECONDS; any other screen
    ends after timeout_seconds without a touch.
    """
    if respondent.screen in (THANKS, DECLINED):
        return now - respondent.screen_at >= FINISH_SECONDS or now - respondent.last_touch >= timeout_seconds
    return has_something(respondent) and now - respondent.last_touch >= timeout_seconds


def face(choice_name: str, position: int) -> str:
    """The emoji face for a rating choice (by name, else by position)."""
    return FACES.get(choice_name) or FACES_BY_POSITION[min(position, len(FACES_BY_POSITION) - 1)]


def keys_to_forget(keys: Iterable[str], keep: Iterable[str]) -> list[str]:
    """Every session key except the ones to keep (the kiosk config, the staff sign-in, counters)."""
    kept = set(keep)
    return [k for k in keys if k not in kept]


def widget_key(generation: int, *parts: str) -> str:
    """A widget key unique to one respondent, so the next one starts with empty widgets."""
    return "_".join(("kq", str(generation), *parts))
