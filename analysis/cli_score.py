"""The ``score`` sub-command: add sentiment, themes, redaction and safeguarding to a CSV."""

from __future__ import annotations

import argparse
import os

import pandas as pd

from analysis.cli_io import UsageError, err, read_input_csv
from analysis.exports import neutralise_frame
from analysis.params import GENERAL
from analysis.questions import question_type_for

OUTPUT_COLUMNS = (
    "sentiment",
    "sentiment_score",
    "themes",
    "redacted_text",
    "safeguarding",
    "safeguarding_risk",
)
CHUNK = 1000


def _safe(out: pd.DataFrame) -> pd.DataFrame:
    """Every cell a spreadsheet could run neutralised with a leading ', but the score (our number)."""
    safe = neutralise_frame(out)
    safe["sentiment_score"] = out["sentiment_score"].to_numpy()
    return safe


def _empty_result() -> dict[str, str]:
    """Output cells for a row that could not be analysed."""
    return dict.fromkeys(OUTPUT_COLUMNS, "")


def _cells(result) -> dict[str, str]:
    """Output cells for one CommentAnalysis."""
    return {
        "sentiment": result.sentiment,
        "sentiment_score": f"{result.sentiment_score:.4f}",
        "themes": "|".join(result.theme_ids),
        "redacted_text": result.redacted_text,
        "safeguarding": "true" if result.safeguarding else "false",
        "safeguarding_risk": f"{result.safeguarding_risk:.4f}",
    }


def _score_chunk(analyser, texts: list[str], qtypes: list[str]) -> tuple[list[dict], int]:
    """Analyse a chunk; if the batch fails, analyse row by row so one bad row stops nothing."""
    try:
        return [_cells(r) for r in analyser.analyse_many(texts, qtypes)], 0
    except Exception:
        rows, failed = [], 0
        for text, qtype in zip(texts, qtypes, strict=True):
            try:
                rows.append(_cells(analyser.analyse(text, qtype)))
            except Exception:
                rows.append(_empty_result())
                failed += 1
        return rows, failed


def run_score(args: argparse.Namespace) -> int:
    """Score every row of a CSV and write it back with the analysis columns added."""
    frame = read_input_csv(args.input)
    if args.text_column not in frame.columns:
        raise UsageError(
            f"error: no column '{args.text_column}' in {args.input.name}; "
            "name the comment column with --text-column"
        )
    qcol = args.question_column or next(
        (c for c in ("question", "question_type") if c in frame.columns), "question"
    )
    if args.question_column and qcol not in frame.columns:
        raise UsageError(
            f"error: no column '{qcol}' in {args.input.name}; "
            "fix --question-column or leave it out to treat every row as general"
        )
    from analysis.pipeline import Analyser
    from analysis.sentiment import ModelFileError

    # A batch job has the machine to itself: encode two comments at once unless told otherwise.
    os.environ.setdefault("FEEDBACK_ENCODER_THREADS", str(min(2, os.cpu_count() or 1)))
    try:
        analyser = Analyser()
    except (ModelFileError, ValueError) as exc:
        raise UsageError(f"error: {exc}") from None
    texts = frame[args.text_column].tolist()
    qtypes = [question_type_for(q) for q in frame[qcol]] if qcol in frame.columns else [GENERAL] * len(frame)
    rows: list[dict] = []
    failed = 0
    for start in range(0, len(frame), CHUNK):
        chunk_rows, chunk_failed = _score_chunk(
            analyser, texts[start : start + CHUNK], qtypes[start : start + CHUNK]
        )
        rows += chunk_rows
        failed += chunk_failed
        if len(frame) > CHUNK:
            err(f"scored {len(rows)}/{len(frame)} rows")
    out = frame.copy()
    replaced = [c for c in OUTPUT_COLUMNS if c in frame.columns]
    if replaced:
        err(f"note: input column(s) {', '.join(replaced)} replaced by this analysis")
    added = pd.DataFrame(rows, columns=list(OUTPUT_COLUMNS), index=frame.index)
    for column in OUTPUT_COLUMNS:
        out[column] = added[column] if len(frame) else pd.Series(dtype=str)
    try:
        _safe(out).to_csv(args.out, index=False, lineterminator="\r\n")  # quotes a lone \r too
    except OSError as exc:
        raise UsageError(f"error: cannot write {args.out}: {exc.strerror}") from None
    if failed:
        err(f"warning: {failed} row(s) could not be analysed; their analysis cells are empty")
    err(f"wrote {len(out)} rows to {args.out} (model {analyser.version})")
    return 0
