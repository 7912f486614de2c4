"""In the browser: a disclosure at the kiosk reaches the staff member who started it, and the
respondent is shown where to get help. Prints the time from the save to the alert being seen."""

from __future__ import annotations

import statistics
import time

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import VIEWPORT, Server, nav
from tests.e2e.test_capture_e2e import first_answers, next_question, settle, sign_in, start_kiosk

pytestmark = pytest.mark.e2e
DISCLOSURE = "He says he will hurt me if I tell anyone and I am scared to go home tonight"
RUNS = 3


def respond_with_a_disclosure(kiosk: Page) -> None:
    """One respondent: a disclosure in 'what worked well', the rest skipped, no quoting."""
    first_answers(kiosk, DISCLOSURE)
    next_question(kiosk, 4)
    for number in range(5, 12):
        next_question(kiosk, number, "Next" if number == 8 else "Skip")
    kiosk.get_by_role("button", name="Skip", exact=True).click()
    kiosk.get_by_role("button", name="No, please don't").click()
    expect(kiosk.locator(".kiosk-receipt")).to_be_visible()


def seconds_until_the_banner(staff: Page, count: int, limit: float = 60) -> float:
    """Move between pages as a member of staff would until the alert banner shows; seconds taken."""
    started = time.monotonic()
    banner = staff.get_by_text(f"{count} safeguarding alert")
    while time.monotonic() - started < limit:
        nav(staff, "Activities")
        settle(staff)
        if banner.count():
            return time.monotonic() - started
        time.sleep(0.5)
    raise AssertionError(f"no alert banner within {limit:.0f} s")


def test_a_kiosk_disclosure_alerts_the_staff_member_and_shows_help(browser: Browser, server: Server) -> None:
    contexts = [browser.new_context(viewport=VIEWPORT) for _ in range(2)]
    for context in contexts:
        context.set_default_timeout(30_000)
    kiosk, staff = (context.new_page() for context in contexts)
    for page in (kiosk, staff):
        page.goto(server.url)
        sign_in(page)
    start_kiosk(kiosk)
    waits = []
    for run in range(1, RUNS + 1):
        respond_with_a_disclosure(kiosk)
        saved = time.monotonic()
        # The respondent sees where to get help before anything else.
        expect(kiosk.get_by_text("If you would like help")).to_be_visible()
        expect(kiosk.get_by_text("Samaritans: 116 123")).to_be_visible()
        waits.append(time.monotonic() - saved + seconds_until_the_banner(staff, run))
        kiosk.get_by_role("button", name="Finish").click()
        expect(kiosk.get_by_role("button", name="Yes, I'll take part")).to_be_visible()
    print(
        f"\nkiosk save to alert seen by staff: median {statistics.median(waits):.1f} s over {RUNS} ({waits})"
    )
    # From the alert to a recorded review: the banner's link, what was done, record it (3 taps).
    staff.get_by_role("link", name="Open the safeguarding alerts").click()
    expect(staff.get_by_text(DISCLOSURE[:30]).first).to_be_visible()
    expect(staff.get_by_text("Receipt code:").first).to_be_visible()
    staff.get_by_text("Spoke to the person").first.click()
    staff.get_by_role("button", name="Record the review").first.click()
    expect(staff.get_by_text("Review recorded.")).to_be_visible()
    expect(staff.get_by_role("tab", name=f"Open ({RUNS - 1})")).to_be_visible()
    for context in contexts:
        context.close()
