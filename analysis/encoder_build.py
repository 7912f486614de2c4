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
from analysis.idioms import plain
from analysis.params import SENTIMENTS
from analysis.training import TrainConfig, fit_model, load_labelled

Progress = Callable[[str], None]
REPO = Path(__file__).resolve().parent.parent
LOCAL_DATA = (REPO / "data" / "justice_suggestions_labelled.csv",)
JUSTICE = REPO / "data" / "justice_comments_labelled.csv"
MAX_TRAIN_TOKENS = 128  # the run-time limit (analysis.encoder.MAX_TOKENS); length-bucketed batches
ENSEMBLE_GRID = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.0)
OOF_FILE = REPO / "data" / "encoder_oof.npz"  # git-ignored: out-of-fold probabilities of the last CV
CHECKPOINT = REPO / "data" / "encoder_finetuned.pt"  # git-ignored: the fine-tuned torch weights


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


class _Trainer:
    """Fine-tunes a fresh copy of the base model on some shared rows plus every local row."""

    def __init__(
        self, base, tok, nhs, local, *, layers, epochs, seed, local_weight, layer_lr, keep_base, progress
    ) -> None:
        from analysis.encoder_top import frozen_states
        from analysis.encoder_train import encode, pair_questions

        self.base, self.layers, self.epochs, self.seed, self.progress = base, layers, epochs, seed, progress
        self.layer_lr, self.keep_base = layer_lr, keep_base
        frame = pd.concat([nhs, local], ignore_index=True)
        self.n_nhs = len(nhs)
        self.y = frame["sentiment"].map({s: i for i, s in enumerate(SENTIMENTS)}).to_numpy()
        self.w = np.r_[np.ones(len(nhs)), np.full(len(local), local_weight)]
        texts = [plain(t) for t in frame["text"]]  # as analysis.encoder reads them
        arrays = encode(tok, pair_questions(frame["question_type"].tolist()), texts)
        started = time.perf_counter()
        self.states, self.base_outputs = frozen_states(self._fresh(), arrays, layers)
        progress(f"lower-layer states of {len(texts)} rows cached ({time.perf_counter() - started:.0f} s)")

    def _fresh(self):
        from analysis.encoder_train import _Net, seed_everything

        seed_everything(self.seed)
        return _Net(self.base, len(SENTIMENTS))

    def fit(self, train: np.ndarray | None = None):
        """Fine-tune on these shared rows (all when None) and every local row."""
        from analysis.encoder_top import finetune_top

        rows = (
            np.arange(len(self.states)) if train is None else np.r_[train, np.arange(self.n_nhs, len(self.y))]
        )
        return finetune_top(
            self._fresh(),
            [self.states[i] for i in rows],
            self.y[rows],
            layers=self.layers,
            sample_weight=self.w[rows],
            epochs=self.epochs,
            seed=self.seed,
            layer_lr=self.layer_lr,
            base_outputs=[self.base_outputs[i] for i in rows],
            keep_base=self.keep_base,
            progress=self.progress,
        )

    def probabilities(self, net, rows: np.ndarray) -> np.ndarray:
        """The fine-tuned head's probabilities for these shared rows (SENTIMENTS order)."""
        from analysis.encoder_top import top_probabilities

        return top_probabilities(net, [self.states[i] for i in rows], self.layers)


def cross_validate(trainer: _Trainer, nhs, *, folds, epochs, seed, progress) -> dict:
    """Stratified k-fold on the shared data, fine-tuning inside each fold (local rows in every one)."""
    splitter = StratifiedKFold(folds, shuffle=True, random_state=seed)
    enc = np.zeros((len(nhs), 3))
    lin = np.zeros((len(nhs), 3))
    y = nhs["sentiment"].to_numpy()
    for k, (train, test) in enumerate(splitter.split(nhs["text"], y)):
        started = time.perf_counter()
        enc[test] = trainer.probabilities(trainer.fit(train), test)
        linear = fit_model(nhs.iloc[train].reset_index(drop=True), TrainConfig(seed=seed), _lexicon())
        order = [linear.classes.index(s) for s in SENTIMENTS]
        lin[test] = linear.probabilities(
            nhs["text"].iloc[test].tolist(), nhs["question_type"].iloc[test].tolist()
        )[:, order]
        progress(
            f"fold {k + 1}/{folds}: {time.perf_counter() - started:.0f} s, encoder macro-F1 "
            f"{_macro(y[test], enc[test]):.3f}, linear {_macro(y[test], lin[test]):.3f}"
        )
    np.savez(OOF_FILE, encoder=enc, linear=lin, labels=y.astype(str))
    return cv_figures(
        y, enc, lin, list(splitter.split(nhs["text"], y)), folds=folds, epochs=epochs, seed=seed
    )


def cv_figures(y, enc, lin, splits, *, folds: int, epochs: int, seed: int) -> dict:
    """Macro-F1 of the encoder alone, the linear model alone and their average.

    The pipeline figure is nested: each fold's encoder weight is chosen on the other folds'
    out-of-fold probabilities, so the fold it is measured on played no part in choosing it.
    The shipped weight is the one chosen on all folds.
    """
    per_weight = {str(w): round(_macro(y, w * enc + (1 - w) * lin), 4) for w in ENSEMBLE_GRID}
    fold_avg, fold_weights = [], []
    for _, test in splits:
        others = np.setdiff1d(np.arange(len(y)), test)
        w = best_weight(y[others], enc[others], lin[others])
        fold_weights.append(w)
        fold_avg.append(_macro(y[test], w * enc[test] + (1 - w) * lin[test]))
    return {
        "folds": folds,
        "epochs": epochs,
        "seed": seed,
        "rows": len(y),
        "fine_tuned_inside_each_fold": True,
        "encoder_macro_f1": round(_macro(y, enc), 4),
        "encoder_macro_f1_per_fold": [round(_macro(y[t], enc[t]), 4) for _, t in splits],
        "linear_macro_f1": round(_macro(y, lin), 4),
        "macro_f1_by_encoder_weight": per_weight,
        "encoder_weight": best_weight(y, enc, lin),
        "encoder_weight_per_fold": fold_weights,
        "pipeline_macro_f1_per_fold": [round(f, 4) for f in fold_avg],
        "pipeline_macro_f1_fold_mean": round(float(np.mean(fold_avg)), 4),
        "pipeline_macro_f1_fold_sd": round(float(np.std(fold_avg, ddof=1)), 4),
        "note": "pipeline figures are nested: each fold's encoder weight chosen on the other folds",
    }


def best_weight(y: np.ndarray, enc: np.ndarray, lin: np.ndarray) -> float:
    """The encoder weight on ENSEMBLE_GRID with the best macro-F1 on these rows."""
    scores = [_macro(y, w * enc + (1 - w) * lin) for w in ENSEMBLE_GRID]
    return float(ENSEMBLE_GRID[int(np.argmax(scores))])


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
    layers: int = 6,
    layer_lr: float = 8e-5,
    keep_base: float = 0.0,
    local_weight: float = 2.0,
    data: Path,
    progress: Progress,
) -> dict:
    """Export the encoder as float32 and int8 ONNX and write encoder.json.

    With ``epochs`` 0 (the shipped files) the pinned base weights are exported as they are.
    With ``epochs`` > 0 the encoder is first fine-tuned on the sentiment labels, and (with
    ``folds`` >= 2) the fine-tuning itself is cross-validated fold by fold, which is slow on
    two cores; the fine-tuned sentiment head, the encoder weight chosen on the out-of-fold
    probabilities and the CV figures go into encoder.json. The safeguarding head is trained
    afterwards on the exported encoder's own vectors (``--safeguarding``).
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
            nhs, local = load_labelled([data]), local_rows()
            trainer = _Trainer(
                base,
                tok,
                nhs,
                local,
                layers=layers,
                epochs=epochs,
                seed=seed,
                local_weight=local_weight,
                layer_lr=layer_lr,
                keep_base=keep_base,
                progress=progress,
            )
            if folds >= 2:
                figures = cross_validate(
                    trainer, nhs, folds=folds, epochs=epochs, seed=seed, progress=progress
                )
                figures["trained_layers"] = layers
            net = trainer.fit()
            torch.save({"bert": net.bert.state_dict(), "head": net.head.state_dict()}, CHECKPOINT)
        else:
            seed_torch(seed)
            net = _Net(base, 3)
        out.mkdir(parents=True, exist_ok=True)
        float_path = out.parent / "encoder.float32.onnx"  # beside the model folder, not shipped
        export_onnx(net, float_path, out / ONNX_FILE)
        shutil.copy(base / TOKENIZER_FILE, out / TOKENIZER_FILE)
    digest = hashlib.sha256((out / ONNX_FILE).read_bytes()).hexdigest()[:10]
    kind = "ft" if epochs else "base"
    meta = {
        "onnx_version": f"minilm-{kind}-{digest}",
        "version": f"minilm-{kind}-{digest}",
        "onnx_file": ONNX_FILE,
        "onnx_sha256": hashlib.sha256((out / ONNX_FILE).read_bytes()).hexdigest(),
        "base_model": BASE_CREDIT,
        "base_sha256": BASE_SHA256,
        "fine_tuning": {
            "epochs": epochs,
            "trained_layers": layers if epochs else 0,
            "layer_learning_rate": layer_lr if epochs else 0,
            "local_row_weight": local_weight if epochs else 0,
            "keep_base": keep_base if epochs else 0,
            "max_tokens": MAX_TRAIN_TOKENS,
            "seed": seed,
            "cv": figures,
        },
        "classes": list(SENTIMENTS),
    }
    if epochs > 0:
        meta.update(_head_meta(net, figures, data))
        meta["version"] = f"{meta['onnx_version']}-h{meta.pop('head_digest')}"
    (out / META_FILE).write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    return meta


def seed_torch(seed: int) -> None:
    from analysis.encoder_train import seed_everything

    seed_everything(seed)


def _head_meta(net, figures: dict, data: Path) -> dict:
    """The fine-tuned sentiment head, the weight of its opinion and the CV figures for encoder.json."""
    from analysis.sentiment_writer import CREDIT

    head = {
        "weight": net.head.weight.detach().numpy().round(6).tolist(),
        "bias": net.head.bias.detach().numpy().round(6).tolist(),
        "method": "linear layer fine-tuned with the encoder on the mean-pooled (question, answer) tokens",
    }
    digest = hashlib.sha256(json.dumps(head).encode()).hexdigest()[:8]
    return {
        "sentiment_head": head,
        "encoder_weight": figures.get("encoder_weight", 0.5),
        "cv": figures,
        "training_data": [CREDIT, "data/justice_comments_labelled.csv (split=dev)", LOCAL_DATA[0].name],
        "head_digest": digest,
    }
