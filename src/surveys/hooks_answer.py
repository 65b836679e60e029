"""Dashboard panels of the answer part of the surveys app."""

from __future__ import annotations
