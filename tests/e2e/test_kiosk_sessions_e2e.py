"""In Debian's chromium: the kiosk's idle warning, reloads, the receipt countdown, a double-saved
activity, and staff sessions that survive a reload but end when idle or signed out on any tab."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from feedback.db import transaction
from feedback.fixtures import make_activity
from feedback.models import Activity, Comment, KioskDevice, StaffSession
from feedback.tokens import token_hash
from tests.e2e.conftest import SCREENSHOTS, STAFF, VIEWPORT, Server, nav
from tests.e2e.test_capture_e2e import first_answers, next_question, settle, sign_in, start_kiosk

pytestmark = pytest.mark.e2e

WARN_AFTER, WARNING, RECEIPT = 15, 10, 10
SECRET = "My worker Jo sorted out my benefits."
TYPED = "I am still typing this answer slowly"
HALF_CARD = "The letters from the court are hard to"


@pytest.fixture(scope="module")
def server_env() -> dict[str, str]:
    """Short time-outs so that waiting for them fits in a test."""
    return {
        "FEEDBACK_KIOSK_TIMEOUT": str(WARN_AFTER),
        "FEEDBACK_KIOSK_WARNING": str(WARNING),
        "FEEDBACK_RECEIPT_SECONDS": str(RECEIPT),
        "FEEDBACK_SESSION_IDLE_MINUTES": "1",
    }


def warning(page: Page):
    """The time-out warning."""
    return page.locator(".feedback-idle-warning")


def test_typing_counts_as_activity_and_a_warning_with_a_countdown_comes_before_any_reset(
    page: Page, server: Server
) -> None:
    sign_in(page)
    start_kiosk(page)
    first_answers(page, SECRET)
    next_question(page, 4)
    box = page.get_by_role("textbox")
    box.click()
    started = time.monotonic()
    words = iter((TYPED + " and then some more words about it all").split())
    while time.monotonic() - started < WARN_AFTER + 5:  # typing, never leaving the box, past 15 s
        box.press_sequentially(next(words, "more") + " ", delay=40)
        page.wait_for_timeout(1_400)
        assert warning(page).count() == 0
    # Nobody touches it now: first the warning, with a countdown that goes down.
    expect(warning(page)).to_be_visible(timeout=WARN_AFTER * 1000 + 8_000)
    expect(warning(page)).to_contain_text("Are you still there?")
    first = int(re.search(r"(\d+) seconds?", warning(page).inner_text()).group(1))
    page.wait_for_timeout(2_200)
    second = int(re.search(r"(\d+) seconds?", warning(page).inner_text()).group(1))
    assert 0 < second < first <= WARNING
    page.screenshot(path=str(SCREENSHOTS / "e2e-kiosk-idle-warning-820x1180.png"))
    page.get_by_role("button", name="I'm still here").click()
    expect(warning(page)).to_have_count(0)
    expect(page.get_by_role("textbox")).to_have_value(re.compile("^" + re.escape(TYPED)))
    # Then nobody comes back: the warning, then the reset, and nothing of her is left.
    expect(warning(page)).to_be_visible(timeout=WARN_AFTER * 1000 + 8_000)
    expect(page.get_by_role("button", name="Yes, I'll take part")).to_be_visible(
        timeout=WARNING * 1000 + 8_000
    )
    expect(page.get_by_test_id("stApp")).not_to_contain_text(TYPED)
    with server.factory() as session:
        device = session.scalars(select(KioskDevice)).one()
        assert (device.answers, device.drafts) == ({}, {})
        assert TYPED not in " ".join(t or "" for t in session.scalars(select(Comment.text)))


def test_a_reload_and_back_return_to_the_question_and_staff_pages_stay_locked(
    page: Page, server: Server
) -> None:
    sign_in(page)
    start_kiosk(page)
    first_answers(page, SECRET)
    next_question(page, 4)
    page.get_by_role("textbox").fill(TYPED)  # typed, not sent with Next
    page.wait_for_timeout(4_000)  # the page reports what was typed once the typing pauses
    page.reload()
    expect(page.get_by_text("Question 4 of 10")).to_be_visible()
    expect(page.get_by_role("textbox")).to_have_value(TYPED)
    settle(page)
    page.get_by_role("button", name="Back").click()
    expect(page.get_by_role("textbox")).to_have_value(SECRET)
    # The app's address without the token (a browser Back to the start page) still finds the kiosk.
    page.goto(server.url)
    expect(page.get_by_text("Question 3 of 10")).to_be_visible()
    expect(page.get_by_test_id("stTopNav")).to_have_count(0)
    expect(page.get_by_label("Username")).to_have_count(0)
    # The browser's Back button, as far back as it goes, never reaches a staff page.
    backs = page.evaluate("history.length") - 1
    for _back in range(backs):
        page.go_back(wait_until="commit")  # None for the app's own (same-document) page changes
        if page.url == "about:blank":  # the tab's own first entry: out of the app, not a staff page
            page.go_forward(wait_until="commit")
            break
        settle(page)
        expect(page.get_by_role("button", name="Staff")).to_be_visible(timeout=15_000)
        expect(page.get_by_test_id("stTopNav")).to_have_count(0)
        expect(page.get_by_label("Username")).to_have_count(0)
    expect(page.get_by_text(re.compile(r"Question \d+ of 10"))).to_be_visible(timeout=20_000)
    assert backs >= 2  # back over the kiosk's start page and the staff pages before it


def test_a_dropped_connection_keeps_the_respondent_where_she_was(page: Page, server: Server) -> None:
    sign_in(page)
    start_kiosk(page)
    first_answers(page, SECRET)
    page.get_by_role("textbox").blur()
    settle(page)
    page.context.set_offline(True)
    page.wait_for_timeout(4_000)
    page.context.set_offline(False)
    expect(page.get_by_text("Question 3 of 10")).to_be_visible(timeout=30_000)
    expect(page.get_by_role("textbox")).to_have_value(SECRET)
    next_question(page, 4)
    page.get_by_role("button", name="Back").click()
    expect(page.get_by_role("textbox")).to_have_value(SECRET)


def complete_survey(page: Page) -> None:
    """Agree, say who they are, skip every other question and send the answers (nothing written,
    so no quote question)."""
    page.get_by_role("button", name="Yes, I'll take part").click()
    expect(page.get_by_text("Question 1 of 10")).to_be_visible()
    settle(page)
    page.get_by_text("I live or work in the community").click()
    for number in range(2, 12):
        next_question(page, number, "Next" if number in (2, 8) else "Skip")
    page.get_by_role("button", name="Skip", exact=True).click()
    expect(page.locator(".kiosk-receipt")).to_have_text(re.compile(r"^[A-Z2-9]{4}-[A-Z2-9]{4}$"))


def test_the_receipt_counts_down_and_finish_starts_again(page: Page, server: Server) -> None:
    sign_in(page)
    start_kiosk(page)
    complete_survey(page)
    countdown = page.locator(".kiosk-countdown")
    expect(countdown).to_contain_text("This screen will close in")
    first = int(re.search(r"(\d+) seconds?", countdown.inner_text()).group(1))
    page.wait_for_timeout(2_200)
    assert int(re.search(r"(\d+) seconds?", countdown.inner_text()).group(1)) < first
    page.screenshot(path=str(SCREENSHOTS / "e2e-kiosk-receipt-820x1180.png"))
    page.get_by_role("button", name="Finish").click()
    expect(page.get_by_role("button", name="Yes, I'll take part")).to_be_visible()
    expect(page.locator(".kiosk-receipt")).to_have_count(0)
    token = re.search(r"kiosk=([\w-]+)", page.url).group(1)
    with server.factory() as session:
        assert session.get(KioskDevice, token_hash(token)).receipt_code is None


def test_the_receipt_screen_closes_by_itself_when_the_countdown_ends(page: Page, server: Server) -> None:
    sign_in(page)
    start_kiosk(page)
    complete_survey(page)
    page.wait_for_timeout((RECEIPT - 3) * 1000)
    expect(page.locator(".kiosk-receipt")).to_be_visible()  # still there near the end of the countdown
    expect(page.get_by_role("button", name="Yes, I'll take part")).to_be_visible(timeout=10_000)
    expect(page.locator(".kiosk-receipt")).to_have_count(0)


def test_a_double_tapped_activity_save_stores_one_activity(page: Page, server: Server) -> None:
    sign_in(page)
    nav(page, "Record an activity")
    page.get_by_role("combobox", name="Kind of activity").click()
    page.get_by_role("option", name="LISTEN event", exact=True).click()
    page.get_by_role("combobox", name="Locality").click()
    page.get_by_role("option", name="Clydesdale", exact=True).click()
    page.get_by_label("Title").fill("Double tap test, Lanark")
    page.get_by_role("button", name="Save the activity").dblclick()
    expect(page.get_by_text("Saved: Double tap test, Lanark.")).to_be_visible()
    settle(page)
    expect(page.get_by_role("heading", name="Change an activity")).to_be_visible()  # now edits the saved one
    with server.factory() as session:
        titles = session.scalars(
            select(Activity.title).where(Activity.title == "Double tap test, Lanark")
        ).all()
    assert titles == ["Double tap test, Lanark"]


def test_a_staff_reload_keeps_the_sign_in_and_the_half_typed_card(page: Page, server: Server) -> None:
    with transaction(server.factory) as session:
        title = make_activity(session, title="Card reload test").title
    sign_in(page)
    nav(page, "Feedback cards")
    page.get_by_role("combobox", name="Activity").click()
    page.get_by_role("option", name=re.compile(re.escape(title))).click()
    settle(page)
    form = page.get_by_test_id("stForm")
    # Every field of the form, none of them sent yet (a form reaches the server only on Save).
    form.get_by_role("radiogroup").get_by_text("Could be improved", exact=True).click()
    page.get_by_label("What did they say?").fill(HALF_CARD)
    form.get_by_role("combobox", name="Who said it?").click()
    page.get_by_role("option", name="Families of people with convictions").click()
    form.get_by_text("They agree we may quote").click()
    page.wait_for_timeout(4_000)  # reported once the typing and tapping pause
    page.reload()
    expect(page.get_by_role("heading", name="Feedback cards")).to_be_visible()
    expect(page.get_by_text("half-typed card is back")).to_be_visible()
    form = page.get_by_test_id("stForm")
    expect(page.get_by_label("What did they say?")).to_have_value(HALF_CARD)
    expect(form.get_by_role("radio", name="Could be improved")).to_be_checked()
    expect(form.get_by_role("radio", name="Working well")).not_to_be_checked()
    expect(form.get_by_role("combobox", name="Who said it?")).to_have_value(
        "Families of people with convictions"
    )
    expect(form.get_by_role("checkbox", name=re.compile("They agree we may quote"))).to_be_checked()
    form.get_by_role("button", name="Save card").click()
    expect(page.get_by_test_id("stMetricValue")).to_have_text("1")
    with server.factory() as session:
        saved = session.scalars(select(Comment).where(Comment.text == HALF_CARD)).all()
        assert len(saved) == 1
        assert saved[0].question_type == "could_improve"
        assert saved[0].submission.stakeholder_group == "families"
        assert saved[0].submission.quote_permission is True
    # The next card starts empty: nothing of the saved one comes back.
    expect(page.get_by_label("What did they say?")).to_have_value("")
    expect(page.get_by_test_id("stForm").get_by_role("combobox", name="Who said it?")).to_have_value(
        "Not recorded"
    )


def test_activity_reports_never_leave_a_page_blank(page: Page, server: Server) -> None:
    # Typing and tapping are reported to the server; a report that raced a page change used to
    # cut the page's run short and leave its main area empty.
    for _round in range(3):
        sign_in(page)
        nav(page, "Start a kiosk survey")
        expect(page.get_by_role("combobox", name="Survey")).to_be_visible()
        nav(page, "Record an activity")
        expect(page.get_by_label("Title")).to_be_visible()
        page.get_by_label("Title").fill("Typed, then away")
        nav(page, "Activities")
        expect(page.get_by_role("heading", name="Activities")).to_be_visible()
        page.wait_for_timeout(2_500)
        expect(page.get_by_role("heading", name="Activities")).to_be_visible()
        nav(page, "Sign out")
        expect(page.get_by_label("Username")).to_be_visible()


def test_sign_out_on_one_tab_signs_out_every_tab(browser: Browser, server: Server) -> None:
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(20_000)
    first, second = context.new_page(), context.new_page()
    first.goto(server.url)
    sign_in(first)
    second.goto(server.url)  # the same browser: the sign-in carries over
    expect(second.get_by_role("heading", name="Activities")).to_be_visible()
    expect(second.get_by_label("Username")).to_have_count(0)
    token = next(c["value"] for c in context.cookies() if c["name"] == "feedback_session")
    nav(first, "Sign out")
    expect(first.get_by_label("Username")).to_be_visible()
    # The other tab, untouched, goes to the sign-in page by itself within the guard's interval.
    expect(second.get_by_label("Username")).to_be_visible(timeout=30_000)
    expect(second.get_by_test_id("stTopNav")).to_have_count(0)
    with server.factory() as session:
        assert session.get(StaffSession, token_hash(token)) is None
    context.close()


def test_an_idle_staff_session_signs_out_with_a_message(page: Page, server: Server) -> None:
    sign_in(page)
    # The sign-in form can linger, faded, while the first staff page's run finishes: wait until
    # it has gone, so that seeing it again below means the sign-out, not the sign-in.
    expect(page.get_by_label("Username")).to_have_count(0)
    # A minute without a touch (the environment sets one minute for this test).
    expect(page.get_by_text("signed out after 1 minute without use")).to_be_visible(timeout=100_000)
    expect(page.get_by_label("Username")).to_be_visible()
    expect(page.get_by_test_id("stTopNav")).to_have_count(0)
    page.reload()
    expect(page.get_by_label("Username")).to_be_visible()
    assert STAFF[0] not in page.get_by_test_id("stApp").inner_text()
