"""Linking meetings, signals and advices: the kinds the other apps register, who may open
them, and the old text links made real (a signal's triage, an agenda item)."""

from __future__ import annotations

import pytest

from common.models import Visibility
from councils.selectors import viewer_for
from dossiers import links, services
from dossiers.models import DossierLink
from dossiers.tests.factories import DossierFactory, DossierLinkFactory

pytestmark = pytest.mark.django_db


def test_the_kinds_are_registered():
    assert set(links.link_kinds()) == {"signal", "meeting", "advice", "survey"}


def test_a_signal_is_found_by_its_reference_and_labelled_without_its_text(roles):
    from signals.tests.factories import SignalFactory

    signal = SignalFactory(council=roles.council, text="Mijn naam is Jan en ik wacht.")
    kind = links.link_kind("signal")
    assert kind.find(f"zie https://x.example/mijn/signalen/{signal.reference.lower()}/") == signal
    assert kind.find("S-1999-000001") is None and kind.find("onzin") is None
    label = kind.describe(signal)
    assert signal.reference in label and "Jan" not in label and "wacht" not in label
    assert kind.can_view(viewer_for(roles["member"]), signal)
    assert kind.can_view(viewer_for(roles["central_member"]), signal)
    assert not kind.can_view(viewer_for(roles["member_other"]), signal)
    assert not kind.can_view(viewer_for(roles["liaison"]), signal)


def test_a_meeting_is_found_by_url_or_number_and_invited_guests_may_open_it(roles):
    from meetings.tests.factories import MeetingFactory, MeetingInvitationFactory

    meeting = MeetingFactory(council=roles.council, title="Raadsvergadering")
    kind = links.link_kind("meeting")
    assert kind.find(f"http://localhost/en/overleg/{meeting.pk}/") == meeting
    assert kind.find(str(meeting.pk)) == meeting and kind.find("#abc") is None
    guest = viewer_for(roles["member_other"])
    assert not kind.can_view(guest, meeting)
    MeetingInvitationFactory(meeting=meeting, user=roles["member_other"])
    assert kind.can_view(guest, meeting)
    # The bulk read for a dossier's page knows about the invitation too.
    [prepared] = kind.objects(guest, [str(meeting.pk)]).values()
    assert prepared.viewer_invited and kind.can_view(guest, prepared)
    assert kind.describe(meeting).startswith("Raadsvergadering (")


def test_an_advice_is_found_by_url_or_number_and_seen_as_on_its_own_page(roles):
    from proposals.tests.factories import AdviceFactory

    advice = AdviceFactory(councils=[roles.council], title="Brieven in B1")
    kind = links.link_kind("advice")
    assert kind.find(f"/vinger-aan-de-pols/advies/{advice.pk}/") == advice
    assert kind.describe(advice) == "Brieven in B1"
    # A draft is its council's until it is sent.
    assert kind.can_view(viewer_for(roles["member"]), advice)
    for name in ("member_other", "liaison", "editor", "ex_member"):
        assert not kind.can_view(viewer_for(roles[name]), advice), name
    [prepared] = kind.objects(viewer_for(roles["member_other"]), [str(advice.pk)]).values()
    assert not kind.can_view(viewer_for(roles["member_other"]), prepared)
    advice.status = "sent"
    assert kind.can_view(viewer_for(roles["member_other"]), advice)
    assert kind.can_view(viewer_for(roles["liaison"]), advice)
    assert not kind.can_view(viewer_for(roles["editor"]), advice)


def test_openable_skips_unknown_kinds_gone_objects_and_what_the_viewer_may_not_open(roles):
    from meetings.tests.factories import MeetingFactory

    dossier = DossierFactory(council=roles.council)
    own = MeetingFactory(council=roles.council)
    other = MeetingFactory(council=roles.other_council)
    rows = [
        DossierLinkFactory(dossier=dossier, kind="meeting", object_id=str(own.pk)),
        DossierLinkFactory(dossier=dossier, kind="meeting", object_id=str(other.pk)),
        DossierLinkFactory(dossier=dossier, kind="meeting", object_id="999999"),
        DossierLinkFactory(dossier=dossier, kind="verdwenen", object_id="1"),
    ]
    assert links.openable(viewer_for(roles["member"]), rows) == {rows[0].pk: own.get_absolute_url()}


def test_link_add_refuses_what_the_member_may_not_open_as_not_found(roles):
    from signals.tests.factories import SignalFactory

    dossier = DossierFactory(council=roles.other_council, councils=[roles.council])
    signal = SignalFactory(council=roles.council)
    with pytest.raises(services.DossierError, match="Wij vinden geen signaal"):
        services.link_add(
            actor=roles["member_other"], dossier=dossier, kind="signal", reference=signal.reference
        )
    with pytest.raises(services.DossierError, match="Kies wat"):
        services.link_add(actor=roles["member"], dossier=dossier, kind="taart", reference="1")


# --- the signal's triage ------------------------------------------------------------------


def test_linking_a_signal_to_a_dossier_in_triage_creates_the_dossier_link(client, roles):
    from signals.tests.factories import SignalFactory

    dossier = DossierFactory(council=roles.other_council, title="Bereikbaarheid landelijk")
    signal = SignalFactory(council=roles.council)
    client.force_login(roles["secretary"])
    page = client.get(signal.get_absolute_url()).content.decode()
    assert f'<option value="{dossier.pk}">Bereikbaarheid landelijk' in page
    response = client.post(
        f"{signal.get_absolute_url()}status/",
        {"to_status": "linked", "dossier": dossier.pk, "linked_to": ""},
    )
    assert response.status_code == 302
    signal.refresh_from_db()
    assert signal.status == "linked" and signal.linked_to == "Bereikbaarheid landelijk"
    link = DossierLink.objects.get(dossier=dossier, kind="signal")
    assert link.object_id == str(signal.pk)
    assert dossier.updates.filter(kind="link", link=link).exists()
    # The signal's page now links to the dossier.
    page = client.get(signal.get_absolute_url()).content.decode()
    assert f'<a href="{dossier.get_absolute_url()}">Bereikbaarheid landelijk</a>' in page


def test_the_text_link_still_works_and_a_hidden_or_closed_dossier_cannot_be_chosen(client, roles):
    from signals.tests.factories import SignalFactory

    hidden = DossierFactory(council=roles.other_council, visibility=Visibility.COUNCIL)
    closed = DossierFactory(council=roles.council, status="closed")
    client.force_login(roles["secretary"])
    for dossier in (hidden, closed):
        signal = SignalFactory(council=roles.council)
        response = client.post(
            f"{signal.get_absolute_url()}status/", {"to_status": "linked", "dossier": dossier.pk}
        )
        assert response.status_code == 400
    assert not DossierLink.objects.exists()
    signal = SignalFactory(council=roles.council)
    response = client.post(
        f"{signal.get_absolute_url()}status/",
        {"to_status": "linked", "linked_to": "Dossier bij de gemeente"},
    )
    assert response.status_code == 302
    signal.refresh_from_db()
    assert signal.linked_to == "Dossier bij de gemeente" and not DossierLink.objects.exists()


# --- the agenda item ------------------------------------------------------------------------


def test_an_agenda_item_about_a_dossier_links_the_meeting_in_it(client, roles):
    from meetings.tests.factories import MeetingFactory

    dossier = DossierFactory(council=roles.council, title="Brieven in B1")
    meeting = MeetingFactory(council=roles.council, guest_councils=[roles.other_council])
    client.force_login(roles["secretary"])
    response = client.post(
        f"/overleg/{meeting.pk}/agenda/",
        {"title": "Stand van zaken brieven", "dossier": dossier.pk, "dossier_ref": ""},
    )
    assert response.status_code == 302
    item = meeting.agenda_items.get()
    assert item.dossier == dossier
    assert DossierLink.objects.filter(dossier=dossier, kind="meeting").get().object_id == str(
        meeting.pk
    )
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert f'<a href="{dossier.get_absolute_url()}">Brieven in B1</a>' in page
    # A guest council that may not see the dossier does not get the link.
    dossier.visibility = Visibility.COUNCIL
    dossier.save(update_fields=["visibility"])
    client.force_login(roles["member_other"])
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert dossier.get_absolute_url() not in page


def test_an_agenda_item_with_only_text_still_works(client, roles):
    from meetings.tests.factories import MeetingFactory

    meeting = MeetingFactory(council=roles.council)
    client.force_login(roles["secretary"])
    response = client.post(
        f"/overleg/{meeting.pk}/agenda/", {"title": "Rondvraag", "dossier_ref": "WIA-brieven"}
    )
    assert response.status_code == 302
    item = meeting.agenda_items.get()
    assert item.dossier is None and item.dossier_ref == "WIA-brieven"
    assert not DossierLink.objects.exists()
