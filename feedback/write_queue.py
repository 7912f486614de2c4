"""A first-come, first-served queue for SQLite writers: one write transaction at a time per file.

SQLite's busy handler polls with growing sleeps (up to 100 ms apart), and a plain lock file wakes
every waiter at once and lets any of them win, so in a burst a writer that has waited a while
keeps losing to newcomers and can wait for seconds. Writers here take numbered tickets instead
and each waits only for the writer just before it (a ticket lock made of ``flock`` locks):

- under a short lock on ``<db>-writequeue/counter``, a writer takes the next number ``n`` and
  locks its own file ``n``;
- it then waits for the lock on file ``n - 1``, which its predecessor holds until its write ends
  (a file already removed means that writer is done);
- when its own write ends it removes file ``n`` and lets go of it, which wakes writer ``n + 1``.

The kernel drops a dead process's locks, so a writer killed in the queue holds nobody up; its
successor removes the file it left. Every turn opens its own files, so threads of one process
queue like processes do. A thread already holding a turn may enter again (re-entrant).
"""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress

_HELD = threading.local()
_COUNTER = "counter"


def _queue_dir(path: str) -> str:
    folder = f"{path}-writequeue"
    os.makedirs(folder, mode=0o700, exist_ok=True)
    return folder


def _take_ticket(folder: str) -> tuple[int, int]:
    """Take the next number and lock its file; return the number and the open, locked file."""
    counter = os.open(os.path.join(folder, _COUNTER), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(counter, fcntl.LOCK_EX)
        raw = os.pread(counter, 8, 0)
        number = int.from_bytes(raw, "little") if len(raw) == 8 else 0
        os.pwrite(counter, (number + 1).to_bytes(8, "little"), 0)
        own = os.open(os.path.join(folder, str(number)), os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(own, fcntl.LOCK_EX)  # a new file: nobody else holds it
        return number, own
    finally:
        os.close(counter)  # lets go of the counter's lock


def _wait_for(folder: str, number: int) -> None:
    """Block until the writer holding ticket ``number`` is done (at once if it is gone)."""
    if number < 0:
        return
    name = os.path.join(folder, str(number))
    try:
        before = os.open(name, os.O_RDWR)
    except FileNotFoundError:
        return  # that writer finished and removed its file
    try:
        fcntl.flock(before, fcntl.LOCK_EX)  # released when its write ends, or when it dies
        with suppress(FileNotFoundError):
            os.unlink(name)  # left behind by a writer that died in the queue
    finally:
        os.close(before)


@contextmanager
def write_turn(path: str, *, timeout: float | None = None) -> Iterator[None]:
    """Wait for this file's turn to write, first come first served (re-entrant within a thread).

    ``timeout`` is kept for callers; a turn is never skipped, since every writer ahead either
    finishes its short write or dies, and the kernel then releases its place.
    """
    held: set[str] = getattr(_HELD, "paths", set())
    _HELD.paths = held
    if path in held:
        yield
        return
    folder = _queue_dir(path)
    number, own = _take_ticket(folder)
    try:
        _wait_for(folder, number - 1)
        held.add(path)
        try:
            yield
        finally:
            held.discard(path)
    finally:
        with suppress(FileNotFoundError):
            os.unlink(os.path.join(folder, str(number)))
        os.close(own)  # lets go of the lock: the next writer goes
