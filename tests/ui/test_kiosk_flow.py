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


def _respondent(
    screen: str, *, idle: float, on_screen: float = 0, answers: dict | None = None
) -> flow.Respondent:
    resp = flow.new_respondent(now=0)
    resp.screen = screen
    resp.last_touch = 1_000 - idle
    resp.screen_at = 1_000 - on_screen
    resp.answers = answers or {}
    return resp


@pytest.mark.parametrize(
    ("screen", "idle", "on_screen", "answers", "expected"),
    [
        (flow.PRIVACY, 10_000, 10_000, None, False),  # nothing of anybody to wipe
        (flow.PRIVACY, 10_000, 10_000, {"agree": "yes"}, True),
        (flow.QUESTION, TIMEOUT - 1, 0, {"agree": "yes"}, False),
        (flow.QUESTION, TIMEOUT, 0, {}, True),
        (flow.QUOTE, TIMEOUT + 5, 0, {"agree": "yes"}, True),
        (flow.QUOTE, 3, 0, {"agree": "yes"}, False),
        (flow.THANKS, 1, flow.FINISH_SECONDS - 1, None, False),
        (flow.THANKS, 1, flow.FINISH_SECONDS, None, True),
        (flow.DECLINED, 1, flow.FINISH_SECONDS + 3, None, True),
        (flow.DECLINED, TIMEOUT, 1, None, True),
    ],
)
def test_when_the_kiosk_starts_again(
    screen: str, idle: float, on_screen: float, answers: dict | None, expected: bool
) -> None:
    resp = _respondent(screen, idle=idle, on_screen=on_screen, answers=answers)
    assert flow.should_reset(resp, 1_000, timeout_seconds=TIMEOUT) is expected


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
    flow.advance(resp, QUESTIONS, now=3)
    assert resp.screen == flow.QUOTE
    flow.go_back(resp, QUESTIONS, now=4)
    assert (resp.screen, resp.index) == (flow.QUESTION, 2)
    flow.go_back(resp, QUESTIONS, now=5)
    flow.go_back(resp, QUESTIONS, now=5)
    flow.go_back(resp, QUESTIONS, now=5)  # the first question has nothing before it
    assert (resp.screen, resp.index) == (flow.QUESTION, 0)


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
