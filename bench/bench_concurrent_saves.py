"""Concurrent card saves: N writer processes, each with its own engine, saving M cards at once.

Every writer is a separate process (multiprocessing, spawn) that saves its cards through the real
service the cards page uses (``store_card``: validate, the rule-based first look, one short write
transaction; the save is acknowledged then), then re-sends its first card as a double tap. One more
process plays the app's analysis worker: it completes the model analysis of the saved comments
(``analyse_pending``) while the writers run. Prints stored, lost, duplicates, errors, the median
and p95 save latency, how long after its save each comment's analysis was stored, and ends with
one JSON line. ``--inline`` runs the model in each writer before its save is acknowledged (the
old way: ``submit_card``), for comparison. ``--rounds K`` repeats the burst K times with the same
processes (each round starts all writers together): the figures pool every round's saves, and
the median and p95 of each round are printed too, since one round of 200 saves on a shared
2-core machine varies by tens of milliseconds from run to run.

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
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select

from feedback.capture import submissions
from feedback.capture.activities import create_activity
from feedback.capture.analysis_worker import lower_priority
from feedback.capture.pending import analyse_pending, count_pending
from feedback.capture.scoring import get_analyser
from feedback.capture.submissions import store_card, submit_card
from feedback.db import make_engine, make_session_factory, normalise_url, transaction
from feedback.migrations import migrate
from feedback.models import Comment, Submission
from feedback.settings import settings_from_env
from feedback.validation import ActivityInput, CardInput

TEXTS = (
    "Answer the phone quicker, I was on hold for ages.",
    "My worker actually listens to me and doesnae judge.",
    "It took three months to get a flat after I got out.",
    "The women's hub is the only place I feel safe to talk.",
)


def writer(
    url: str,
    activity_id: int,
    cards: int,
    index: int,
    barrier,
    results,
    inline: bool,
    warm_id,
    rounds: int = 1,
) -> None:
    """One writer process: warm up, then in each round wait for the others and save the cards; report.

    With a warm-up activity the writer first saves one card there, as a running app has saved
    before (its statements compiled, its connection open); without, its first save is a cold start.
    """
    engine = make_engine(url)
    factory = make_session_factory(engine)
    save = submit_card if inline else store_card
    with factory() as session:
        get_analyser(session).analyse("warm up", "general")  # model and codebook load before the start
    if warm_id is not None:
        save(
            factory=factory,
            card=CardInput(str(uuid.uuid4()), warm_id, "general", TEXTS[index % len(TEXTS)]),
            user_id=None,
        )
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
    acked_at: dict[str, float] = {}
    latencies: list[list[float]] = []  # per round
    errors: list[str] = []
    for round_ in range(rounds):
        barrier.wait()
        latencies.append([])
        for i in range(cards):
            card = CardInput(
                str(uuid.uuid4()),
                activity_id,
                "could_improve",
                f"{TEXTS[(index + i + round_) % len(TEXTS)]} ({index}.{round_}.{i})",
            )
            start = time.perf_counter()
            try:
                save(factory=factory, card=card, user_id=None)
            except Exception as exc:  # counted and named; never the text
                errors.append(type(exc).__name__ + ": " + str(getattr(exc, "orig", exc)).splitlines()[0][:80])
            else:
                acked.append(card.submission_id)
                acked_at[card.submission_id] = time.time()
            latencies[-1].append((time.perf_counter() - start) * 1000)
    saves_ms = list(write_ms)
    if acked:  # a double tap on the first card: must store nothing new
        repeat = CardInput(acked[0], activity_id, "could_improve", "double tap")
        try:
            save(factory=factory, card=repeat, user_id=None)
        except Exception as exc:
            errors.append("double tap " + type(exc).__name__)
    barrier.wait()  # no writer exits (a slow teardown of a big process) while others still save
    engine.dispose()
    results.put(
        {
            "acked": acked,
            "acked_at": acked_at,
            "latencies": latencies,
            "errors": errors,
            "write_ms": saves_ms,
        }
    )


def analyser(url: str, ready, writers_done, results) -> None:
    """The app's analysis worker: complete pending comments until the writers are done and none is left.

    Like the app's worker thread it runs at a lower CPU priority, so saves come first.
    """
    writes = ThreadPoolExecutor(max_workers=1)  # the batch writes at normal priority, as in the app
    writes.submit(lambda: None).result()
    lower_priority()
    engine = make_engine(url)
    factory = make_session_factory(engine)
    with factory() as session:
        get_analyser(session).analyse("warm up", "general")
    ready.set()
    analysed_at: dict[int, float] = {}
    hold_ms: list[float] = []

    def timed_write(step):  # how long each batch write waits for and holds the lock
        start = time.perf_counter()
        try:
            return writes.submit(step).result()
        finally:
            hold_ms.append((time.perf_counter() - start) * 1000)

    while True:
        done = analyse_pending(factory=factory, run_write=timed_write)
        now = time.time()
        analysed_at.update({comment_id: now for comment_id in done})
        if not done:
            with factory() as session:
                if writers_done.is_set() and count_pending(session=session) == 0:
                    break
            time.sleep(0.05)
    engine.dispose()
    results.put({"analysed_at": analysed_at, "worker_write_ms": hold_ms})


def _new_activity(session, title: str) -> int:
    activity = create_activity(
        session=session,
        data=ActivityInput(
            kind="listen_event",
            title=f"{title} {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M:%S}",
            locality="clydesdale",
            start_date=dt.date.today(),
        ),
        user_id=None,
    )
    return activity.id


def prepare(url: str) -> tuple[int, int]:
    """Migrate the database and make the activities the cards and the warm-up cards go to; return their ids."""
    engine = make_engine(url)
    migrate(engine, settings_from_env())
    with transaction(make_session_factory(engine)) as session:
        activity_id = _new_activity(session, "Concurrent save bench")
        warm_id = _new_activity(session, "Concurrent save bench warm-up")
    engine.dispose()
    return activity_id, warm_id


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile of values (0 when empty)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def run(
    url: str, writers: int, cards: int, inline: bool = False, cold: bool = False, rounds: int = 1
) -> dict:
    """Run the writers (and, unless inline, the analysis worker) for some rounds; return the figures."""
    activity_id, warm_id = prepare(url)
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(writers)
    results, analysed = ctx.Queue(), ctx.Queue()
    writers_done, ready = ctx.Event(), ctx.Event()
    processes = [
        ctx.Process(
            target=writer,
            args=(url, activity_id, cards, i, barrier, results, inline, None if cold else warm_id, rounds),
        )
        for i in range(writers)
    ]
    worker = None if inline else ctx.Process(target=analyser, args=(url, ready, writers_done, analysed))
    if worker:
        worker.start()
        ready.wait(timeout=600)  # warmed up before the writers start, as in a running app
    for process in processes:
        process.start()
    reports = [results.get(timeout=900) for _ in processes]
    writers_done.set()
    worker_report = analysed.get(timeout=900) if worker else {}
    analysed_at = worker_report.get("analysed_at", {})
    worker_write_ms = worker_report.get("worker_write_ms", [])
    for process in processes + ([worker] if worker else []):
        process.join(timeout=60)
    acked = [sid for r in reports for sid in r["acked"]]
    acked_at = {sid: t for r in reports for sid, t in r["acked_at"].items()}
    latencies = [ms for r in reports for one in r["latencies"] for ms in one]
    by_round = [[ms for r in reports for ms in r["latencies"][k]] for k in range(rounds)]
    first = [r["latencies"][0][0] for r in reports if r["latencies"] and r["latencies"][0]]
    errors = [e for r in reports for e in r["errors"]]
    write_ms = [ms for r in reports for ms in r["write_ms"]]
    lag_ms = analysis_lag(url, analysed_at, acked_at)
    engine = make_engine(url)
    with make_session_factory(engine)() as session:
        stored_ids = set(session.scalars(select(Submission.id).where(Submission.activity_id == activity_id)))
        stored = session.scalar(select(func.count()).where(Submission.activity_id == activity_id)) or 0
        pending = session.scalar(
            select(func.count())
            .select_from(Comment)
            .join(Submission)
            .where(Submission.activity_id == activity_id, Comment.analysis_version.is_(None))
        )
    engine.dispose()
    return {
        "database": make_engine(url).dialect.name,
        "writers": writers,
        "cards": cards,
        "rounds": rounds,
        "sent": writers * cards * rounds,
        "acknowledged": len(acked),
        "stored": stored,
        "lost": len(set(acked) - stored_ids),
        "duplicates": stored - len(stored_ids & set(acked)),
        "errors": len(errors),
        "error_kinds": sorted(set(errors))[:5],
        "p50_ms": round(statistics.median(latencies), 1) if latencies else 0.0,
        "p95_ms": round(percentile(latencies, 0.95), 1),
        "max_ms": round(max(latencies), 1) if latencies else 0.0,
        "round_p50_ms": [round(statistics.median(one), 1) for one in by_round if one],
        "round_p95_ms": [round(percentile(one, 0.95), 1) for one in by_round],
        "first_save_p50_ms": round(statistics.median(first), 1) if first else 0.0,
        "start": "cold" if cold else "warm",
        "write_p50_ms": round(statistics.median(write_ms), 1) if write_ms else 0.0,
        "write_p95_ms": round(percentile(write_ms, 0.95), 1),
        "analysis": "inline" if inline else "after the save",
        "left_pending": pending or 0,
        "analysed_p50_ms": round(statistics.median(lag_ms), 1) if lag_ms else 0.0,
        "analysed_p95_ms": round(percentile(lag_ms, 0.95), 1),
        "worker_writes": len(worker_write_ms),
        "worker_write_p50_ms": round(statistics.median(worker_write_ms), 1) if worker_write_ms else 0.0,
        "worker_write_max_ms": round(max(worker_write_ms), 1) if worker_write_ms else 0.0,
    }


def analysis_lag(url: str, analysed_at: dict[int, float], acked_at: dict[str, float]) -> list[float]:
    """Per comment analysed after its save: ms from the save's acknowledgement to its analysis stored."""
    if not analysed_at:
        return []
    engine = make_engine(url)
    with make_session_factory(engine)() as session:
        query = select(Comment.id, Comment.submission_id).where(Comment.id.in_(list(analysed_at)))
        owners = {cid: sid for cid, sid in session.execute(query)}
    engine.dispose()
    return [(analysed_at[cid] - acked_at[sid]) * 1000 for cid, sid in owners.items() if sid in acked_at]


def main() -> int:
    """Command line: print the figures, then one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database",
        default=None,
        help="SQLAlchemy URL (sqlite:///file.db or postgresql://...); default: a new temporary SQLite file",
    )
    parser.add_argument("--writers", type=int, default=20)
    parser.add_argument("--cards", type=int, default=10, help="cards per writer (in each round)")
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="rounds of saves by the same writers, each started together (figures pooled; per round too)",
    )
    parser.add_argument(
        "--inline", action="store_true", help="run the model in each writer before the save is acknowledged"
    )
    parser.add_argument(
        "--cold",
        action="store_true",
        help="no warm-up save: each writer's first save is a cold start (new process, nothing compiled)",
    )
    args = parser.parse_args()
    url = normalise_url(args.database or f"sqlite:///{tempfile.mkdtemp()}/bench.db")
    figures = run(url, args.writers, args.cards, args.inline, args.cold, args.rounds)
    print(
        f"{figures['database']}: {args.writers} writers x {args.cards} cards x {args.rounds} round(s), "
        "each writer its own process, "
        f"{figures['start']} start"
    )
    print(f"  sent {figures['sent']}, acknowledged {figures['acknowledged']}, stored {figures['stored']}")
    print(f"  lost {figures['lost']}, duplicates {figures['duplicates']}, errors {figures['errors']}")
    for kind in figures["error_kinds"]:
        print(f"    error: {kind}")
    print(
        f"  save latency: median {figures['p50_ms']} ms, p95 {figures['p95_ms']} ms, max {figures['max_ms']} ms; "
        f"each writer's first save: median {figures['first_save_p50_ms']} ms"
    )
    if args.rounds > 1:
        print(f"  per round: median {figures['round_p50_ms']} ms, p95 {figures['round_p95_ms']} ms")
    if not args.inline:
        print(
            f"  analysis stored after the save: median {figures['analysed_p50_ms']} ms, "
            f"p95 {figures['analysed_p95_ms']} ms; left pending {figures['left_pending']}"
        )
        print(
            f"  the worker's {figures['worker_writes']} batch writes (wait + hold): median "
            f"{figures['worker_write_p50_ms']} ms, max {figures['worker_write_max_ms']} ms"
        )
    print(json.dumps(figures))
    clean = figures["errors"] == 0 and figures["lost"] == 0 and figures["left_pending"] == 0
    return 0 if clean else 1


if __name__ == "__main__":
    sys.exit(main())
