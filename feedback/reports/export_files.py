"""Where exports are built: a private temporary folder per export, swept when old.

An export is written to files as it streams (analysis.export_stream), never held whole in memory
or in the session; the page offers the files for download and the next export, or the sweep,
deletes them. Only redacted, neutralised exports are written here.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

PREFIX = "feedback-export-"
MAX_AGE_SECONDS = 6 * 3600


def new_export_dir() -> Path:
    """A new private folder (mode 0700) for one export's files; older ones are swept first."""
    sweep_old_exports()
    return Path(tempfile.mkdtemp(prefix=PREFIX))


def remove_export(folder: str | Path | None) -> None:
    """Delete an export's folder and files, if it is one of ours."""
    if folder and Path(folder).name.startswith(PREFIX):
        shutil.rmtree(folder, ignore_errors=True)


def sweep_old_exports(max_age: float = MAX_AGE_SECONDS, now: float | None = None) -> int:
    """Delete export folders older than ``max_age`` seconds; return how many."""
    now = time.time() if now is None else now
    removed = 0
    for folder in Path(tempfile.gettempdir()).glob(f"{PREFIX}*"):
        try:
            old = now - folder.stat().st_mtime > max_age
        except OSError:
            continue
        if old:
            remove_export(folder)
            removed += 1
    return removed
