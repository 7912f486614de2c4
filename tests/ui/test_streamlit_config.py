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
