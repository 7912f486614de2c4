"""The ``python -m analysis`` command line: score, train and evaluate."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.exports import neutralise_frame
from analysis.params import GENERAL
from analysis.questions import question_type_for

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO_ROOT.parent / "shared" / "datasets" / "service_feedback_labelled.csv"
DEFAULT_MODEL_DIR = REPO_ROOT / "data" / "models"
OUTPUT_COLUMNS = (
    "sentiment",
    "sentiment_score",
    "themes",
    "redacted_text",
    "safeguarding",
    "safeguarding_risk",
)
CHUNK = 1000


class UsageError(Exception):
    """A problem to report as one line on stderr, then exit non-zero."""


def _safe(out: pd.DataFrame) -> pd.DataFrame:
    """Every cell a spreadsheet could run neutralised with a leading ', but the score (our number)."""
    safe = neutralise_frame(out)
    safe["sentiment_score"] = out["sentiment_score"].to_numpy()
    return safe


def _err(message: str) -> None:
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
            _err(f"scored {len(rows)}/{len(frame)} rows")
    out = frame.copy()
    replaced = [c for c in OUTPUT_COLUMNS if c in frame.columns]
    if replaced:
        _err(f"note: input column(s) {', '.join(replaced)} replaced by this analysis")
    added = pd.DataFrame(rows, columns=list(OUTPUT_COLUMNS), index=frame.index)
    for column in OUTPUT_COLUMNS:
        out[column] = added[column] if len(frame) else pd.Series(dtype=str)
    try:
        _safe(out).to_csv(args.out, index=False, lineterminator="\r\n")  # quotes a lone \r too
    except OSError as exc:
        raise UsageError(f"error: cannot write {args.out}: {exc.strerror}") from None
    if failed:
        _err(f"warning: {failed} row(s) could not be analysed; their analysis cells are empty")
    _err(f"wrote {len(out)} rows to {args.out} (model {analyser.version})")
    return 0


def _format_figures(name: str, figures: dict) -> str:
    """One block of CV figures as text."""
    sd = figures.get("macro_f1_sd")
    head = f"{name}: macro-F1 {figures['macro_f1_mean']:.3f}" + (f" ± {sd:.3f}" if sd else "")
    per_class = ", ".join(f"{k} {v:.3f}" for k, v in figures["per_class_f1"].items())
    per_type = ", ".join(f"{k} {v:.3f}" for k, v in figures["per_question_type_macro_f1"].items())
    return f"{head}\n  per class F1: {per_class}\n  per question type macro-F1: {per_type}"


def _training_frame(paths: Sequence[Path]) -> pd.DataFrame:
    """Load labelled CSVs, turning problems into one clear line."""
    from analysis.training import load_labelled

    for path in paths:
        read_input_csv(path)  # same clear errors as score
    try:
        data = load_labelled(paths)
    except ValueError as exc:
        raise UsageError(f"error: {exc}") from None
    if data["sentiment"].nunique() < 3:
        raise UsageError("error: training data needs positive, neutral and negative rows")
    return data


def _check_folds(data: pd.DataFrame, folds: int) -> None:
    """Cross-validation needs enough rows of every sentiment in every fold."""
    smallest = int(data["sentiment"].value_counts().min())
    if folds >= 2 and smallest < 2 * folds:
        raise UsageError(
            f"error: only {smallest} rows of the rarest sentiment; label at least {2 * folds} "
            "of each or use fewer --folds"
        )


def run_train(args: argparse.Namespace) -> int:
    """Cross-validate, then (unless --evaluate-only) fit on all rows and write the model."""
    from analysis.cross_validation import cross_validate
    from analysis.features import textblob_lexicon
    from analysis.sentiment_writer import training_metadata, write_model
    from analysis.training import TrainConfig, fit_model

    if args.encoder:
        return run_train_encoder(args)
    if args.safeguarding:
        return run_train_safeguarding(args)
    if args.sentiment_head:
        return run_train_sentiment_head(args)
    paths = args.data or [DEFAULT_DATA]
    data = _training_frame(paths)
    _check_folds(data, args.folds)
    config = TrainConfig(seed=args.seed)
    _err(f"training data: {len(data)} rows from {', '.join(p.name for p in paths)}")
    started = time.perf_counter()
    figures = None
    if args.folds >= 2:
        _err(f"cross-validating: {args.folds} folds x {args.repeats} repeats (seed {args.seed})")
        figures = cross_validate(data, config, folds=args.folds, repeats=args.repeats, progress=_err)
        print(_format_figures("TextBlob polarity alone", figures["textblob"]))
        print(_format_figures("model", figures["model"]))
    if args.evaluate_only:
        return 0
    _err("fitting on all rows")
    model = fit_model(data, config, textblob_lexicon())
    write_model(model, args.out, training_metadata(data, paths, config, figures))
    print(f"wrote model {model.version} to {args.out} ({time.perf_counter() - started:.0f} s)")
    return 0


def run_train_encoder(args: argparse.Namespace) -> int:
    """Rebuild the fine-tuned encoder (needs the training venv: requirements-train.txt)."""
    try:
        from analysis.encoder_build import build
    except ImportError as exc:
        raise UsageError(f"error: {exc.name} is missing; install requirements-train.txt") from None
    data = (args.data or [DEFAULT_DATA])[0]
    meta = build(args.out, folds=args.folds, epochs=args.epochs, seed=args.seed, data=data, progress=_err)
    print(f"wrote encoder {meta['version']} to {args.out}")
    return 0


def run_train_sentiment_head(args: argparse.Namespace) -> int:
    """Cross-validate and fit the encoder's sentiment head; print the figures."""
    import json

    from analysis.sentiment_head import train_sentiment_head

    data = (args.data or [DEFAULT_DATA])[0]
    meta = train_sentiment_head(data=data, folds=args.folds, seed=args.seed, progress=_err)
    print(json.dumps({"version": meta["version"], "cv": meta["cv"]}, indent=1))
    return 0


def run_train_safeguarding(args: argparse.Namespace) -> int:
    """Cross-validate and fit the safeguarding head on the shipped encoder; print figures."""
    import json

    from analysis.safeguarding_train import train_head

    data = (args.data or [DEFAULT_DATA])[0]
    payload = train_head(args.out, nhs=data, folds=args.folds, seed=args.seed, progress=_err)
    keys = ("version", "threshold", "cv", "holdout", "nhs_flag_share_unseen_half")
    print(json.dumps({k: payload[k] for k in keys}, indent=1))
    return 0


def run_evaluate(args: argparse.Namespace) -> int:
    """Score labelled CSVs with a saved model and TextBlob; print both sets of figures."""
    from analysis.cross_validation import prediction_figures, textblob_labels
    from analysis.sentiment import ModelFileError, read_model

    data = _training_frame(args.data)
    try:
        model = read_model(args.model)
    except ModelFileError as exc:
        raise UsageError(f"error: {exc}") from None
    y = data["sentiment"].to_numpy()
    qtypes = data["question_type"].to_numpy()
    pred = np.array([lab for lab, _ in model.predict(data["text"].tolist(), list(qtypes))])
    base = np.array(textblob_labels(data["text"].tolist()))
    for name, p in (("TextBlob polarity alone", base), (f"model {model.version}", pred)):
        fig = prediction_figures(y, p, qtypes)
        fig["macro_f1_mean"] = fig.pop("macro_f1")
        print(_format_figures(name, fig))
    return 0


def run_evaluate_encoder(args: argparse.Namespace) -> int:
    """Print the pipeline's sentiment figures on a labelled CSV, or int8/float32 agreement."""
    import json

    from analysis.encoder_eval import int8_agreement, read_labelled, sentiment_figures

    try:
        data = read_labelled(args.data, args.split)
    except (OSError, KeyError, ValueError) as exc:
        raise UsageError(f"error: cannot read {args.data}: {exc}") from None
    if args.float_model:
        print(json.dumps(int8_agreement(data, args.float_model), indent=1))
    else:
        print(json.dumps(sentiment_figures(data), indent=1))
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with its three sub-commands."""
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    score = sub.add_parser("score", help="add sentiment, themes, redaction and safeguarding to a CSV")
    score.add_argument("input", type=Path, help="input CSV (UTF-8)")
    score.add_argument("--out", type=Path, required=True, help="output CSV")
    score.add_argument("--text-column", default="text", help="column holding the comment")
    score.add_argument(
        "--question-column",
        default=None,
        help="column holding the question or its type (default: 'question' if present)",
    )
    score.set_defaults(func=run_score)
    train = sub.add_parser("train", help="cross-validate and train the sentiment model")
    train.add_argument(
        "--data",
        type=Path,
        action="append",
        help="labelled CSV (text, question_type or question, sentiment); repeatable",
    )
    train.add_argument("--out", type=Path, default=DEFAULT_MODEL_DIR, help="model folder")
    train.add_argument("--folds", type=int, default=5, help="CV folds (0 to skip CV)")
    train.add_argument("--repeats", type=int, default=3, help="CV repeats")
    train.add_argument("--seed", type=int, default=42, help="random seed")
    train.add_argument(
        "--encoder",
        action="store_true",
        help="export the encoder as int8 ONNX (training venv; fine-tuned first with --epochs N)",
    )
    train.add_argument(
        "--sentiment-head",
        action="store_true",
        help="train the encoder's sentiment head (CV on --data, local rows added; needs the encoder)",
    )
    train.add_argument(
        "--safeguarding",
        action="store_true",
        help="train the safeguarding head on data/safeguarding_bank.tsv (needs the encoder)",
    )
    train.add_argument(
        "--epochs", type=int, default=0, help="encoder fine-tuning epochs (0: export the base weights)"
    )
    train.add_argument("--evaluate-only", action="store_true", help="print CV figures, write nothing")
    train.set_defaults(func=run_train)
    evaluate = sub.add_parser("evaluate", help="figures of a saved model on labelled CSVs")
    evaluate.add_argument("--data", type=Path, action="append", required=True, help="labelled CSV")
    evaluate.add_argument("--model", type=Path, default=DEFAULT_MODEL_DIR, help="model folder")
    evaluate.set_defaults(func=run_evaluate)
    enc_eval = sub.add_parser("evaluate-encoder", help="pipeline figures with the encoder on a labelled CSV")
    enc_eval.add_argument("--data", type=Path, required=True, help="labelled CSV")
    enc_eval.add_argument("--split", default=None, help="only rows whose split column has this value")
    enc_eval.add_argument(
        "--float-model", type=Path, default=None, help="float32 ONNX: report int8 agreement"
    )
    enc_eval.set_defaults(func=run_evaluate_encoder)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except UsageError as problem:
        _err(str(problem))
        return 2
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
