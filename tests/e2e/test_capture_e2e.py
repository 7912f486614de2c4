"""End to end in Debian's chromium at 820x1180: sign in, record an activity, capture cards, run the kiosk."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from feedback.models import Activity, Answer, Comment, Submission
from tests.e2e.conftest import SCREENSHOTS, STAFF, Server, nav
from tests.e2e.conftest import sign_in as sign_in_as

pytestmark = pytest.mark.e2e

TITLE = "LISTEN event, Hamilton Town House"
CARDS = (
    ("Working well", "The staff listened and did not judge me."),
    ("Could be improved", "Letters from the court are too hard to read."),
    ("Idea", "A Saturday drop-in for families."),
)
KIOSK_WORDS = "The hub worker helped me sort my benefits."
UNSENT_WORDS = "Private words nobody else should see"
NOTE_SCREEN = 7


def settle(page: Page) -> None:
    """Wait until the app has finished its script run and no stale element is left on the page."""
    page.wait_for_function(
        "() => !document.querySelector('[data-stale=\"true\"]')"
        " && !document.querySelector('[data-testid=\"stStatusWidgetRunningIcon\"]')"
    )


def sign_in(page: Page) -> None:
    """Sign in as the staff user and wait for the Activities page."""
    sign_in_as(page, *STAFF)
    expect(page.get_by_role("heading", name="Activities")).to_be_visible()


def choose(page: Page, label: str, option: str) -> None:
    """Pick an option of a select box by its label."""
    page.get_by_role("combobox", name=label).click()
    page.get_by_role("option", name=option, exact=True).click()
    expect(page.get_by_role("combobox", name=label)).to_have_value(option)
    settle(page)


def record_activity(page: Page) -> None:
    """Fill and save the Record an activity form."""
    nav(page, "Record an activity")
    expect(page.get_by_role("heading", name="Record an activity")).to_be_visible()
    choose(page, "Kind of activity", "LISTEN event")
    choose(page, "Locality", "Hamilton/Blantyre/Larkhall")
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Venue").fill("Hamilton Town House")
    page.get_by_label("People with convictions", exact=True).fill("12")
    page.get_by_label("Families of people with convictions", exact=True).fill("4")
    page.get_by_role("button", name="Inclusion").click()
    page.get_by_label("Outcomes: what came of it").fill("Partners agreed a plain-English court letter.")
    page.get_by_role("button", name="Save the activity").click()
    expect(page.get_by_text(f"Saved: {TITLE}.")).to_be_visible()


def capture_card(page: Page, prompt: str, words: str, count: int) -> None:
    """Fill one feedback card, save it and wait for the running count."""
    form = page.get_by_test_id("stForm")
    form.get_by_role("radiogroup").get_by_text(prompt, exact=True).click()
    form.get_by_label("What did they say?").fill(words)
    form.get_by_text("They agree we may quote their words").click()
    form.get_by_role("button", name="Save card").click()
    expect(page.get_by_test_id("stMetricValue")).to_have_text(str(count))
    settle(page)
    expect(page.get_by_label("What did they say?")).to_have_count(1)  # the saved card's form is gone
    expect(page.get_by_label("What did they say?")).to_have_value("")


def start_kiosk(page: Page, activity: str | None = None) -> None:
    """Start a Your View Counts kiosk from the staff page."""
    nav(page, "Start a kiosk survey")
    expect(page.get_by_role("heading", name="Start a kiosk survey")).to_be_visible()
    choose(page, "Survey", "Your View Counts (version 2026.2)")
    if activity:
        page.get_by_role("combobox", name="Activity (optional)").click()
        page.get_by_role("option", name=re.compile(re.escape(activity))).click()
    else:
        choose(page, "Locality", "Clydesdale")
    page.get_by_role("button", name="Start kiosk").click()
    expect(page.get_by_role("button", name="Yes, I'll take part")).to_be_visible()


def next_question(page: Page, number: int, button: str = "Next") -> None:
    """Tap Next (or Skip) and wait for screen `number` (of 11): ten questions and, 7th, a note."""
    page.get_by_role("button", name=button, exact=True).click()
    if number == NOTE_SCREEN:  # a note is not a question: it has no number
        expect(page.get_by_text("The next questions help us check")).to_be_visible()
    else:
        expect(page.get_by_text(f"Question {number - (number > NOTE_SCREEN)} of 10")).to_be_visible()
    settle(page)
    expect(page.get_by_role("button", name="Next", exact=True)).to_have_count(1)  # no stale screen left


def first_answers(page: Page, words: str) -> None:
    """Agree, say who they are, rate with a face and write what worked well."""
    page.get_by_role("button", name="Yes, I'll take part").click()
    expect(page.get_by_text("Question 1 of 10")).to_be_visible()
    settle(page)
    page.get_by_text("I am a family member of someone with a conviction").click()
    next_question(page, 2)
    page.get_by_role("button", name=re.compile(r"^\S+\s+Good$")).click()
    expect(page.get_by_text("You chose: Good")).to_be_visible()
    settle(page)
    page.screenshot(path=str(SCREENSHOTS / "e2e-kiosk-faces-820x1180.png"))
    next_question(page, 3)
    page.get_by_role("textbox").fill(words)


def test_staff_record_an_activity_and_capture_three_cards(page: Page, server: Server) -> None:
    sign_in(page)
    record_activity(page)
    page.get_by_role("button", name="Capture feedback cards for it").click()
    expect(page.get_by_role("heading", name="Feedback cards")).to_be_visible()
    expect(page.get_by_role("combobox", name="Activity")).to_have_value(re.compile(re.escape(TITLE)))
    for count, (prompt, words) in enumerate(CARDS, start=1):
        capture_card(page, prompt, words, count)
    page.screenshot(path=str(SCREENSHOTS / "e2e-cards-820x1180.png"))
    with server.factory() as session:
        activity = session.scalars(select(Activity).where(Activity.title == TITLE)).one()
        assert {a.stakeholder_group: a.headcount for a in activity.attendance} == {
            "people_with_convictions": 12,
            "families": 4,
        }
        assert activity.standards == ["Inclusion"]
        rows = session.execute(
            select(Comment.question_type, Comment.text, Submission.quote_permission)
            .join(Submission)
            .where(Submission.activity_id == activity.id)
            .order_by(Submission.created_at)
        ).all()
    assert [tuple(r) for r in rows] == [
        ("working_well", CARDS[0][1], True),
        ("could_improve", CARDS[1][1], True),
        ("idea", CARDS[2][1], True),
    ]


def test_a_respondent_completes_the_kiosk_survey(page: Page, server: Server) -> None:
    sign_in(page)
    start_kiosk(page)
    page.screenshot(path=str(SCREENSHOTS / "e2e-kiosk-privacy-820x1180.png"))
    first_answers(page, KIOSK_WORDS)
    next_question(page, 4)
    for number in range(5, 12):
        next_question(page, number, "Next" if number == 8 else "Skip")  # 7 is a note: Next only
    page.get_by_role("button", name="Skip", exact=True).click()
    page.get_by_role("button", name="Yes, you can use my words").click()
    receipt = page.locator(".kiosk-receipt")
    expect(receipt).to_have_text(re.compile(r"^[A-Z2-9]{4}-[A-Z2-9]{4}$"))
    page.screenshot(path=str(SCREENSHOTS / "e2e-kiosk-thanks-820x1180.png"))
    with server.factory() as session:
        stored = session.scalars(
            select(Submission).where(Submission.receipt_code == receipt.inner_text())
        ).one()
        answers = {
            a.question: a.choice
            for a in session.scalars(select(Answer).where(Answer.submission_id == stored.id))
        }
        comments = [(c.question, c.text) for c in stored.comments]
    assert (stored.channel, stored.locality, stored.quote_permission) == ("kiosk", "clydesdale", True)
    assert answers == {"stakeholder_group": "families", "overall": "2"}
    assert comments == [("worked_well", KIOSK_WORDS)]
    page.get_by_role("button", name="Finish").click()
    expect(page.get_by_role("button", name="Yes, I'll take part")).to_be_visible()
    expect(page.locator(".kiosk-receipt")).to_have_count(0)


def test_an_idle_kiosk_resets_and_shows_nothing_of_the_previous_person(page: Page, server: Server) -> None:
    sign_in(page)
    start_kiosk(page)
    first_answers(page, UNSENT_WORDS)
    page.screenshot(path=str(SCREENSHOTS / "e2e-kiosk-question-820x1180.png"))
    page.get_by_role("textbox").blur()
    # Nobody touches the tablet: the watchdog starts again after the idle timeout.
    expect(page.get_by_role("button", name="Yes, I'll take part")).to_be_visible(timeout=45_000)
    app = page.get_by_test_id("stApp")
    expect(app).not_to_contain_text(UNSENT_WORDS)
    expect(page.get_by_role("textbox")).to_have_count(0)
    page.get_by_role("button", name="Yes, I'll take part").click()
    expect(page.get_by_text("Question 1 of 10")).to_be_visible()
    expect(page.get_by_role("radio", checked=True)).to_have_count(0)
    next_question(page, 2)
    expect(app).not_to_contain_text("You chose")
    next_question(page, 3)
    expect(page.get_by_role("textbox")).to_have_value("")
    expect(app).not_to_contain_text(UNSENT_WORDS)
    with server.factory() as session:
        texts = session.scalars(select(Comment.text)).all()
    assert UNSENT_WORDS not in texts


def test_the_kiosk_needs_the_staff_pin_to_close(page: Page) -> None:
    sign_in(page)
    start_kiosk(page)
    page.get_by_role("button", name="Staff").click()
    page.get_by_label("Staff PIN to close the kiosk").fill("0000")
    page.get_by_role("button", name="Unlock").click()
    expect(page.get_by_text("That PIN is not right")).to_be_visible()
    expect(page.get_by_test_id("stTopNav")).to_have_count(0)
    page.get_by_label("Staff PIN to close the kiosk").fill(STAFF[1])
    page.get_by_role("button", name="Unlock").click()
    expect(page.get_by_role("heading", name="Activities")).to_be_visible()
