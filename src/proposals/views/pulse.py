"""Views: pulse."""

from __future__ import annotations
