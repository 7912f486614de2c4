"""A survey can set its own kiosk times in its settings; bad values are refused with the reason."""

from __future__ import annotations

import copy

import pytest

from feedback.capture.surveys import SurveyDefinitionError, parse_definition
from tests.feedback.capture.test_surveys import GOOD


def _with(**settings: object) -> dict:
    raw = copy.deepcopy(GOOD)
    raw["settings"].update(settings)
    return raw


def test_no_kiosk_settings_means_the_environment_decides() -> None:
    assert parse_definition(GOOD).kiosk_times == {}


def test_kiosk_times_are_read_from_the_settings() -> None:
    definition = parse_definition(_with(kiosk_timeout=300, kiosk_warning="45", receipt_seconds=90))
    assert definition.kiosk_times == {"kiosk_timeout": 300, "kiosk_warning": 45, "receipt_seconds": 90}


@pytest.mark.parametrize(
    ("name", "value", "minimum"),
    [
        ("kiosk_timeout", 5, 15),
        ("kiosk_warning", "soon", 5),
        ("receipt_seconds", -1, 10),
        ("kiosk_warning", True, 5),
    ],
)
def test_bad_kiosk_times_are_refused(name: str, value: object, minimum: int) -> None:
    with pytest.raises(SurveyDefinitionError) as caught:
        parse_definition(_with(**{name: value}))
    assert f"settings {name} must be a whole number of seconds, at least {minimum}" in str(caught.value)
