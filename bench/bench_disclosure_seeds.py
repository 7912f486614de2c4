"""The attacker suite's attack over many draws of record keys: counts recovered per attack.

Builds the small-cell database of tests/feedback/reports/disclosure_outputs.py once (a temporary
SQLite file), publishes it unprotected once, then for each seed gives every record a fresh key
drawn from that seed, publishes every output the app offers and runs the attack of
tests/feedback/reports/disclosure_attacker.py. Prints, per seed, the recoveries by kind (single
output, pair of outputs, total less its parts) and whether the five issue-11 attacks keep a
reader's interval at least 2 x MAX_NOISE wide (and whether one pins the planted count or
bounds it within 1..k-1, which tells a small count is there); ends with one JSON line. Asserts nothing.

Run: `nice -n 10 .venv/bin/python bench/bench_disclosure_seeds.py --seeds 20 [--first 1]`
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from unittest import mock

import analysis.disclosure as disclosure
import feedback.reports.exports as exports
from feedback.db import make_engine, make_session_factory
from feedback.migrations import upgrade_schema
from feedback.reference_data import seed_reference_data
from feedback.settings import DATA_DIR
from tests.feedback.reports.disclosure_attacker import Attacker, attack, pinned, raw, rekey
from tests.feedback.reports.disclosure_outputs import K, collect, seed_small_cells
from tests.feedback.reports.test_disclosure_attacks import ISSUE_ATTACKS


def _kind(found: str) -> str:
    share = "share " if "% " in found else ""
    if " less all but " in found:
        return f"{share}total less parts"
    return f"{share}pair" if " - " in found else f"{share}single"


def _collect(session, publisher):
    with (
        mock.patch.object(disclosure, "publish", publisher),
        mock.patch.object(exports, "publish", publisher),
    ):
        return collect(session)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=20, help="how many draws of record keys")
    parser.add_argument("--first", type=int, default=1, help="the first seed (then first+1, ...)")
    parser.add_argument("--show", type=int, default=3, help="recoveries to print per seed")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'attack.db'}")
        upgrade_schema(engine)
        session = make_session_factory(engine)()
        seed_reference_data(session, DATA_DIR / "surveys")
        seed_small_cells(session)
        truth = _collect(session, raw)
        attacker = Attacker(disclosure.publish)
        per_kind: Counter[str] = Counter()
        issue_narrowed: Counter[str] = Counter()
        issue_bounded: Counter[str] = Counter()
        runs_recovering, seconds = 0, []
        for seed in range(args.first, args.first + args.seeds):
            started = time.perf_counter()
            rekey(session, seed)
            real = _collect(session, disclosure.publish)
            tally = attack(real, truth, attacker)
            seconds.append(time.perf_counter() - started)
            found: list[str] = tally["recovered"]  # type: ignore[assignment]
            kinds = Counter(_kind(f) for f in found)
            per_kind.update(kinds)
            runs_recovering += bool(found)
            narrow = []
            for name, (planted, plus, minus) in ISSUE_ATTACKS.items():
                low, high = pinned(real, attacker, plus, minus)
                if not (low <= planted <= high and high - low >= 2 * disclosure.MAX_NOISE):
                    narrow.append(f"{name} {low}..{high}")
                    issue_narrowed[name] += 1
                if low == high or 0 < low <= high < K:
                    narrow.append(f"{name} {low}..{high} (pinned or surely 1..k-1)")
                    issue_bounded[name] += 1
            print(f"seed {seed}: {len(found)} recovered {dict(kinds)}; issue attacks narrowed: {narrow}")
            for line in found[: args.show]:
                print(f"    {line}")
        session.close()
        engine.dispose()
    print(f"outputs {tally['outputs']}, pairs {tally['pairs']}, sums {tally['sums']} per seed")
    print(f"seeds with a recovery: {runs_recovering} of {args.seeds}; by kind: {dict(per_kind)}")
    print(f"issue attacks narrowed below 2 x MAX_NOISE: {dict(issue_narrowed)}")
    print(f"issue attacks pinned or bounded within 1..k-1: {dict(issue_bounded)}")
    print(f"median seconds per seed: {sorted(seconds)[len(seconds) // 2]:.1f}")
    print(
        json.dumps(
            {
                "seeds": args.seeds,
                "first": args.first,
                "seeds_recovering": runs_recovering,
                "recovered_by_kind": dict(per_kind),
                "issue_attacks_narrowed": dict(issue_narrowed),
                "issue_attacks_within_1_to_k_minus_1": dict(issue_bounded),
                "outputs": tally["outputs"],
            }
        )
    )


if __name__ == "__main__":
    main()
