"""The test suite. PIN hashing uses argon2-cffi's cheapest profile here only (never in production)."""

import os

os.environ.setdefault("FEEDBACK_PIN_HASH", "cheap-for-tests-only")
