"""Skip logic on the kiosk: questions whose `relevant` is false are passed over, both ways."""

from __future__ import annotations

import pytest

from feedback.capture.relevance import is_relevant
from feedback.capture.surveys import Question
from ui import kiosk_flow as flow

QUESTIONS = (
    Question("select_one", "used", "Used?"),
    Question("integer", "visits", "Visits?", relevant="${used} = 'yes'"),
    Question("text", "why_not", "Why not?", relevant="${used} = 'no'"),
    Question("text", "else", "Anything else?"),
)


@pytest.mark.parametrize(
    ("used", "path"),
    [("yes", ["used", "visits", "else"]), ("no", ["used", "why_not", "else"]), (None, ["used", "else"])],
)
def test_the_kiosk_follows_the_skip_logic(used: str | None, path: list[str]) -> None:
    resp = flow.new_respondent(0.0)
    flow.start(resp, 0.0)
    seen = [QUESTIONS[resp.index].name]
    flow.record(resp, QUESTIONS[0], used)
    while resp.screen == flow.QUESTION:
        if QUESTIONS[resp.index].name == "else":  # words written: the quote question follows
            flow.record(resp, QUESTIONS[resp.index], "More buses, please")
        flow.advance(resp, QUESTIONS, 1.0)
        if resp.screen == flow.QUESTION:
            seen.append(QUESTIONS[resp.index].name)
    assert seen == path and resp.screen == flow.QUOTE
    back = []
    while True:
        flow.go_back(resp, QUESTIONS, 2.0)
        back.append(QUESTIONS[resp.index].name)
        if resp.index == 0:
            break
    assert back == list(reversed(path))


def test_an_answer_the_logic_now_skips_is_dropped() -> None:
    resp = flow.new_respondent(0.0)
    flow.start(resp, 0.0)
    resp.answers = {"used": "no", "visits": "3"}
    flow.advance(resp, QUESTIONS, 1.0)
    assert QUESTIONS[resp.index].name == "why_not" and "visits" not in resp.answers


@pytest.mark.parametrize(
    ("expression", "answers", "expected"),
    [
        ("${a} = 'x'", {"a": "x"}, True),
        ("${a} != 'x'", {}, True),
        ("${n} >= 3", {"n": "3"}, True),
        ("${n} < 3", {"n": "abc"}, False),
        ("selected(${m}, 'b')", {"m": ["a", "b"]}, True),
        ("selected(${m}, 'b')", {"m": "a b"}, True),
        ("not(selected(${m}, 'b'))", {"m": ["a"]}, True),
        ("${a} = 'x' and ${b} = 'y' or ${c} = 'z'", {"c": "z"}, True),
        ("${a} = 'x' and ${b} = 'y' or ${c} = 'z'", {"a": "x"}, False),
    ],
)
def test_relevant_expressions(expression: str, answers: dict, expected: bool) -> None:
    assert is_relevant(expression, answers) is expected
