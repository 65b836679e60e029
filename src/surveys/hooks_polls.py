"""Dashboard panels of the polls part of the surveys app."""

from __future__ import annotations
