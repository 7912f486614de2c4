"""A card is stored at once with the rules' first look; the model's analysis follows (both databases).

Every disclosure still reaches a person: one the rules catch raises its alert with the save, one
only the semantic model catches raises it when the model's analysis lands, and a comment left
pending by a killed process is completed by the next worker at its start.
"""

from __future__ import annotations

import os
import threading

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from analysis.safeguarding import is_safeguarding
from feedback.capture.analysis_worker import NICENESS, AnalysisWorker
from feedback.capture.pending import analyse_pending, count_pending
from feedback.capture.submissions import store_card
from feedback.db import transaction
from feedback.fixtures import card, make_activity
from feedback.models import Comment, SafeguardingAlert

ONLY_THE_MODEL = "I cant see myself still being here next year, no way"  # no rule fires on it
THE_RULES_TOO = "He said he would kill me if I told anyone."


def stored_card(factory: sessionmaker[Session], text: str) -> tuple[str, list[int]]:
    """Store a card the fast way (analysis pending); its submission id and pending comment ids."""
    with transaction(factory) as session:
        activity_id = make_activity(session).id
    submission, pending = store_card(factory=factory, card=card(activity_id, text=text), user_id=None)
    return submission.id, pending


def alerts(factory: sessionmaker[Session], submission_id: str) -> list[SafeguardingAlert]:
    with factory() as session:
        query = select(SafeguardingAlert).where(SafeguardingAlert.submission_id == submission_id)
        return list(session.scalars(query))


def comment_of(factory: sessionmaker[Session], comment_id: int) -> Comment:
    with factory() as session:
        return session.get(Comment, comment_id)


def test_a_saved_card_holds_its_text_and_the_rules_first_look_with_the_model_pending(
    factory: sessionmaker[Session],
) -> None:
    _sid, [comment_id] = stored_card(factory, "Call me on 07700 900123, the letters are confusing.")
    first = comment_of(factory, comment_id)
    assert first.text and "[PHONE]" in first.redacted_text and "07700" not in first.redacted_text
    assert first.analysis_version is None and first.sentiment is None
    with factory() as session:
        assert count_pending(session=session) == 1
    assert analyse_pending(factory=factory) == [comment_id]
    done = comment_of(factory, comment_id)
    assert done.analysis_version and done.sentiment in ("positive", "neutral", "negative")
    with factory() as session:
        assert count_pending(session=session) == 0


def test_a_disclosure_the_rules_catch_raises_its_alert_with_the_save(factory: sessionmaker[Session]) -> None:
    assert is_safeguarding(THE_RULES_TOO)
    sid, [comment_id] = stored_card(factory, THE_RULES_TOO)
    assert comment_of(factory, comment_id).safeguarding is True
    assert [a.comment_id for a in alerts(factory, sid)] == [comment_id]  # before any model ran
    analyse_pending(factory=factory)
    assert [a.comment_id for a in alerts(factory, sid)] == [comment_id]  # still one alert


def test_a_disclosure_only_the_model_catches_raises_its_alert_when_the_analysis_lands(
    factory: sessionmaker[Session],
) -> None:
    assert not is_safeguarding(ONLY_THE_MODEL)
    sid, [comment_id] = stored_card(factory, ONLY_THE_MODEL)
    assert alerts(factory, sid) == [] and comment_of(factory, comment_id).safeguarding is False
    analyse_pending(factory=factory, ids=[comment_id])
    assert comment_of(factory, comment_id).safeguarding is True
    raised = alerts(factory, sid)
    assert [(a.comment_id, a.reason, a.reviewed_at) for a in raised] == [(comment_id, "flag", None)]


def test_a_comment_left_pending_by_a_killed_process_is_completed_by_the_next_worker(
    factory: sessionmaker[Session],
) -> None:
    sid, [comment_id] = stored_card(factory, ONLY_THE_MODEL)  # saved; the process died before the model ran
    worker = AnalysisWorker(factory, sweep_seconds=3600)  # a new process: its worker starts with a sweep
    assert worker.idle.wait(timeout=120)
    assert comment_of(factory, comment_id).analysis_version is not None
    assert len(alerts(factory, sid)) == 1


def test_a_kicked_worker_analyses_the_comments_it_is_handed(factory: sessionmaker[Session]) -> None:
    worker = AnalysisWorker(factory, sweep_seconds=3600)
    assert worker.idle.wait(timeout=120)
    _sid, pending = stored_card(factory, "The bus was late again and I missed my appointment")
    worker.kick(pending)
    assert worker.idle.wait(timeout=120)
    assert comment_of(factory, pending[0]).sentiment is not None


def test_the_worker_runs_the_model_at_low_priority_and_writes_at_normal_priority(
    factory: sessionmaker[Session],
) -> None:
    seen: dict[str, int] = {}

    def nice_of_this_thread() -> int:
        return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    before = nice_of_this_thread()
    worker = AnalysisWorker(factory, sweep_seconds=3600)
    assert worker.idle.wait(timeout=120)
    real = worker._write_at_normal_priority

    def watched(step):
        seen["model thread"] = nice_of_this_thread()
        return real(lambda: (seen.__setitem__("write thread", nice_of_this_thread()), step())[1])

    worker._write_at_normal_priority = watched
    _sid, pending = stored_card(factory, "The bus was late again and I missed my appointment")
    worker.kick(pending)
    assert worker.idle.wait(timeout=120)
    assert comment_of(factory, pending[0]).analysis_version is not None
    assert seen["model thread"] == min(before + NICENESS, 19)  # the model gives way to saves
    assert seen["write thread"] == before  # the write holding the lock is never starved
