"""A shared widget: re-score comments in batches with a progress bar (used by two admin pages)."""

from __future__ import annotations

import logging

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from feedback.admin import audit
from feedback.capture.rescore import DEFAULT_BATCH, rescore_all
from feedback.db import transaction
from ui.components import show_database_error
from ui.state import session_factory

log = logging.getLogger(__name__)


def run_rescore(*, user_id: int | None, only_stale: bool, batch_size: int = DEFAULT_BATCH) -> int | None:
    """Re-score with ``st.progress`` updated after each batch; return how many, or None on failure."""
    bar = st.progress(0.0, text="Starting the re-score...")

    def progress(done: int, total: int) -> None:
        bar.progress(
            min(1.0, done / total) if total else 1.0, text=f"Re-scored {done:,} of {total:,} comments"
        )

    try:
        count = rescore_all(
            factory=session_factory(), batch_size=batch_size, only_stale=only_stale, progress=progress
        )
        with transaction(session_factory()) as session:
            audit.record(
                session=session,
                user_id=user_id,
                event="comments.rescore",
                detail={"count": count, "only_stale": only_stale},
            )
    except SQLAlchemyError:
        show_database_error("finish the re-score (the batches already done are kept)")
        return None
    except OSError:  # the model or codebook files could not be read
        log.exception("the re-score stopped")
        st.error(
            "The re-score stopped before the end; the batches already done are kept. The analysis "
            "could not run: check that the model files are in place (`python -m analysis train`) "
            "and tell an admin."
        )
        return None
    bar.progress(1.0, text=f"Done: {count:,} comments re-scored.")
    log.info("re-scored %d comments", count)
    return count
