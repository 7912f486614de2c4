"""The kiosk's pure state machine: answers, moving between screens, and when to start again."""

from __future__ import annotations

import pytest

from feedback.capture.surveys import Choice, Question
from ui import kiosk_flow as flow

TEXT = Question("text", "worked_well", "What worked well?", comment_type="working_well")
REQUIRED = Question(
    "select_one", "agree", "Do you agree?", required=True, choices=(Choice("yes", "Yes"), Choice("no", "No"))
)
NOTE = Question("note", "intro", "Some optional questions follow.")
QUESTIONS = (REQUIRED, TEXT, NOTE)
TIMEOUT = 120


TIMES = flow.KioskTimes(warn_after=TIMEOUT, warning=30, receipt=60)
NOW = 1_000.0


def _respondent(screen: str, answers: dict | None = None) -> flow.Respondent:
    resp = flow.new_respondent(now=0)
    resp.screen = screen
    resp.answers = answers or {}
    return resp


@pytest.mark.parametrize(
    ("screen", "idle", "warned", "on_screen", "answers", "expected"),
    [
        (flow.PRIVACY, 10_000, None, 10_000, None, flow.OK),  # nothing of anybody to wipe
        (flow.PRIVACY, 10_000, None, 0, {"agree": "yes"}, flow.WARN),
        (flow.QUESTION, TIMEOUT - 1, None, 0, {"agree": "yes"}, flow.OK),
        (flow.QUESTION, TIMEOUT, None, 0, {}, flow.WARN),  # never a reset without a warning first
        (flow.QUESTION, 10_000, None, 0, {}, flow.WARN),
        (flow.QUESTION, 10_000, 29, 0, {}, flow.WARN),
        (flow.QUESTION, 10_000, 30, 0, {}, flow.RESET),
        (flow.QUOTE, TIMEOUT + 5, None, 0, {"agree": "yes"}, flow.WARN),
        (flow.QUOTE, 3, None, 0, {"agree": "yes"}, flow.OK),
        (flow.THANKS, 1, None, 59, None, flow.OK),  # the receipt stays for its 60 seconds
        (flow.THANKS, 10_000, None, 59, None, flow.OK),
        (flow.THANKS, 1, None, 60, None, flow.RESET),
        (flow.DECLINED, 1, None, flow.DECLINED_SECONDS - 1, None, flow.OK),
        (flow.DECLINED, 1, None, flow.DECLINED_SECONDS, None, flow.RESET),
    ],
)
def test_when_the_kiosk_warns_and_starts_again(
    screen: str, idle: float, warned: float | None, on_screen: float, answers: dict | None, expected: str
) -> None:
    step = flow.timeout_step(
        _respondent(screen, answers),
        now=NOW,
        last_activity=NOW - idle,
        warned_at=None if warned is None else NOW - warned,
        screen_at=NOW - on_screen,
        times=TIMES,
    )
    assert step == expected


@pytest.mark.parametrize(
    ("screen", "warned", "on_screen", "left"),
    [
        (flow.QUESTION, 0, 0, 30),
        (flow.QUESTION, 12, 0, 18),
        (flow.THANKS, None, 15, 45),
        (flow.THANKS, None, 90, 0),
    ],
)
def test_the_countdown_on_screen(screen: str, warned: float | None, on_screen: float, left: int) -> None:
    resp = _respondent(screen, {"agree": "yes"})
    warned_at = None if warned is None else NOW - warned
    assert (
        flow.seconds_left(resp, now=NOW, warned_at=warned_at, screen_at=NOW - on_screen, times=TIMES) == left
    )


@pytest.mark.parametrize(
    ("screen", "idle", "on_screen", "gone"),
    [
        (flow.QUESTION, TIMEOUT + 29, 0, False),  # a reload during the warning comes back
        (flow.QUESTION, TIMEOUT + 30, 0, True),
        (flow.THANKS, 1, 59, False),
        (flow.THANKS, 1, 60, True),
    ],
)
def test_a_reload_after_the_person_has_gone_starts_again(
    screen: str, idle: float, on_screen: float, gone: bool
) -> None:
    resp = _respondent(screen, {"agree": "yes"})
    assert (
        flow.abandoned(resp, now=NOW, last_activity=NOW - idle, screen_at=NOW - on_screen, times=TIMES)
        is gone
    )


def test_survey_settings_override_the_environment() -> None:
    times = flow.KioskTimes.for_survey({"kiosk_timeout": 300}, warn_after=120, warning=30, receipt=60)
    assert times == flow.KioskTimes(warn_after=300, warning=30, receipt=60)


@pytest.mark.parametrize("code", ["K7MQ-2QPX", "ABCD-EFGH"])
def test_the_receipt_is_shown_in_two_groups_and_spelt_out_for_screen_readers(code: str) -> None:
    shown = flow.receipt_html(code)
    first, second = code.split("-")
    assert f"<span>{first}</span>" in shown and f"<span>{second}</span>" in shown
    assert f'aria-label="Your code is {" ".join(first)}, dash, {" ".join(second)}"' in shown


@pytest.mark.parametrize(
    ("question", "value", "message"),
    [
        (TEXT, None, None),
        (TEXT, "   ", None),
        (TEXT, "x" * 2000, None),
        (TEXT, "x" * 2001, "2,001 characters long. The most is 2,000"),
        (TEXT, " " + "x" * 2000 + "  ", None),  # spaces around are not counted
        (REQUIRED, None, "Please answer this question"),
        (REQUIRED, "", "Please answer this question"),
        (REQUIRED, "no", None),
    ],
)
def test_check_answer(question: Question, value: object, message: str | None) -> None:
    result = flow.check_answer(question, value)
    assert (result is None) if message is None else (message in result)


@pytest.mark.parametrize(
    ("question", "value", "stored"),
    [
        (TEXT, "  Kind staff  ", "Kind staff"),
        (TEXT, "   ", None),
        (REQUIRED, "yes", "yes"),
        (Question("select_multiple", "helped", "Helped?"), [], None),
        (Question("select_multiple", "helped", "Helped?"), ["housing"], ["housing"]),
        (NOTE, "anything", None),
    ],
)
def test_record_keeps_answers_and_forgets_empty_ones(
    question: Question, value: object, stored: object
) -> None:
    resp = flow.new_respondent(now=0)
    resp.answers[question.name] = "earlier answer"
    flow.record(resp, question, value)
    assert resp.answers.get(question.name) == stored


def test_moving_through_the_screens() -> None:
    resp = flow.new_respondent(now=0)
    flow.start(resp, now=1)
    assert (resp.screen, resp.index) == (flow.QUESTION, 0)
    assert len(resp.submission_id) == 36  # made when the survey starts
    for expected in (1, 2):
        flow.advance(resp, QUESTIONS, now=2)
        assert (resp.screen, resp.index) == (flow.QUESTION, expected)
    resp.answers[TEXT.name] = "Kind staff"  # a written answer: only then is quoting asked about
    flow.advance(resp, QUESTIONS, now=3)
    assert resp.screen == flow.QUOTE
    flow.go_back(resp, QUESTIONS, now=4)
    assert (resp.screen, resp.index) == (flow.QUESTION, 2)
    flow.go_back(resp, QUESTIONS, now=5)
    flow.go_back(resp, QUESTIONS, now=5)
    flow.go_back(resp, QUESTIONS, now=5)  # the first question has nothing before it
    assert (resp.screen, resp.index) == (flow.QUESTION, 0)


@pytest.mark.parametrize(
    ("answers", "screen", "quote"),
    [
        ({}, flow.NOTHING, None),  # everything skipped: nothing to store, nothing to quote
        ({REQUIRED.name: "yes"}, flow.SEND, False),  # a choice but no words: no quote question
        ({REQUIRED.name: "yes", TEXT.name: "Kind staff"}, flow.QUOTE, None),
    ],
)
def test_after_the_last_question(answers: dict, screen: str, quote: bool | None) -> None:
    resp = flow.new_respondent(now=0)
    flow.start(resp, now=1)
    resp.index = len(QUESTIONS) - 1
    resp.answers.update(answers)
    flow.advance(resp, QUESTIONS, now=2)
    assert (resp.screen, resp.quote_permission) == (screen, quote)


def test_question_numbers_count_questions_not_notes() -> None:
    questions = (REQUIRED, NOTE, TEXT)
    assert [flow.question_number(questions, i) for i in range(3)] == [(1, 2), None, (2, 2)]


def test_the_nothing_saved_screen_closes_by_itself() -> None:
    resp = _respondent(flow.NOTHING)
    step = flow.timeout_step(
        resp, now=NOW + flow.DECLINED_SECONDS, last_activity=NOW, warned_at=None, screen_at=NOW, times=TIMES
    )
    assert step == flow.RESET


@pytest.mark.parametrize(
    ("name", "position", "face"),
    [("1", 0, "😀"), ("5", 4, "😞"), ("dont_know", 5, "😶"), ("excellent", 0, "😀"), ("other", 9, "😶")],
)
def test_faces(name: str, position: int, face: str) -> None:
    assert flow.face(name, position) == face


@pytest.mark.parametrize(
    ("keys", "keep", "expected"),
    [
        (
            ["kiosk", "kq_0_q_a", "kiosk_respondent", "signed_in_user"],
            ["kiosk", "signed_in_user"],
            ["kq_0_q_a", "kiosk_respondent"],
        ),
        (["kiosk"], ["kiosk"], []),
    ],
)
def test_keys_to_forget(keys: list[str], keep: list[str], expected: list[str]) -> None:
    assert flow.keys_to_forget(keys, keep) == expected
