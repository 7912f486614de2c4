"""Concurrent card saves: N writer processes, each with its own engine, saving M cards at once.

Every writer is a separate process (multiprocessing, spawn) that saves its cards through the real
service (``submit_card``: validate, analyse, then a short write transaction), then re-sends its
first card as a double tap. Prints stored, lost, duplicates, errors and the median and p95 save
latency, and ends with one JSON line.

Run: `.venv/bin/python bench/bench_concurrent_saves.py --database sqlite:///.tmp/bench.db
--writers 20 --cards 10` (or a PostgreSQL URL). The database is migrated; cards go to a new
activity, so earlier rows do not count.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing as mp
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select

from feedback.capture import submissions
from feedback.capture.activities import create_activity
from feedback.capture.scoring import get_analyser
from feedback.capture.submissions import submit_card
from feedback.db import make_engine, make_session_factory, normalise_url, transaction
from feedback.migrations import migrate
from feedback.models import Submission
from feedback.settings import settings_from_env
from feedback.validation import ActivityInput, CardInput

TEXTS = (
    "Answer the phone quicker, I was on hold for ages.",
    "My worker actually listens to me and doesnae judge.",
    "It took three months to get a flat after I got out.",
    "The women's hub is the only place I feel safe to talk.",
)


def writer(url: str, activity_id: int, cards: int, index: int, barrier, results) -> None:
    """One writer process: warm up, wait for the others, save the cards, report."""
    engine = make_engine(url)
    factory = make_session_factory(engine)
    with factory() as session:
        get_analyser(session).analyse("warm up", "general")  # model and codebook load before the start
    write_ms: list[float] = []
    real_write = submissions.write

    def timed_write(*args, **kwargs):  # the part of a save that holds (or waits for) the write lock
        start = time.perf_counter()
        try:
            return real_write(*args, **kwargs)
        finally:
            write_ms.append((time.perf_counter() - start) * 1000)

    submissions.write = timed_write
    acked: list[str] = []
    latencies: list[float] = []
    errors: list[str] = []
    barrier.wait()
    for i in range(cards):
        card = CardInput(
            str(uuid.uuid4()),
            activity_id,
            "could_improve",
            f"{TEXTS[(index + i) % len(TEXTS)]} ({index}.{i})",
        )
        start = time.perf_counter()
        try:
            submit_card(factory=factory, card=card, user_id=None)
        except Exception as exc:  # counted and named; never the text
            errors.append(type(exc).__name__ + ": " + str(getattr(exc, "orig", exc)).splitlines()[0][:80])
        else:
            acked.append(card.submission_id)
        latencies.append((time.perf_counter() - start) * 1000)
    if acked:  # a double tap on the first card: must store nothing new
        repeat = CardInput(acked[0], activity_id, "could_improve", "double tap")
        try:
            submit_card(factory=factory, card=repeat, user_id=None)
        except Exception as exc:
            errors.append("double tap " + type(exc).__name__)
    engine.dispose()
    results.put({"acked": acked, "latencies": latencies, "errors": errors, "write_ms": write_ms[:cards]})


def prepare(url: str) -> int:
    """Migrate the database and make the activity the cards go to; return its id."""
    engine = make_engine(url)
    migrate(engine, settings_from_env())
    with transaction(make_session_factory(engine)) as session:
        activity = create_activity(
            session=session,
            data=ActivityInput(
                kind="listen_event",
                title=f"Concurrent save bench {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M:%S}",
                locality="clydesdale",
                start_date=dt.date.today(),
            ),
            user_id=None,
        )
        activity_id = activity.id
    engine.dispose()
    return activity_id


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile of values (0 when empty)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def run(url: str, writers: int, cards: int) -> dict:
    """Run the writers; return the figures."""
    activity_id = prepare(url)
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(writers)
    results = ctx.Queue()
    processes = [
        ctx.Process(target=writer, args=(url, activity_id, cards, i, barrier, results))
        for i in range(writers)
    ]
    for process in processes:
        process.start()
    reports = [results.get(timeout=900) for _ in processes]
    for process in processes:
        process.join(timeout=60)
    acked = [sid for r in reports for sid in r["acked"]]
    latencies = [ms for r in reports for ms in r["latencies"]]
    errors = [e for r in reports for e in r["errors"]]
    write_ms = [ms for r in reports for ms in r["write_ms"]]
    engine = make_engine(url)
    with make_session_factory(engine)() as session:
        stored_ids = set(session.scalars(select(Submission.id).where(Submission.activity_id == activity_id)))
        stored = session.scalar(select(func.count()).where(Submission.activity_id == activity_id)) or 0
    engine.dispose()
    return {
        "database": make_engine(url).dialect.name,
        "writers": writers,
        "cards": cards,
        "sent": writers * cards,
        "acknowledged": len(acked),
        "stored": stored,
        "lost": len(set(acked) - stored_ids),
        "duplicates": stored - len(stored_ids & set(acked)),
        "errors": len(errors),
        "error_kinds": sorted(set(errors))[:5],
        "p50_ms": round(statistics.median(latencies), 1) if latencies else 0.0,
        "p95_ms": round(percentile(latencies, 0.95), 1),
        "max_ms": round(max(latencies), 1) if latencies else 0.0,
        "write_p50_ms": round(statistics.median(write_ms), 1) if write_ms else 0.0,
        "write_p95_ms": round(percentile(write_ms, 0.95), 1),
    }


def main() -> int:
    """Command line: print the figures, then one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database",
        default=None,
        help="SQLAlchemy URL (sqlite:///file.db or postgresql://...); default: a new temporary SQLite file",
    )
    parser.add_argument("--writers", type=int, default=20)
    parser.add_argument("--cards", type=int, default=10, help="cards per writer")
    args = parser.parse_args()
    url = normalise_url(args.database or f"sqlite:///{tempfile.mkdtemp()}/bench.db")
    figures = run(url, args.writers, args.cards)
    print(f"{figures['database']}: {args.writers} writers x {args.cards} cards, each writer its own process")
    print(f"  sent {figures['sent']}, acknowledged {figures['acknowledged']}, stored {figures['stored']}")
    print(f"  lost {figures['lost']}, duplicates {figures['duplicates']}, errors {figures['errors']}")
    for kind in figures["error_kinds"]:
        print(f"    error: {kind}")
    print(
        f"  save latency: median {figures['p50_ms']} ms, p95 {figures['p95_ms']} ms, max {figures['max_ms']} ms"
    )
    print(json.dumps(figures))
    return 0 if figures["errors"] == 0 and figures["lost"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
