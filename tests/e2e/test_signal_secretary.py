"""Signals as the secretary works them, and the client's question on the form (issue 15): every
label focuses its own field, closing without a reason lands on the error summary whose link
leads to the field, a similar signal is grouped in one click, a client with only a phone number
is shown as a call to make, and a client who typed an e-mail address without "Ik wil een
antwoord" is asked, losing nothing. Every page passes axe (WCAG 2.2 AA)."""

from __future__ import annotations

import re

import pytest

from tests.e2e.keyboard import focused, tab_to

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TEXT = "De telefoon van UWV wordt nooit opgenomen. Ik hang steeds een uur in de wacht."


@pytest.fixture
def secretary_signals(roles):
    """A signal of the secretary's council, with a look-alike received a day earlier."""
    import datetime

    from django.utils import timezone

    from signals.tests.factories import SignalFactory

    now = timezone.now()
    earlier = SignalFactory(
        council=roles.council,
        reference="S-2000-000001",
        text=TEXT + " Al weken.",
        received_at=now - datetime.timedelta(days=1),
    )
    signal = SignalFactory(council=roles.council, reference="S-2000-000002", text=TEXT)
    return signal, earlier


def test_each_label_focuses_its_own_field(
    page, roles, secretary_signals, log_in, assert_accessible
):
    signal, _earlier = secretary_signals
    log_in(page, roles["secretary"])
    page.goto(f"/mijn/signalen/{signal.reference}/")

    page.locator("label", has_text="Reden").click()
    assert focused(page)["id"] == "id_reroute_reason"
    assert page.get_by_role("textbox", name="Reden").get_attribute("name") == "reason"
    page.locator("label", has_text="Toelichting").click()
    assert focused(page)["id"] == "id_status_reason"
    label = page.locator("label[for=id_status_reason]").inner_text()
    assert "verplicht bij Beantwoord en Gesloten" in label and "niet verplicht" not in label
    ids = page.evaluate("[...document.querySelectorAll('[id]')].map(el => el.id)")
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    assert_accessible(page)


def test_closing_without_a_reason_leads_from_the_summary_to_the_field(
    page, roles, secretary_signals, log_in, assert_accessible
):
    from signals.models import SignalStatus

    signal, _earlier = secretary_signals
    log_in(page, roles["secretary"])
    page.goto(f"/mijn/signalen/{signal.reference}/")
    page.locator("#id_status_to_status").select_option(label="Gesloten")
    with page.expect_navigation():
        page.get_by_role("button", name="Status opslaan").click()

    assert page.title().startswith("Fout:")
    assert focused(page)["id"] == "foutmeldingen"
    summary = page.locator("#foutmeldingen")
    link = summary.get_by_role("link", name=re.compile("Toelichting: Schrijf een toelichting"))
    assert link.get_attribute("href") == "#id_status_reason"
    reason = page.locator("#id_status_reason")
    assert reason.get_attribute("aria-invalid") == "true"
    assert page.locator("#id_status_reason_error").inner_text() == (
        "Schrijf een toelichting bij “Gesloten”."
    )
    assert_accessible(page)

    # With the keyboard: from the summary to its link, Enter, and the focus is on the field.
    tab_to(page, lambda element: element["href"] == "#id_status_reason", limit=5)
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "id_status_reason"
    page.keyboard.type("Dubbel gemeld.")
    assert page.locator("#id_status_to_status").input_value() == "closed"  # kept
    with page.expect_navigation():
        page.get_by_role("button", name="Status opslaan").click()
    assert page.locator(".message--success").inner_text() == "De status is aangepast."
    signal.refresh_from_db()
    assert signal.status == SignalStatus.CLOSED


def test_the_secretary_groups_a_look_alike_in_one_click(
    page, roles, secretary_signals, log_in, assert_accessible
):
    from common.models import AuditEntry

    signal, earlier = secretary_signals
    log_in(page, roles["secretary"])
    page.goto(f"/mijn/signalen/{signal.reference}/")
    similar = page.locator("section[aria-labelledby=lijkt-op]")
    button = similar.get_by_role("button", name=f"Onder {earlier.reference} zetten")
    assert button.is_visible()
    assert_accessible(page)

    with page.expect_navigation():
        button.click()
    assert page.url.endswith(f"/mijn/signalen/{signal.reference}/")
    assert page.locator(".message--success").inner_text() == (
        f"Het signaal valt nu onder {earlier.reference}."
    )
    assert page.locator("dd").get_by_role("link", name=earlier.reference).is_visible()
    assert page.get_by_role("button", name="Weer los maken").is_visible()
    signal.refresh_from_db()
    assert signal.group_leader == earlier
    assert AuditEntry.objects.filter(action="signal.group", actor=roles["secretary"]).count() == 1
    assert_accessible(page)

    # The leader's page lists it as the same problem, and offers nothing to group again.
    page.goto(f"/mijn/signalen/{earlier.reference}/")
    assert page.get_by_role("heading", name="Signalen over hetzelfde probleem").is_visible()
    assert page.get_by_text("valt al onder dit signaal").is_visible()


def test_a_client_with_only_a_phone_number_is_a_call_to_make(
    page, roles, secretary_signals, log_in, assert_accessible
):
    from signals.models import SignalPrivate

    signal, _earlier = secretary_signals
    signal.answer_requested = True
    signal.save(update_fields=["answer_requested"])
    SignalPrivate.objects.create(signal=signal, phone="06 12345678")

    log_in(page, roles["secretary"])
    page.goto(f"/mijn/signalen/{signal.reference}/")
    callout = page.locator("section[aria-labelledby=terugbellen]")
    assert callout.get_by_role("heading", name="De melder wil gebeld worden").is_visible()
    assert callout.get_by_role("link", name="06 12345678").get_attribute("href") == "tel:0612345678"
    assert_accessible(page)

    page.context.clear_cookies()
    log_in(page, roles["member"])
    page.goto(f"/mijn/signalen/{signal.reference}/")
    assert page.locator("h1").inner_text() == f"Signaal {signal.reference}"
    assert "12345678" not in page.content()


def test_a_client_who_typed_an_email_without_the_tick_is_asked_and_loses_nothing(
    page, signal_intake, assert_accessible
):
    from signals.models import Signal

    page.goto("/signaal/")
    page.get_by_label("Wat wilt u ons vertellen?").fill(TEXT)
    page.get_by_label("Uw postcode").fill("9711 AB")
    page.get_by_label("Uw e-mailadres").fill("melder@voorbeeld.example")
    with page.expect_navigation():
        page.get_by_role("button", name="Verstuur mijn signaal").click()

    assert not Signal.objects.exists()
    assert page.title().startswith("Fout:")
    assert focused(page)["id"] == "foutmeldingen"
    question = (
        "U vulde een e-mailadres in, maar vinkte 'Ik wil een antwoord' niet aan. Wilt u "
        "antwoord? Zet dan het vinkje aan. Anders: maak het e-mailadres leeg."
    )
    assert page.locator("#id_wants_answer_error").inner_text() == question
    assert page.get_by_label("Wat wilt u ons vertellen?").input_value() == TEXT
    assert page.get_by_label("Uw postcode").input_value() == "9711 AB"
    assert page.get_by_label("Uw e-mailadres").input_value() == "melder@voorbeeld.example"
    assert_accessible(page)

    # The summary's link brings the keyboard to the tick box; Space ticks it.
    tab_to(page, lambda element: element["href"] == "#id_wants_answer", limit=5)
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "id_wants_answer"
    page.keyboard.press("Space")
    page.get_by_label(re.compile("Ja, u mag mij antwoorden")).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Verstuur mijn signaal").click()
    assert page.url.endswith("/signaal/ontvangen/")
    signal = Signal.objects.get()
    assert signal.answer_requested and signal.private.email == "melder@voorbeeld.example"
    assert_accessible(page)
