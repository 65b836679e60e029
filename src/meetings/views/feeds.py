"""Views: feeds."""

from __future__ import annotations
