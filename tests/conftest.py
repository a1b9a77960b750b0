"""Shared fixtures. `stack` starts the real product once per test session (about 30-40 s)."""

from __future__ import annotations

import shutil

import pytest

import bot.content
from bot.councils import directory as directory_module
from bot.councils import lookup as lookup_module
from bot.paths import CONTENT
from bot.run.stack import start_stack


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    running = start_stack(tmp_path_factory.mktemp("store"))
    yield running
    running.stop()


@pytest.fixture
def council_content_copy(tmp_path, monkeypatch):
    """A private copy of content/councils that a test may break, with every cache pointed at it."""
    shutil.copytree(CONTENT / "councils", tmp_path / "councils")
    monkeypatch.setattr(bot.content, "CONTENT", tmp_path)
    caches = (bot.content.load_yaml, directory_module.load_directory, lookup_module.messages)
    for cache in caches:
        cache.cache_clear()
    yield tmp_path / "councils"
    for cache in caches:
        cache.cache_clear()
