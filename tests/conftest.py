"""Shared fixtures. `stack` starts the real product once per test session (about 30-40 s)."""
from __future__ import annotations

import pytest

from tests.stack import start_stack


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    running = start_stack(tmp_path_factory.mktemp("store"))
    yield running
    running.stop()
