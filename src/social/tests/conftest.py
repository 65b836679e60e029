"""Fixtures for the social app's tests."""

from __future__ import annotations

import pytest

from .fakes import FakeServer


@pytest.fixture
def fake_platform():
    """A local recording HTTP server; install a platform on it with `fakes.install_<platform>`."""
    server = FakeServer().start()
    try:
        yield server
    finally:
        server.stop()
