"""Benchmark: the whole analysis pipeline (encoder included) vs TextBlob polarity alone.

Run: .venv/bin/python bench/bench_pipeline.py [--comments 3000] [--runs 3] [--single 300]
Prints figures (not a test). Targets (issue 8): one comment through Analyser.analyse median
< 20 ms and p95 < 50 ms; Analyser.analyse_many >= 300 comments/s on one process.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from itertools import cycle, islice
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analysis.cli_io import DEFAULT_DATA
from analysis.encoder import encoder_threads
from analysis.features import clause_features, cue_features, lexicon_features
from analysis.normalise import clean_text
from analysis.pipeline import Analyser
from analysis.redaction import redact
from analysis.safeguarding import is_safeguarding
from analysis.themes import match_themes


def median_seconds(job: Callable[[], object], runs: int) -> float:
    """Median wall time of ``runs`` calls of ``job``."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        job()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    """Time TextBlob, the pipeline and each pipeline stage on the same comments."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--comments", type=int, default=3_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--single", type=int, default=300, help="comments timed one at a time")
    args = parser.parse_args()
    from textblob import TextBlob

    data = pd.read_csv(DEFAULT_DATA, keep_default_na=False)
    rows = list(islice(cycle(zip(data["text"], data["question_type"], strict=True)), args.comments))
    texts = [t for t, _ in rows]
    qtypes = [q for _, q in rows]
    analyser = Analyser()
    analyser.analyse_many(texts[:50], qtypes[:50])  # warm up caches
    n = len(texts)
    tb_times, pipe_times = [], []
    for _ in range(args.runs):  # interleaved, so load from other processes hits both alike
        tb_times.append(median_seconds(lambda: [TextBlob(t).sentiment.polarity for t in texts], 1))
        pipe_times.append(median_seconds(lambda: analyser.analyse_many(texts, qtypes), 1))
    textblob, pipeline = statistics.median(tb_times), statistics.median(pipe_times)
    print(f"{n} comments, median of {args.runs} runs")
    print(f"TextBlob polarity alone : {n / textblob:8.0f} comments/s")
    print(f"Analyser.analyse_many   : {n / pipeline:8.0f} comments/s")
    print(f"ratio pipeline/TextBlob : {textblob / pipeline:8.2f}")
    single = []
    for text, qtype in rows[: args.single]:
        start = time.perf_counter()
        analyser.analyse(text, qtype)
        single.append((time.perf_counter() - start) * 1000)
    single.sort()
    p95 = single[min(len(single) - 1, int(0.95 * len(single)))]
    print(
        f"one comment (Analyser.analyse, {len(single)} comments): median "
        f"{statistics.median(single):.1f} ms, p95 {p95:.1f} ms, max {single[-1]:.1f} ms "
        "(targets < 20 / < 50 ms)"
    )
    print(f"encoder in use: {analyser.encoder is not None} ({analyser.version})")
    print(f"encoder threads per call: {encoder_threads()} (FEEDBACK_ENCODER_THREADS)")
    cleaned = [clean_text(t) for t in texts]
    redacted = [redact(t) for t in cleaned]
    model = analyser.model
    stages = {
        "clean_text": lambda: [clean_text(t) for t in texts],
        "redact": lambda: [redact(t) for t in cleaned],
        "safeguarding": lambda: [is_safeguarding(t) for t in redacted],
        "sentiment (all)": lambda: model.predict(redacted, qtypes),
        "  word tf-idf": lambda: model.word.transform(redacted),
        "  char tf-idf": lambda: model.char.transform(redacted),
        "  clause scores": lambda: clause_features(redacted, model.clause_scores),
        "  lexicon+cues": lambda: (lexicon_features(redacted, model.lexicon), cue_features(redacted)),
        "themes": lambda: [match_themes(t, analyser.codebook) for t in redacted],
    }
    if analyser.encoder is not None:
        stages["encoder pass"] = lambda: analyser.encoder.encode(redacted, qtypes)
    print("stage costs (microseconds per comment):")
    for name, job in stages.items():
        print(f"  {name:18s} {median_seconds(job, args.runs) / n * 1e6:8.1f}")
    print(f"  {'TextBlob':18s} {textblob / n * 1e6:8.1f}")


if __name__ == "__main__":
    main()
