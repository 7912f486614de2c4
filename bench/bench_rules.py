"""Print the figures of the rule-based text analysis: redaction, safeguarding, themes, speed.

Run: ``.venv/bin/python -m bench.bench_rules`` (or ``.venv/bin/python bench/bench_rules.py``)
from the repository root. Prints only aggregate figures and theme ids, never comment text.
"""

from __future__ import annotations

import csv
import sys
import time
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from analysis.redaction import redact
from analysis.safeguarding import is_safeguarding
from analysis.themes import load_codebook, match_themes

REDACTION_CASES = ROOT / "tests" / "analysis" / "data" / "redaction_cases.yaml"
SAFEGUARDING_CASES = ROOT / "tests" / "analysis" / "data" / "safeguarding_cases.yaml"
LABELLED = ROOT / "data" / "justice_comments_labelled.csv"


def redaction_figures() -> dict[str, float]:
    """Recall over identifiers, false-positive rate over untouched cases, exact-match rate."""
    cases = yaml.safe_load(REDACTION_CASES.read_text(encoding="utf-8"))
    present = masked = untouched = changed = exact = 0
    for case in cases:
        result = redact(case["text"], names=case.get("names", ()))
        exact += result == case.get("expected", case["text"])
        for identifier in case.get("ids", []):
            present += 1
            masked += identifier not in result
        if "expected" not in case:
            untouched += 1
            changed += result != case["text"]
    return {
        "cases": len(cases),
        "identifiers": present,
        "recall": masked / present,
        "untouched_cases": untouched,
        "false_positive_rate": changed / untouched,
        "exact_match": exact / len(cases),
    }


def _precision_recall(true_pos: int, false_pos: int, false_neg: int) -> tuple[float, float]:
    """Return (precision, recall), 1.0 when there is nothing to count."""
    precision = true_pos / (true_pos + false_pos) if true_pos + false_pos else 1.0
    recall = true_pos / (true_pos + false_neg) if true_pos + false_neg else 1.0
    return precision, recall


def _labelled_rows() -> list[dict[str, str]]:
    """Read the labelled justice-style comments."""
    with LABELLED.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def safeguarding_figures() -> dict[str, float]:
    """Precision and recall of is_safeguarding on the test cases and the labelled set."""
    figures: dict[str, float] = {}
    cases = yaml.safe_load(SAFEGUARDING_CASES.read_text(encoding="utf-8"))
    rows = _labelled_rows()
    sets = {
        "cases": [(case["text"], bool(case["flag"])) for case in cases],
        "labelled_dev": [(r["text"], r["safeguarding"] == "true") for r in rows if r["split"] == "dev"],
        "labelled_holdout": [
            (r["text"], r["safeguarding"] == "true") for r in rows if r["split"] == "holdout"
        ],
    }
    for name, pairs in sets.items():
        counts = Counter((is_safeguarding(text), truth) for text, truth in pairs)
        precision, recall = _precision_recall(
            counts[(True, True)], counts[(True, False)], counts[(False, True)]
        )
        figures[f"{name}_n"] = len(pairs)
        figures[f"{name}_positives"] = sum(truth for _, truth in pairs)
        figures[f"{name}_precision"] = precision
        figures[f"{name}_recall"] = recall
    return figures


def theme_figures(split: str | None = None) -> tuple[dict[str, float], dict[str, tuple[float, float, int]]]:
    """Micro precision/recall/F1 and per-theme (precision, recall, support) on the labelled set.

    ``split`` is ``dev`` (seen while writing the codebook), ``holdout`` (written afterwards)
    or None for every row.
    """
    codebook = load_codebook()
    counts: dict[str, Counter] = {theme_id: Counter() for theme_id in codebook.theme_ids}
    for row in _labelled_rows():
        if split is not None and row.get("split") != split:
            continue
        truth = {label for label in row["themes"].split("|") if label}
        found = {match.theme_id for match in match_themes(row["text"], codebook)}
        for theme_id in counts:
            counts[theme_id]["tp"] += theme_id in truth and theme_id in found
            counts[theme_id]["fp"] += theme_id in found and theme_id not in truth
            counts[theme_id]["fn"] += theme_id in truth and theme_id not in found
    total = sum(counts.values(), Counter())
    precision, recall = _precision_recall(total["tp"], total["fp"], total["fn"])
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    per_theme = {
        theme_id: (*_precision_recall(c["tp"], c["fp"], c["fn"]), c["tp"] + c["fn"])
        for theme_id, c in counts.items()
    }
    return {"micro_precision": precision, "micro_recall": recall, "micro_f1": f1}, per_theme


def speed_figures(repeats: int = 20) -> dict[str, float]:
    """Mean microseconds per comment for redact and match_themes over the labelled set."""
    texts = [row["text"] for row in _labelled_rows()]
    cases = yaml.safe_load(REDACTION_CASES.read_text(encoding="utf-8"))
    texts += [case["text"] for case in cases]
    codebook = load_codebook()
    figures = {}
    for name, function in (
        ("redact_us", redact),
        ("themes_us", lambda text: match_themes(text, codebook)),
        ("safeguarding_us", is_safeguarding),
    ):
        start = time.perf_counter()
        for _ in range(repeats):
            for text in texts:
                function(text)
        figures[name] = (time.perf_counter() - start) / (repeats * len(texts)) * 1e6
    long_text = ("my worker Sharon phoned 07700 900123 about the flat " * 40)[:2000]
    start = time.perf_counter()
    for _ in range(repeats):
        redact(long_text)
    figures["redact_2000_chars_us"] = (time.perf_counter() - start) / repeats * 1e6
    return figures


def main() -> None:
    """Print every figure."""
    print("Redaction:", {k: round(v, 3) for k, v in redaction_figures().items()})
    print("Safeguarding:", {k: round(v, 3) for k, v in safeguarding_figures().items()})
    for split in ("dev", "holdout"):
        micro, _ = theme_figures(split)
        print(f"Themes, {split} rows (micro):", {k: round(v, 3) for k, v in micro.items()})
    micro, per_theme = theme_figures()
    print("Themes, all rows (micro):", {k: round(v, 3) for k, v in micro.items()})
    print(f"{'theme':<18}{'precision':>10}{'recall':>8}{'support':>9}")
    for theme_id, (precision, recall, support) in sorted(per_theme.items()):
        print(f"{theme_id:<18}{precision:>10.2f}{recall:>8.2f}{support:>9}")
    print("Speed (microseconds per comment):", {k: round(v) for k, v in speed_figures().items()})


if __name__ == "__main__":
    main()
