from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from common.models import AuditEntry, OutboxMessage
from councils.tests.factories import MembershipFactory
from signals.models import (
    Signal,
    SignalPrivate,
    SignalRouting,
    SignalStatus,
    SignalStatusChange,
    ThemeLabel,
)
from signals.services import (
    SignalError,
    signal_group,
    signal_private_view,
    signal_reroute,
    signal_set_theme,
    signal_submit,
    signal_transition,
    signals_purge_private,
)

pytestmark = pytest.mark.django_db

TEXT = (
    "Mijn BSN is 111222333 en ik bel al weken met UWV maar niemand neemt op. Bel me op 06-12345678."
)


def test_submit_stores_the_redacted_text_with_a_reference(classifier, signal_councils):
    signal = signal_submit(text=TEXT, postcode="9711 AB")
    assert re.fullmatch(r"S-\d{4}-\d{6}", signal.reference)
    assert signal.reference.startswith(f"S-{timezone.localdate().year}-")
    assert "111222333" not in signal.text and "[BSN]" in signal.text
    assert "[TELEFOON]" in signal.text
    assert signal.council == signal_councils["noord"] and signal.postcode_digits == "9711"
    assert signal.regeling and signal.onderwerp and 0 <= signal.onderwerp_confidence <= 1
    assert signal.model_version == "test-1"
    assert signal.redactions == {"BSN": 1, "phone": 1} or sum(signal.redactions.values()) == 2
    # The original, which still holds the BSN, is kept apart; no contact was given.
    private = SignalPrivate.objects.get(signal=signal)
    assert private.original_text == TEXT and private.email == ""
    assert not signal.answer_requested
    assert SignalStatusChange.objects.get(signal=signal).to_status == SignalStatus.NEW
    assert SignalRouting.objects.get(signal=signal).council == signal_councils["noord"]


def test_references_count_up_per_year(classifier, signal_councils):
    first = signal_submit(text="De brief over mijn WW snap ik niet.")
    second = signal_submit(text="Ik wacht al weken op mijn geld van de Ziektewet.")
    assert int(second.reference[-6:]) == int(first.reference[-6:]) + 1
    old = signal_submit(
        text="Oud signaal over de WIA-keuring.",
        received_at=timezone.make_aware(datetime.datetime(2024, 3, 1, 12)),
    )
    assert old.reference == "S-2024-000001"


def test_without_postcode_the_central_council_gets_it(classifier, signal_councils):
    assert (
        signal_submit(text="Algemene klacht over de telefoon.").council
        == signal_councils["central"]
    )
    # A postcode no district covers also goes to the central council.
    assert signal_submit(text="Klacht.", postcode="1000 AA").council == signal_councils["central"]


def test_contact_details_are_kept_apart_and_a_confirmation_goes_out(
    classifier, signal_councils, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        signal = signal_submit(
            text="Het loket was erg vriendelijk, dank!",
            email="client@voorbeeld.example",
            consent_text="ja",
        )
    assert signal.answer_requested
    private = signal.private
    assert private.email == "client@voorbeeld.example" and private.consent_at is not None
    assert private.original_text == ""  # nothing was redacted, so no copy is kept
    [mail] = smtp_server.to("client@voorbeeld.example")
    assert signal.reference in mail["subject"] and signal.reference in mail["text"]
    assert "onafhankelijk" in mail["text"]
    assert OutboxMessage.objects.get().status == OutboxMessage.Status.SENT


def test_a_failed_confirmation_stays_queued_and_the_signal_is_kept(
    classifier, signal_councils, smtp_server, django_capture_on_commit_callbacks
):
    smtp_server.fail_next = 1
    with django_capture_on_commit_callbacks(execute=True):
        signal = signal_submit(text="Klacht over de brief.", email="c@voorbeeld.example")
    assert Signal.objects.filter(pk=signal.pk).exists()
    message = OutboxMessage.objects.get()
    assert message.status == OutboxMessage.Status.QUEUED and "451" in message.last_error


def test_empty_or_too_long_text_is_refused(classifier, signal_councils):
    with pytest.raises(SignalError):
        signal_submit(text="   ")
    with pytest.raises(SignalError):
        signal_submit(text="x" * 5001)
    assert not Signal.objects.exists()


def test_nothing_is_written_half(classifier, signal_councils, monkeypatch):
    import signals.services as services

    def broken(**kwargs):
        raise RuntimeError("mail server config broken")

    monkeypatch.setattr(services, "outbox_enqueue_template", broken)
    with pytest.raises(RuntimeError):
        signal_submit(text="Klacht", email="c@voorbeeld.example")
    assert not Signal.objects.exists() and not SignalPrivate.objects.exists()


@pytest.fixture
def secretary(signal_councils):
    return MembershipFactory(council=signal_councils["noord"], role="secretary").user


@pytest.fixture
def signal(classifier, signal_councils):
    return signal_submit(
        text="Ik snap de brief over mijn WW niet.",
        postcode="9711AB",
        email="c@voorbeeld.example",
        consent_text="ja",
    )


def test_transitions_write_history_and_tell_the_client(
    signal, secretary, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        signal_transition(actor=secretary, signal=signal, to_status=SignalStatus.IN_PROGRESS)
        signal_transition(
            actor=secretary,
            signal=signal,
            to_status=SignalStatus.ANSWERED,
            reason="Wij hebben dit met UWV besproken.",
        )
        signal_transition(actor=secretary, signal=signal, to_status=SignalStatus.CLOSED)
    signal.refresh_from_db()
    assert signal.status == SignalStatus.CLOSED and signal.closed_at is not None
    history = list(signal.status_history.values_list("from_status", "to_status"))
    assert history == [
        ("", "new"),
        ("new", "in_progress"),
        ("in_progress", "answered"),
        ("answered", "closed"),
    ]
    mails = smtp_server.to("c@voorbeeld.example")
    assert len(mails) == 3  # one update per move (the confirmation went before)
    assert "Wij hebben dit met UWV besproken." in mails[1]["text"]
    assert all(signal.reference in mail["subject"] for mail in mails)


def test_refused_transition_changes_nothing(signal, secretary):
    with pytest.raises(SignalError, match="toelichting"):
        signal_transition(actor=secretary, signal=signal, to_status=SignalStatus.CLOSED)
    with pytest.raises(SignalError, match="kan niet"):
        signal_transition(actor=secretary, signal=signal, to_status=SignalStatus.NEW)
    signal.refresh_from_db()
    assert signal.status == SignalStatus.NEW
    assert signal.status_history.count() == 1


def test_reopening_clears_closed_at(signal, secretary):
    signal_transition(
        actor=secretary, signal=signal, to_status=SignalStatus.CLOSED, reason="Dubbel"
    )
    signal_transition(
        actor=secretary,
        signal=signal,
        to_status=SignalStatus.IN_PROGRESS,
        reason="Toch niet dubbel",
    )
    signal.refresh_from_db()
    assert signal.closed_at is None


def test_reroute_needs_a_reason_and_is_recorded(signal, secretary, signal_councils):
    with pytest.raises(SignalError):
        signal_reroute(
            actor=secretary, signal=signal, council=signal_councils["central"], reason=""
        )
    signal_reroute(
        actor=secretary,
        signal=signal,
        council=signal_councils["central"],
        reason="Landelijk onderwerp",
    )
    signal.refresh_from_db()
    assert signal.council == signal_councils["central"]
    assert list(signal.routing_history.values_list("reason", flat=True)) == [
        "",
        "Landelijk onderwerp",
    ]


def test_member_theme_is_stored_as_a_label(signal, secretary):
    signal_set_theme(actor=secretary, signal=signal, regeling="WIA", onderwerp="beoordeling")
    signal.refresh_from_db()
    assert (signal.regeling, signal.onderwerp, signal.needs_theme) == ("WIA", "beoordeling", False)
    assert ThemeLabel.objects.get(signal=signal).by == secretary
    with pytest.raises(SignalError):
        signal_set_theme(actor=secretary, signal=signal, regeling="XX", onderwerp="beoordeling")


def test_grouping_points_at_the_leader(classifier, signal_councils, secretary):
    a, b, c = (signal_submit(text=f"Telefoon wordt niet opgenomen ({i})") for i in range(3))
    signal_group(actor=secretary, signal=b, leader=a)
    signal_group(actor=secretary, signal=a, leader=c)  # a and its group move under c
    assert set(Signal.objects.filter(group_leader=c).values_list("pk", flat=True)) == {a.pk, b.pk}
    with pytest.raises(SignalError):
        signal_group(actor=secretary, signal=c, leader=c)


def test_viewing_contact_details_is_audited(signal, secretary):
    private = signal_private_view(actor=secretary, signal=signal)
    assert private.email == "c@voorbeeld.example"
    entry = AuditEntry.objects.get(action="signal.private.view")
    assert entry.personal_data and entry.actor == secretary


def test_contact_details_are_deleted_a_year_after_closing(signal, secretary, settings):
    settings.RETENTION = {**settings.RETENTION, "signal_contact": 12}
    signal_transition(actor=secretary, signal=signal, to_status=SignalStatus.CLOSED, reason="Klaar")
    assert signals_purge_private() == 0  # closed just now
    Signal.objects.filter(pk=signal.pk).update(
        closed_at=timezone.now() - datetime.timedelta(days=370)
    )
    assert signals_purge_private() == 1
    signal.refresh_from_db()
    assert signal.private_purged_at is not None
    assert not SignalPrivate.objects.filter(signal=signal).exists()
    assert signal.text  # the redacted text stays


def test_a_very_short_text_waits_for_a_member(classifier, signal_councils):
    assert signal_submit(text="Slecht geregeld allemaal.").needs_theme
    long = signal_submit(
        text="Ik bel al drie weken elke dag naar UWV over mijn WW-uitkering "
        "maar niemand neemt op en ik word nooit teruggebeld."
    )
    assert long.regeling == "WW"
