"""Crash test: a card writer killed with kill -9 at random moments loses no acknowledged save.

Each round starts a writer process that saves cards through the real service (``submit_card``)
as fast as it can and prints each submission id only after the save returned (acknowledged);
the round kills it with SIGKILL at a random moment (during analysis, while waiting for the lock,
inside the transaction or during the commit). Afterwards every acknowledged id must be stored and
``PRAGMA integrity_check`` must say ok. Prints the counts and ends with one JSON line.

Run: `.venv/bin/python bench/bench_crash_saves.py --rounds 100 [--database .tmp/crash.db]`.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import select, text

from feedback.db import make_engine, make_session_factory

WRITER = """
import sys, uuid
from feedback.capture.scoring import get_analyser
from feedback.capture.submissions import submit_card
from feedback.db import make_engine, make_session_factory
from feedback.validation import CardInput
factory = make_session_factory(make_engine(sys.argv[1]))
with factory() as session:
    get_analyser(session).analyse("warm up", "general")
i = 0
while True:
    if i == 1:
        print("ready", flush=True)  # after one whole save: the kills land in steady saving
    card = CardInput(str(uuid.uuid4()), int(sys.argv[2]), "could_improve", f"The phone rings out, every time ({i})")
    submit_card(factory=factory, card=card, user_id=None)
    print(card.submission_id, flush=True)
    i += 1
"""


def _one_round(url: str, activity_id: int, rng: random.Random, max_delay: float) -> list[str]:
    """Start a writer, kill -9 it at a random moment after it is ready; return its acknowledged ids."""
    process = subprocess.Popen(
        [sys.executable, "-c", WRITER, url, str(activity_id)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    try:
        acknowledged = [process.stdout.readline().strip()]
        if process.stdout.readline().strip() != "ready":
            raise RuntimeError("the writer did not start; run it by hand to see why")
        time.sleep(rng.uniform(0, max_delay))
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        return acknowledged + [line.strip() for line in process.stdout.read().splitlines() if line.strip()]
    finally:
        if process.poll() is None:  # never leave a writer running
            process.kill()
            process.wait()


def crash_rounds(path: Path, *, rounds: int, seed: int = 1, max_delay: float = 0.4) -> dict:
    """Run the rounds against the SQLite file at path; return the counts."""
    from bench.bench_concurrent_saves import prepare
    from feedback.models import Submission

    url = f"sqlite:///{path}"
    activity_id, _warm_up = prepare(url)
    rng = random.Random(seed)
    acknowledged: list[str] = []
    for _ in range(rounds):
        acknowledged += _one_round(url, activity_id, rng, max_delay)
    engine = make_engine(url)
    with make_session_factory(engine)() as session:
        stored = set(session.scalars(select(Submission.id).where(Submission.activity_id == activity_id)))
        integrity = session.execute(text("PRAGMA integrity_check")).scalar_one()
    engine.dispose()
    missing = set(acknowledged) - stored
    return {
        "database": "sqlite",
        "rounds": rounds,
        "kills": rounds,
        "acknowledged": len(acknowledged),
        "stored": len(stored),
        "missing": len(missing),
        "unacknowledged_but_stored": len(stored - set(acknowledged)),
        "integrity_check": integrity,
    }


def main() -> int:
    """Command line: print the counts, then one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database", type=Path, default=None, help="SQLite file (default: a temporary one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.database or Path(tmp) / "crash.db"
        started = time.perf_counter()
        counts = crash_rounds(path, rounds=args.rounds, seed=args.seed)
    print(
        f"{counts['kills']} writers killed with kill -9 at random moments in {time.perf_counter() - started:.0f} s"
    )
    print(
        f"  acknowledged saves {counts['acknowledged']}, stored {counts['stored']}, missing {counts['missing']}"
    )
    print(f"  stored but not yet acknowledged when killed: {counts['unacknowledged_but_stored']}")
    print(f"  PRAGMA integrity_check: {counts['integrity_check']}")
    print(json.dumps(counts))
    return 0 if counts["missing"] == 0 and counts["integrity_check"] == "ok" else 1


if __name__ == "__main__":
    sys.exit(main())
