"""A fair queue for SQLite writers: one write transaction at a time per file, handed over at once.

SQLite's busy handler polls with growing sleeps (up to 100 ms apart), so in a burst a writer that
has waited a while keeps losing the lock to newcomers and can wait for seconds. Writers here queue
on an operating-system file lock (``flock``) beside the database instead, which wakes a waiter the
moment the lock is released; the kernel drops it if a process dies. Threads of one process queue
on a ``threading.Lock`` first, because ``flock`` is held per open file, not per thread. The queue
only orders writers: if a turn does not come within the timeout the write goes ahead and SQLite's
own busy timeout decides, so the queue can never be the reason a save fails.
"""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_GUARD = threading.Lock()
_QUEUES: dict[str, tuple[threading.Lock, int]] = {}
_HELD = threading.local()


def _queue_for(path: str) -> tuple[threading.Lock, int]:
    with _GUARD:
        if path not in _QUEUES:
            fd = os.open(f"{path}-writelock", os.O_RDWR | os.O_CREAT, 0o600)
            _QUEUES[path] = (threading.Lock(), fd)
        return _QUEUES[path]


@contextmanager
def write_turn(path: str, *, timeout: float) -> Iterator[None]:
    """Wait for this process's and then this file's turn to write (re-entrant within a thread)."""
    held: set[str] = getattr(_HELD, "paths", set())
    _HELD.paths = held
    if path in held:
        yield
        return
    thread_lock, fd = _queue_for(path)
    if not thread_lock.acquire(timeout=timeout):
        yield  # no turn in time: SQLite's busy timeout decides
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # blocks until the holder's transaction ends (or it dies)
        held.add(path)
        try:
            yield
        finally:
            held.discard(path)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        thread_lock.release()
