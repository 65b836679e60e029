"""The demo dossiers load once, across districts and visibilities, with a document whose text
was read, links, follows and a timeline spread over months."""

from __future__ import annotations

import pytest

from dossiers.models import DigestPreference, DocumentVersion, Dossier, DossierLink, Follow

pytestmark = pytest.mark.django_db


def test_demo_loads_dossiers_once(django_capture_on_commit_callbacks):
    from councils.demo import load as load_councils
    from councils.models import Council
    from dossiers.demo import load
    from meetings.tests.factories import MeetingFactory
    from signals.tests.factories import SignalFactory

    load_councils()
    noord = Council.objects.get(slug="noord")
    SignalFactory(council=noord, onderwerp="brieven")
    MeetingFactory(council=noord)
    with django_capture_on_commit_callbacks(execute=False):
        assert load() == {"dossiers": 8}
        assert load() == {"dossiers": 8}
    assert Dossier.objects.count() == 8
    assert set(Dossier.objects.values_list("visibility", flat=True)) == {
        "council",
        "councils",
        "public",
    }
    assert Dossier.objects.values("council").distinct().count() >= 5
    assert Dossier.objects.filter(status="closed", closed_at__isnull=False).count() == 1
    assert Dossier.objects.filter(councils__isnull=False).distinct().count() == 3
    versions = DocumentVersion.objects.order_by("number")
    assert [v.number for v in versions] == [1, 2]
    assert all(v.extraction == "done" and "UWV" in v.text for v in versions)
    assert set(DossierLink.objects.values_list("kind", flat=True)) == {"signal", "meeting"}
    assert Follow.objects.filter(user__email="lid@raadsplein.example").count() >= 3
    assert DigestPreference.objects.get(user__email="lid@raadsplein.example").frequency == "daily"
    first = Dossier.objects.get(title__startswith="Brieven over de WW")
    assert first.updates.dates("at", "month").count() >= 3
