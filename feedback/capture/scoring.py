"""Run the analysis pipeline on comments when they are written, and store what it says."""

from __future__ import annotations

import gc
import logging
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.pipeline import Analyser, CommentAnalysis, Screen
from analysis.themes import codebook_from_records
from feedback.models import Comment, CommentTheme, Theme

log = logging.getLogger(__name__)


def codebook_records(session: Session) -> tuple[dict, ...]:
    """The active codebook themes stored in the database, as plain records."""
    query = select(Theme.id, Theme.name, Theme.description, Theme.phrases).where(Theme.active.is_(True))
    rows = session.execute(query.order_by(Theme.id))
    return tuple(
        {"id": t.id, "name": t.name, "description": t.description, "phrases": list(t.phrases)} for t in rows
    )


_ANALYSERS: dict[str, Analyser] = {}


def get_analyser(session: Session) -> Analyser:
    """The analyser for the codebook now in the database (built once per codebook per process)."""
    records = codebook_records(session)
    key = repr(records)
    analyser = _ANALYSERS.get(key)
    if analyser is None:
        log.info("building the analyser for a changed codebook")
        gc.unfreeze()  # the analyser being replaced may be collected
        _ANALYSERS.clear()
        analyser = Analyser(codebook=codebook_from_records(list(records)))
        _ANALYSERS[key] = analyser
        settle_heap()
    return analyser


def settle_heap() -> None:
    """Collect once, then exempt every object alive now from later collections (``gc.freeze``).

    The model, the word lists and the app's modules are about 170,000 long-lived objects; a full
    pass of the garbage collector over them took about 80 ms, and when it fell inside a save's
    write transaction every writer queued behind it waited that long. Frozen objects are still
    freed when nothing refers to them; ``get_analyser`` unfreezes before it replaces an analyser.
    """
    gc.collect()
    gc.freeze()


def analyse_texts(
    *, session: Session, texts: Sequence[str], question_types: Sequence[str]
) -> list[CommentAnalysis]:
    """Analyse texts with the codebook in the database (a read; run it before a write transaction)."""
    if not texts:
        return []
    return get_analyser(session).analyse_many(list(texts), list(question_types))


def screen_texts(*, session: Session, texts: Sequence[str]) -> list[Screen]:
    """The fast rule-based first look (redaction, safeguarding and theme rules), no model."""
    return get_analyser(session).screen_many(list(texts)) if texts else []


def apply_screen(comment: Comment, screen: Screen) -> None:
    """Store the first look on a new comment; its analysis stays pending (analysis_version None)."""
    comment.redacted_text = screen.redacted_text
    comment.safeguarding = kept_flag(comment, screen.safeguarding)
    comment.safeguarding_risk = screen.safeguarding_risk
    comment.analysis_version = None  # pending: the model's analysis is written by analyse_pending
    comment.themes = [
        CommentTheme(theme_id=m.theme_id, source=m.source, evidence=list(m.evidence)) for m in screen.themes
    ]


def kept_flag(comment: Comment, detected: bool) -> bool:
    """The flag after an analysis: a person's decision stands, and only a person clears a flag."""
    if comment.flag_decided_at is not None:
        return bool(comment.safeguarding)
    return bool(comment.safeguarding) or detected


def apply_analysis(comment: Comment, result: CommentAnalysis, *, keep_redacted: bool = False) -> None:
    """Store an analysis result on a comment, keeping every human decision and every flag.

    A safeguarding flag is only ever added here: clearing one is a person's job (see kept_flag).
    With ``keep_redacted`` (a comment whose raw text was purged) the stored redacted text stays.
    """
    if not keep_redacted:
        comment.redacted_text = result.redacted_text
    comment.safeguarding = kept_flag(comment, result.safeguarding)
    comment.safeguarding_risk = getattr(result, "safeguarding_risk", None)
    comment.sentiment = result.sentiment
    comment.sentiment_score = result.sentiment_score
    comment.analysis_version = result.version
    kept = {t.theme_id: t for t in comment.themes if t.source == "human" or t.confirmed or t.rejected}
    comment.themes = list(kept.values()) + [
        CommentTheme(theme_id=m.theme_id, source=m.source, evidence=list(m.evidence))
        for m in result.themes
        if m.theme_id not in kept
    ]
