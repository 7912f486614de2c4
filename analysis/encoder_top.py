"""Fine-tune the top layers of the encoder on cached lower-layer states (training only, torch).

Two cores shared by several sessions cannot fine-tune all six layers five times over, so the
lower layers (and the embeddings) stay as the pinned base model and their output is computed
once per row; only the top ``layers`` transformer layers and the sentiment head are trained,
inside each CV fold and for the shipped model alike. The result is a whole encoder (base
lower layers, fine-tuned top layers) that exports to ONNX like any other.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

Progress = Callable[[str], None]


def frozen_states(net, arrays: dict[str, np.ndarray], layers: int, batch_size: int = 64) -> list:
    """Per row, the (tokens, dim) hidden states entering the first trained layer."""
    import torch

    depth = len(net.bert.encoder.layer)
    lengths = arrays["attention_mask"].sum(1)
    order = np.argsort(lengths, kind="stable")
    states: list = [None] * len(lengths)
    net.bert.eval()
    with torch.inference_mode():
        for start in range(0, len(order), batch_size):
            rows = order[start : start + batch_size]
            width = int(lengths[rows].max())
            batch = {k: torch.from_numpy(v[rows, :width]) for k, v in arrays.items()}
            hidden = net.bert(**batch, output_hidden_states=True).hidden_states[depth - layers]
            for r, i in enumerate(rows):
                states[i] = hidden[r, : lengths[i]].clone()
    return states


def top_pooled(net, states: Sequence, rows: Sequence[int], layers: int):
    """Run the top ``layers`` layers on cached states; the masked mean of their output."""
    import torch

    lengths = [len(states[i]) for i in rows]
    width, dim = max(lengths), states[rows[0]].shape[1]
    hidden = torch.zeros((len(rows), width, dim))
    mask = torch.zeros((len(rows), width), dtype=torch.long)
    for r, i in enumerate(rows):
        hidden[r, : lengths[r]] = states[i]
        mask[r, : lengths[r]] = 1
    extended, _ = net.bert._create_attention_masks(
        attention_mask=mask,
        encoder_attention_mask=None,
        embedding_output=hidden,
        encoder_hidden_states=None,
        past_key_values=None,
    )
    for layer in net.bert.encoder.layer[len(net.bert.encoder.layer) - layers :]:
        hidden = layer(hidden, extended)
    weights = mask.unsqueeze(-1).to(hidden.dtype)
    return (hidden * weights).sum(1) / weights.sum(1).clamp(min=1.0)


def finetune_top(
    net,
    states: Sequence,
    labels: np.ndarray,
    *,
    layers: int,
    sample_weight: np.ndarray,
    epochs: int,
    seed: int,
    batch_size: int = 32,
    layer_lr: float = 8e-5,
    head_lr: float = 2e-3,
    progress: Progress | None = None,
):
    """Train the top layers and the head (class-balanced weighted cross-entropy, AdamW, warm-up)."""
    import torch

    from analysis.encoder_train import length_batches

    depth = len(net.bert.encoder.layer)
    for p in net.bert.parameters():
        p.requires_grad_(False)
    trained = [p for layer in net.bert.encoder.layer[depth - layers :] for p in layer.parameters()]
    for p in trained:
        p.requires_grad_(True)
    n_classes = int(labels.max()) + 1
    counts = np.bincount(labels, minlength=n_classes).astype(np.float64)
    class_weight = torch.tensor(len(labels) / (n_classes * counts), dtype=torch.float32)
    rng = np.random.default_rng(seed)
    lengths = np.array([len(s) for s in states])
    per_epoch = len(length_batches(lengths, batch_size, np.random.default_rng(seed)))
    steps = epochs * per_epoch
    optimiser = torch.optim.AdamW(
        [
            {"params": trained, "lr": layer_lr},
            {"params": list(net.head.parameters()), "lr": head_lr},
        ],
        weight_decay=0.01,
    )
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda step: min(1.0, (step + 1) / (0.1 * steps)) * max(0.0, 1 - step / steps)
    )
    net.bert.train()
    done = 0
    for epoch in range(epochs):
        for rows in length_batches(lengths, batch_size, rng):
            logits = net.head(top_pooled(net, states, rows, layers))
            loss_rows = torch.nn.functional.cross_entropy(
                logits, torch.from_numpy(labels[rows]), weight=class_weight, reduction="none"
            )
            w = torch.from_numpy(sample_weight[rows]).float()
            loss = (loss_rows * w).sum() / w.sum()
            optimiser.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(trained + list(net.head.parameters()), 1.0)
            optimiser.step()
            schedule.step()
            done += 1
            if progress and done % 25 == 0:
                progress(f"epoch {epoch + 1}/{epochs} step {done}/{steps} loss {loss.item():.3f}")
    net.bert.eval()
    return net


def top_probabilities(net, states: Sequence, layers: int, batch_size: int = 64) -> np.ndarray:
    """Softmax of the head on each row's pooled top-layer output (float32, eval mode)."""
    import torch

    net.bert.eval()
    out = np.zeros((len(states), net.head.out_features), dtype=np.float64)
    order = np.argsort([len(s) for s in states], kind="stable")
    with torch.inference_mode():
        for start in range(0, len(order), batch_size):
            rows = order[start : start + batch_size]
            out[rows] = torch.softmax(net.head(top_pooled(net, states, rows, layers)), dim=1).numpy()
    return out
