"""Kiosk devices kept server-side: a tablet locked to one survey under a random device token.

The token lives in the browser (URL and cookie); the database keeps only its SHA-256, the survey,
where it is taken, who started it, and the current respondent's place and answers-so-far. Those
answers are held only until the response is saved or the kiosk starts again for the next person.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import update
from sqlalchemy.orm import Session

from feedback.dates import aware
from feedback.models import KioskDevice, utcnow
from feedback.tokens import new_token, token_hash

PRIVACY = "privacy"
MAX_DRAFT_LENGTH = 10_000
PIN_WAIT = dt.timedelta(minutes=5)
MAX_WRONG_PINS = 5


@dataclass(frozen=True)
class Progress:
    """Where the respondent is: screen, question, answers so far, the submission id and receipt."""

    screen: str
    question_index: int
    answers: dict
    drafts: dict
    submission_id: str | None
    receipt_code: str | None


def open_device(
    *,
    session: Session,
    survey_id: int,
    locality: str,
    staff_user_id: int,
    activity_id: int | None = None,
    now: dt.datetime | None = None,
) -> str:
    """Lock a device to a survey; returns the token the browser keeps."""
    token = new_token()
    now = now or utcnow()
    session.add(
        KioskDevice(
            token_hash=token_hash(token),
            survey_id=survey_id,
            activity_id=activity_id,
            locality=locality,
            staff_user_id=staff_user_id,
            generation=0,
            screen=PRIVACY,
            question_index=0,
            answers={},
            drafts={},
            screen_at=now,
            last_activity=now,
            created_at=now,
        )
    )
    session.flush()
    return token


def get_device(*, session: Session, token: str) -> KioskDevice | None:
    """The device a token belongs to, or None (never started, or closed with the PIN)."""
    if not token:
        return None
    return session.get(KioskDevice, token_hash(token))


def _clean_drafts(drafts: dict | None) -> dict:
    """Only short text drafts keyed by a question name."""
    return {
        str(k)[:60]: str(v)[:MAX_DRAFT_LENGTH]
        for k, v in (drafts or {}).items()
        if isinstance(v, str) and str(k).isidentifier()
    }


def touch(
    *, session: Session, token: str, drafts: dict | None = None, now: dt.datetime | None = None
) -> KioskDevice | None:
    """Someone used the tablet: restart the idle clock, drop any warning, keep typed drafts."""
    device = get_device(session=session, token=token)
    if device is None:
        return None
    device.last_activity = now or utcnow()
    device.warned_at = None
    if drafts is not None and device.screen != PRIVACY:
        device.drafts = {**(device.drafts or {}), **_clean_drafts(drafts)}
    return device


def save_progress(
    *, session: Session, token: str, progress: Progress, now: dt.datetime | None = None
) -> KioskDevice | None:
    """Keep the respondent's place and answers so a reload returns to them.

    A change counts as activity (it came from a tap); the same progress again writes nothing.
    """
    device = get_device(session=session, token=token)
    if device is None:
        return None
    drafts = _clean_drafts(progress.drafts)
    stored = (device.screen, device.question_index, device.answers or {}, device.drafts or {})
    stored += (device.submission_id, device.receipt_code)
    wanted = (progress.screen, progress.question_index, dict(progress.answers), drafts)
    if stored == (*wanted, progress.submission_id, progress.receipt_code):
        return device
    now = now or utcnow()
    if (device.screen, device.question_index) != (progress.screen, progress.question_index):
        device.screen_at = now
    device.screen = progress.screen
    device.question_index = progress.question_index
    device.answers = dict(progress.answers)
    device.drafts = drafts
    device.submission_id = progress.submission_id
    device.receipt_code = progress.receipt_code
    device.last_activity = now
    device.warned_at = None
    return device


def mark_warned(*, session: Session, token: str, now: dt.datetime | None = None) -> dt.datetime | None:
    """Note when the time-out warning was first shown; returns that moment."""
    device = get_device(session=session, token=token)
    if device is None:
        return None
    if device.warned_at is None:
        device.warned_at = now or utcnow()
    return aware(device.warned_at)


def more_time(*, session: Session, token: str, now: dt.datetime | None = None) -> None:
    """Start the current screen's countdown again (the receipt screen's 'I need more time')."""
    device = get_device(session=session, token=token)
    if device is not None:
        device.screen_at = device.last_activity = now or utcnow()
        device.warned_at = None


def reset_device(*, session: Session, token: str, now: dt.datetime | None = None) -> KioskDevice | None:
    """Start again for the next person: every answer, draft and receipt of the last one is deleted."""
    device = get_device(session=session, token=token)
    if device is None:
        return None
    now = now or utcnow()
    device.generation = (device.generation or 0) + 1
    device.screen = PRIVACY
    device.question_index = 0
    device.answers = {}
    device.drafts = {}
    device.submission_id = None
    device.receipt_code = None
    device.screen_at = device.last_activity = now
    device.warned_at = None
    return device


def record_wrong_pin(*, session: Session, token: str, now: dt.datetime | None = None) -> bool:
    """Count a wrong PIN; after MAX_WRONG_PINS the device waits. True when it must now wait."""
    device = get_device(session=session, token=token)
    if device is None:
        return False
    device.wrong_pins = (device.wrong_pins or 0) + 1
    if device.wrong_pins >= MAX_WRONG_PINS:
        device.wrong_pins = 0
        device.pin_wait_until = (now or utcnow()) + PIN_WAIT
        return True
    return False


def pin_wait_over(device: KioskDevice, now: dt.datetime | None = None) -> bool:
    """True when the device is not waiting after too many wrong PINs."""
    until = aware(device.pin_wait_until)
    return until is None or (now or utcnow()) >= until


def close_device(*, session: Session, token: str) -> bool:
    """Unlock: the device row and everything in it are deleted. False when already gone."""
    device = get_device(session=session, token=token)
    if device is None:
        return False
    session.delete(device)
    session.flush()
    return True


def clear_abandoned(*, session: Session, idle_seconds: int, now: dt.datetime | None = None) -> int:
    """Delete the answers-so-far of every kiosk left without a touch for idle_seconds; return how many."""
    cutoff = (now or utcnow()) - dt.timedelta(seconds=idle_seconds)
    result = session.execute(
        update(KioskDevice)
        .where(KioskDevice.last_activity < cutoff, KioskDevice.screen != PRIVACY)
        .values(
            generation=KioskDevice.generation + 1,
            screen=PRIVACY,
            question_index=0,
            answers={},
            drafts={},
            submission_id=None,
            receipt_code=None,
            warned_at=None,
        )
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0
