"""One background thread per process that completes the model analysis of saved comments.

The database is the queue (pending.is_pending), so nothing is lost if the process dies: at start
the thread analyses every comment left pending, then it analyses the comments a save hands it
(``kick``) at once, and every SWEEP_SECONDS it sweeps up any pending comment older than
GRACE_SECONDS (left by another process that was killed or is busy). Several processes may share
a database; two passes over one comment store the same result.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy.orm import Session, sessionmaker

from feedback.capture.pending import analyse_pending

log = logging.getLogger(__name__)

SWEEP_SECONDS = 60.0
GRACE_SECONDS = 30.0
NICENESS = 10


def lower_priority() -> None:
    """Run the calling thread at a lower CPU priority (Linux: per thread), so saves come first."""
    with contextlib.suppress(AttributeError, OSError):  # not Linux or not allowed: it runs all the same
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), NICENESS)


class AnalysisWorker:
    """The thread, its wake-up signal and the comment ids handed to it."""

    def __init__(self, factory: sessionmaker[Session], *, sweep_seconds: float = SWEEP_SECONDS) -> None:
        """Start the thread (a daemon: it never holds the process open)."""
        self.factory = factory
        self.sweep_seconds = sweep_seconds
        self._wanted: set[int] = set()
        self._everything = False
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self.idle = threading.Event()
        # Made and started here, in the caller's thread, so it keeps normal priority (threads
        # inherit their creator's), before the worker thread lowers its own.
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="analysis-write")
        self._writer.submit(lambda: None).result()
        self._thread = threading.Thread(target=self._run, name="analysis-worker", daemon=True)
        self._thread.start()

    def kick(self, comment_ids: Iterable[int]) -> None:
        """Analyse these newly saved comments as soon as possible."""
        with self._lock:
            self._wanted.update(comment_ids)
            self.idle.clear()
        self._wake.set()

    def kick_all(self) -> None:
        """Analyse every pending comment as soon as possible (after an import)."""
        with self._lock:
            self._everything = True
            self.idle.clear()
        self._wake.set()

    def _write_at_normal_priority(self, step: Callable[[], None]) -> None:
        self._writer.submit(step).result()

    def _take(self) -> tuple[list[int], bool]:
        with self._lock:
            ids, self._wanted = sorted(self._wanted), set()
            everything, self._everything = self._everything, False
        return ids, everything

    def _pass(self, ids: list[int] | None, older_than: dt.timedelta | None) -> None:
        try:
            done = analyse_pending(
                factory=self.factory, ids=ids, older_than=older_than, run_write=self._write_at_normal_priority
            )
        except Exception as exc:  # the thread must outlive any failure; the rows stay pending
            # Left pending in the database: the next sweep tries again. No text in the log.
            log.warning("analysis pass failed (%s); the comments stay pending", type(exc).__name__)
            return
        if done and ids is None:
            log.info("analysed %d comments left pending", len(done))

    def _run(self) -> None:
        lower_priority()
        self._pass(None, None)  # whatever an earlier process left pending
        with self._lock:
            if not self._wanted and not self._everything:
                self.idle.set()
        while True:
            woken = self._wake.wait(timeout=self.sweep_seconds)
            self._wake.clear()
            ids, everything = self._take()
            if everything:
                self._pass(None, None)
            elif ids:
                self._pass(ids, None)
            if not woken:
                self._pass(None, dt.timedelta(seconds=GRACE_SECONDS))
            with self._lock:
                if not self._wanted and not self._everything:
                    self.idle.set()


_WORKERS: dict[int, AnalysisWorker] = {}
_START = threading.Lock()


def worker_for(factory: sessionmaker[Session]) -> AnalysisWorker:
    """This process's worker for a session factory, started on first use."""
    with _START:
        worker = _WORKERS.get(id(factory))
        if worker is None:
            worker = _WORKERS[id(factory)] = AnalysisWorker(factory)
        return worker
