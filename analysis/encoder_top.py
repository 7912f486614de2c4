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


def frozen_states(net, arrays: dict[str, np.ndarray], layers: int, batch_size: int = 64) -> tuple[list, list]:
    """Per row, the (tokens, dim) hidden states entering the first trained layer, and the base
    model's own output (what the fine-tuned layers are kept close to)."""
    import torch

    depth = len(net.bert.encoder.layer)
    lengths = arrays["attention_mask"].sum(1)
    order = np.argsort(lengths, kind="stable")
    states: list = [None] * len(lengths)
    outputs: list = [None] * len(lengths)
    net.bert.eval()
    with torch.inference_mode():
        for start in range(0, len(order), batch_size):
            rows = order[start : start + batch_size]
            width = int(lengths[rows].max())
            batch = {k: torch.from_numpy(v[rows, :width]) for k, v in arrays.items()}
            every = net.bert(**batch, output_hidden_states=True).hidden_states
            for r, i in enumerate(rows):
                states[i] = every[depth - layers][r, : lengths[i]].clone()
                outputs[i] = every[depth][r, : lengths[i]].clone()
    return states, outputs


def top_pooled(net, states: Sequence, rows: Sequence[int], layers: int):
    """Run the top ``layers`` layers on cached states; the masked mean of their output."""
    return masked_mean(*top_hidden(net, states, rows, layers))


def masked_mean(hidden, mask):
    """Mean of each row's token vectors where ``mask`` is 1: (rows, tokens, dim) -> (rows, dim)."""
    weights = mask.unsqueeze(-1).to(hidden.dtype)
    return (hidden * weights).sum(1) / weights.sum(1).clamp(min=1.0)


def padded(tensors: Sequence, rows: Sequence[int]):
    """The (tokens, dim) tensors of these rows, zero-padded to the longest, and the mask of real tokens."""
    import torch

    lengths = [len(tensors[i]) for i in rows]
    out = torch.zeros((len(rows), max(lengths), tensors[rows[0]].shape[1]))
    mask = torch.zeros((len(rows), max(lengths)), dtype=torch.long)
    for r, i in enumerate(rows):
        out[r, : lengths[r]] = tensors[i]
        mask[r, : lengths[r]] = 1
    return out, mask


def top_hidden(net, states: Sequence, rows: Sequence[int], layers: int):
    """Run the top ``layers`` layers on cached states: (rows, tokens, dim) output and its mask."""
    hidden, mask = padded(states, rows)
    extended, _ = net.bert._create_attention_masks(
        attention_mask=mask,
        encoder_attention_mask=None,
        embedding_output=hidden,
        encoder_hidden_states=None,
        past_key_values=None,
    )
    for layer in net.bert.encoder.layer[len(net.bert.encoder.layer) - layers :]:
        hidden = layer(hidden, extended)
    return hidden, mask


def drift(hidden, mask, targets: Sequence, rows: Sequence[int]):
    """Mean cosine distance between each token's output and the base model's (padding ignored)."""
    import torch

    base, _ = padded(targets, rows)
    distance = 1 - torch.nn.functional.cosine_similarity(hidden, base, dim=-1)
    weights = mask.to(hidden.dtype)
    return (distance * weights).sum() / weights.sum()


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
    base_outputs: Sequence | None = None,
    keep_base: float = 0.0,
    progress: Progress | None = None,
):
    """Train the top layers and the head (class-balanced weighted cross-entropy, AdamW, warm-up).

    With ``keep_base`` > 0 each token's output is also pulled towards the base model's
    (``base_outputs``; cosine distance times ``keep_base`` added to the loss), so what the
    encoder knew beyond sentiment (the safeguarding head reads the same vectors) survives.
    """
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
            hidden, mask = top_hidden(net, states, rows, layers)
            logits = net.head(masked_mean(hidden, mask))
            loss_rows = torch.nn.functional.cross_entropy(
                logits, torch.from_numpy(labels[rows]), weight=class_weight, reduction="none"
            )
            w = torch.from_numpy(sample_weight[rows]).float()
            loss = (loss_rows * w).sum() / w.sum()
            if keep_base > 0:
                loss = loss + keep_base * drift(hidden, mask, base_outputs, rows)
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
