"""The comments export streams in batches on both databases, with the same rows as the whole table."""

from __future__ import annotations

import os
import time
from pathlib import Path

from sqlalchemy.orm import Session

from feedback.filters import ReviewFilter
from feedback.fixtures import make_comment
from feedback.reports.export_files import new_export_dir, remove_export, sweep_old_exports
from feedback.reports.exports import comment_batches, comments_frame, count_comment_rows


def test_batches_hold_every_row_once_in_order(session: Session) -> None:
    made = [make_comment(session, text=f"=cmd {i}", themes=("access", "staff")).id for i in range(5)]
    make_comment(session, text="flagged", safeguarding=True)
    session.commit()
    batches = list(comment_batches(session=session, filters=ReviewFilter(), batch_size=2))
    assert [len(b) for b in batches] == [2, 2, 1]
    rows = [r for b in batches for r in b]
    assert [r["id"] for r in rows] == made and all(
        r["themes"] == "Getting access to services | Staff and workers" for r in rows
    )
    assert "safeguarding" not in rows[0]
    assert count_comment_rows(session=session, filters=ReviewFilter()) == 5
    assert count_comment_rows(session=session, filters=ReviewFilter(), include_safeguarding=True) == 6
    whole = comments_frame(session=session, filters=ReviewFilter(), include_safeguarding=True)
    assert len(whole) == 6 and list(whole["safeguarding"]) == [False] * 5 + [True]


def test_export_folders_are_private_and_swept_when_old() -> None:
    folder = new_export_dir()
    try:
        assert oct(folder.stat().st_mode & 0o777) == "0o700"
        (folder / "comments.csv").write_text("x")
        assert sweep_old_exports(now=time.time()) == 0 and folder.exists()
        old = time.time() - 7 * 3600
        os.utime(folder, (old, old))
        assert sweep_old_exports() >= 1 and not folder.exists()
    finally:
        remove_export(folder)
    remove_export(Path("/"))  # not one of ours: left alone
    assert Path("/").exists()
