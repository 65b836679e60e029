"""Issue 18: a dossier's page does its work once per request, however long its timeline."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.models import Visibility
from dossiers import services
from dossiers.tests.factories import DossierUpdateFactory


def _dossier(roles, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.dossier_start(
            actor=roles["member"],
            council=roles.council,
            title="Bereikbaarheid van de telefoon",
            summary="Cliënten wachten lang aan de telefoon.",
            visibility=Visibility.COUNCILS,
        )


def _grow(dossier, roles, start, count):
    """``count`` linked signals and meetings (each a link and a timeline line) and notes."""
    from meetings.tests.factories import MeetingFactory
    from signals.tests.factories import SignalFactory

    for i in range(start, start + count):
        obj, kind = (
            (SignalFactory(council=roles.council), "signal")
            if i % 2
            else (MeetingFactory(council=roles.council), "meeting")
        )
        services.link_object(actor=roles["secretary"], dossier=dossier, kind=kind, obj=obj)
        DossierUpdateFactory(dossier=dossier, author=roles["secretary"], text=f"Notitie {i}")


def _get(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return captured, response.content.decode()


def _on(captured, table):
    return [q["sql"] for q in captured.captured_queries if f'FROM "{table}"' in q["sql"]]


def test_dossier_page_looks_up_linked_objects_once_at_5_and_50_entries(
    client, roles, django_capture_on_commit_callbacks
):
    """The "Gekoppeld" section and the timeline's link lines name the same signals and
    meetings: each kind is looked up once per request, not once per section, and the count does
    not grow."""
    dossier = _dossier(roles, django_capture_on_commit_callbacks)
    client.force_login(roles["member"])
    _grow(dossier, roles, 0, 5)
    small, _ = _get(client, dossier.get_absolute_url())
    _grow(dossier, roles, 5, 45)
    large, html = _get(client, dossier.get_absolute_url())
    report = "\n".join(q["sql"] for q in large.captured_queries)
    assert len(small) == len(large), report
    assert len(_on(large, "signals_signal")) == 1, report
    assert len(_on(large, "meetings_meeting")) == 1, report
    # Both sections still show what the member may open.
    assert html.count('href="/mijn/signalen/') >= 25
    assert "Notitie 49" in html
