"""Calendar days as the partnership lives them (Scotland), turned into stored UTC instants."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

LOCAL_ZONE = ZoneInfo("Europe/London")


def day_start(day: dt.date) -> dt.datetime:
    """The UTC instant at which a day begins in Scotland (midnight GMT or BST)."""
    return dt.datetime.combine(day, dt.time(), LOCAL_ZONE).astimezone(dt.UTC)


def day_after(day: dt.date) -> dt.datetime:
    """The UTC instant at which the day after begins: the exclusive end of a period ending on `day`."""
    return day_start(day + dt.timedelta(days=1))


def aware(moment: dt.datetime | None) -> dt.datetime | None:
    """A stored instant as timezone-aware UTC (SQLite gives back naive UTC values); None stays None."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=dt.UTC)
