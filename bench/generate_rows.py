"""The rows the real save paths write for a staff card or a kiosk response, as dicts for bulk inserts.

Mirrors feedback.capture.submissions (cards) and feedback.capture.responses (kiosk responses):
the same submission, answer and comment fields, the analysis stored as apply_analysis stores it,
an audit event per submission and an alert per flagged comment or help request. Record keys
come from the models' defaults; the summaries are added by feedback.summaries from the rows.
tests/bench/test_generate.py compares these rows with the same input saved through the services.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import insert
from sqlalchemy.orm import Session

from analysis.params import NOT_RECORDED, STAKEHOLDER_GROUPS
from analysis.pipeline import CommentAnalysis
from feedback.capture.responses import STAKEHOLDER_QUESTION, _asks_for_help, _checked_answers
from feedback.capture.submissions import CARD_QUESTION, new_receipt_code
from feedback.capture.surveys import parse_definition
from feedback.models import (
    Answer,
    AuditEvent,
    Comment,
    CommentTheme,
    SafeguardingAlert,
    Submission,
    Survey,
    utcnow,
)
from feedback.summaries.store import count_inserted


@dataclass(frozen=True)
class Spec:
    """One card or kiosk response to write: what a person gave, where and when."""

    submission_id: str
    channel: str  # staff_card or kiosk
    activity_id: int | None
    locality: str
    question_type: str
    text: str
    group: str
    created_at: dt.datetime
    rating: str | None = None
    is_demo: bool = False


@dataclass
class Batch:
    """Rows to insert, table by table."""

    submissions: list[dict] = field(default_factory=list)
    comments: list[dict] = field(default_factory=list)
    themes: list[dict] = field(default_factory=list)
    answers: list[dict] = field(default_factory=list)
    alerts: list[dict] = field(default_factory=list)
    audit: list[dict] = field(default_factory=list)


class RowWriter:
    """Builds and inserts the rows of specs; comment and alert ids are given here (start after the max)."""

    def __init__(self, survey: Survey | None, next_comment_id: int, next_alert_id: int) -> None:
        self.survey = survey
        self.definition = parse_definition(survey.definition, source=survey.key) if survey else None
        self.next_comment_id = next_comment_id
        self.next_alert_id = next_alert_id

    @property
    def kiosk_groups(self) -> list[str]:
        """The stakeholder groups the kiosk survey offers."""
        question = next(q for q in self.definition.questions if q.name == STAKEHOLDER_QUESTION)
        return [c.name for c in question.choices]

    def kiosk_question(self, question_type: str) -> str | None:
        """The kiosk survey's text question of a question type (None: the survey has none)."""
        if self.definition is None:
            return None
        for q in self.definition.questions:
            if q.kind == "text" and q.comment_type == question_type:
                return q.name
        return None

    def _alert(self, batch: Batch, spec: Spec, comment_id: int | None, now: dt.datetime) -> None:
        alert_id, self.next_alert_id = self.next_alert_id, self.next_alert_id + 1
        reason = "help" if comment_id is None else "flag"
        batch.alerts.append(
            {
                "id": alert_id,
                "submission_id": spec.submission_id,
                "comment_id": comment_id,
                "reason": reason,
                "raised_by": None,
                "raised_at": now,
            }
        )
        batch.audit.append(
            {
                "user_id": None,
                "event": f"alert.{reason}",
                "object_type": "alert",
                "object_id": str(alert_id),
                "detail": {},
                "at": now,
            }
        )

    def _comment(
        self, batch: Batch, spec: Spec, question: str, result: CommentAnalysis, now: dt.datetime
    ) -> int:
        comment_id, self.next_comment_id = self.next_comment_id, self.next_comment_id + 1
        batch.comments.append(
            {
                "id": comment_id,
                "submission_id": spec.submission_id,
                "question": question,
                "question_type": spec.question_type,
                "text": spec.text,
                "redacted_text": result.redacted_text,
                "sentiment": result.sentiment,
                "sentiment_score": result.sentiment_score,
                "safeguarding": bool(result.safeguarding),
                "safeguarding_risk": getattr(result, "safeguarding_risk", None),
                "analysis_version": result.version,
                "quote_approved": False,
                "created_at": now,
            }
        )
        batch.themes.extend(
            {
                "comment_id": comment_id,
                "theme_id": m.theme_id,
                "source": m.source,
                "evidence": list(m.evidence),
                "confirmed": False,
                "rejected": False,
            }
            for m in result.themes
        )
        return comment_id

    def add(self, batch: Batch, spec: Spec, result: CommentAnalysis) -> None:
        """Add the rows of one spec, analysed, to a batch."""
        now = utcnow()
        kiosk = spec.channel == "kiosk"
        answers: dict[str, object] = {}
        answered, help_requested = 0, False
        if kiosk:
            answers = {self.kiosk_question(spec.question_type): spec.text, STAKEHOLDER_QUESTION: spec.group}
            if spec.rating:
                answers["overall"] = spec.rating
            rows, _comments, errors = _checked_answers(self.definition, answers)
            assert not errors, errors
            batch.answers.extend(
                {
                    "submission_id": spec.submission_id,
                    "question": a.question,
                    "choice": a.choice,
                    "number": a.number,
                }
                for a in rows
            )
            help_requested = _asks_for_help(self.definition, answers)
            answered = len(rows) + 1  # the answers and the comment, as the kiosk's audit detail counts
        group = spec.group if spec.group in STAKEHOLDER_GROUPS else NOT_RECORDED
        batch.submissions.append(
            {
                "id": spec.submission_id,
                "channel": spec.channel,
                "activity_id": spec.activity_id,
                "survey_id": self.survey.id if kiosk else None,
                "locality": spec.locality,
                "stakeholder_group": group,
                "consent": True,
                "quote_permission": False,
                "language": "en",
                "receipt_code": new_receipt_code() if kiosk else None,
                "help_requested": help_requested,
                "is_demo": spec.is_demo and not kiosk,  # a kiosk response is never demo data
                "created_by": None,
                "created_at": spec.created_at,
            }
        )
        question = self.kiosk_question(spec.question_type) if kiosk else CARD_QUESTION
        comment_id = self._comment(batch, spec, question, result, now)
        event = (
            {"event": "kiosk.submit", "detail": {"survey": self.survey.key, "answers": answered}}
            if kiosk
            else {"event": "card.create", "detail": {}}
        )
        batch.audit.append(
            {
                "user_id": None,
                "object_type": "submission",
                "object_id": spec.submission_id,
                "at": now,
                **event,
            }
        )
        if result.safeguarding:
            self._alert(batch, spec, comment_id, now)
        if help_requested:
            self._alert(batch, spec, None, now)


def insert_batch(session: Session, batch: Batch) -> None:
    """Insert a batch's rows and add them to the summaries and the data version, in the session's transaction.

    Core inserts on the session's connection: the summaries' session events do not see them, so the
    cells are counted here from the inserted rows by the same code (feedback.summaries.cells).
    """
    connection = session.connection()
    for model, rows in (
        (Submission, batch.submissions),
        (Comment, batch.comments),
        (CommentTheme, batch.themes),
        (Answer, batch.answers),
        (SafeguardingAlert, batch.alerts),
        (AuditEvent, batch.audit),
    ):
        if rows:
            connection.execute(insert(model.__table__), rows)  # Core: not seen by the session's events
    count_inserted(connection, [s["id"] for s in batch.submissions])


def write_specs(
    session: Session, writer: RowWriter, specs: Sequence[Spec], results: Sequence[CommentAnalysis]
) -> None:
    """Write analysed specs in one batch."""
    batch = Batch()
    for spec, result in zip(specs, results, strict=True):
        writer.add(batch, spec, result)
    insert_batch(session, batch)
