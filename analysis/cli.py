"""The ``python -m analysis`` command line: score, train and evaluate."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from analysis.cli_io import DEFAULT_MODEL_DIR, UsageError, err
from analysis.cli_score import run_score
from analysis.cli_train import run_evaluate, run_evaluate_encoder, run_train


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
        help="fine-tune (--epochs N, --layers K) and export the encoder as int8 ONNX (training venv)",
    )
    train.add_argument(
        "--safeguarding",
        action="store_true",
        help="train the safeguarding head on data/safeguarding_bank.tsv (needs the encoder)",
    )
    train.add_argument(
        "--epochs", type=int, default=0, help="encoder fine-tuning epochs (0: export the base weights)"
    )
    train.add_argument(
        "--layers", type=int, default=6, help="top encoder layers fine-tuned (lower ones stay the base's)"
    )
    train.add_argument(
        "--keep-base",
        type=float,
        default=0.0,
        help="pull the fine-tuned token vectors towards the base model's (weight of that loss)",
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
        err(str(problem))
        return 2
    except KeyboardInterrupt:
        err("interrupted")
        return 130
