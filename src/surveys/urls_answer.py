"""URLs of the answer part of the surveys app."""

from __future__ import annotations

urlpatterns: list = []
