"""Dossier pages: the list and its filters, a dossier's page for each kind of visitor, starting a
dossier with the similar ones shown first, documents, links, downloads, and "elders"."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from django.utils.html import escape

from common.models import Visibility
from dossiers import services
from dossiers.models import DocumentVersion, Dossier, DossierLink, Follow
from dossiers.tests.factories import (
    DocumentFactory,
    DossierFactory,
    DossierUpdateFactory,
    FollowFactory,
    VersionFactory,
)
from dossiers.tests.files import pdf_bytes, upload

pytestmark = pytest.mark.django_db


def _html(response) -> str:
    return response.content.decode()


@pytest.fixture
def indexed(django_capture_on_commit_callbacks):
    """Run what waits for a commit (search index, extraction) at once."""

    def run(func, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return func(**kwargs)

    return run


def _start(indexed, roles, user="member", council=None, **extra):
    data = {
        "actor": roles[user],
        "council": council or roles.council,
        "title": "Bereikbaarheid van de telefoon",
        "summary": "Cliënten wachten lang aan de telefoon.",
        "visibility": Visibility.COUNCILS,
        **extra,
    }
    return indexed(services.dossier_start, **data)


# --- the list -------------------------------------------------------------------------------


def test_list_shows_visible_dossiers_and_filters(client, roles):
    mine = DossierFactory(council=roles.council, title="Brieven Noord", onderwerp="brieven")
    other = DossierFactory(
        council=roles.other_council, title="Betaling Limburg", onderwerp="betaling"
    )
    hidden = DossierFactory(
        council=roles.other_council, title="Geheim Limburg", visibility=Visibility.COUNCIL
    )
    closed = DossierFactory(council=roles.council, title="Oud dossier", status="closed")
    FollowFactory(dossier=other, user=roles["member"])
    client.force_login(roles["member"])

    page = _html(client.get("/dossiers/"))
    assert mine.title in page and other.title in page and closed.title in page
    assert hidden.title not in page
    assert "U volgt dit dossier" in page

    def titles(query):
        html = _html(client.get(f"/dossiers/?{query}"))
        return {d.title for d in (mine, other, closed, hidden) if d.title in html}

    assert titles("status=closed") == {"Oud dossier"}
    assert titles("onderwerp=betaling") == {"Betaling Limburg"}
    assert titles("regeling=WIA") == set()
    assert titles(f"raad={roles.other_council.pk}") == {"Betaling Limburg"}
    assert titles("mijn=on") == {"Brieven Noord", "Oud dossier"}
    assert titles("gevolgd=on") == {"Betaling Limburg"}
    # Unknown filter values are ignored, not refused.
    assert client.get("/dossiers/?status=weg&raad=abc").status_code == 200


def test_list_pages_by_twenty(client, roles):
    for i in range(25):
        DossierFactory(council=roles.council, title=f"Dossier nummer {i:02d}")
    client.force_login(roles["member"])
    first = _html(client.get("/dossiers/?onderwerp=brieven"))
    assert "Pagina 1 van 2" in first and "onderwerp=brieven&amp;pagina=2" in first
    second = _html(client.get("/dossiers/?onderwerp=brieven&pagina=2"))
    assert second.count('class="card"') == 5


def test_list_queries_do_not_grow_with_dossiers(client, roles, django_assert_max_num_queries):
    client.force_login(roles["member"])
    DossierFactory(council=roles.council, councils=[roles.other_council])
    client.get("/dossiers/")
    with django_assert_max_num_queries(16) as small:
        client.get("/dossiers/")
    few = len(small.captured_queries)  # read before the query log (9,000) rotates
    for _ in range(15):
        DossierFactory(council=roles.other_council, councils=[roles.council, roles.central])
    client.get("/dossiers/")  # warm-up: new data renews the cached roles and menu
    with django_assert_max_num_queries(few):
        response = client.get("/dossiers/")
    assert _html(response).count('class="card"') == 16


def test_visitors_are_sent_to_log_in(client):
    response = client.get("/dossiers/")
    assert response.status_code == 302 and "/account/login/" in response["Location"]


# --- a dossier's page ---------------------------------------------------------------------


def test_detail_shows_summary_councils_owner_documents_and_timeline(client, roles, indexed):
    dossier = _start(indexed, roles, onderwerp="bereikbaarheid", regeling="WW")
    indexed(services.dossier_join, actor=roles["member_other"], dossier=dossier)
    document = DocumentFactory(dossier=dossier, title="Verslag panel", versions=2)
    client.force_login(roles["central_member"])
    page = _html(client.get(dossier.get_absolute_url()))
    assert "Cliënten wachten lang aan de telefoon." in page
    assert "Districtscliëntenraad Noord, Districtscliëntenraad Limburg" in page
    assert escape(roles["member"].get_full_name()) in page
    assert "Bereikbaarheid" in page and "WW" in page
    for version in document.versions.all():
        assert f"/dossiers/{dossier.pk}/stukken/{version.pk}/download/" in page
    assert 'Versie 2 downloaden<span class="visually-hidden"> (Verslag panel)' in page
    assert "Versie 1 downloaden" in page
    assert "Districtscliëntenraad Limburg doet mee." in page
    # The central member is not involved: no forms to write, but may join and follow.
    assert f'action="/dossiers/{dossier.pk}/notitie/"' not in page
    assert f'action="/dossiers/{dossier.pk}/meedoen/"' in page
    assert f'action="/dossiers/{dossier.pk}/volgen/"' in page
    assert f'action="/dossiers/{dossier.pk}/bewerken/"' not in page


def test_contributors_get_the_forms_and_managers_the_manage_form(client, roles, indexed):
    dossier = _start(indexed, roles)
    client.force_login(roles["member"])
    page = _html(client.get(dossier.get_absolute_url()))
    for action in ("notitie/", "stukken/", "koppelingen/", "bewerken/", "status/"):
        assert f'action="/dossiers/{dossier.pk}/{action}"' in page
    client.force_login(roles["secretary"])
    page = _html(client.get(dossier.get_absolute_url()))
    assert f'action="/dossiers/{dossier.pk}/bewerken/"' in page  # the council's secretary
    assert f'action="/dossiers/{dossier.pk}/meedoen/"' not in page  # already involved


def test_a_council_only_dossier_is_404_for_other_councils(client, roles, indexed):
    dossier = _start(indexed, roles, visibility=Visibility.COUNCIL)
    client.force_login(roles["member_other"])
    assert client.get(dossier.get_absolute_url()).status_code == 404
    client.force_login(roles["secretary"])
    assert client.get(dossier.get_absolute_url()).status_code == 200


def test_timeline_is_paginated(client, roles, indexed):
    dossier = _start(indexed, roles)
    for i in range(24):
        DossierUpdateFactory(dossier=dossier, text=f"Notitie nummer {i:02d}")
    client.force_login(roles["member"])
    first = _html(client.get(dossier.get_absolute_url()))
    assert "Notitie nummer 23" in first and "Notitie nummer 00" not in first
    assert "?tijdlijn=2#tijdlijn" in first
    second = _html(client.get(dossier.get_absolute_url() + "?tijdlijn=2"))
    assert "Notitie nummer 00" in second and "Notitie nummer 23" not in second


def test_links_are_shown_only_to_those_who_may_open_them(client, roles, indexed):
    from signals.tests.factories import SignalFactory

    dossier = _start(indexed, roles)
    signal = SignalFactory(council=roles.council, regeling="WW", onderwerp="brieven")
    link = indexed(
        services.link_add,
        actor=roles["member"],
        dossier=dossier,
        kind="signal",
        reference=signal.reference.lower(),
    )
    assert link.label == f"Signaal {signal.reference} (WW, Brieven en uitleg)"
    client.force_login(roles["member"])
    page = _html(client.get(dossier.get_absolute_url()))
    assert f'href="{signal.get_absolute_url()}"' in page
    # Limburg's member may not open Noord's signals: no link, only a count.
    client.force_login(roles["member_other"])
    page = _html(client.get(dossier.get_absolute_url()))
    assert signal.get_absolute_url() not in page
    assert "1 koppeling die u niet kunt openen" in page


def test_the_timeline_names_a_linked_item_only_to_who_may_open_it(client, roles, indexed):
    """As in "Gekoppeld": a public dossier of Limburg that Noord joined, with Noord's signal,
    Noord's draft advice and a second draft linked and removed again."""
    from proposals.tests.factories import AdviceFactory
    from signals.tests.factories import SignalFactory

    dossier = DossierFactory(
        council=roles.other_council, councils=[roles.council], visibility=Visibility.PUBLIC
    )
    signal = SignalFactory(council=roles.council, regeling="WW", onderwerp="brieven")
    draft = AdviceFactory(councils=[roles.council], title="Concept van Noord")
    removed = AdviceFactory(councils=[roles.council], title="Teruggetrokken concept")
    for kind, obj in (("signal", signal), ("advice", draft), ("advice", removed)):
        link = indexed(
            services.link_object, actor=roles["member"], dossier=dossier, kind=kind, obj=obj
        )
    indexed(services.link_remove, actor=roles["member"], link=link)
    labels = (signal.reference, draft.title, removed.title)

    for user in (None, roles["member_other"], roles["liaison"]):
        client.logout()
        if user is not None:
            client.force_login(user)
        page = _html(client.get(dossier.get_absolute_url()))
        assert not [label for label in labels if label in page], user
        assert page.count("Een koppeling die u niet kunt openen.") == 4
    client.force_login(roles["member"])
    page = _html(client.get(dossier.get_absolute_url()))
    assert all(label in page for label in labels)
    assert f'<a href="{draft.get_absolute_url()}">Concept van Noord</a>' in page
    assert f"Koppeling weggehaald: {removed.title}" in page


def test_an_owner_who_left_the_council_no_longer_manages_the_dossier(client, roles):
    from councils.models import Membership

    dossier = DossierFactory(
        council=roles.council, owner=roles["member"], visibility=Visibility.PUBLIC
    )
    Membership.objects.filter(user=roles["member"]).update(
        end_date=timezone.localdate() - datetime.timedelta(days=1)
    )
    client.force_login(roles["member"])
    page = _html(client.get(dossier.get_absolute_url()))
    assert f'action="/dossiers/{dossier.pk}/bewerken/"' not in page
    response = client.post(
        f"/dossiers/{dossier.pk}/bewerken/",
        {"title": "Overgenomen", "summary": "Nog steeds", "visibility": "public"},
    )
    assert response.status_code == 403


def test_detail_queries_do_not_grow_with_documents_links_and_timeline(
    client, roles, indexed, django_assert_max_num_queries
):
    from meetings.tests.factories import MeetingFactory
    from proposals.tests.factories import AdviceFactory
    from signals.tests.factories import SignalFactory

    dossier = _start(indexed, roles)

    def add(i):
        DocumentFactory(dossier=dossier, versions=3)
        signal = SignalFactory(council=roles.council)
        meeting = MeetingFactory(council=roles.council, guest_councils=[roles.other_council])
        advice = AdviceFactory(councils=[roles.council])
        for kind, obj in (("signal", signal), ("meeting", meeting), ("advice", advice)):
            DossierLink.objects.create(
                dossier=dossier, kind=kind, object_id=obj.pk, label=f"{kind} {i}"
            )
        DossierUpdateFactory(dossier=dossier, author=roles["secretary"])

    add(0)
    client.force_login(roles["member"])
    client.get(dossier.get_absolute_url())
    with django_assert_max_num_queries(30) as small:
        client.get(dossier.get_absolute_url())
    few = len(small.captured_queries)  # read before the query log (9,000) rotates
    for i in range(1, 7):
        add(i)
    client.get(dossier.get_absolute_url())  # warm-up: new data renews the cached roles and menu
    with django_assert_max_num_queries(few):
        response = client.get(dossier.get_absolute_url())
    assert _html(response).count("downloaden") >= 18


# --- starting a dossier ---------------------------------------------------------------------


START = {
    "title": "Telefonische bereikbaarheid",
    "summary": "Wachttijden aan de telefoon zijn te lang.",
    "regeling": "",
    "onderwerp": "bereikbaarheid",
    "visibility": "councils",
}


def test_start_without_similar_dossiers_saves_at_once(client, roles):
    client.force_login(roles["member"])
    page = _html(client.get("/dossiers/nieuw/"))
    assert 'hx-get="/dossiers/vergelijkbaar/"' in page and 'aria-live="polite"' in page
    response = client.post("/dossiers/nieuw/", {**START, "council": roles.council.pk})
    dossier = Dossier.objects.get()
    assert response.status_code == 302 and response["Location"] == dossier.get_absolute_url()
    assert dossier.owner == roles["member"] and dossier.council == roles.council


def test_start_shows_similar_dossiers_from_other_districts_before_saving(client, roles, indexed):
    existing = _start(
        indexed,
        roles,
        user="member_other",
        council=roles.other_council,
        title="Wachttijden telefoon UWV",
        summary="Cliënten in Limburg wachten lang.",
    )
    hidden = _start(
        indexed,
        roles,
        user="member_other",
        council=roles.other_council,
        title="Telefoon wachttijden geheim",
        summary="Alleen voor Limburg.",
        visibility=Visibility.COUNCIL,
    )
    client.force_login(roles["member"])
    response = client.post("/dossiers/nieuw/", {**START, "council": roles.council.pk})
    page = _html(response)
    assert response.status_code == 200 and Dossier.objects.count() == 2
    assert "Bestaat dit dossier al?" in page
    assert existing.title in page and hidden.title not in page
    assert f'action="/dossiers/{existing.pk}/meedoen/"' in page
    assert 'value="Telefonische bereikbaarheid"' in page  # what was typed stays
    assert 'name="confirmed" value="1"' in page

    # Joining from the list brings Noord in instead of starting a new dossier.
    response = client.post(f"/dossiers/{existing.pk}/meedoen/")
    assert response.status_code == 302
    assert roles.council in existing.councils.all()

    response = client.post(
        "/dossiers/nieuw/", {**START, "council": roles.council.pk, "confirmed": "1"}
    )
    assert response.status_code == 302 and Dossier.objects.count() == 3


def test_the_similar_list_follows_what_is_typed(client, roles, indexed):
    existing = _start(
        indexed, roles, user="member_other", council=roles.other_council, title="Brieven in B1"
    )
    client.force_login(roles["member"])
    page = _html(client.get("/dossiers/vergelijkbaar/", {"title": "De brieven"}))
    assert existing.title in page and "Meedoen met" in page
    page = _html(client.get("/dossiers/vergelijkbaar/", {"title": "de het een"}))
    assert "Wij vonden geen dossiers" in page
    page = _html(client.get("/dossiers/vergelijkbaar/"))
    assert "Vul een titel in" in page


def test_start_refuses_missing_fields_and_keeps_the_text(client, roles):
    client.force_login(roles["member"])
    response = client.post(
        "/dossiers/nieuw/", {**START, "summary": "", "council": roles.council.pk}
    )
    assert response.status_code == 400
    page = _html(response)
    assert "Schrijf in een paar zinnen" in page and 'value="Telefonische bereikbaarheid"' in page
    assert not Dossier.objects.exists()


# --- documents --------------------------------------------------------------------------------


def test_uploading_a_document_and_a_new_version_keeps_both_downloadable(client, roles, indexed):
    dossier = _start(indexed, roles)
    client.force_login(roles["member"])
    response = indexed(
        client.post,
        path=f"/dossiers/{dossier.pk}/stukken/",
        data={"title": "Verslag", "file": upload("verslag.pdf", pdf_bytes("Versie een"))},
    )
    assert response.status_code == 302
    document = dossier.documents.get()
    response = indexed(
        client.post,
        path=f"/dossiers/{dossier.pk}/stukken/versie/",
        data={
            "document": document.pk,
            "file": upload("verslag.txt", b"Versie twee"),
            "note": "Kortere tekst",
        },
    )
    assert response.status_code == 302
    first, second = document.versions.order_by("number")
    assert (first.number, second.number) == (1, 2)
    assert first.extraction == "done"
    old = client.get(f"/dossiers/{dossier.pk}/stukken/{first.pk}/download/")
    assert old.status_code == 200 and b"".join(old.streaming_content).startswith(b"%PDF-")
    new = client.get(f"/dossiers/{dossier.pk}/stukken/{second.pk}/download/")
    assert b"".join(new.streaming_content) == b"Versie twee"
    assert new["Content-Disposition"] == 'attachment; filename="verslag-versie-2.txt"'
    assert new["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("foto.jpg", b"\xff\xd8\xff", "Dit soort bestand kan niet. Kies een PDF, DOCX, ODT, TXT."),
        ("nep.pdf", b"geen pdf", "Dit bestand is geen echt PDF-bestand."),
        ("binair.txt", b"a\x00b", "Dit is geen gewoon tekstbestand."),
    ],
)
def test_a_refused_upload_says_why_and_keeps_the_title(client, roles, indexed, name, data, message):
    dossier = _start(indexed, roles)
    client.force_login(roles["member"])
    response = client.post(
        f"/dossiers/{dossier.pk}/stukken/",
        {"title": "Mijn verslag", "file": upload(name, data)},
    )
    assert response.status_code == 400
    page = _html(response)
    assert message in page and 'value="Mijn verslag"' in page
    assert 'href="#id_doc_file"' in page  # the error summary points at the field
    assert not DocumentVersion.objects.exists()


def test_a_too_large_upload_is_refused(client, roles, indexed, monkeypatch):
    monkeypatch.setattr("dossiers.forms.MAX_SIZE", 10)
    dossier = _start(indexed, roles)
    client.force_login(roles["member"])
    response = client.post(
        f"/dossiers/{dossier.pk}/stukken/",
        {"title": "Groot", "file": upload("groot.txt", b"x" * 11)},
    )
    assert response.status_code == 400 and "Dit bestand is te groot" in _html(response)


def test_download_is_404_for_who_may_not_see_the_dossier_and_never_cached(client, roles):
    dossier = DossierFactory(council=roles.council, visibility=Visibility.COUNCIL)
    version = VersionFactory(document__dossier=dossier, content="Vertrouwelijk")
    url = f"/dossiers/{dossier.pk}/stukken/{version.pk}/download/"
    assert "/account/login/" in client.get(url)["Location"]
    client.force_login(roles["member_other"])
    assert client.get(url).status_code == 404
    other = DossierFactory(council=roles.council)
    client.force_login(roles["member"])
    assert client.get(f"/dossiers/{other.pk}/stukken/{version.pk}/download/").status_code == 404
    response = client.get(url)
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == b"Vertrouwelijk"
    # The page links to the checked download only, never to where the file is stored.
    page = _html(client.get(dossier.get_absolute_url()))
    assert url in page and version.file.name not in page


# --- links, notes, following, managing ----------------------------------------------------


def test_linking_a_meeting_by_its_url_and_refusing_what_cannot_be_found(client, roles, indexed):
    from meetings.tests.factories import MeetingFactory

    dossier = _start(indexed, roles)
    meeting = MeetingFactory(council=roles.council, title="Raadsvergadering")
    other = MeetingFactory(council=roles.other_council, title="Vergadering Limburg")
    client.force_login(roles["member"])
    response = client.post(
        f"/dossiers/{dossier.pk}/koppelingen/",
        {"kind": "meeting", "reference": f"https://raadsplein.example/overleg/{meeting.pk}/"},
    )
    assert response.status_code == 302
    assert DossierLink.objects.get().object_id == str(meeting.pk)
    # A meeting the member may not open is "not found": nothing leaks.
    response = client.post(
        f"/dossiers/{dossier.pk}/koppelingen/",
        {"kind": "meeting", "reference": str(other.pk)},
    )
    assert response.status_code == 400 and "Wij vinden geen vergadering" in _html(response)
    response = client.post(
        f"/dossiers/{dossier.pk}/koppelingen/",
        {"kind": "meeting", "reference": str(meeting.pk)},
    )
    assert response.status_code == 400 and "al aan het dossier gekoppeld" in _html(response)


def test_note_follow_and_manage(client, roles, indexed):
    dossier = _start(indexed, roles)
    client.force_login(roles["secretary"])
    response = client.post(f"/dossiers/{dossier.pk}/notitie/", {"text": "Gesprek gepland."})
    assert response.status_code == 302
    assert dossier.updates.filter(kind="note", author=roles["secretary"]).exists()
    response = client.post(f"/dossiers/{dossier.pk}/notitie/", {"text": ""})
    assert response.status_code == 400 and "Schrijf eerst iets" in _html(response)

    client.post(f"/dossiers/{dossier.pk}/volgen/")
    assert Follow.objects.filter(dossier=dossier, user=roles["secretary"]).exists()
    client.post(f"/dossiers/{dossier.pk}/niet-volgen/")
    assert not Follow.objects.filter(dossier=dossier, user=roles["secretary"]).exists()

    response = client.post(
        f"/dossiers/{dossier.pk}/bewerken/",
        {
            "title": "Nieuwe titel",
            "summary": "Nieuwe samenvatting",
            "visibility": "public",
            "councils": [roles.central.pk],
        },
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert (dossier.title, dossier.visibility) == ("Nieuwe titel", "public")
    response = client.post(f"/dossiers/{dossier.pk}/status/", {"status": "closed"})
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == "closed"
    # A closed dossier takes no more notes.
    response = client.post(f"/dossiers/{dossier.pk}/notitie/", {"text": "Nog iets"})
    assert response.status_code == 403


# --- elsewhere, digest preference, dashboard --------------------------------------------------


def test_elsewhere_shows_updates_of_other_councils_only(client, roles, indexed):
    own = _start(indexed, roles, title="Eigen dossier")
    other = _start(
        indexed, roles, user="member_other", council=roles.other_council, title="Limburg doet"
    )
    secret = _start(
        indexed,
        roles,
        user="member_other",
        council=roles.other_council,
        title="Geheim Limburg",
        visibility=Visibility.COUNCIL,
    )
    indexed(services.dossier_note_add, actor=roles["member_other"], dossier=other, text="Nieuws!")
    client.force_login(roles["member"])
    page = _html(client.get("/dossiers/elders/"))
    assert "Limburg doet" in page and "Nieuws!" in page
    assert own.title not in page and secret.title not in page


def test_elsewhere_queries_do_not_grow(client, roles, django_assert_max_num_queries):
    client.force_login(roles["member"])
    DossierUpdateFactory(dossier=DossierFactory(council=roles.other_council))
    client.get("/dossiers/elders/")
    with django_assert_max_num_queries(12) as small:
        client.get("/dossiers/elders/")
    few = len(small.captured_queries)  # read before the query log (9,000) rotates
    for _ in range(20):
        DossierUpdateFactory(dossier=DossierFactory(council=roles.other_council))
    client.get("/dossiers/elders/")  # warm-up: new data renews the cached roles and menu
    with django_assert_max_num_queries(few):
        response = client.get("/dossiers/elders/")
    assert _html(response).count('class="card"') == 21


def test_elsewhere_leaves_out_dossiers_the_viewers_council_joined(client, roles):
    joined = DossierFactory(
        council=roles.other_council, title="Limburg met Noord", councils=[roles.council]
    )
    alone = DossierFactory(council=roles.other_council, title="Limburg alleen")
    DossierUpdateFactory(dossier=joined, text="Werk van Noord zelf")
    DossierUpdateFactory(dossier=alone, text="Nieuws uit Limburg")
    client.force_login(roles["member"])
    page = _html(client.get("/dossiers/elders/"))
    assert "Nieuws uit Limburg" in page
    assert "Limburg met Noord" not in page and "Werk van Noord zelf" not in page


def test_elsewhere_shows_at_most_two_lines_per_dossier_newest_first(client, roles):
    from dossiers.models import DossierUpdate

    now = timezone.now()
    busy = DossierFactory(council=roles.other_council, title="Druk dossier")
    quiet = DossierFactory(council=roles.central, title="Rustig dossier")
    for i in range(8):
        update = DossierUpdateFactory(dossier=busy, text=f"Druk nieuws {i}")
        DossierUpdate.objects.filter(pk=update.pk).update(at=now - datetime.timedelta(hours=i))
    update = DossierUpdateFactory(dossier=quiet, text="Rustig nieuws")
    DossierUpdate.objects.filter(pk=update.pk).update(at=now - datetime.timedelta(days=3))
    client.force_login(roles["member"])
    page = _html(client.get("/dossiers/elders/"))
    shown = re.findall(r"(Druk nieuws \d|Rustig nieuws)", page)
    assert shown == ["Druk nieuws 0", "Druk nieuws 1", "Rustig nieuws"]


def test_digest_preference_page(client, roles):
    dossier = DossierFactory(council=roles.council, title="Gevolgd dossier")
    FollowFactory(dossier=dossier, user=roles["member"])
    client.force_login(roles["member"])
    page = _html(client.get("/dossiers/e-mail/"))
    assert "Gevolgd dossier" in page
    assert re.search(r'value="weekly"[^>]*checked', page)  # the default until chosen
    response = client.post("/dossiers/e-mail/", {"frequency": "daily"})
    assert response.status_code == 302
    assert roles["member"].dossier_digest.frequency == "daily"
    assert re.search(r'value="daily"[^>]*checked', _html(client.get("/dossiers/e-mail/")))
    response = client.post("/dossiers/e-mail/", {"frequency": "elk uur"})
    assert response.status_code == 400


def test_dashboard_panel_shows_changed_followed_dossiers_and_news_from_elsewhere(
    client, roles, site_pages
):
    followed = DossierFactory(council=roles.council, title="Gevolgd en veranderd")
    FollowFactory(dossier=followed, user=roles["member"])
    DossierUpdateFactory(
        dossier=DossierFactory(council=roles.other_council, title="Nieuws uit Limburg")
    )
    client.force_login(roles["member"])
    page = _html(client.get("/mijn/"))
    assert "Gevolgd en veranderd" in page and "Nieuws uit Limburg" in page


def test_dashboard_lists_followed_changes_and_the_latest_elsewhere_in_date_order(roles):
    import datetime

    from django.utils import timezone

    from councils.selectors import viewer_for
    from dossiers.selectors import dashboard_dossiers

    now = timezone.now()

    def dossier(title, council, days_ago, followed=False):
        d = DossierFactory(
            council=council, title=title, changed_at=now - datetime.timedelta(days=days_ago)
        )
        if followed:
            FollowFactory(dossier=d, user=roles["member"])
        return d

    dossier("Eigen gevolgd", roles.council, 2, followed=True)
    dossier("Eigen oud gevolgd", roles.council, 40, followed=True)
    dossier("Eigen niet gevolgd", roles.council, 1)
    dossier("Elders oud maar gevolgd", roles.other_council, 30, followed=True)
    dossier("Elders nieuw", roles.other_council, 3)
    dossier("Elders nieuwst", roles.central, 1)
    changed, elsewhere = dashboard_dossiers(viewer_for(roles["member"]))
    assert [d.title for d in changed] == ["Eigen gevolgd"]
    assert [d.title for d in elsewhere] == [
        "Elders nieuwst",
        "Elders nieuw",
        "Elders oud maar gevolgd",
    ]


def test_a_public_dossier_is_open_to_visitors_without_names_of_members(client, roles, indexed):
    dossier = _start(indexed, roles, visibility=Visibility.PUBLIC, title="Openbaar dossier")
    indexed(services.dossier_note_add, actor=roles["secretary"], dossier=dossier, text="Nieuws.")
    version = VersionFactory(document__dossier=dossier, content="Openbaar stuk")
    response = client.get(dossier.get_absolute_url())
    assert response.status_code == 200
    page = _html(response)
    assert "Openbaar dossier" in page and "Nieuws." in page
    for user in (roles["member"], roles["secretary"]):
        assert escape(user.get_full_name()) not in page
    assert 'action="/dossiers/' not in page  # nothing to do for a visitor
    download = client.get(f"/dossiers/{dossier.pk}/stukken/{version.pk}/download/")
    assert download.status_code == 200 and download["Cache-Control"] == "private, no-store"
    # Any other dossier (or one that does not exist) asks a visitor to log in.
    hidden = DossierFactory(council=roles.council)
    for url in (hidden.get_absolute_url(), "/dossiers/999999/"):
        response = client.get(url)
        assert response.status_code == 302 and "/account/login/" in response["Location"]
    client.force_login(roles["member_other"])
    assert escape(roles["member"].get_full_name()) in _html(client.get(dossier.get_absolute_url()))


def test_dashboard_elsewhere_leaves_out_dossiers_the_viewers_council_joined(roles):
    from councils.selectors import viewer_for
    from dossiers.selectors import dashboard_dossiers

    DossierFactory(council=roles.other_council, title="Samen met Noord", councils=[roles.council])
    DossierFactory(council=roles.other_council, title="Alleen Limburg")
    _, elsewhere = dashboard_dossiers(viewer_for(roles["member"]))
    assert [d.title for d in elsewhere] == ["Alleen Limburg"]
    # Someone on no council sees both (nothing of theirs to leave out).
    _, elsewhere = dashboard_dossiers(viewer_for(roles["administrator"]))
    assert {"Samen met Noord", "Alleen Limburg"} <= {d.title for d in elsewhere}
