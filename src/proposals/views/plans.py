"""Views: plans."""

from __future__ import annotations
