"""The SQLite write queue: one writer at a time per file, handed over at once, re-entrant in a thread."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from feedback.write_queue import write_turn


def test_a_second_writer_waits_for_the_first_and_follows_at_once(tmp_path: Path) -> None:
    path = str(tmp_path / "q.db")
    order: list[str] = []
    first_in = threading.Event()

    def first() -> None:
        with write_turn(path, timeout=5):
            first_in.set()
            time.sleep(0.3)
            order.append("first done")

    def second() -> None:
        first_in.wait()
        with write_turn(path, timeout=5):
            order.append(f"second in after {time.monotonic() - started:.2f}")

    started = time.monotonic()
    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert order[0] == "first done"
    waited = float(order[1].rsplit(" ", 1)[1])
    assert 0.25 <= waited < 1.0  # waited for the first, and no back-off sleep after it


def test_a_thread_may_take_its_own_turn_again(tmp_path: Path) -> None:
    path = str(tmp_path / "q.db")
    with write_turn(path, timeout=1), write_turn(path, timeout=1):
        inner = True
    waits: list[float] = []
    thread = threading.Thread(target=lambda: waits.append(_wait_for_turn(path)))
    thread.start()
    thread.join(10)
    assert inner and waits and waits[0] < 1.0  # released fully after the nested turn: no 5 s time-out


def _wait_for_turn(path: str) -> float:
    started = time.monotonic()
    with write_turn(path, timeout=5):
        return time.monotonic() - started
