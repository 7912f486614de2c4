"""Tests for the ``python -m analysis`` command line (score, train, evaluate, --help)."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.cli import main
from analysis.cli_score import OUTPUT_COLUMNS

REPO = Path(__file__).resolve().parents[2]


def _write(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


ROWS = [
    {"id": "1", "comment": "My worker was brilliant", "question": "What worked well?", "x": "a"},
    {"id": "2", "comment": "None", "question": "How could we improve?", "x": ""},
    {"id": "3", "comment": "N/A", "question": "", "x": "NA"},
    {"id": "4", "comment": "", "question": "Any ideas?", "x": "b"},
    {
        "id": "5",
        "comment": "Email jo@example.com, my housing letter never came",
        "question": "general",
        "x": "c",
    },
    {"id": "6", "comment": "I want to kill myself", "question": "FFT Why?", "x": "d"},
]


def test_score_keeps_rows_and_columns_and_adds_analysis(tmp_path: Path) -> None:
    source = _write(tmp_path / "in.csv", ROWS)
    out = tmp_path / "out.csv"
    code = main(["score", str(source), "--out", str(out), "--text-column", "comment"])
    assert code == 0
    rows = _read(out)
    assert list(rows[0]) == [*ROWS[0], *OUTPUT_COLUMNS]
    assert [{k: r[k] for k in ROWS[0]} for r in rows] == ROWS
    assert rows[0]["sentiment"] == "positive"
    assert rows[1]["sentiment"] == "positive"  # "None" under "could improve" is praise
    assert rows[2]["comment"] == "N/A" and rows[2]["x"] == "NA"
    assert rows[3]["sentiment"] == "neutral" and rows[3]["sentiment_score"] == "0.0000"
    assert "[EMAIL]" in rows[4]["redacted_text"] and "jo@example.com" not in rows[4]["redacted_text"]
    assert "housing" in rows[4]["themes"].split("|")
    assert [r["safeguarding"] for r in rows] == ["false"] * 5 + ["true"]
    assert all(-1 <= float(r["sentiment_score"]) <= 1 for r in rows)


def test_question_wording_changes_the_answer(tmp_path: Path) -> None:
    rows = [{"text": "Nothing", "q": "What was good?"}, {"text": "Nothing", "q": "What could we do better?"}]
    source = _write(tmp_path / "in.csv", rows)
    out = tmp_path / "out.csv"
    assert main(["score", str(source), "--out", str(out), "--question-column", "q"]) == 0
    assert [r["sentiment"] for r in _read(out)] == ["negative", "positive"]


def test_without_question_column_every_row_is_general(tmp_path: Path) -> None:
    source = _write(tmp_path / "in.csv", [{"text": "Nothing"}, {"text": "Great staff"}])
    out = tmp_path / "out.csv"
    assert main(["score", str(source), "--out", str(out)]) == 0
    rows = _read(out)
    assert [r["text"] for r in rows] == ["Nothing", "Great staff"]
    assert rows[1]["sentiment"] == "positive"


def test_question_type_column_is_used_when_there_is_no_question_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [
        {"text": "Nothing", "question_type": "what_good", "sentiment": "x"},
        {"text": "Nothing", "question_type": "could_improve", "sentiment": "y"},
    ]
    out = tmp_path / "out.csv"
    assert main(["score", str(_write(tmp_path / "in.csv", rows)), "--out", str(out)]) == 0
    assert [r["sentiment"] for r in _read(out)] == ["negative", "positive"]
    assert "sentiment replaced" in capsys.readouterr().err


def _bad_encoding(tmp_path: Path) -> Path:
    path = tmp_path / "latin.csv"
    path.write_bytes("text\ncaf\xe9 was good\n".encode("latin-1"))
    return path


@pytest.mark.parametrize(
    ("make", "extra", "needle"),
    [
        (lambda p: p / "missing.csv", [], "not found"),
        (lambda p: _write(p / "in.csv", [{"comment": "hi"}]), [], "--text-column"),
        (lambda p: _write(p / "in.csv", [{"text": "hi"}]), ["--question-column", "q"], "--question-column"),
        (_bad_encoding, [], "UTF-8"),
        (lambda p: ((p / "empty.csv").write_text("") and p / "empty.csv") or p / "empty.csv", [], "empty"),
        (lambda p: p, [], "folder"),
    ],
)
def test_bad_input_exits_non_zero_with_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make, extra: list[str], needle: str
) -> None:
    source = make(tmp_path)
    code = main(["score", str(source), "--out", str(tmp_path / "out.csv"), *extra])
    err = capsys.readouterr().err.strip()
    assert code != 0
    assert needle in err
    assert len(err.splitlines()) == 1
    assert "Traceback" not in err
    assert not (tmp_path / "out.csv").exists()


def test_subprocess_score_and_error(tmp_path: Path) -> None:
    source = _write(tmp_path / "in.csv", [{"text": "Lovely staff", "question": "What was good?"}])
    out = tmp_path / "out.csv"
    ok = subprocess.run(
        [sys.executable, "-m", "analysis", "score", str(source), "--out", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert ok.returncode == 0, ok.stderr
    assert _read(out)[0]["sentiment"] == "positive"
    bad = subprocess.run(
        [sys.executable, "-m", "analysis", "score", str(tmp_path / "nope.csv"), "--out", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode != 0
    assert len(bad.stderr.strip().splitlines()) == 1
    assert "Traceback" not in bad.stderr


@pytest.mark.parametrize("command", [[], ["score"], ["train"], ["evaluate"]])
def test_help(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main([*command, "--help"])
    assert stop.value.code == 0
    assert "usage:" in capsys.readouterr().out


def test_train_writes_a_loadable_model_and_evaluate_reads_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    words = {
        "positive": "lovely kind helpful great",
        "negative": "rude awful late ignored",
        "neutral": "tuesday bus garden form",
    }
    rows = [
        {"text": f"{w} {i}", "question_type": qt, "sentiment": label}
        for label, ws in words.items()
        for i, w in enumerate(ws.split() * 3)
        for qt in ("working_well", "could_improve")
    ]
    data = _write(tmp_path / "labels.csv", rows)
    out = tmp_path / "model"
    assert main(["train", "--data", str(data), "--out", str(out), "--folds", "2", "--repeats", "1"]) == 0
    printed = capsys.readouterr().out
    assert "TextBlob polarity alone" in printed and "per question type" in printed
    assert (out / "sentiment.json").exists() and (out / "sentiment.npz").exists()
    assert main(["evaluate", "--data", str(data), "--model", str(out)]) == 0
    assert "macro-F1" in capsys.readouterr().out


def test_train_evaluate_only_writes_nothing(tmp_path: Path) -> None:
    rows = [
        {"text": t, "question": "Anything else?", "sentiment": s}
        for t, s in (("good", "positive"), ("bad", "negative"), ("bus", "neutral"))
    ] * 4
    data = _write(tmp_path / "labels.csv", rows)
    out = tmp_path / "model"
    code = main(
        ["train", "--data", str(data), "--out", str(out), "--folds", "2", "--repeats", "1", "--evaluate-only"]
    )
    assert code == 0
    assert not out.exists()


def test_one_bad_row_never_stops_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import analysis.pipeline

    real = analysis.pipeline.match_themes

    def fragile(text: str, codebook: object) -> list:
        if text == "boom":
            raise RuntimeError("row failed")
        return real(text, codebook)

    monkeypatch.setattr(analysis.pipeline, "match_themes", fragile)
    source = _write(
        tmp_path / "in.csv", [{"text": "Great staff"}, {"text": "boom"}, {"text": "Rude staff, awful wait"}]
    )
    out = tmp_path / "out.csv"
    assert main(["score", str(source), "--out", str(out)]) == 0
    rows = _read(out)
    assert [r["text"] for r in rows] == ["Great staff", "boom", "Rude staff, awful wait"]
    assert rows[0]["sentiment"] == "positive" and rows[2]["sentiment"] == "negative"
    assert rows[1]["sentiment"] == "" and rows[1]["redacted_text"] == ""
    err = capsys.readouterr().err
    assert "1 row(s) could not be analysed" in err
    assert "boom" not in err


def test_score_output_neutralises_formulas_but_keeps_numbers(tmp_path: Path) -> None:
    dangerous = ["=1+1", "+44 7700", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd", '=HYPERLINK("http://x")']
    rows = [{"comment": text, "note": text} for text in dangerous] + [
        {"comment": "Awful, hated it", "note": "x"}
    ]
    out = tmp_path / "out.csv"
    assert (
        main(["score", str(_write(tmp_path / "in.csv", rows)), "--out", str(out), "--text-column", "comment"])
        == 0
    )
    got = _read(out)
    for row, text in zip(got, dangerous, strict=False):
        assert row["comment"] == row["note"] == "'" + text
        assert not row["redacted_text"].startswith(("=", "+", "-", "@", "\t", "\r"))
    assert float(got[-1]["sentiment_score"]) < 0  # a negative score stays a number
