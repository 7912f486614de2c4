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
from analysis.training import CREDIT, TrainConfig, fit_model, load_labelled

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
        lin[test] = linear.probabilities(nhs["text"].iloc[test].tolist(), nhs["question_type"].iloc[test].tolist())[:, order]
        progress(f"fold {k + 1}/{folds}: {time.perf_counter() - started:.0f} s, encoder macro-F1 "
                 f"{_macro(y[test], enc[test]):.3f}, linear {_macro(y[test], lin[test]):.3f}")
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


def build(out: Path, *, folds: int = 5, epochs: int = 1, seed: int = 42, local_weight: float = 2.0,
          data: Path, progress: Progress) -> dict:
    """Cross-validate, fine-tune on everything, export ONNX (float32 and int8), write encoder.json."""
    import torch

    from analysis.encoder_train import BASE_CREDIT, BASE_SHA256, export_onnx, extract_base_model

    torch.set_num_threads(2)
    nhs = load_labelled([data])
    local = local_rows()
    with tempfile.TemporaryDirectory() as tmp:
        base = extract_base_model(Path(tmp) / "base")
        progress(f"base model checked: {', '.join(f'{k} sha256 {v[:12]}…' for k, v in BASE_SHA256.items())}")
        tok = _tokenizer(base)
        figures = {}
        if folds >= 2:
            figures, enc, lin = cross_validate(nhs, local, base, tok, folds=folds, epochs=epochs, seed=seed,
                                               local_weight=local_weight, progress=progress)
            np.savez(Path(tmp).parent / "encoder_oof.npz", encoder=enc, linear=lin)
            progress(json.dumps(figures))
        frame, weights = _combined(nhs, local, local_weight)
        net = _fit(base, tok, frame, weights, epochs, seed, progress)
        out.mkdir(parents=True, exist_ok=True)
        float_path = Path(tmp) / "encoder.float32.onnx"
        export_onnx(net, float_path, out / ONNX_FILE)
        shutil.copy(float_path, Path(tempfile.gettempdir()) / "encoder.float32.onnx")
        shutil.copy(base / TOKENIZER_FILE, out / TOKENIZER_FILE)
    head = {
        "weight": net.head.weight.detach().numpy().round(6).tolist(),
        "bias": net.head.bias.detach().numpy().round(6).tolist(),
    }
    digest = hashlib.sha256(json.dumps(head).encode()).hexdigest()[:10]
    best = max(figures.get("macro_f1_by_encoder_weight", {"0.5": 0}).items(), key=lambda kv: kv[1])
    meta = {
        "version": f"minilm-ft-{digest}",
        "onnx_file": ONNX_FILE,
        "base_model": BASE_CREDIT,
        "base_sha256": BASE_SHA256,
        "training_data": [CREDIT, "data/justice_comments_labelled.csv (split=dev)", *(p.name for p in LOCAL_DATA)],
        "classes": list(SENTIMENTS),
        "training": {"epochs": epochs, "max_tokens": MAX_TRAIN_TOKENS, "batch_size": 32,
                     "learning_rate": 5e-5, "seed": seed, "local_weight": local_weight},
        "sentiment_head": head,
        "encoder_weight": float(best[0]),
        "cv": figures,
    }
    (out / META_FILE).write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    return meta
