"""The SQLite write queue: one writer at a time per file, handed over at once, re-entrant in a thread."""

from __future__ import annotations

import signal
import subprocess
import sys
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


def test_writers_take_their_turns_in_the_order_they_came(tmp_path: Path) -> None:
    path, log = str(tmp_path / "q.db"), tmp_path / "order.txt"
    release = threading.Event()
    holder_in = threading.Event()

    def holder() -> None:
        with write_turn(path, timeout=5):
            holder_in.set()
            release.wait(20)

    thread = threading.Thread(target=holder)
    thread.start()
    holder_in.wait(5)
    children = []
    try:
        for number in range(8):  # separate processes, as the app's and the workers' are
            script = _script(path, f"open({str(log)!r}, 'a').write('{number} ')")
            children.append(
                subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
            )
            assert children[-1].stdout.readline().strip() == "queued"
            time.sleep(0.2)  # in the queue before the next arrives
        release.set()
        for child in children:
            child.wait(20)
    finally:
        release.set()
        for child in children:
            child.kill()
        thread.join(10)
    assert log.read_text().split() == [str(n) for n in range(8)]


def _script(path: str, inside: str) -> str:
    """A Python program that queues for a turn (saying "queued" first), then runs ``inside``."""
    return (
        "import sys, threading, time\n"
        f"sys.path.insert(0, {str(Path(__file__).resolve().parents[2])!r})\n"
        "from feedback.write_queue import write_turn\n"
        "threading.Timer(0.1, lambda: print('queued', flush=True)).start()\n"
        f"with write_turn({path!r}, timeout=5):\n"
        f"    {inside}\n"
    )


def test_a_writer_killed_holding_its_turn_holds_nobody_up(tmp_path: Path) -> None:
    path = str(tmp_path / "q.db")
    script = _script(path, "print('in', flush=True); time.sleep(60)")
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert "in" in {child.stdout.readline().strip() for _ in range(2)}
        child.send_signal(signal.SIGKILL)
        child.wait(10)
        assert _wait_for_turn(path) < 1.0  # the kernel let go of the dead writer's place
        assert _wait_for_turn(path) < 1.0  # and the file it left was cleared away
    finally:
        child.kill()


def test_a_writer_that_just_finished_cannot_jump_the_queue(tmp_path: Path) -> None:
    path, log = str(tmp_path / "q.db"), tmp_path / "order.txt"
    script = _script(path, f"open({str(log)!r}, 'a').write('other ')")
    with write_turn(path, timeout=5):
        child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
        assert child.stdout.readline().strip() == "queued"
        time.sleep(0.3)  # the other process waits in the queue
        with log.open("a") as out:
            out.write("busy ")
    try:
        for _ in range(30):  # this writer comes straight back for more turns
            with write_turn(path, timeout=5), log.open("a") as out:
                out.write("busy ")
        child.wait(20)
    finally:
        child.kill()
    assert log.read_text().split()[:2] == ["busy", "other"]  # served next, not after a run of busy turns
