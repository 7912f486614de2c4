"""The attacker's model: what a reader can infer from published values, and the attack itself.

Shared by the attacker tests and bench/bench_disclosure_seeds.py. The attacker knows the
publishing rule (what true counts can give each published value, found by trying the real
function over many keys), each table's sums and that the statement total is the sum of the
export rows. A count from 1 to k-1 is recovered when some single output, pair of outputs
(difference) or sum less all but one member pins it to one value.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from functools import cache

import numpy as np
from sqlalchemy import select, update
from sqlalchemy.orm import Session

import analysis.disclosure as disclosure
from analysis.suppression import SUPPRESSED
from feedback.models import Answer, Attendance, Comment
from feedback.summaries.store import rebuild
from tests.feedback.reports.disclosure_outputs import K, Published

Publisher = Callable[[int, int, int | None], object]
KEYS = random.Random(11).sample(range(disclosure.KEY_SPACE), 400)


def raw(count: int, key: int, k: int | None = None) -> object:
    """No protection: the truth."""
    return int(count)


def per_table(count: int, key: int, k: int | None = None) -> object:
    """Small counts hidden, the rest exact (the suppression this layer replaced, without its
    per-table secondary cells)."""
    return SUPPRESSED if 0 < int(count) < K else int(count)


def rekey(session: Session, seed: int) -> None:
    """Give every stored record (comment, answer, headcount line) a fresh key drawn from ``seed``."""
    draw = random.Random(seed).randrange
    for model, ids in (
        (Comment, (Comment.id,)),
        (Answer, (Answer.id,)),
        (Attendance, (Attendance.activity_id, Attendance.stakeholder_group)),
    ):
        for row in session.execute(select(*ids).order_by(*ids)).all():
            where = [column == value for column, value in zip(ids, row, strict=True)]
            session.execute(
                update(model).where(*where).values(record_key=draw(disclosure.KEY_SPACE)),
                execution_options={"summaries": "caller"},  # the summaries are rebuilt below
            )
    rebuild(session.connection())  # the cubes hold the sums of the record keys
    session.commit()


class Attacker:
    """What a reader can infer from published values under one publishing rule."""

    def __init__(self, publisher: Publisher) -> None:
        self.publisher = publisher
        self.interval = cache(self._interval)

    def _interval(self, value: object) -> tuple[int, int] | None:
        top = K + 10 if value == SUPPRESSED else int(value) + 10  # type: ignore[call-overload]
        possible = [c for c in range(top) if any(self.publisher(c, key, K) == value for key in KEYS)]
        if not possible:
            return None  # a value this rule never publishes
        assert possible == list(range(possible[0], possible[-1] + 1)), "a gap would help the reader"
        return possible[0], possible[-1]

    def share(self, percent: str, base: object) -> tuple[int, int] | None:
        """The true parts a shown percentage allows given its published base (None when withheld).

        A share is computed from the published part and base (:func:`disclosure.shown_share`;
        tested), so a reader who sees it and the base learns which published parts could give it,
        and from those what true parts could: the union of their intervals.
        """
        if percent == SUPPRESSED or not isinstance(base, int):
            return None
        parts = [v for v in range(base + 10) if disclosure.shown_share(v, base, k=K) == percent]
        found = [i for i in map(self.interval, parts) if i is not None]
        assert found, f"no published part gives {percent} of {base}"
        return min(lo for lo, _ in found), max(hi for _, hi in found)


def known_intervals(published: Published, attacker: Attacker) -> dict[str, tuple[int, int]]:
    """Every output's interval of possible true counts, shares included (read once per rule)."""
    if attacker.publisher in published.memo:
        return published.memo[attacker.publisher]
    known = {i: attacker.interval(v) for i, v in published.cells.items()}
    assert None not in known.values(), "a published value the rule cannot give"
    for share_id, (percent, base_id, part_id) in published.shares.items():
        found = attacker.share(percent, published.cells[base_id])  # type: ignore[arg-type]
        if found is not None:
            # what the share allows, the part's own published value and part <= base, together
            low = max(found[0], known[part_id][0])
            high = min(found[1], known[part_id][1], known[base_id][1])
            assert low <= high, f"{share_id}: the share contradicts its part"
            known[share_id] = (low, high)
    published.memo[attacker.publisher] = known
    return known


def _truth(published: Published, truth: Published) -> dict[str, int]:
    values = {i: int(v) for i, v in truth.cells.items()}  # type: ignore[call-overload]
    values |= {s: values[part] for s, (_p, _b, part) in published.shares.items()}
    return values


def _small(n: int) -> bool:
    return 0 < n < K


def attack(published: Published, truth: Published, attacker: Attacker) -> dict[str, object]:
    """Try every output, every pair and every sum less all but one; return the tally."""
    known = known_intervals(published, attacker)
    true = _truth(published, truth)
    missing = set(known) - set(true)
    assert not missing, f"outputs with no true count: {sorted(missing)[:5]}"
    ids = sorted(known)
    lo = np.array([known[i][0] for i in ids])
    hi = np.array([known[i][1] for i in ids])
    t = np.array([true[i] for i in ids])
    recovered: list[str] = [i for i, a, b, v in zip(ids, lo, hi, t, strict=True) if a == b and _small(v)]
    exact = lo == hi
    for n in range(len(ids)):
        if not exact[n]:
            continue  # a difference is pinned only when both of its terms are
        diff = t[n] - t
        hits = np.nonzero(exact & (diff > 0) & (diff < K) & (lo[n] - hi == diff))[0]
        recovered += [f"{ids[n]} - {ids[m]}" for m in hits]
    lines = 0
    for members, total in published.lines:
        cells = [m for m in members if m in known]
        if total not in known or not cells:
            continue
        lines += 1
        for target in cells:
            others = [m for m in cells if m != target]
            low = max(known[total][0] - sum(known[m][1] for m in others), known[target][0], 0)
            high = min(known[total][1] - sum(known[m][0] for m in others), known[target][1])
            if low == high and _small(true[target]):
                recovered.append(f"{total} less all but {target}")
    count = len(ids)
    return {"outputs": count, "pairs": count * (count - 1) // 2, "sums": lines, "recovered": recovered}


def pinned(published: Published, attacker: Attacker, plus: str, minus: list[str]) -> tuple[int, int]:
    """What ``plus`` less the ``minus`` outputs can be, to a reader who knows the rule."""
    known = known_intervals(published, attacker)
    # A 'You said, we did' theme row is left out when its total reads [c]: absent means [c].
    hidden = attacker.interval(SUPPRESSED)
    low = known.get(plus, hidden)[0] - sum(known.get(m, hidden)[1] for m in minus)
    high = known.get(plus, hidden)[1] - sum(known.get(m, hidden)[0] for m in minus)
    return max(low, 0), high
