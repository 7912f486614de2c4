"""Median time to save one feedback card through the service, on SQLite and PostgreSQL.

Run: `make bench` (starts PostgreSQL), or `.venv/bin/python bench/bench_card_save.py` with
FEEDBACK_TEST_POSTGRES_URL set. Prints figures; asserts nothing.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import text

from feedback.capture.activities import create_activity
from feedback.capture.submissions import save_card
from feedback.db import make_engine, make_session_factory, transaction
from feedback.migrations import migrate
from feedback.settings import settings_from_env
from feedback.validation import ActivityInput, CardInput

CARDS = 300
TEXTS = [
    "Answer the phone quicker, I was on hold for ages.",
    "My worker actually listens to me and doesnae judge.",
    "It took three months to get a flat after I got out.",
    "The women's hub is the only place I feel safe to talk.",
]


def bench(url: str) -> tuple[float, float]:
    """Save CARDS cards one transaction each; return (median ms, p95 ms)."""
    engine = make_engine(url)
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    migrate(engine, settings_from_env())
    factory = make_session_factory(engine)
    with transaction(factory) as session:
        activity = create_activity(
            session=session,
            data=ActivityInput(
                kind="listen_event",
                title="Bench",
                locality="clydesdale",
                start_date=__import__("datetime").date.today(),
            ),
            user_id=None,
        )
        activity_id = activity.id
    # Warm up: model and codebook load once per process.
    with transaction(factory) as session:
        save_card(
            session=session,
            card=CardInput(str(uuid.uuid4()), activity_id, "general", "warm up"),
            user_id=None,
        )
    times = []
    for i in range(CARDS):
        card = CardInput(
            str(uuid.uuid4()), activity_id, "could_improve", TEXTS[i % len(TEXTS)], "families", True
        )
        start = time.perf_counter()
        with transaction(factory) as session:
            save_card(session=session, card=card, user_id=None)
        times.append((time.perf_counter() - start) * 1000)
    engine.dispose()
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95)]


def main() -> None:
    """Print the figures for each available database."""
    with tempfile.TemporaryDirectory() as tmp:
        targets = {"SQLite (WAL, synchronous=FULL)": f"sqlite:///{tmp}/bench.db"}
        if os.environ.get("FEEDBACK_TEST_POSTGRES_URL"):
            targets["PostgreSQL"] = os.environ["FEEDBACK_TEST_POSTGRES_URL"]
        print(f"save_card, one transaction per card, {CARDS} cards (median / p95):")
        for name, url in targets.items():
            median, p95 = bench(url)
            print(f"  {name:32s} {median:7.2f} ms / {p95:7.2f} ms")


if __name__ == "__main__":
    main()
