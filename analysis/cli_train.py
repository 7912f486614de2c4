"""The ``train`` and ``evaluate`` sub-commands: fit the models and print their figures."""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.cli_io import DEFAULT_DATA, UsageError, err, read_input_csv


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
    paths = args.data or [DEFAULT_DATA]
    data = _training_frame(paths)
    _check_folds(data, args.folds)
    config = TrainConfig(seed=args.seed)
    err(f"training data: {len(data)} rows from {', '.join(p.name for p in paths)}")
    started = time.perf_counter()
    figures = None
    if args.folds >= 2:
        err(f"cross-validating: {args.folds} folds x {args.repeats} repeats (seed {args.seed})")
        figures = cross_validate(data, config, folds=args.folds, repeats=args.repeats, progress=err)
        print(_format_figures("TextBlob polarity alone", figures["textblob"]))
        print(_format_figures("model", figures["model"]))
    if args.evaluate_only:
        return 0
    err("fitting on all rows")
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
    meta = build(
        args.out,
        folds=args.folds,
        epochs=args.epochs,
        layers=args.layers,
        keep_base=args.keep_base,
        seed=args.seed,
        data=data,
        progress=err,
    )
    print(f"wrote encoder {meta['version']} to {args.out}")
    return 0


def run_train_safeguarding(args: argparse.Namespace) -> int:
    """Cross-validate and fit the safeguarding head on the shipped encoder; print figures."""
    import json

    from analysis.safeguarding_train import train_head

    data = (args.data or [DEFAULT_DATA])[0]
    payload = train_head(args.out, nhs=data, folds=args.folds, seed=args.seed, progress=err)
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
