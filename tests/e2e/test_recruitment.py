"""Recruitment in the browser (issue 8): a visitor finds "Word raadslid" from the home page, reads
a vacancy and applies with the keyboard alone (Tab, Space, typing, Enter; never a click), sees a
refused form keep what was typed, and gets a reference. The council's secretary logs in, plans
an interview and accepts. None of these pages has an axe-core violation of WCAG 2.2 A and AA."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from tests.e2e.keyboard import focused, tab_to

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _field(name):
    return lambda element: element["name"] == name


@pytest.fixture
def vacancy(public_site):
    from recruitment.tests.factories import VacancyFactory

    return VacancyFactory(
        council=public_site.council,
        title="Lid van de raad in Noord",
        time_needed="Ongeveer 8 uur per maand",
    )


def test_a_visitor_applies_with_the_keyboard_and_the_secretary_accepts(
    page, public_site, vacancy, log_in, assert_accessible
):
    from recruitment.models import Application

    page.goto("/")
    tab_to(
        page, lambda e: e["href"] == "/word-raadslid/" and e["text"] == "Word raadslid", limit=80
    )
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == "Word raadslid"
    assert_accessible(page)

    tab_to(page, lambda e: e["text"] == vacancy.title, limit=80)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == vacancy.title
    assert_accessible(page)

    tab_to(page, lambda e: e["text"] == "Meld u aan", limit=60)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/word-raadslid/aanmelden/" in page.url
    assert page.locator("#id_council").input_value() == str(public_site.council.pk)
    assert_accessible(page)

    # First try: no e-mail address and no consent.
    tab_to(page, _field("name"), limit=60)
    page.keyboard.type("Sanne de Vries")
    tab_to(page, _field("motivation"), limit=5)
    page.keyboard.type("Ik wil dat brieven van UWV duidelijker worden.")
    page.keyboard.press("Tab")
    assert focused(page)["name"] == "experience"
    page.keyboard.type("Ik had twee jaar een WW-uitkering.")
    page.keyboard.press("Tab")  # into the age bands: the first radio button
    assert focused(page)["name"] == "age_band"
    page.keyboard.press("Space")
    tab_to(page, lambda e: e["tag"] == "button" and "Verstuur" in e["text"], limit=6)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.title().startswith("Fout")
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    assert page.locator("#id_name").input_value() == "Sanne de Vries"
    assert page.locator("#id_age_band_0").is_checked()
    assert_accessible(page)

    # Second try: fill in what was missing, with the keyboard.
    tab_to(page, _field("email"), limit=60)
    page.keyboard.type("sanne@example.org")
    tab_to(page, _field("consent"), limit=12)
    page.keyboard.press("Space")
    assert page.locator("#id_consent").is_checked()
    page.keyboard.press("Tab")
    assert "Verstuur" in focused(page)["text"]
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/word-raadslid/aanmelden/ontvangen/")
    reference = page.locator(".reference").inner_text()
    assert re.fullmatch(rf"A-{timezone.localdate().year}-\d{{6}}", reference)
    assert "uiterlijk op" in page.content()
    assert_accessible(page)
    application = Application.objects.get(reference=reference)
    assert application.vacancy == vacancy and application.age_band == "tot-25"

    # The secretary of Noord handles it.
    page.context.clear_cookies()
    log_in(page, public_site["secretary"], next_url="/mijn/aanmeldingen/")
    assert page.url.endswith("/mijn/aanmeldingen/")
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("link", name=reference).click()
    assert "Sanne de Vries" in page.content()
    assert_accessible(page)

    when = timezone.localtime() + datetime.timedelta(days=5)
    page.get_by_label("Gesprek gepland").check()
    page.get_by_label("Datum en tijd van het gesprek").fill(when.strftime("%Y-%m-%dT14:00"))
    page.get_by_label("Toelichting").fill("Gesprek op het kantoor in Groningen.")
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan", exact=True).click()
    assert "De stand is nu “Gesprek gepland”" in page.content()
    assert_accessible(page)

    page.get_by_label("Aangenomen").check()
    page.get_by_label("Raadslid").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan", exact=True).click()
    assert "De stand is nu “Aangenomen”" in page.content()
    application.refresh_from_db()
    assert application.status == "accepted"
    assert application.invitation.email == "sanne@example.org"
    assert application.onboarding_steps.count() == 4
    assert_accessible(page)


def test_a_new_member_ticks_off_a_step_and_the_secretary_screens_are_accessible(
    page, public_site, vacancy, log_in, assert_accessible
):
    from recruitment.models import ApplicationStatus, OnboardingStep
    from recruitment.tests.factories import ApplicationFactory

    member = public_site["member"]
    application = ApplicationFactory(
        council=public_site.council, status=ApplicationStatus.ACCEPTED, user=member
    )
    OnboardingStep.objects.create(
        application=application, key="startgids", label="Lees de startgids", position=1
    )
    OnboardingStep.objects.create(
        application=application, key="voorzitter", label="Maak kennis", position=2
    )
    ApplicationFactory(council=public_site.council, age_band="tot-25")

    log_in(page, member)
    assert page.locator("#startlijst").is_visible()
    assert_accessible(page)
    tab_to(page, lambda e: e["tag"] == "button" and e["text"].startswith("Gedaan"), limit=80)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Gedaan:" in page.locator(".checklist").inner_text()
    assert OnboardingStep.objects.get(key="startgids").done_at is not None

    page.context.clear_cookies()
    log_in(page, public_site["secretary"], next_url="/mijn/aanmeldingen/cijfers/")
    assert page.locator("h1").inner_text() == "Cijfers over aanmeldingen"
    assert page.locator("svg").count() == 1
    assert_accessible(page)
    page.goto("/mijn/vacatures/nieuw/")
    assert_accessible(page)
    page.goto("/mijn/")
    assert "nieuwe aanmelding" in page.content()
    assert_accessible(page)
