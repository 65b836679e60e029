import json
from pathlib import Path

import pytest

from common.taxonomy import PATH, choices, label_name

SHARED = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "signals"


@pytest.mark.skipif(not (SHARED / "taxonomy.json").exists(), reason="../shared not present")
def test_our_copy_is_the_shared_taxonomy():
    ours = json.loads(PATH.read_text(encoding="utf-8"))
    shared = json.loads((SHARED / "taxonomy.json").read_text(encoding="utf-8"))
    assert ours == shared


def test_names_follow_the_language():
    from django.utils.translation import override

    with override("nl"):
        assert label_name("regeling", "ZW") == "Ziektewet"
    with override("en"):
        assert label_name("regeling", "ZW").startswith("Sickness")
    assert len(choices("onderwerp")) == 10
