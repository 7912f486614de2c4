"""Rebuild the shipped encoder files: cross-validate, fine-tune, export int8 ONNX, write heads.

Run in the training venv (requirements-train.txt):
``python -m analysis train --encoder`` (seeded; see docs/sentiment-model.md).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold

from analysis.encoder import META_FILE, ONNX_FILE, TOKENIZER_FILE
from analysis.params import SENTIMENTS
from analysis.training import TrainConfig, fit_model, load_labelled

Progress = Callable[[str], None]
REPO = Path(__file__).resolve().parent.parent
LOCAL_DATA = (REPO / "data" / "justice_suggestions_labelled.csv",)
JUSTICE = REPO / "data" / "justice_comments_labelled.csv"
MAX_TRAIN_TOKENS = 64
ENSEMBLE_GRID = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.0)


def local_rows() -> pd.DataFrame:
    """Our own justice-style rows for fine-tuning: justice 'dev' split and the suggestions."""
    justice = pd.read_csv(JUSTICE, keep_default_na=False, dtype=str)
    dev = REPO / "data" / ".justice_dev.csv"
    justice[justice["split"] == "dev"].to_csv(dev, index=False)
    try:
        return load_labelled([dev, *LOCAL_DATA])
    finally:
        dev.unlink()


def _tokenizer(base: Path):
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(base / TOKENIZER_FILE))
    tok.enable_truncation(MAX_TRAIN_TOKENS, strategy="only_second")
    tok.enable_padding(pad_id=0, pad_token="[PAD]")
    return tok


def _fit(base, tok, frame: pd.DataFrame, weights: np.ndarray, epochs: int, seed: int, progress):
    from analysis.encoder_train import finetune, pair_questions

    y = frame["sentiment"].map({s: i for i, s in enumerate(SENTIMENTS)}).to_numpy()
    return finetune(
        base,
        tok,
        pair_questions(frame["question_type"].tolist()),
        frame["text"].tolist(),
        y,
        sample_weight=weights,
        epochs=epochs,
        seed=seed,
        progress=progress,
    )


def _probs(net, tok, frame: pd.DataFrame) -> np.ndarray:
    from analysis.encoder_train import pair_questions, torch_pooled

    pooled = torch_pooled(net, tok, pair_questions(frame["question_type"].tolist()), frame["text"].tolist())
    w = net.head.weight.detach().numpy()
    b = net.head.bias.detach().numpy()
    return softmax(pooled @ w.T + b)


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def _combined(nhs: pd.DataFrame, local: pd.DataFrame, local_weight: float) -> tuple[pd.DataFrame, np.ndarray]:
    frame = pd.concat([nhs, local], ignore_index=True)
    weights = np.r_[np.ones(len(nhs)), np.full(len(local), local_weight)]
    return frame, weights


def cross_validate(nhs, local, base, tok, *, folds, epochs, seed, local_weight, progress) -> dict:
    """Stratified k-fold on the shared data; local rows join every training fold."""
    splitter = StratifiedKFold(folds, shuffle=True, random_state=seed)
    enc = np.zeros((len(nhs), 3))
    lin = np.zeros((len(nhs), 3))
    y = nhs["sentiment"].to_numpy()
    for k, (train, test) in enumerate(splitter.split(nhs["text"], y)):
        started = time.perf_counter()
        frame, weights = _combined(nhs.iloc[train], local, local_weight)
        net = _fit(base, tok, frame, weights, epochs, seed, progress)
        enc[test] = _probs(net, tok, nhs.iloc[test])
        linear = fit_model(nhs.iloc[train].reset_index(drop=True), TrainConfig(seed=seed), _lexicon())
        order = [linear.classes.index(s) for s in SENTIMENTS]
        lin[test] = linear.probabilities(
            nhs["text"].iloc[test].tolist(), nhs["question_type"].iloc[test].tolist()
        )[:, order]
        progress(
            f"fold {k + 1}/{folds}: {time.perf_counter() - started:.0f} s, encoder macro-F1 "
            f"{_macro(y[test], enc[test]):.3f}, linear {_macro(y[test], lin[test]):.3f}"
        )
    figures = {"folds": folds, "epochs": epochs, "seed": seed, "rows": len(nhs)}
    per_weight = {}
    for w in ENSEMBLE_GRID:
        p = w * enc + (1 - w) * lin
        per_weight[str(w)] = round(_macro(y, p), 4)
    fold_f1 = [_macro(y[test], enc[test]) for _, test in splitter.split(nhs["text"], y)]
    figures["encoder_macro_f1_per_fold"] = [round(f, 4) for f in fold_f1]
    figures["macro_f1_by_encoder_weight"] = per_weight
    return figures, enc, lin


def _macro(y: np.ndarray, probs: np.ndarray) -> float:
    pred = np.array(SENTIMENTS)[probs.argmax(1)]
    return float(f1_score(y, pred, labels=list(SENTIMENTS), average="macro"))


def _lexicon():
    from analysis.features import textblob_lexicon

    return textblob_lexicon()


def build(
    out: Path,
    *,
    folds: int = 5,
    epochs: int = 0,
    seed: int = 42,
    local_weight: float = 2.0,
    data: Path,
    progress: Progress,
) -> dict:
    """Export the encoder as float32 and int8 ONNX and write encoder.json (no head yet).

    With ``epochs`` 0 (the shipped files) the pinned base weights are exported as they are.
    With ``epochs`` > 0 the encoder is first fine-tuned on the sentiment labels, and (with
    ``folds`` >= 2) the fine-tuning itself is cross-validated fold by fold, which is slow on
    two cores. The sentiment and safeguarding heads are trained afterwards on the exported
    encoder's own vectors (``--sentiment-head``, ``--safeguarding``).
    """
    import torch

    from analysis.encoder_train import BASE_CREDIT, BASE_SHA256, _Net, export_onnx, extract_base_model

    torch.set_num_threads(2)
    figures: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        base = extract_base_model(Path(tmp) / "base")
        progress(f"base model checked: {', '.join(f'{k} sha256 {v[:12]}…' for k, v in BASE_SHA256.items())}")
        tok = _tokenizer(base)
        if epochs > 0:
            nhs = load_labelled([data])
            local = local_rows()
            if folds >= 2:
                figures, _, _ = cross_validate(
                    nhs,
                    local,
                    base,
                    tok,
                    folds=folds,
                    epochs=epochs,
                    seed=seed,
                    local_weight=local_weight,
                    progress=progress,
                )
            frame, weights = _combined(nhs, local, local_weight)
            net = _fit(base, tok, frame, weights, epochs, seed, progress)
        else:
            seed_torch(seed)
            net = _Net(base, 3)
        out.mkdir(parents=True, exist_ok=True)
        float_path = out.parent / "encoder.float32.onnx"  # beside the model folder, not shipped
        export_onnx(net, float_path, out / ONNX_FILE)
        shutil.copy(base / TOKENIZER_FILE, out / TOKENIZER_FILE)
    digest = hashlib.sha256((out / ONNX_FILE).read_bytes()).hexdigest()[:10]
    meta = {
        "onnx_version": f"minilm-{'ft' if epochs else 'base'}-{digest}",
        "version": f"minilm-{'ft' if epochs else 'base'}-{digest}",
        "onnx_file": ONNX_FILE,
        "onnx_sha256": hashlib.sha256((out / ONNX_FILE).read_bytes()).hexdigest(),
        "base_model": BASE_CREDIT,
        "base_sha256": BASE_SHA256,
        "fine_tuning": {"epochs": epochs, "max_tokens": MAX_TRAIN_TOKENS, "seed": seed, "cv": figures},
        "classes": list(SENTIMENTS),
    }
    (out / META_FILE).write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    return meta


def seed_torch(seed: int) -> None:
    from analysis.encoder_train import seed_everything

    seed_everything(seed)
