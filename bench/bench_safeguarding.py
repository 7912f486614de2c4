"""Figures of the whole pipeline's safeguarding flag (rules, semantic head and second look).

Run: .venv/bin/python bench/bench_safeguarding.py
Prints recall and precision on the held-out file (data/safeguarding_holdout.tsv), the rows it
gets wrong, and the share of the shared NHS comments flagged (the half never trained on, and
all rows), with how many comments needed a second look. Figures, not a test.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analysis.cli_io import DEFAULT_DATA
from analysis.pipeline import Analyser
from analysis.safeguarding_train import HOLDOUT, nhs_halves, read_bank, recall_precision


def main() -> None:
    """Print held-out recall/precision and NHS flag shares of Analyser.analyse_many."""
    analyser = Analyser()
    holdout = read_bank(HOLDOUT)
    results = analyser.analyse_many(holdout["text"].tolist(), ["general"] * len(holdout))
    flags = np.array([r.safeguarding for r in results])
    labels = holdout["label"].to_numpy()
    print(f"held-out ({len(holdout)} rows): {recall_precision(flags, labels)}")
    for result, text, label, category in zip(
        results, holdout["text"], labels, holdout["category"], strict=True
    ):
        if result.safeguarding != bool(label):
            kind = "missed" if label else "false alarm"
            print(f"  {kind} ({category}, risk {result.safeguarding_risk:.2f}): {text}")
    _, unseen = nhs_halves(DEFAULT_DATA)
    every = pd.read_csv(DEFAULT_DATA, keep_default_na=False)
    for name, frame in (("NHS half never trained on", unseen), ("NHS all rows", every)):
        started = time.perf_counter()
        out = analyser.analyse_many(frame["text"].astype(str).tolist(), frame["question_type"].tolist())
        share = np.mean([r.safeguarding for r in out])
        print(f"{name}: {share:.2%} flagged of {len(out)} ({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
