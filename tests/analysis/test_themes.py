"""Tests for analysis.themes and analysis.codebook_validation."""

from __future__ import annotations

import csv
import dataclasses
from pathlib import Path

import pytest

from analysis.codebook_validation import phrase_to_regex
from analysis.params import CORE_THEME_IDS
from analysis.themes import (
    Codebook,
    Theme,
    ThemeMatch,
    codebook_from_records,
    load_codebook,
    match_themes,
    validate_codebook_records,
)

LABELLED = Path(__file__).resolve().parents[2] / "data" / "justice_comments_labelled.csv"


@pytest.fixture(scope="module")
def codebook() -> Codebook:
    return load_codebook()


def _records(**changes: object) -> list[dict]:
    """Valid minimal records for every core theme, with one record changed."""
    records = [{"id": i, "name": i.title(), "description": "", "phrases": [i]} for i in CORE_THEME_IDS]
    records[0] = {**records[0], **changes}
    return records


def test_shipped_codebook_is_valid_and_has_every_core_theme(codebook: Codebook) -> None:
    assert set(CORE_THEME_IDS) <= set(codebook.theme_ids)
    assert validate_codebook_records(codebook.to_records()) == []
    assert all(theme.name and theme.description and theme.phrases for theme in codebook.themes)


def test_load_codebook_does_not_depend_on_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert load_codebook().theme_ids


def test_version_is_short_stable_and_content_sensitive(codebook: Codebook) -> None:
    again = codebook_from_records(codebook.to_records())
    assert again.version == codebook.version
    assert len(codebook.version) == 12
    changed = codebook.to_records()
    changed[0]["phrases"] = [*changed[0]["phrases"], "new phrase"]
    assert codebook_from_records(changed).version != codebook.version


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Got liberated with nowhere to stay, ended up in the homeless unit", {"housing", "release"}),
        ("Sanctioned again, the buroo dinnae care", {"money"}),
        ("skint till my UC comes in", {"money"}),
        ("PIP assessment was awful", {"money"}),
        ("my worker is brilliant", {"staff"}),
        ("Social workers never phone back", {"staff"}),
        ("Doing my unpaid work at the park", {"unpaid_work", "community"}),
        ("CPO was fair", {"unpaid_work"}),
        ("Did 100 hours of community service", {"unpaid_work", "community"}),
        ("Waited 3 hours at the sheriff court", {"justice_process", "access"}),
        ("The PF dropped it after diversion", {"justice_process"}),
        ("Off the methadone and the jellies", {"substance_use"}),
        ("Blues are everywhere", {"substance_use"}),
        ("The hub is a lifeline", {"women_services"}),
        ("Women's group on a Tuesday", {"women_services"}),
        ("Bus to Lanark was too far", {"travel_venue"}),
        ("Anxiety and depression, waiting for a CPN", {"mental_health", "access"}),
        ("SDS helped with my CV and college", {"employment"}),
        ("My Jobcentre work coach was sound", {"employment", "staff"}),
        ("Peer mentor was someone who's been there", {"peer_support"}),
        ("The weans and my family", {"family"}),
        ("Families need support too", {"family"}),
        ("Always judged for my criminal record", {"stigma"}),
        ("Couldn't get through, opening hours are no use", {"access"}),
        ("Nobody told me, no leaflet, no information", {"information"}),
        ("I feel safe here", {"safety"}),
        ("Young folk 16-21 need more", {"young_people"}),
        ("The neighbours and the local community", {"community"}),
        ("Couldn't get a GP or a dentist", {"physical_health"}),
        ("Throughcare met me on release day", {"release"}),
        ("flats in Hamilton", {"housing"}),
        ("Training got me a job", {"employment"}),
        ("Got me out the house", set()),
        ("I'm fine thanks", set()),
        ("Na", set()),
        ("", set()),
        ("   ", set()),
        ("😀😀", set()),
        ("Dziękuję za pomoc", set()),
        ("<script>alert('housing')</script>", {"housing"}),
    ],
)
def test_match_themes(text: str, expected: set[str], codebook: Codebook) -> None:
    assert {match.theme_id for match in match_themes(text, codebook)} == expected


def test_matches_are_sorted_with_evidence_as_written(codebook: Codebook) -> None:
    matches = match_themes("SANCTIONED by the Buroo, then Liberated to a Flat, flats are rough", codebook)
    assert [m.theme_id for m in matches] == sorted(m.theme_id for m in matches)
    by_id = {m.theme_id: m for m in matches}
    assert by_id["money"].evidence == ("SANCTIONED", "Buroo")
    assert by_id["housing"].evidence == ("Flat", "flats")
    assert by_id["release"] == ThemeMatch("release", ("Liberated",), "rule")


def test_theme_match_is_frozen() -> None:
    match = ThemeMatch("money", ("skint",))
    with pytest.raises(dataclasses.FrozenInstanceError):
        match.theme_id = "housing"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("phrase", "matches", "misses"),
    [
        ("flat", ["flat", "flats", "Flat"], ["flatter", "inflation"]),
        ("sanction", ["sanctioned", "sanctions", "sanctioning"], ["sanctuary"]),
        ("house", ["house", "housing", "houses"], ["household", "lighthouse"]),
        ("family", ["family", "families"], ["familiar"]),
        ("worker", ["worker", "workers", "worker's"], ["workerism"]),
        ("women's hub", ["women's hub", "womens hub", "women’s hubs"], ["women hub"]),
        ("self harm", ["self harm", "self-harm"], ["selfharm"]),
        ("re:16\\s*-\\s*21", ["16-21", "16 - 21"], ["116-21"]),
        ("bus", ["bus", "buses"], ["business", "abuse"]),
    ],
)
def test_phrase_inflections(phrase: str, matches: list[str], misses: list[str]) -> None:
    records = _records(phrases=[phrase])
    codebook = codebook_from_records(records)
    theme_id = CORE_THEME_IDS[0]
    for text in matches:
        assert theme_id in {m.theme_id for m in match_themes(f"x {text} y", codebook)}, text
    for text in misses:
        assert theme_id not in {m.theme_id for m in match_themes(f"x {text} y", codebook)}, text
    assert phrase_to_regex(phrase)


@pytest.mark.parametrize(
    ("records", "fragment"),
    [
        (_records(), None),
        (_records(id="employment"), "Duplicate theme id 'employment'"),
        (_records(id="Bad Id"), "must be lower-case"),
        (_records(name="  "), "name of theme 'housing' is empty"),
        (_records(phrases=["re:(flat"]), "theme 'housing', the phrase 're:(flat' does not compile"),
        (_records(phrases=["re:a*"]), "matches empty text"),
        (_records(phrases=[""]), "is empty or not text"),
        (_records(phrases="flat"), "must be a list"),
        (_records()[1:], "Core theme 'housing' is missing"),
        ([*_records(), "oops"], "is not a mapping"),
    ],
)
def test_validate_codebook_records(records: list[dict], fragment: str | None) -> None:
    problems = validate_codebook_records(records)
    if fragment is None:
        assert problems == []
    else:
        assert any(fragment in problem for problem in problems), problems


def test_validate_rejects_a_non_list() -> None:
    assert validate_codebook_records({"themes": []}) != []  # type: ignore[arg-type]


def test_codebook_from_records_is_lenient_with_bad_phrases() -> None:
    records = _records(phrases=["re:(broken", "tenancy"])
    records.append({"id": "housing", "name": "dup", "phrases": ["dup"]})
    codebook = codebook_from_records(records)
    assert codebook.theme_ids.count("housing") == 1
    assert [m.theme_id for m in match_themes("my tenancy", codebook)] == ["housing"]


def test_custom_theme_and_theme_from_list() -> None:
    theme = Theme(id="pets", name="Pets", description="Animals", phrases=["dug", "re:wee\\s+cat"])
    assert theme.phrases == ("dug", "re:wee\\s+cat")
    codebook = codebook_from_records([theme.to_record()])
    assert match_themes("Brought my dugs and the wee  cat", codebook) == [
        ThemeMatch("pets", ("dugs", "wee  cat"))
    ]


def test_load_codebook_reports_a_bad_file(tmp_path: Path) -> None:
    bad = tmp_path / "codebook.yaml"
    bad.write_text("themes:\n  - id: housing\n    name: Housing\n    phrases: ['re:(']\n", encoding="utf-8")
    with pytest.raises(ValueError, match="does not compile"):
        load_codebook(bad)
    with pytest.raises(ValueError, match="Cannot read"):
        load_codebook(tmp_path / "missing.yaml")


def test_labelled_set_is_well_formed() -> None:
    with LABELLED.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) >= 120
    for row in rows:
        assert row["question_type"] in {"working_well", "could_improve", "idea", "general"}
        assert row["sentiment"] in {"positive", "neutral", "negative"}
        assert row["safeguarding"] in {"true", "false"}
        assert {t for t in row["themes"].split("|") if t} <= set(CORE_THEME_IDS)


def test_match_themes_handles_long_and_odd_text(codebook: Codebook) -> None:
    assert match_themes("flat " * 400, codebook)[0].evidence == ("flat",)
    assert match_themes("a" * 2000, codebook) == []
    assert match_themes(None, codebook) == []  # type: ignore[arg-type]
