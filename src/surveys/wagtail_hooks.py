"""Panels on "Mijn overzicht": each part of the app registers its own in its module."""

from __future__ import annotations

from . import hooks_answer, hooks_polls  # noqa: F401  (registering is importing)
