"""Kiosk devices on both databases: locked to a survey by token, answers held only until reset."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from feedback.capture import kiosk_devices as devices
from feedback.fixtures import make_user, survey
from feedback.models import KioskDevice, utcnow
from feedback.tokens import token_hash

PROGRESS = devices.Progress(
    screen="question",
    question_index=2,
    answers={"overall": "2", "helped_with": ["housing", "money"]},
    drafts={"worked_well": "Half of a sentence"},
    submission_id="2b1e9c52-5b0c-4a43-9d55-4a3f5f3d4b1a",
    receipt_code=None,
)


def _open(session: Session) -> str:
    staff = make_user(session)
    token = devices.open_device(
        session=session, survey_id=survey(session).id, locality="clydesdale", staff_user_id=staff.id
    )
    session.commit()
    return token


def test_the_database_keeps_only_a_hash_of_the_token(session: Session) -> None:
    token = _open(session)
    stored = session.scalars(select(KioskDevice.token_hash)).all()
    assert stored == [token_hash(token)]
    assert token not in stored
    assert devices.get_device(session=session, token=token).locality == "clydesdale"
    assert devices.get_device(session=session, token=token + "x") is None
    assert devices.get_device(session=session, token="") is None


def test_progress_comes_back_after_a_reload(session: Session) -> None:
    token = _open(session)
    devices.save_progress(session=session, token=token, progress=PROGRESS)
    session.commit()
    session.expire_all()
    device = devices.get_device(session=session, token=token)
    assert (device.screen, device.question_index, device.answers, device.drafts) == (
        "question",
        2,
        PROGRESS.answers,
        PROGRESS.drafts,
    )


def test_reset_deletes_everything_of_the_respondent(session: Session) -> None:
    token = _open(session)
    devices.save_progress(session=session, token=token, progress=PROGRESS)
    session.commit()
    devices.reset_device(session=session, token=token)
    session.commit()
    session.expire_all()
    device = devices.get_device(session=session, token=token)
    assert (device.screen, device.answers, device.drafts, device.submission_id, device.generation) == (
        "privacy",
        {},
        {},
        None,
        1,
    )


def test_a_touch_clears_the_warning_and_keeps_typed_drafts(session: Session) -> None:
    token = _open(session)
    devices.save_progress(session=session, token=token, progress=PROGRESS)
    warned = devices.mark_warned(session=session, token=token)
    assert warned is not None
    assert devices.mark_warned(session=session, token=token) == warned  # first warning time is kept
    later = utcnow() + dt.timedelta(seconds=5)
    devices.touch(
        session=session, token=token, drafts={"worked_well": "More words", "bad key!": "x"}, now=later
    )
    session.commit()
    session.expire_all()
    device = devices.get_device(session=session, token=token)
    assert device.warned_at is None
    assert device.drafts == {"worked_well": "More words"}
    assert devices.aware(device.last_activity) == later


def test_abandoned_kiosks_lose_their_answers_and_active_ones_keep_them(session: Session) -> None:
    old = _open_second(session, "old.staff")
    fresh = _open_second(session, "new.staff")
    long_ago = utcnow() - dt.timedelta(hours=1)
    devices.save_progress(session=session, token=old, progress=PROGRESS, now=long_ago)
    devices.save_progress(session=session, token=fresh, progress=PROGRESS)
    session.commit()
    assert devices.clear_abandoned(session=session, idle_seconds=600) == 1
    session.commit()
    session.expire_all()
    assert devices.get_device(session=session, token=old).answers == {}
    assert devices.get_device(session=session, token=fresh).answers == PROGRESS.answers


def _open_second(session: Session, username: str) -> str:
    staff = make_user(session, username=username)
    token = devices.open_device(
        session=session, survey_id=survey(session).id, locality="clydesdale", staff_user_id=staff.id
    )
    session.commit()
    return token


def test_five_wrong_pins_make_the_device_wait_and_a_reload_does_not_undo_it(session: Session) -> None:
    token = _open(session)
    results = [devices.record_wrong_pin(session=session, token=token) for _ in range(5)]
    session.commit()
    assert results == [False, False, False, False, True]
    session.expire_all()
    device = devices.get_device(session=session, token=token)
    assert not devices.pin_wait_over(device)
    assert devices.pin_wait_over(device, utcnow() + dt.timedelta(minutes=6))


def test_closing_deletes_the_device(session: Session) -> None:
    token = _open(session)
    devices.save_progress(session=session, token=token, progress=PROGRESS)
    assert devices.close_device(session=session, token=token)
    session.commit()
    assert session.scalars(select(KioskDevice)).all() == []
    assert not devices.close_device(session=session, token=token)


def test_saving_the_same_progress_again_is_not_activity(session: Session) -> None:
    token = _open(session)
    earlier = utcnow() - dt.timedelta(minutes=5)
    devices.save_progress(session=session, token=token, progress=PROGRESS, now=earlier)
    session.commit()
    devices.save_progress(session=session, token=token, progress=PROGRESS)
    session.commit()
    session.expire_all()
    assert devices.aware(devices.get_device(session=session, token=token).last_activity) == earlier
