"""Sign-in figures with production Argon2id: hash cost, lock-out under parallel guesses, timing gap.

Run: `.venv/bin/python bench/bench_signin.py` (SQLite), with FEEDBACK_TEST_POSTGRES_URL set for
PostgreSQL too (`make bench` starts it). Prints figures; asserts nothing. Ignores the test
suite's cheap hashing setting.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

os.environ.pop("FEEDBACK_PIN_HASH", None)  # production cost, whatever the shell says
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import text, update

from feedback.admin import auth
from feedback.admin.auth import authenticate, create_user
from feedback.admin.pins import hash_pin, pin_matches
from feedback.db import make_engine, make_session_factory, transaction
from feedback.migrations import migrate
from feedback.models import User
from feedback.settings import settings_from_env

PARALLEL = 40
TIMING_TRIES = int(os.environ.get("BENCH_SIGNIN_TRIES", "40"))
HASH_CHECKS = 20


def hash_cost() -> float:
    """Median ms for one Argon2id check (wrong PIN) with the production profile."""
    stored = hash_pin("482613")
    times = []
    for _ in range(HASH_CHECKS):
        start = time.perf_counter()
        pin_matches("482614", stored)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _factory(url: str):
    engine = make_engine(url)
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    migrate(engine, settings_from_env())
    factory = make_session_factory(engine)
    with transaction(factory) as session:
        create_user(session=session, username="sam", display_name="Sam", role="staff", pin="482613")
    return engine, factory


def _unlock(factory) -> None:
    with transaction(factory) as session:
        session.execute(update(User).values(failed_attempts=0, locked_until=None))


def parallel_lockout(factory) -> tuple[int, bool]:
    """40 wrong guesses at once, each in its own sessions: (hash checks made, locked after)."""
    _unlock(factory)
    checked = []
    lock = threading.Lock()
    real = auth.pin_matches

    def counting(pin: str, stored: str) -> bool:
        with lock:
            checked.append(pin)
        return real(pin, stored)

    auth.pin_matches = counting
    barrier = threading.Barrier(PARALLEL)

    def guess(n: int) -> bool:
        barrier.wait()
        return authenticate(factory=factory, username="sam", pin=f"{n:06d}") is not None

    try:
        with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
            assert not any(pool.map(guess, range(300_000, 300_000 + PARALLEL)))
    finally:
        auth.pin_matches = real
    locked = authenticate(factory=factory, username="sam", pin="482613") is None
    return len(checked), locked


def _time_one(factory, name: str) -> float:
    start = time.perf_counter()
    authenticate(factory=factory, username=name, pin="000001")
    return (time.perf_counter() - start) * 1000


def timing_gap(factory) -> tuple[float, float, float]:
    """Medians (ms) of a wrong sign-in for an unknown and a known username, and of their paired gap.

    Tries alternate which goes first, and each pair runs back to back, so the paired gap cancels
    the drift of a shared machine's load.
    """
    unknown, known, gaps = [], [], []
    for i in range(TIMING_TRIES):
        _unlock(factory)
        if i % 2:
            u, k = _time_one(factory, "nobody"), _time_one(factory, "sam")
        else:
            k, u = _time_one(factory, "sam"), _time_one(factory, "nobody")
        unknown.append(u)
        known.append(k)
        gaps.append(k - u)
    return statistics.median(unknown), statistics.median(known), statistics.median(gaps)


def main() -> None:
    """Print the figures."""
    print(f"Argon2id check (production profile): {hash_cost():.1f} ms median of {HASH_CHECKS}")
    urls = {"sqlite": f"sqlite:///{Path(tempfile.mkdtemp()) / 'signin.db'}"}
    if os.environ.get("FEEDBACK_TEST_POSTGRES_URL"):
        urls["postgresql"] = os.environ["FEEDBACK_TEST_POSTGRES_URL"]
    for name, url in urls.items():
        engine, factory = _factory(url)
        checks, locked = parallel_lockout(factory)
        print(f"{name}: {PARALLEL} parallel wrong guesses -> {checks} hash checks, account locked: {locked}")
        unknown, known, gap = timing_gap(factory)
        print(
            f"{name}: wrong sign-in, median of {TIMING_TRIES}: unknown username {unknown:.1f} ms, "
            f"known username {known:.1f} ms, median paired gap {gap:+.1f} ms"
        )
        engine.dispose()


if __name__ == "__main__":
    main()
