"""Survey definitions: the shipped files load, and bad ones are refused with every problem."""

from __future__ import annotations

import pytest

from feedback.capture.surveys import SurveyDefinitionError, load_definitions, parse_definition
from feedback.settings import DATA_DIR


def test_shipped_surveys_load() -> None:
    keys = {d.key for d in load_definitions(DATA_DIR / "surveys")}
    assert {"your_view_counts", "womens_hub_checkin"} <= keys


def test_your_view_counts_has_the_face_scale_and_free_text() -> None:
    definition = {d.key: d for d in load_definitions(DATA_DIR / "surveys")}["your_view_counts"]
    overall = definition.question("overall")
    assert overall.kind == "rating"
    assert overall.choices[0].label == "Very good"
    assert "dont_know" in {c.name for c in overall.choices}
    types = {q.comment_type for q in definition.questions if q.kind == "text"}
    assert {"working_well", "could_improve", "general"} <= types
    assert all(not q.required for q in definition.questions)
    equality = [definition.question(n) for n in ("age_band", "gender", "disability", "ethnicity")]
    assert all("Prefer not to say" in [c.label for c in q.choices] for q in equality)


GOOD = {
    "settings": {"form_id": "f", "version": "1", "form_title": "F"},
    "survey": [{"type": "select_one yn", "name": "q1", "label": "Q?"}],
    "choices": [{"list_name": "yn", "name": "y", "label": "Yes"}],
}


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda d: d["settings"].pop("form_id"), "form_id"),
        (lambda d: d["survey"][0].update(type="select_one nope"), "choice list"),
        (lambda d: d["survey"][0].update(type="geopoint"), "unknown type"),
        (lambda d: d["survey"][0].update(name="has space"), "name"),
        (lambda d: d["survey"].append(dict(d["survey"][0])), "unique"),
        (lambda d: d["survey"][0].update(relevant="${x} = 1"), "not an earlier question"),
        (lambda d: d["survey"][0].update(relevant="count(${q1}) > 1"), "unsupported relevant"),
        (lambda d: d["survey"][0].update(constraint=". > 3"), "unsupported columns: constraint"),
        (
            lambda d: d["survey"].append({"type": "text", "name": "t", "label": "T", "comment_type": "x"}),
            "comment_type",
        ),
    ],
)
def test_bad_definitions_are_refused(change, problem: str) -> None:
    import copy

    raw = copy.deepcopy(GOOD)
    change(raw)
    with pytest.raises(SurveyDefinitionError) as caught:
        parse_definition(raw)
    assert problem in str(caught.value)


def test_good_definition_parses() -> None:
    definition = parse_definition(GOOD)
    assert definition.question("q1").choice_label("y") == "Yes"
