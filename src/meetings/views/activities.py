"""Views: activities."""

from __future__ import annotations
