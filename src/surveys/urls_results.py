"""URLs of the results part of the surveys app."""

from __future__ import annotations

urlpatterns: list = []
