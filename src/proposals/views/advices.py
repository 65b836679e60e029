"""Views: advices."""

from __future__ import annotations
