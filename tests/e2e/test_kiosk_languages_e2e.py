"""In Debian's chromium: Your View Counts completed in English, Easy Read and Polish; the time each takes.

The same respondent path in each language version: choose the language, agree, say who they are,
rate with a face, write one answer, skip the rest and decline quoting. The completion time (first
tap to the receipt) is printed and written to .tmp/kiosk-language-times.json.
"""

from __future__ import annotations

import json
import re
import time

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from feedback.models import Submission
from tests.e2e.conftest import SCREENSHOTS, Server
from tests.e2e.test_capture_e2e import NOTE_SCREEN, settle, sign_in, start_kiosk

pytestmark = pytest.mark.e2e

VERSIONS = {  # button, yes, who, family, face, next, skip, counter
    "en": (
        "English",
        "Yes, I'll take part",
        "Which of these best describes you?",
        "I am a family member of someone with a conviction",
        "Good",
        "Next",
        "Skip",
        "Question {n} of 10",
    ),
    "en-easy": (
        "Easy Read",
        "Yes",
        "Who are you?",
        "Someone in my family has a conviction",
        "Good",
        "Next",
        "Skip",
        "Question {n} of 10",
    ),
    "pl": (
        "Polski (Polish)",
        "Tak, wezmę udział",
        "Co najlepiej Cię opisuje?",
        "Jestem członkiem rodziny osoby skazanej",
        "Dobra",
        "Dalej",
        "Pomiń",
        "Pytanie {n} z 10",
    ),
}
ANSWER = {
    "en": "The staff listened to me.",
    "en-easy": "Staff were kind.",
    "pl": "Pracownicy mnie wysłuchali.",
}
TIMES: dict[str, float] = {}


def _step(page: Page, button: str, counter: str, screen: int) -> None:
    """Tap a button and wait for screen `screen` of 11: ten questions and, 7th, a note (no number)."""
    page.get_by_role("button", name=button, exact=True).click()
    if screen == NOTE_SCREEN:
        expect(page.locator(".kiosk-progress")).to_have_count(0)
    else:
        number = screen - (screen > NOTE_SCREEN)
        expect(page.get_by_text(counter.format(n=number), exact=True)).to_be_visible()
    settle(page)


@pytest.mark.parametrize("language", list(VERSIONS))
def test_complete_the_kiosk_in_each_language(page: Page, server: Server, language: str) -> None:
    name, yes, who, family, face, nxt, skip, counter = VERSIONS[language]
    sign_in(page)
    start_kiosk(page)
    started = time.monotonic()
    page.get_by_role("button", name=name, exact=True).click()
    settle(page)
    page.get_by_role("button", name=yes, exact=True).click()
    expect(page.get_by_role("heading", name=who)).to_be_visible()
    settle(page)
    if language == "en-easy":  # picture-supported choices: a picture (with alt text) over each button
        expect(page.get_by_role("img", name="A family")).to_be_visible()
        page.get_by_role("button", name=family, exact=True).click()
        chosen = page.locator('[data-testid="stBaseButton-primary"]', has_text=family)
        expect(chosen).to_be_visible()  # the tap is recorded: the button shows as chosen
    else:
        page.get_by_text(family, exact=True).click()
        expect(page.get_by_role("radio", name=family)).to_be_checked()
    settle(page)
    _step(page, nxt, counter, 2)
    page.get_by_role("button", name=re.compile(rf"^\S+\s+{face}$")).click()
    settle(page)
    _step(page, nxt, counter, 3)
    page.get_by_role("textbox").fill(ANSWER[language])
    page.get_by_role("textbox").blur()  # the box sends its text before Next is tapped
    settle(page)
    _step(page, nxt, counter, 4)
    for number in range(5, 12):
        _step(page, nxt if number == 8 else skip, counter, number)  # question 7 is a note: Next
    page.screenshot(path=str(SCREENSHOTS / f"e2e-kiosk-{language}-820x1180.png"))
    page.get_by_role("button", name=skip, exact=True).click()
    page.get_by_role("button", name="No, please don't").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    TIMES[language] = round(time.monotonic() - started, 1)
    print(f"kiosk completion in {language}: {TIMES[language]} s")
    (SCREENSHOTS / "kiosk-language-times.json").write_text(json.dumps(TIMES), encoding="utf-8")
    with server.factory() as session:
        stored = session.scalars(select(Submission).order_by(Submission.created_at.desc())).first()
        assert (stored.language, stored.stakeholder_group) == (language, "families")
        assert [c.text for c in stored.comments] == [ANSWER[language]]
