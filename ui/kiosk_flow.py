"""The kiosk's state machine as pure functions: screens, moving between questions, resets."""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from analysis.params import MAX_TEXT_LENGTH
from feedback.capture.relevance import is_relevant
from feedback.capture.surveys import Question
from feedback.models import new_uuid

PRIVACY = "privacy"
QUESTION = "question"
QUOTE = "quote"
SEND = "send"  # answers given but nothing written: sent without asking to quote
THANKS = "thanks"
DECLINED = "declined"
NOTHING = "nothing"  # every question skipped: nothing stored, the respondent is told and thanked
CLOSING = (DECLINED, NOTHING)  # last screens that show no receipt
DECLINED_SECONDS = 20
OK = "ok"
WARN = "warn"
RESET = "reset"
# Faces from the oldest emoji block (U+1F600..), which even plain fonts such as DejaVu Sans draw.
FACES = {"1": "😀", "2": "😊", "3": "😐", "4": "😟", "5": "😞", "dont_know": "😶"}
FACES_BY_POSITION = ("😀", "😊", "😐", "😟", "😞", "😶")


@dataclass(frozen=True)
class KioskTimes:
    """A kiosk's time-outs in seconds: warn after idle, reset after the warning, receipt shown for."""

    warn_after: int
    warning: int
    receipt: int

    @classmethod
    def for_survey(
        cls, survey_times: dict[str, int], *, warn_after: int, warning: int, receipt: int
    ) -> KioskTimes:
        """The survey's own times where its settings give them, else the environment's."""
        return cls(
            warn_after=survey_times.get("kiosk_timeout", warn_after),
            warning=survey_times.get("kiosk_warning", warning),
            receipt=survey_times.get("receipt_seconds", receipt),
        )


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
    drafts: dict[str, str] = field(default_factory=dict)


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


def _asked(respondent: Respondent, question: Question) -> bool:
    """True when the question's skip logic (XLSForm `relevant`) says to ask it now."""
    return is_relevant(question.relevant, respondent.answers)


def question_number(questions: Sequence[Question], index: int) -> tuple[int, int] | None:
    """(n, of) for "Question n of m", counting only questions that take an answer; None for a note."""
    if not questions[index].is_input:
        return None
    inputs = [i for i, q in enumerate(questions) if q.is_input]
    return inputs.index(index) + 1, len(inputs)


def wrote_something(respondent: Respondent, questions: Sequence[Question]) -> bool:
    """True when the respondent gave a written (free-text) answer: only then is quoting asked about."""
    return any(q.kind == "text" and not is_empty(respondent.answers.get(q.name)) for q in questions)


def advance(respondent: Respondent, questions: Sequence[Question], now: float) -> None:
    """To the next question that applies; after the last one, to the quote question (only after a
    written answer), straight to sending, or, when every question was skipped, to the nothing-saved
    screen."""
    following = [i for i in range(respondent.index + 1, len(questions)) if _asked(respondent, questions[i])]
    for i in range(respondent.index + 1, following[0] if following else len(questions)):
        respondent.answers.pop(questions[i].name, None)  # skipped by the logic: no stale answer kept
    if following:
        go_to(respondent, QUESTION, now, index=following[0])
    elif not respondent.answers:
        go_to(respondent, NOTHING, now)
    elif wrote_something(respondent, questions):
        go_to(respondent, QUOTE, now)
    else:
        respondent.quote_permission = False
        go_to(respondent, SEND, now)


def go_back(respondent: Respondent, questions: Sequence[Question], now: float) -> None:
    """To the previous question that applies (the quote and send screens go back to the last one)."""
    end = len(questions) if respondent.screen in (QUOTE, SEND) else respondent.index
    earlier = [i for i in range(end) if _asked(respondent, questions[i])]
    if earlier:
        go_to(respondent, QUESTION, now, index=earlier[-1])


def has_something(respondent: Respondent) -> bool:
    """True when the screen shows anything of this respondent (so a reset is worth doing)."""
    return respondent.screen != PRIVACY or bool(respondent.answers) or respondent.receipt is not None


def timeout_step(
    respondent: Respondent,
    *,
    now: float,
    last_activity: float,
    warned_at: float | None,
    screen_at: float,
    times: KioskTimes,
) -> str:
    """What the kiosk's watchdog must do now: OK, WARN (show the countdown) or RESET.

    The thank-you screen ends times.receipt seconds after it was shown (or after "I need more
    time"); the no-thanks screen after DECLINED_SECONDS. Any other screen that holds something of
    the respondent first WARNs after times.warn_after seconds without a touch, and only RESETs
    times.warning seconds after the warning was shown, so nothing is wiped without a warning.
    """
    if respondent.screen == THANKS:
        return RESET if now - screen_at >= times.receipt else OK
    if respondent.screen in CLOSING:
        return RESET if now - screen_at >= DECLINED_SECONDS else OK
    if not has_something(respondent):
        return OK
    if warned_at is None:
        return WARN if now - last_activity >= times.warn_after else OK
    return RESET if now - warned_at >= times.warning else WARN


def seconds_left(
    respondent: Respondent, *, now: float, warned_at: float | None, screen_at: float, times: KioskTimes
) -> int:
    """The countdown on screen: of the warning, the receipt or the no-thanks screen."""
    if respondent.screen == THANKS:
        return max(0, round(times.receipt - (now - screen_at)))
    if respondent.screen in CLOSING:
        return max(0, round(DECLINED_SECONDS - (now - screen_at)))
    return max(0, round(times.warning - (now - (warned_at if warned_at is not None else now))))


def abandoned(
    respondent: Respondent, *, now: float, last_activity: float, screen_at: float, times: KioskTimes
) -> bool:
    """True when a reload finds the kiosk left so long that the person has surely gone."""
    if respondent.screen == THANKS:
        return now - screen_at >= times.receipt
    if respondent.screen in CLOSING:
        return now - screen_at >= DECLINED_SECONDS
    return has_something(respondent) and now - last_activity >= times.warn_after + times.warning


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


def receipt_html(code: str) -> str:
    """The receipt code large, in two spaced groups, read out letter by letter by screen readers."""
    groups = [html.escape(g) for g in code.split("-")]
    spoken = ", dash, ".join(" ".join(g) for g in groups)
    shown = '<span class="kiosk-receipt-dash">-</span>'.join(f"<span>{g}</span>" for g in groups)
    return f'<div class="kiosk-receipt" role="img" aria-label="Your code is {spoken}">{shown}</div>'
