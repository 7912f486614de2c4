"""`make test` works from a folder only its owner can enter: the throwaway PostgreSQL keeps its files
where the postgres user can reach them (tests/... run as root in CI, as `make test` does)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
from pathlib import Path

import psycopg
import pytest

from feedback.settings import REPO_ROOT
from tests.conftest import missing_service


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_test_database_starts_from_a_private_folder(tmp_path: Path) -> None:
    if os.geteuid() != 0 or not list(Path("/usr/lib/postgresql").glob("*/bin/initdb")):
        missing_service("root and Debian's postgresql (as in CI)")
    home = tmp_path / "home"
    (home / "repo" / "scripts").mkdir(parents=True)
    home.chmod(0o700)  # like /root or a user's home folder
    script = home / "repo" / "scripts" / "test-services.sh"
    shutil.copy(REPO_ROOT / "scripts" / "test-services.sh", script)
    port = str(_free_port())
    env = {**os.environ, "PG_PORT": port}
    try:
        started = subprocess.run(
            ["bash", str(script), "install"], env=env, capture_output=True, text=True, timeout=120
        )
        assert started.returncode == 0, started.stderr[-2000:]
        with psycopg.connect(f"postgresql://postgres@127.0.0.1:{port}/feedback_test") as conn:
            assert conn.execute("SELECT 1").fetchone() == (1,)
        assert f"127.0.0.1:{port}/feedback_test" in (home / "repo" / ".tmp" / "test-env.sh").read_text()
    finally:
        subprocess.run(["bash", str(script), "stop"], env=env, capture_output=True, timeout=60)
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(f"postgresql://postgres@127.0.0.1:{port}/feedback_test", connect_timeout=2)
