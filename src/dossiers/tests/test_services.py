"""Dossier services: each change writes its timeline line, moves ``changed_at`` and keeps the
search index in step; refusals say why."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from common.models import AuditEntry, Visibility
from councils.selectors import viewer_for
from councils.tests.factories import CouncilFactory, MembershipFactory
from dossiers import services
from dossiers.models import (
    DocumentVersion,
    Dossier,
    DossierLink,
    DossierStatus,
    DossierUpdate,
    Follow,
)
from dossiers.tests.factories import DocumentFactory, DossierFactory
from dossiers.tests.files import docx_bytes, upload
from sitesearch.models import SearchEntry
from sitesearch.query import visible_entries

pytestmark = pytest.mark.django_db


def _start(roles, **extra):
    data = {
        "actor": roles["member"],
        "council": roles.council,
        "title": "Bereikbaarheid van de telefoon",
        "summary": "Cliënten wachten lang aan de telefoon bij UWV.",
        "regeling": "WW",
        "onderwerp": "bereikbaarheid",
        "visibility": Visibility.COUNCIL,
        **extra,
    }
    return services.dossier_start(**data)


def _entry(kind, obj):
    return SearchEntry.objects.get(kind=kind, key=str(obj.pk))


def _sees(user, kind, obj) -> bool:
    return visible_entries(viewer_for(user)).filter(kind=kind, key=str(obj.pk)).exists()


def test_starting_makes_the_starter_owner_and_follower_with_a_first_timeline_line(roles):
    before = timezone.now()
    dossier = _start(roles)
    assert dossier.owner == roles["member"] and dossier.council == roles.council
    assert dossier.changed_at >= before and dossier.status == DossierStatus.OPEN
    [line] = dossier.updates.all()
    assert line.kind == DossierUpdate.Kind.STARTED and line.author == roles["member"]
    assert Follow.objects.filter(dossier=dossier, user=roles["member"]).exists()
    assert AuditEntry.objects.filter(action="dossier.start", object_id=str(dossier.pk)).exists()
    entry = _entry("dossier", dossier)
    assert entry.title == "Bereikbaarheid van de telefoon"
    assert _sees(roles["member"], "dossier", dossier)
    assert not _sees(roles["member_other"], "dossier", dossier)


def test_a_member_cannot_start_a_dossier_for_a_council_they_are_not_in(roles):
    with pytest.raises(services.DossierError, match="raad waar u in zit"):
        _start(roles, council=roles.other_council)
    assert not Dossier.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "  ", "titel"),
        ("summary", "", "paar zinnen"),
        ("regeling", "onbekend", "regeling"),
        ("onderwerp", "onbekend", "onderwerp"),
        ("visibility", "iedereen", "mag zien"),
    ],
)
def test_start_refuses_bad_fields_with_a_reason(roles, field, value, message):
    with pytest.raises(services.DossierError, match=message):
        _start(roles, **{field: value})


def test_editing_the_visibility_or_councils_reindexes_the_dossier_and_its_documents(roles):
    dossier = _start(roles)
    document = DocumentFactory(dossier=dossier)
    from sitesearch import index

    index.update("document", document)
    assert not _sees(roles["member_other"], "document", document)
    changed = dossier.changed_at

    services.dossier_edit(
        actor=roles["member"],
        dossier=dossier,
        title="Telefoon en chat",
        summary=dossier.summary,
        regeling="",
        onderwerp="bereikbaarheid",
        visibility=Visibility.COUNCIL,
        councils=[roles.other_council],
    )
    dossier.refresh_from_db()
    assert dossier.title == "Telefoon en chat" and dossier.regeling == ""
    assert dossier.changed_at > changed
    assert list(dossier.councils.all()) == [roles.other_council]
    assert _sees(roles["member_other"], "dossier", dossier)
    assert _sees(roles["member_other"], "document", document)
    assert not _sees(roles["central_member"], "document", document)

    services.dossier_edit(
        actor=roles["member"],
        dossier=dossier,
        title="Telefoon en chat",
        summary=dossier.summary,
        regeling="",
        onderwerp="",
        visibility=Visibility.COUNCILS,
        councils=[],
    )
    assert _sees(roles["central_member"], "document", document)
    assert _entry("dossier", dossier).title == "Telefoon en chat"


def test_closing_and_reopening_write_status_lines_and_closed_at(roles):
    dossier = _start(roles)
    services.dossier_set_status(
        actor=roles["secretary"], dossier=dossier, status="closed", note="Advies is verstuurd."
    )
    dossier.refresh_from_db()
    assert dossier.status == "closed" and dossier.closed_at is not None
    line = dossier.updates.filter(kind="status").get()
    assert line.text == "Dossier afgerond: Advies is verstuurd."
    with pytest.raises(services.DossierError, match="al afgerond"):
        services.dossier_set_status(actor=roles["secretary"], dossier=dossier, status="closed")
    services.dossier_set_status(actor=roles["secretary"], dossier=dossier, status="open")
    dossier.refresh_from_db()
    assert dossier.status == "open" and dossier.closed_at is None
    assert dossier.updates.filter(kind="status").count() == 2


def test_joining_brings_the_council_in_and_lets_its_members_find_a_council_only_dossier(roles):
    dossier = _start(roles)
    document = DocumentFactory(dossier=dossier)
    from sitesearch import index

    index.update("document", document)
    dossier.visibility = Visibility.COUNCILS  # Limburg may see it to join
    dossier.save(update_fields=["visibility"])
    services.dossier_join(actor=roles["member_other"], dossier=dossier)
    dossier.visibility = Visibility.COUNCIL
    dossier.save(update_fields=["visibility"])
    services.dossier_note_add(actor=roles["member_other"], dossier=dossier, text="Wij ook.")
    dossier.refresh_from_db()
    assert roles.other_council in dossier.councils.all()
    line = dossier.updates.get(kind="joined")
    assert line.text == "Districtscliëntenraad Limburg doet mee."
    assert Follow.objects.filter(dossier=dossier, user=roles["member_other"]).exists()
    assert _sees(roles["member_other"], "dossier", dossier)
    with pytest.raises(services.DossierError, match="doet al mee"):
        services.dossier_join(actor=roles["member_other"], dossier=dossier)


def test_joining_is_refused_for_a_closed_dossier_or_a_council_of_someone_else(roles):
    dossier = _start(roles, visibility=Visibility.COUNCILS)
    with pytest.raises(services.DossierError, match="raad waar u in zit"):
        services.dossier_join(actor=roles["member_other"], dossier=dossier, council=roles.central)
    services.dossier_set_status(actor=roles["member"], dossier=dossier, status="closed")
    with pytest.raises(services.DossierError, match="afgerond"):
        services.dossier_join(actor=roles["member_other"], dossier=dossier)


def test_a_member_of_two_councils_chooses_which_joins(roles):
    dossier = _start(roles, visibility=Visibility.COUNCILS)
    third = CouncilFactory()
    MembershipFactory(user=roles["member_other"], council=third)
    user = roles["member_other"]
    with pytest.raises(services.DossierError, match="Kies met welke raad"):
        services.dossier_join(actor=user, dossier=dossier)
    services.dossier_join(actor=user, dossier=dossier, council=third)
    assert set(dossier.councils.all()) == {third}


def test_a_note_moves_changed_at_and_empty_notes_are_refused(roles):
    dossier = _start(roles)
    Dossier.objects.filter(pk=dossier.pk).update(
        changed_at=timezone.now() - datetime.timedelta(days=3)
    )
    dossier.refresh_from_db()
    services.dossier_note_add(actor=roles["member"], dossier=dossier, text="Gesprek gehad.")
    dossier.refresh_from_db()
    assert dossier.changed_at > timezone.now() - datetime.timedelta(minutes=1)
    assert dossier.updates.filter(kind="note", text="Gesprek gehad.").exists()
    with pytest.raises(services.DossierError):
        services.dossier_note_add(actor=roles["member"], dossier=dossier, text="   ")


def test_documents_get_numbered_versions_and_older_ones_stay(
    roles, django_capture_on_commit_callbacks
):
    dossier = _start(roles)
    with django_capture_on_commit_callbacks(execute=True):
        first = services.document_add(
            actor=roles["member"],
            dossier=dossier,
            title="Verslag klantpanel",
            file=upload("verslag.docx", docx_bytes("Wachttijden aan de telefoon zijn lang.")),
        )
    document = first.document
    assert first.number == 1 and first.original_name == "verslag.docx"
    assert "verslag" not in first.file.name and first.file.name.endswith(".docx")
    first.refresh_from_db()
    assert first.extraction == DocumentVersion.Extraction.DONE
    assert "Wachttijden" in first.text
    assert "Wachttijden" in _entry("document", document).body

    with django_capture_on_commit_callbacks(execute=True):
        second = services.version_add(
            actor=roles["secretary"],
            document=document,
            file=upload("verslag-v2.txt", b"Na het gesprek: terugbellen binnen een dag."),
            note="Afspraken toegevoegd",
        )
    assert second.number == 2
    assert [v.number for v in document.versions.all()] == [2, 1]
    assert first.file.storage.exists(first.file.name)  # the old file stays
    body = _entry("document", document).body
    assert "terugbellen" in body and "Wachttijden" not in body
    line = dossier.updates.filter(version=second).get()
    assert line.text == "Nieuwe versie (2) van Verslag klantpanel: Afspraken toegevoegd"


def test_a_version_number_follows_the_highest_even_with_gaps(roles):
    document = DocumentFactory(versions=1)
    DocumentVersion.objects.filter(document=document).update(number=5)
    version = services.version_add(
        actor=roles["member"], document=document, file=upload("a.txt", b"tekst")
    )
    assert version.number == 6


def test_following_twice_keeps_one_follow_and_does_not_move_changed_at(roles):
    dossier = DossierFactory(council=roles.council)
    changed = dossier.changed_at
    services.dossier_follow(user=roles["member"], dossier=dossier)
    services.dossier_follow(user=roles["member"], dossier=dossier)
    assert Follow.objects.filter(dossier=dossier).count() == 1
    services.dossier_unfollow(user=roles["member"], dossier=dossier)
    assert not Follow.objects.exists()
    dossier.refresh_from_db()
    assert dossier.changed_at == changed


def test_digest_preference_is_set_once_per_member(roles):
    services.digest_preference_set(user=roles["member"], frequency="daily")
    pref = services.digest_preference_set(user=roles["member"], frequency="never")
    assert pref.frequency == "never"
    with pytest.raises(services.DossierError):
        services.digest_preference_set(user=roles["member"], frequency="hourly")


def test_unlinking_removes_the_link_and_says_so_on_the_timeline(roles):
    from meetings.tests.factories import MeetingFactory

    dossier = _start(roles)
    meeting = MeetingFactory(council=roles.council, title="Raadsvergadering maart")
    link = services.link_add(
        actor=roles["member"], dossier=dossier, kind="meeting", reference=f"/overleg/{meeting.pk}/"
    )
    assert link.label.startswith("Raadsvergadering maart (")
    services.link_remove(actor=roles["member"], link=link)
    assert not DossierLink.objects.exists()
    assert dossier.updates.filter(kind="link").count() == 2
    assert dossier.updates.filter(text__startswith="Koppeling weggehaald").exists()
