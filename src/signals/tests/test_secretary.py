"""The secretary's signal page (issue 15): its forms' own ids and the closing reason as a field
error, grouping under a similar signal in one click, the client's mails with the reason and the
council's contact, a call request for a client with only a phone number, and the intake form's
question when contact details were typed without "Ik wil een antwoord"."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from common.models import AuditEntry
from councils.models import Membership
from councils.tests.factories import MembershipFactory
from signals.models import Signal, SignalPrivate, SignalStatus
from signals.services import signal_transition
from signals.tests.factories import SignalFactory
from signals.tests.test_views import FORM

pytestmark = pytest.mark.django_db

INTAKE = FORM


def _ids(html: str) -> Counter:
    return Counter(re.findall(r'\sid="([^"]+)"', html))


def _label_for(html: str, field_id: str) -> str:
    match = re.search(rf'<label for="{field_id}">(.*?)</label>', html, re.S)
    assert match, f"no label for #{field_id}"
    return re.sub(r"<[^>]+>", "", match.group(1))


# --- one page, four forms ------------------------------------------------------------------------


def test_every_form_on_the_signal_page_has_its_own_ids(client, roles):
    signal = SignalFactory(council=roles.council)
    client.force_login(roles["secretary"])
    html = client.get(signal.get_absolute_url()).content.decode()
    doubles = [id_ for id_, n in _ids(html).items() if n > 1]
    assert not doubles, doubles
    assert 'id="id_status_reason"' in html and 'id="id_reroute_reason"' in html
    assert _label_for(html, "id_reroute_reason").strip() == "Reden"
    assert _label_for(html, "id_status_reason").startswith("Toelichting")
    assert 'id="id_theme_regeling"' in html and 'id="id_group_leader"' in html


def test_the_label_says_when_the_reason_is_needed(client, roles):
    signal = SignalFactory(council=roles.council, status=SignalStatus.NEW)
    client.force_login(roles["secretary"])
    label = _label_for(client.get(signal.get_absolute_url()).content.decode(), "id_status_reason")
    assert "verplicht bij Beantwoord en Gesloten" in label
    assert "niet verplicht" not in label
    # Linked: closing needs no reason, going back and answering do.
    signal.status = SignalStatus.LINKED
    signal.save(update_fields=["status"])
    label = _label_for(client.get(signal.get_absolute_url()).content.decode(), "id_status_reason")
    assert "verplicht bij In behandeling en Beantwoord" in label


def test_closing_without_a_reason_is_an_error_on_the_field_linked_from_the_summary(client, roles):
    signal = SignalFactory(council=roles.council)
    client.force_login(roles["secretary"])
    response = client.post(f"{signal.get_absolute_url()}status/", {"to_status": "closed"})
    assert response.status_code == 400
    form = response.context["transition_form"]
    assert form.errors["reason"] == ["Schrijf een toelichting bij “Gesloten”."]
    assert not form.non_field_errors()
    html = response.content.decode()
    summary = html[html.index('id="foutmeldingen"') :]
    assert re.search(r'<div class="error-summary"[^>]*id="foutmeldingen" autofocus', html)
    assert 'href="#id_status_reason"' in summary[: summary.index("</div>")]
    assert 'id="id_status_reason_error"' in html
    assert re.search(r'<textarea[^>]*aria-invalid="true"[^>]*id="id_status_reason"', html)
    assert "<title>Fout:" in html
    signal.refresh_from_db()
    assert signal.status == SignalStatus.NEW


# --- grouping under a similar signal -------------------------------------------------------------


@pytest.fixture
def look_alikes(roles):
    text = "De telefoon van UWV wordt nooit opgenomen, ik hang steeds een uur in de wacht."
    first = SignalFactory(council=roles.council, text=text)
    second = SignalFactory(council=roles.council, text=text + " Nog steeds.")
    return first, second


def test_the_secretary_groups_a_signal_under_a_similar_one_in_one_click(client, roles, look_alikes):
    first, second = look_alikes
    client.force_login(roles["secretary"])
    html = client.get(second.get_absolute_url()).content.decode()
    similar = html[html.index('id="lijkt-op"') :]
    assert f"Onder {first.reference} zetten" in similar
    assert 'name="csrfmiddlewaretoken"' in similar

    response = client.post(f"{second.get_absolute_url()}groeperen/", {"leader": first.reference})
    assert response.status_code == 302 and response["Location"] == second.get_absolute_url()
    second.refresh_from_db()
    assert second.group_leader == first
    entry = AuditEntry.objects.get(action="signal.group")
    assert entry.actor == roles["secretary"] and entry.details == {"leader": first.reference}
    # Grouped now: the page offers to undo it, not to group again.
    html = client.get(second.get_absolute_url()).content.decode()
    assert "Weer los maken" in html and "zetten</button>" not in html


def test_only_the_secretary_and_chair_may_group(client, roles, look_alikes):
    first, second = look_alikes
    for role in ("member", "member_other", "central_member", "liaison", "administrator"):
        client.force_login(roles[role])
        page = client.get(second.get_absolute_url())
        if page.status_code == 200:
            assert "zetten</button>" not in page.content.decode(), role
        response = client.post(
            f"{second.get_absolute_url()}groeperen/", {"leader": first.reference}
        )
        assert response.status_code == 403, role
    second.refresh_from_db()
    assert second.group_leader is None and not AuditEntry.objects.filter(action="signal.group")
    chair = MembershipFactory(council=roles.council, role=Membership.Role.CHAIR).user
    client.force_login(chair)
    assert (
        client.post(
            f"{second.get_absolute_url()}groeperen/", {"leader": first.reference}
        ).status_code
        == 302
    )


def test_a_signal_already_under_this_one_is_not_offered_again(client, roles, look_alikes):
    first, second = look_alikes
    second.group_leader = first
    second.save(update_fields=["group_leader"])
    client.force_login(roles["secretary"])
    html = client.get(first.get_absolute_url()).content.decode()
    similar = html[html.index('id="lijkt-op"') :]
    assert "valt al onder dit signaal" in similar
    assert f"Onder {second.reference} zetten" not in similar


# --- mails to the client -------------------------------------------------------------------------


@pytest.fixture
def mailed_signal(roles):
    roles.council.email = "noord@raad.example"
    roles.council.phone = "050 1234567"
    roles.council.save(update_fields=["email", "phone"])
    signal = SignalFactory(council=roles.council, answer_requested=True)
    SignalPrivate.objects.create(signal=signal, email="melder@voorbeeld.example")
    return signal


@pytest.fixture
def client_mails(roles, mailed_signal, smtp_server, django_capture_on_commit_callbacks):
    """Make the secretary's status changes, each a (status, reason) pair; returns the mails to
    the client, in order, with plain newlines."""

    def move(*moves) -> list[str]:
        with django_capture_on_commit_callbacks(execute=True):
            for to_status, reason in moves:
                signal_transition(
                    actor=roles["secretary"],
                    signal=mailed_signal,
                    to_status=to_status,
                    reason=reason,
                )
        assert all(m["to"] == ["melder@voorbeeld.example"] for m in smtp_server.messages)
        return [m["text"].replace("\r\n", "\n") for m in smtp_server.messages]

    return move


def test_the_in_progress_mail_carries_the_reason_and_how_to_reach_the_council(
    roles, mailed_signal, client_mails
):
    [text] = client_mails((SignalStatus.IN_PROGRESS, "Wij vragen UWV volgende week om uitleg."))
    assert "De status is nu: In behandeling." in text
    assert "Toelichting van de raad:\nWij vragen UWV volgende week om uitleg." in text
    assert roles.council.name in text
    assert "E-mail: noord@raad.example" in text and "Telefoon: 050 1234567" in text
    assert mailed_signal.reference in text


def test_a_closing_note_stays_internal_and_the_answer_reads_as_an_answer(client_mails):
    answered, closed = client_mails(
        (SignalStatus.ANSWERED, "U kunt bezwaar maken bij UWV."),
        (SignalStatus.CLOSED, "Intern: dubbel met S-2026-000001."),
    )
    assert "Antwoord van de raad:\nU kunt bezwaar maken bij UWV." in answered
    assert "Intern" not in closed and "De status is nu: Gesloten." in closed
    assert "Telefoon: 050 1234567" in closed


def test_without_council_contact_the_mail_points_to_the_site(roles, client_mails, settings):
    roles.council.email = roles.council.phone = ""
    roles.council.save(update_fields=["email", "phone"])
    [text] = client_mails((SignalStatus.IN_PROGRESS, ""))
    assert "E-mail:" not in text and "Toelichting" not in text
    assert f"Hoe u de raad bereikt, leest u op {settings.SITE_URL}/" in text


# --- a client who wants a call -------------------------------------------------------------------


def test_a_client_with_only_a_phone_number_asks_the_secretary_for_a_call(client, roles):
    signal = SignalFactory(council=roles.council, answer_requested=True)
    SignalPrivate.objects.create(signal=signal, phone="06 12345678")
    client.force_login(roles["secretary"])
    html = client.get(signal.get_absolute_url()).content.decode()
    assert "De melder wil gebeld worden" in html
    assert '<a href="tel:0612345678" class="call-phone">06 12345678</a>' in html
    entry = AuditEntry.objects.get(action="signal.private.view")
    assert entry.personal_data and entry.actor == roles["secretary"]

    for role in ("member", "central_member", "administrator"):
        client.force_login(roles[role])
        html = client.get(signal.get_absolute_url()).content.decode()
        assert "12345678" not in html and "gebeld worden" not in html, role
    assert AuditEntry.objects.filter(action="signal.private.view").count() == 1


def test_no_call_request_when_there_is_an_email_address(client, roles, mailed_signal):
    mailed_signal.private.phone = "06 12345678"
    mailed_signal.private.save(update_fields=["phone"])
    client.force_login(roles["secretary"])
    html = client.get(mailed_signal.get_absolute_url()).content.decode()
    assert "gebeld worden" not in html and "12345678" not in html
    assert not AuditEntry.objects.filter(action="signal.private.view").exists()


# --- the intake form asks instead of throwing contact details away -------------------------------


@pytest.mark.parametrize(
    ("contact", "message"),
    [
        (
            {"email": "c@voorbeeld.example"},
            "U vulde een e-mailadres in, maar vinkte &#x27;Ik wil een antwoord&#x27; niet aan. "
            "Wilt u antwoord? Zet dan het vinkje aan. Anders: maak het e-mailadres leeg.",
        ),
        ({"phone": "06 12345678"}, "U vulde een telefoonnummer in, maar vinkte"),
    ],
)
def test_contact_details_without_the_tick_are_a_question_and_nothing_is_lost(
    client, classifier, signal_councils, contact, message
):
    response = client.post("/signaal/", {**INTAKE, **contact})
    assert response.status_code == 400 and not Signal.objects.exists()
    html = response.content.decode()
    assert message in html
    assert 'href="#id_wants_answer"' in html and 'id="id_wants_answer_error"' in html
    value = next(iter(contact.values()))
    assert f'value="{value}"' in html and INTAKE["text"] in html and 'value="9711 AB"' in html

    # Emptied: sent without contact details.
    response = client.post("/signaal/", {**INTAKE, **dict.fromkeys(contact, "")})
    assert response.status_code == 302
    assert not Signal.objects.get().answer_requested


def test_ticked_after_the_question_the_contact_details_are_kept(
    client, classifier, signal_councils
):
    data = {**INTAKE, "email": "c@voorbeeld.example"}
    assert client.post("/signaal/", data).status_code == 400
    response = client.post("/signaal/", {**data, "wants_answer": "on", "consent": "on"})
    assert response.status_code == 302
    signal = Signal.objects.get()
    assert signal.answer_requested and signal.private.email == "c@voorbeeld.example"
