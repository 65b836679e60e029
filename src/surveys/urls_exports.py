"""URLs of the exports part of the surveys app."""

from __future__ import annotations

urlpatterns: list = []
