"""The handbook's first edition in the demo, published under the home page (which the
publishing app's demo makes: "handbook" comes after "publishing" in INSTALLED_APPS for that
reason). Idempotent."""

from __future__ import annotations

from .services import handbook_load


def load(stdout=None) -> dict:
    result = handbook_load()
    if stdout is not None and result["created"]:
        stdout.write(f"handboek: {len(result['created'])} hoofdstukken")
    return result
