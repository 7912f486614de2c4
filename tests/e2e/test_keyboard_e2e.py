"""Keyboard only, at 820x1180: a feedback card and a kiosk survey done with keyboard.press/type alone,
focus always visible; and an edit in the statement's table reaches the downloaded file."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from feedback.admin.auth import create_user
from feedback.db import transaction
from feedback.fixtures import make_activity
from feedback.models import Comment, Submission
from tests.e2e.a11y_walk import settle
from tests.e2e.conftest import STAFF, Server
from tests.e2e.conftest import sign_in as sign_in_by_pointer

pytestmark = pytest.mark.e2e
TITLE = "Keyboard LISTEN event, Larkhall"
CARD_WORDS = "Letters should come in plain English."
KIOSK_WORDS = "I could do the whole survey without a mouse."
EDIT = "reworded for the annual report"
ADMIN = ("admin", "partnership-demo")
FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) { return ""; }
  const label = (e.labels && e.labels[0] && e.labels[0].innerText) || e.getAttribute("aria-label") || "";
  return [e.tagName, e.getAttribute("type") || "", e.getAttribute("role") || "", label, (e.innerText || "").slice(0, 60),
          e.getAttribute("placeholder") || ""].join(" | ");
}"""
FOCUS_VISIBLE = """() => {
  const s = getComputedStyle(document.activeElement);
  return (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== "none";
}"""


@pytest.fixture(scope="module")
def activity(server: Server) -> Server:
    """An activity this financial year to capture cards for and to show in the statement."""
    with transaction(server.factory) as session:
        make_activity(session, title=TITLE, start_date=dt.date.today() - dt.timedelta(days=1))
        create_user(session=session, username=ADMIN[0], display_name="Admin", role="admin", pin=ADMIN[1])
    return server


def tab_to(page: Page, wanted: Callable[[str], bool], limit: int = 80) -> str:
    """Press Tab until the focused element matches; check its focus is visible; return its description."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        seen.append(focused)
        if focused and wanted(focused):
            assert page.evaluate(FOCUS_VISIBLE), f"focus not visible on {focused}"
            return focused
    raise AssertionError("never reached by Tab; focus went to:\n" + "\n".join(seen))


def has(*words: str) -> Callable[[str], bool]:
    """A test on the focused element's description: it holds every word given."""
    return lambda focused: all(w in focused for w in words)


def press_button(page: Page, name: str) -> None:
    """Tab to a button by its text and press Enter; wait for the app to finish."""
    tab_to(page, has("BUTTON", name))
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)
    settle(page)


def keyboard_sign_in(page: Page) -> None:
    """Sign in as staff with the keyboard."""
    settle(page)
    tab_to(page, has("INPUT", "Username"))
    page.keyboard.type(STAFF[0])
    page.keyboard.press("Tab")
    page.keyboard.type(STAFF[1])
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Activities")).to_be_visible()
    settle(page)


def open_from_menu(page: Page, section: str, title: str) -> None:
    """Open a page from the top navigation with the keyboard."""
    for _attempt in range(3):  # a page that is still changing can close the menu: open it again
        settle(page)
        tab_to(page, has("BUTTON", section))
        page.keyboard.press("Enter")
        try:
            expect(page.get_by_role("menu")).to_be_visible(timeout=3_000)
            break
        except AssertionError:
            continue
    focused = page.evaluate(FOCUSED)
    for _ in range(12):
        if title in focused:
            break
        page.keyboard.press("ArrowDown")
        page.wait_for_timeout(100)
        focused = page.evaluate(FOCUSED)
    assert title in focused, focused
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    settle(page)


def choose(page: Page, label: str, typed: str) -> None:
    """Tab to a select box, type part of an option and take it with Enter."""
    tab_to(page, has("INPUT", label))
    page.keyboard.type(typed)
    page.keyboard.press("Enter")
    settle(page)


def test_a_feedback_card_with_the_keyboard_only(page: Page, activity: Server) -> None:
    keyboard_sign_in(page)
    open_from_menu(page, "Capture", "Feedback cards")
    choose(page, "Activity", "Keyboard LISTEN")
    tab_to(page, has("INPUT", "radio"))  # a radio group: the arrow keys choose
    for _ in range(4):
        page.keyboard.press("ArrowRight")
        if "Could be improved" in page.evaluate(FOCUSED):
            break
    tab_to(page, has("TEXTAREA"))
    page.keyboard.type(CARD_WORDS)
    tab_to(page, has("They agree we may quote"))
    page.keyboard.press("Space")
    press_button(page, "Save card")
    expect(
        page.get_by_text("Card saved (its analysis follows in a moment). Ready for the next one.")
    ).to_be_visible()
    with activity.factory() as session:
        stored = session.scalars(select(Comment).where(Comment.text == CARD_WORDS)).one()
        assert stored.question_type == "could_improve"
        assert session.get(Submission, stored.submission_id).quote_permission is True


def test_a_kiosk_survey_with_the_keyboard_only(page: Page, activity: Server) -> None:
    keyboard_sign_in(page)
    open_from_menu(page, "Capture", "Start a kiosk survey")
    if page.get_by_role("combobox", name="Locality").count():  # else it comes from the activity
        choose(page, "Locality", "Larkhall")
    press_button(page, "Start kiosk")
    press_button(page, "Yes, I'll take part")
    written = False
    for _screen in range(12):
        if page.get_by_role("heading", name="Can we use your words?").count():
            break
        if not written and page.locator("textarea").count():
            tab_to(page, has("TEXTAREA"))
            page.keyboard.type(KIOSK_WORDS)
            written = True
            press_button(page, "Next")
        else:
            press_button(page, "Skip" if page.get_by_role("button", name="Skip").count() else "Next")
    press_button(page, "Yes, you can use my words")
    expect(page.locator(".kiosk-receipt")).to_be_visible()
    with activity.factory() as session:
        stored = session.scalars(select(Comment).where(Comment.text == KIOSK_WORDS)).one()
        assert session.get(Submission, stored.submission_id).quote_permission is True


def test_an_edit_in_the_statement_table_reaches_the_download(page: Page, activity: Server) -> None:
    sign_in_by_pointer(page, *ADMIN)
    expect(page.get_by_role("heading", name="Activities")).to_be_visible()
    settle(page)
    page.goto(f"{activity.url}/statement")
    settle(page)
    grid = page.get_by_test_id("stDataFrame")
    expect(grid).to_be_visible()
    box = grid.bounding_box()
    # The grid: a row-number column, then columns of 200 px; the activity is the third, row 1.
    page.mouse.dblclick(box["x"] + 32 + 2 * 200 + 100, box["y"] + 52)
    page.locator("textarea, input").last.wait_for()  # the cell's editor has opened
    page.wait_for_timeout(500)
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type(f"{TITLE}, {EDIT}")
    page.wait_for_timeout(300)
    page.keyboard.press("Enter")
    page.wait_for_timeout(1_500)  # the edit goes to the server, which draws the downloads again
    settle(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download CSV").click()
    rows = list(csv.DictReader(io.StringIO(download.value.path().read_text(encoding="utf-8-sig"))))
    assert [r["Consultation/involvement activities"] for r in rows] == [f"{TITLE}, {EDIT}"]


def test_the_error_summary_takes_the_focus_and_each_link_leads_to_its_field(
    page: Page, activity: Server
) -> None:
    keyboard_sign_in(page)
    open_from_menu(page, "Capture", "Record an activity")
    tab_to(page, has("INPUT", "Families of people with convictions"))
    page.keyboard.type("2.5")
    press_button(page, "Save the activity")
    expect(page.get_by_text("Nothing was saved yet")).to_be_visible()
    assert page.evaluate("() => document.activeElement.getAttribute('role')") == "alert"
    page.keyboard.press("Tab")  # from the summary, the first link
    assert "Kind" in page.evaluate(FOCUSED)
    tab_to(page, has("A", "Headcount: Families"), limit=6)
    page.keyboard.press("Enter")
    assert "Families of people with convictions" in page.evaluate(FOCUSED)
    assert page.evaluate("() => document.activeElement.value") == "2.5"  # kept as typed
    expect(page.locator("#error-attendance-families")).to_contain_text("whole number from 0 to 10,000")
