"""The app's Streamlit settings: no built-in table download, since our own exports are the safe ones."""

from __future__ import annotations

import tomllib
from pathlib import Path

from streamlit import config

CONFIG = Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml"


def test_built_in_table_download_and_copy_are_off() -> None:
    settings = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    assert settings["client"]["disableDataExport"] is True
    assert "client.disableDataExport" in config.get_config_options()  # an option this Streamlit knows


def _luminance(colour: str) -> float:
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _faded(colour: str, alpha: float, background: str) -> str:
    """A colour drawn at an opacity over a background, as Streamlit draws captions (60%)."""
    mix = [
        round(alpha * int(colour[i : i + 2], 16) + (1 - alpha) * int(background[i : i + 2], 16))
        for i in (1, 3, 5)
    ]
    return "#" + "".join(f"{c:02x}" for c in mix)


def test_theme_text_is_at_least_4_5_to_1_on_both_backgrounds() -> None:
    theme = tomllib.loads(CONFIG.read_text(encoding="utf-8"))["theme"]
    for background in (theme["backgroundColor"], theme["secondaryBackgroundColor"]):
        texts = [theme[k] for k in theme if k == "textColor" or k.endswith("TextColor") or k == "linkColor"]
        texts.append(_faded(theme["textColor"], 0.6, background))  # captions and placeholders
        for text in texts:
            assert _contrast(text, background) >= 4.5, (text, background)
    assert _contrast("#ffffff", theme["primaryColor"]) >= 4.5  # white text on primary buttons
