"""Median warm time of each busy page, driven through the real app with Streamlit's AppTest.

Pages: Overview, Activities, Feedback cards after a save, Comments explorer page 1, a comments
search, and the participation statement for last financial year, all as an admin (all
localities). A database with no comments is first filled with N generated comments
(bench/generate.py); one that has comments is used as it is. Prints one line per page, then one
JSON line: {"database": ..., "comments": N, "pages": {name: median_ms}}.

Run: `nice -n 10 .venv/bin/python bench/bench_pages.py --database sqlite:///.tmp/b.db --comments 10000`
(`--database` defaults to a new temporary SQLite file).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import Engine, func, select, text
from streamlit.testing.v1 import AppTest

from analysis import periods
from feedback.admin.auth import create_user
from feedback.db import make_engine, make_session_factory, transaction
from feedback.models import Activity, Comment, User
from feedback.settings import REPO_ROOT, get_settings
from ui.forms import card_keys
from ui.state import USER_KEY, SignedInUser

APP = str(REPO_ROOT / "streamlit_app.py")
RUNS = 5
BENCH_USER = "bench.admin"
SEARCH = "staff"


def prepared(url: str, comments: int) -> tuple[Engine, int]:
    """Migrate the database, fill it when it has no comments, add the bench user; return the count."""
    from bench.generate import generate
    from feedback.migrations import migrate

    engine = make_engine(url)
    migrate(engine, get_settings())
    factory = make_session_factory(engine)
    with factory() as session:
        have = session.scalar(select(func.count()).select_from(Comment)) or 0
    if have == 0:
        generate(engine=engine, comments=comments)
        have = comments
    with transaction(factory) as session:
        if session.scalar(select(User).where(User.username == BENCH_USER)) is None:
            create_user(
                session=session,
                username=BENCH_USER,
                display_name="Bench",
                role="admin",
                pin="bench-passphrase",
            )
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("ANALYZE"))
    return engine, have


def signed_in(engine: Engine) -> SignedInUser:
    """The bench admin as session state holds a signed-in user."""
    with make_session_factory(engine)() as session:
        u = session.scalars(select(User).where(User.username == BENCH_USER)).one()
        return SignedInUser(u.id, u.username, u.display_name, u.role, u.locality)


def opened(user: SignedInUser, page: str, **state: object) -> AppTest:
    """The app signed in as the bench user, switched to a page (first, cold run done)."""
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state[USER_KEY] = user
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    at.switch_page(page)
    at.run()
    if at.exception:
        raise RuntimeError(f"{page}: {at.exception[0].value}")
    return at


def median_ms(step: Callable[[], object], runs: int = RUNS) -> float:
    """Median milliseconds of ``runs`` calls of step (after the page's cold run)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        step()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _checked(at: AppTest) -> AppTest:
    if at.exception:
        raise RuntimeError(str(at.exception[0].value))
    return at


def save_card(at: AppTest) -> None:
    """Fill and save one feedback card, as a person at an event would."""
    keys = card_keys(at.session_state["card_submission_id"])
    at.radio(key=keys["type"]).set_value("could_improve")
    at.text_area(key=keys["text"]).input("The waiting room could be warmer in winter.")
    at.selectbox(key=keys["group"]).set_value("families")
    _checked(at.button(key=keys["save"]).click().run())


def measure(engine: Engine) -> dict[str, float]:
    """Median warm ms of each page."""
    user = signed_in(engine)
    with make_session_factory(engine)() as session:
        activity_id = session.scalar(select(Activity.id).order_by(Activity.start_date.desc()).limit(1))
    pages: dict[str, float] = {}
    for name, page in (
        ("overview", "ui/overview.py"),
        ("activities", "ui/activities.py"),
        ("comments_page_1", "ui/comments.py"),
    ):
        at = opened(user, page)
        pages[name] = median_ms(lambda at=at: _checked(at.run()))
    at = opened(user, "ui/comments.py")
    at.text_input(key="cmt_search").input(SEARCH)
    _checked(at.run())
    pages["comments_search"] = median_ms(lambda: _checked(at.run()))
    at = opened(user, "ui/cards.py", activity_id=activity_id)
    pages["cards_after_save"] = median_ms(lambda: save_card(at))
    last_year = next(
        k for k in periods.period_presets(dt.date.today()) if k.startswith("Last financial year")
    )
    at = opened(user, "ui/statement.py")
    at.selectbox(key="stmt_period").set_value(last_year)
    _checked(at.run())
    pages["statement_year"] = median_ms(lambda: _checked(at.run()))
    return pages


def main() -> int:
    """Prepare the database, time the pages, print figures and the JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database", default=None, help="database URL (default: a new temporary SQLite file)"
    )
    parser.add_argument("--comments", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database or f"sqlite:///{Path(tmp) / 'bench.db'}"
        os.environ["FEEDBACK_DATABASE_URL"] = url
        get_settings.cache_clear()
        engine, count = prepared(url, args.comments)
        pages = measure(engine)
        engine.dispose()
    for name, ms in pages.items():
        print(f"{name:<18}{ms:>9.0f} ms (median of {RUNS} warm runs)")
    print(json.dumps({"database": url.split(":")[0].split("+")[0], "comments": count, "pages": pages}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
