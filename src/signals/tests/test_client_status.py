"""The client's status page (issue 14): a secret link from the confirmation page and mail shows
the reference, date, council, status history and the council's answer, and nothing else."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from councils.tests.factories import MembershipFactory
from signals.models import Signal, SignalStatus, SignalStatusChange
from signals.selectors import status_token_hash
from signals.services import signal_submit, signal_transition, signals_purge_private

pytestmark = pytest.mark.django_db

EMAIL = "melder@voorbeeld.example"
PHONE = "06-12345678"
ORIGINAL = f"Mijn BSN is 111222333 en niemand neemt op. Bel me op {PHONE}."
ANSWER = "Wij hebben dit met UWV besproken. UWV belt u deze maand terug."
FORM = {
    "text": "Ik wacht al drie weken op een beslissing over mijn WW.",
    "scheme": "WW",
    "postcode": "9711 AB",
    "email": "",
    "phone": "",
    "website": "",
}
LINK = re.compile(r"/signaal/status/([\w-]{40,})/")


@pytest.fixture
def secretary(signal_councils):
    return MembershipFactory(council=signal_councils["noord"], role="secretary").user


@pytest.fixture
def submitted(classifier, signal_councils):
    signal = signal_submit(
        text=ORIGINAL, postcode="9711AB", email=EMAIL, phone=PHONE, consent_text="ja"
    )
    return signal, signal.status_token


def _url(token: str) -> str:
    return f"/signaal/status/{token}/"


def test_only_the_hash_of_an_unguessable_token_is_stored(submitted):
    signal, token = submitted
    assert len(token) >= 40
    stored = Signal.objects.get(pk=signal.pk).status_token_hash
    assert stored == status_token_hash(token) and token not in stored


def test_the_link_shows_reference_date_council_and_status(client, submitted):
    signal, token = submitted
    response = client.get(_url(token))
    assert response.status_code == 200
    html = response.content.decode()
    assert signal.reference in html
    assert "Districtscliëntenraad Noord" in html
    assert timezone.localtime(signal.received_at).strftime("%Y-%m-%d") in html
    assert "Wij hebben uw signaal ontvangen." in html


def test_the_page_is_not_indexed_cached_or_leaked_by_referrer(client, submitted):
    _signal, token = submitted
    response = client.get(_url(token))
    assert "noindex" in response["X-Robots-Tag"]
    assert response["Referrer-Policy"] == "no-referrer"
    cache = response["Cache-Control"]
    assert "private" in cache and "no-store" in cache and "public" not in cache


def test_the_page_shows_each_status_change_with_its_date_and_the_answer(
    client, submitted, secretary
):
    signal, token = submitted
    signal_transition(
        actor=secretary,
        signal=signal,
        to_status=SignalStatus.IN_PROGRESS,
        reason="Wij vragen UWV om uitleg.",
    )
    signal_transition(
        actor=secretary, signal=signal, to_status=SignalStatus.ANSWERED, reason=ANSWER
    )
    signal_transition(
        actor=secretary, signal=signal, to_status=SignalStatus.CLOSED, reason="Intern: klaar"
    )
    signal_transition(
        actor=secretary,
        signal=signal,
        to_status=SignalStatus.IN_PROGRESS,
        reason="Heropend: u hoort nog van ons.",
    )
    html = client.get(_url(token)).content.decode()
    for words in [
        "Wij hebben uw signaal ontvangen.",
        "De raad bekijkt uw signaal.",
        "De raad heeft uw signaal beantwoord.",
        "De raad heeft uw signaal afgerond.",
        "De raad bekijkt uw signaal opnieuw.",
    ]:
        assert words in html, words
    assert html.count("<time datetime=") == 1 + 5  # the date sent, and one per change
    assert ANSWER in html
    # The notes with "In behandeling" went to the client by mail (issue 15), so they are here too;
    # reasons the client was never sent stay with the council.
    assert "Toelichting van de raad" in html and "Wij vragen UWV om uitleg." in html
    assert "Heropend: u hoort nog van ons." in html
    assert "Intern: klaar" not in html


def test_no_answer_is_shown_to_a_client_who_did_not_ask_for_one(
    client, classifier, signal_councils, secretary
):
    signal = signal_submit(text="De brief over mijn WW is onduidelijk.", postcode="9711AB")
    assert not signal.answer_requested
    signal_transition(
        actor=secretary, signal=signal, to_status=SignalStatus.IN_PROGRESS, reason="Opmerking"
    )
    signal_transition(
        actor=secretary, signal=signal, to_status=SignalStatus.ANSWERED, reason="Notitie"
    )
    html = client.get(_url(signal.status_token)).content.decode()
    assert "De raad heeft uw signaal beantwoord." in html and "Notitie" not in html
    assert "Opmerking" not in html


def test_no_contact_data_no_original_text_and_no_other_signal(
    client, submitted, secretary, classifier
):
    signal, token = submitted
    other = signal_submit(text="Een ander signaal over de ZW-uitkering.", postcode="9711AB")
    signal_transition(
        actor=secretary,
        signal=signal,
        to_status=SignalStatus.LINKED,
        linked_to="Dossier bereikbaarheid",
    )
    html = client.get(_url(token)).content.decode()
    assert EMAIL not in html and PHONE not in html and "06 12345678" not in html
    assert "111222333" not in html and "[BSN]" in html  # the redacted text, not the original
    assert other.reference not in html and "ZW-uitkering" not in html
    assert "Dossier bereikbaarheid" not in html  # what it is linked to stays with the council
    assert str(secretary) not in html


def test_a_wrong_token_or_the_reference_opens_nothing(client, submitted):
    signal, token = submitted
    for wrong in ["onbekend", token[:-1] + ("A" if token[-1] != "A" else "B"), signal.reference]:
        response = client.get(_url(wrong))
        assert response.status_code == 404, wrong
        html = response.content.decode().replace(f"/status/{wrong}/", "")  # the language link
        assert "Deze link werkt niet" in html and signal.reference not in html
        assert response["Referrer-Policy"] == "no-referrer"


def test_the_stored_hash_is_not_a_key(client, submitted):
    signal, _token = submitted
    assert client.get(_url(signal.status_token_hash)).status_code == 404


def test_after_the_retention_purge_the_link_no_longer_works(client, submitted, secretary, settings):
    settings.RETENTION = {**settings.RETENTION, "signal_contact": 12}
    signal, token = submitted
    signal_transition(actor=secretary, signal=signal, to_status=SignalStatus.CLOSED, reason="Klaar")
    signals_purge_private()
    assert client.get(_url(token)).status_code == 200  # closed just now: still there
    Signal.objects.filter(pk=signal.pk).update(
        closed_at=timezone.now() - datetime.timedelta(days=370)
    )
    assert signals_purge_private() == 1
    signal.refresh_from_db()
    assert signal.status_token_hash == ""
    response = client.get(_url(token))
    assert response.status_code == 404
    assert "wissen wij uw gegevens" in response.content.decode()


def test_the_purge_voids_the_link_of_a_signal_without_contact_details(
    client, classifier, signal_councils, secretary, settings
):
    settings.RETENTION = {**settings.RETENTION, "signal_contact": 12}
    signal = signal_submit(text="De brief over mijn WW is onduidelijk.", postcode="9711AB")
    signal_transition(actor=secretary, signal=signal, to_status=SignalStatus.CLOSED, reason="Klaar")
    Signal.objects.filter(pk=signal.pk).update(
        closed_at=timezone.now() - datetime.timedelta(days=370)
    )
    signals_purge_private()
    assert client.get(_url(signal.status_token)).status_code == 404


def test_the_confirmation_page_shows_the_link_to_keep(client, classifier, signal_councils):
    client.post("/signaal/", FORM)
    response = client.get("/signaal/ontvangen/")
    html = response.content.decode()
    assert "bewaar deze link" in html.lower()
    token = LINK.search(html).group(1)
    signal = Signal.objects.get()
    assert signal.status_token_hash == status_token_hash(token)
    assert "no-store" in response["Cache-Control"]
    status_page = client.get(_url(token))
    assert status_page.status_code == 200 and signal.reference in status_page.content.decode()


def test_the_english_confirmation_links_to_the_english_status_page(
    client, classifier, signal_councils
):
    client.post("/en/signaal/", FORM)
    html = client.get("/en/signaal/ontvangen/").content.decode()
    token = LINK.search(html).group(1)
    assert f"/en/signaal/status/{token}/" in html
    assert client.get(f"/en/signaal/status/{token}/").status_code == 200


def test_the_confirmation_mail_contains_the_link(
    classifier, signal_councils, smtp_server, django_capture_on_commit_callbacks, settings
):
    with django_capture_on_commit_callbacks(execute=True):
        signal = signal_submit(
            text="Ik snap de brief over mijn WW niet.",
            postcode="9711AB",
            email=EMAIL,
            consent_text="ja",
        )
    [mail] = smtp_server.to(EMAIL)
    assert f"{settings.SITE_URL}/signaal/status/{signal.status_token}/" in mail["text"]
    assert "bewaar deze link" in mail["text"].lower()


def test_query_count_does_not_grow_with_the_history(
    client, submitted, secretary, django_assert_num_queries
):
    signal, token = submitted
    assert client.get(_url(token)).status_code == 200  # warm-up: one-off caches
    with CaptureQueriesContext(connection) as captured:
        assert client.get(_url(token)).status_code == 200
    small = len(captured.captured_queries)
    for i in range(10):
        signal_transition(
            actor=secretary,
            signal=signal,
            to_status=SignalStatus.ANSWERED if i % 2 == 0 else SignalStatus.IN_PROGRESS,
            reason=f"Antwoord {i}",
        )
    assert SignalStatusChange.objects.filter(signal=signal).count() == 11
    client.get(_url(token))
    with django_assert_num_queries(small):
        response = client.get(_url(token))
    assert "Antwoord 8" in response.content.decode()  # the large run really shows the rows
    assert small <= 10
