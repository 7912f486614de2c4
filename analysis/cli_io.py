"""What the ``python -m analysis`` commands share: default paths, CSV input, one-line errors."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO_ROOT.parent / "shared" / "datasets" / "service_feedback_labelled.csv"
DEFAULT_MODEL_DIR = REPO_ROOT / "data" / "models"


class UsageError(Exception):
    """A problem to report as one line on stderr, then exit non-zero."""


def err(message: str) -> None:
    """Write one line to stderr."""
    sys.stderr.write(message.rstrip() + "\n")
    sys.stderr.flush()


def read_input_csv(path: Path) -> pd.DataFrame:
    """Read a CSV as strings, keeping "None"/"N/A"; raise UsageError with a clear line."""
    try:
        return pd.read_csv(path, keep_default_na=False, dtype=str, encoding="utf-8-sig")
    except FileNotFoundError:
        raise UsageError(f"error: input file {path} not found; check the path") from None
    except IsADirectoryError:
        raise UsageError(f"error: {path} is a folder; give a CSV file") from None
    except UnicodeDecodeError:
        raise UsageError(
            f"error: {path.name} is not UTF-8 text; save it as 'CSV UTF-8' and try again"
        ) from None
    except pd.errors.EmptyDataError:
        raise UsageError(f"error: {path.name} is empty; give a CSV with a header row") from None
    except (pd.errors.ParserError, ValueError) as exc:
        raise UsageError(
            f"error: {path.name} is not a readable CSV ({type(exc).__name__}); check its format"
        ) from None
    except OSError as exc:
        raise UsageError(f"error: cannot read {path}: {exc.strerror}") from None
