"""Accessibility and tablet figures: axe violations by impact per page and role, taps and seconds per card.

Run: `.venv/bin/python bench/bench_a11y.py [--repo PATH] [--width 820 --height 1180]`. It serves the
app of PATH (default: this checkout) on a free port with demo data in a temporary SQLite database,
signs in as each demo role, opens every page the role may open and every kiosk screen, and runs
axe-core (shipped in axe-playwright-python) on each; then captures feedback cards at the viewport
and counts the taps and seconds each takes. `--repo /work/main` gives the figures before a change.
Prints a table and ends with one JSON line; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect, sync_playwright

from tests.e2e.a11y_walk import ROLE_SIGN_INS, kiosk_screens, pages_of, serve, settle, sign_in, visit
from tests.e2e.axe import IMPACTS, audit, by_impact
from tests.e2e.conftest import CHROMIUM_ARGS


def _cards(page: Page, url: str, n: int) -> tuple[float, float]:
    """Capture n cards as staff; the median taps and seconds per card."""
    visit(page, url, "cards")
    page.get_by_role("combobox", name="Activity").click()
    page.get_by_role("option").first.click()
    settle(page)
    metric = page.get_by_test_id("stMetricValue")
    first = int(metric.inner_text())
    taps: list[int] = []
    seconds: list[float] = []
    for i in range(n):
        start = time.perf_counter()
        form = page.get_by_test_id("stForm")
        form.get_by_role("radiogroup").get_by_text("Working well", exact=True).click()  # tap 1
        box = form.get_by_label("What did they say?")
        box.click()  # tap 2
        box.press_sequentially(f"Card {i}: the staff listened.", delay=0)
        form.get_by_role("button", name="Save card").click()  # tap 3
        expect(metric).to_have_text(str(first + i + 1))
        settle(page)
        seconds.append(time.perf_counter() - start)
        taps.append(3)
    return statistics.median(taps), statistics.median(seconds)


def main() -> int:
    """Serve the app, walk every page and kiosk screen with axe, time the cards, print figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", type=Path, default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--width", type=int, default=820)
    parser.add_argument("--height", type=int, default=1180)
    parser.add_argument("--cards", type=int, default=5)
    args = parser.parse_args()
    table: dict[str, dict[str, int]] = {}
    rules: dict[str, str] = {}

    def check(name: str, page: Page) -> None:
        findings = audit(page)
        table[name] = by_impact(findings)
        for f in findings:
            rules.setdefault(f"{f.impact} {f.rule}", f"{name}: {f.target}")

    with (
        tempfile.TemporaryDirectory() as folder,
        serve(args.repo.resolve(), Path(folder), demo=True) as url,
        sync_playwright() as playwright,
    ):
        exe = os.environ.get("FEEDBACK_TEST_CHROMIUM", "/usr/bin/chromium")
        browser = playwright.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
        viewport = {"width": args.width, "height": args.height}
        context = browser.new_context(viewport=viewport)
        context.set_default_timeout(30_000)
        page = context.new_page()
        page.goto(url)
        settle(page)
        check("signed out: sign in", page)
        for role, (username, pin) in ROLE_SIGN_INS.items():
            context.clear_cookies()
            page.goto(url)
            sign_in(page, username, pin)
            for stem in pages_of(role, args.repo.resolve()):
                visit(page, url, stem)
                check(f"{role}: {stem}", page)
        context.clear_cookies()
        page.goto(url)
        sign_in(page, *ROLE_SIGN_INS["staff"])
        try:
            for name in kiosk_screens(page, url):
                check(f"kiosk: {name}", page)
        except PlaywrightError as exc:  # keep the figures so far
            print(f"kiosk walk stopped: {exc}".splitlines()[0])
        context.clear_cookies()
        page.goto(url)
        sign_in(page, *ROLE_SIGN_INS["staff"])
        taps, seconds = _cards(page, url, args.cards)
        browser.close()
    print(f"{'page':45} " + " ".join(f"{i:>9}" for i in IMPACTS))
    for name, counts in table.items():
        print(f"{name:45} " + " ".join(f"{counts[i]:>9}" for i in IMPACTS))
    for rule, where in sorted(rules.items()):
        print(f"rule {rule}, first seen on {where}")
    totals = {i: sum(c[i] for c in table.values()) for i in IMPACTS}
    print(f"{'TOTAL (rules violated, summed over pages)':45} " + " ".join(f"{totals[i]:>9}" for i in IMPACTS))
    print(
        f"feedback card at {args.width}px: {taps} taps, median {seconds:.2f} s (automated, {args.cards} cards)"
    )
    print(
        json.dumps(
            {
                "viewport": viewport,
                "pages": len(table),
                "totals": totals,
                "card_taps": taps,
                "card_seconds_median": round(seconds, 2),
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
