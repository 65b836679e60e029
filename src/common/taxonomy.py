"""The theme taxonomy: the two labels (regeling, onderwerp) that signals and dossiers share (a copy
of shared/data/signals/taxonomy.json; a test checks they are the same)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from django.utils.translation import get_language

PATH = Path(__file__).with_name("taxonomy.json")


@cache
def taxonomy() -> dict:
    return json.loads(PATH.read_text(encoding="utf-8"))


def regelingen() -> list[str]:
    return list(taxonomy()["regeling"])


def onderwerpen() -> list[str]:
    return list(taxonomy()["onderwerp"])


def label_name(axis: str, code: str) -> str:
    names = taxonomy()[axis].get(code)
    if not names:
        return code or ""
    return names.get((get_language() or "nl")[:2], names["nl"])


def choices(axis: str) -> list[tuple[str, str]]:
    return [(code, label_name(axis, code)) for code in taxonomy()[axis]]
