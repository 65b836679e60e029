from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.tests.factories import UserFactory
from common.models import AuditEntry
from councils.models import Membership
from councils.tests.factories import CouncilFactory, MembershipFactory
from recruitment.models import Application, ApplicationStatus, OnboardingStep

from .factories import ApplicationFactory, VacancyFactory

pytestmark = pytest.mark.django_db
S = ApplicationStatus


def form_data(council, **extra):
    return {
        "council": council.pk,
        "name": "Sanne de Vries",
        "email": "sanne@example.org",
        "phone": "",
        "motivation": "Brieven moeten duidelijker.",
        "experience": "Ik had een WW-uitkering.",
        "age_band": "tot-25",
        "accessibility_needs": "",
        "consent": "on",
        **extra,
    }


def test_the_public_page_lists_open_vacancies_and_filters_by_council(client):
    noord, zuid = CouncilFactory(slug="noord"), CouncilFactory(slug="zuid")
    VacancyFactory(council=noord, title="Plek in Noord")
    VacancyFactory(council=zuid, title="Plek in Zuid")
    VacancyFactory(council=zuid, title="Dicht", is_open=False)
    VacancyFactory(
        council=zuid, title="Verlopen", closes_on=timezone.localdate() - datetime.timedelta(1)
    )
    html = client.get("/word-raadslid/").content.decode()
    assert "Plek in Noord" in html and "Plek in Zuid" in html
    assert "Dicht" not in html and "Verlopen" not in html
    assert "jong" in html.lower() and "Meld u aan" in html
    html = client.get("/word-raadslid/?raad=zuid").content.decode()
    assert "Plek in Zuid" in html and "Plek in Noord" not in html
    assert 'href="/word-raadslid/aanmelden/?raad=zuid"' in html


def test_vacancy_detail_and_a_closed_vacancy(client):
    vacancy = VacancyFactory(time_needed="Vier uur per maand")
    html = client.get(f"/word-raadslid/{vacancy.pk}/").content.decode()
    assert "Vier uur per maand" in html and vacancy.expenses in html
    assert f"/word-raadslid/aanmelden/?vacature={vacancy.pk}" in html
    vacancy.is_open = False
    vacancy.save()
    html = client.get(f"/word-raadslid/{vacancy.pk}/").content.decode()
    assert "Aanmelden voor deze plaats kan niet meer" in html
    assert "?vacature=" not in html
    response = client.get(f"/word-raadslid/aanmelden/?vacature={vacancy.pk}")
    assert response.status_code == 410
    assert "kan niet meer" in response.content.decode()
    assert client.get("/word-raadslid/aanmelden/?vacature=999999").status_code == 404


def test_the_form_preselects_the_council_of_the_vacancy(client):
    vacancy = VacancyFactory()
    html = client.get(f"/word-raadslid/aanmelden/?vacature={vacancy.pk}").content.decode()
    assert f'<option value="{vacancy.council.pk}" selected>' in html
    assert "Zeg ik liever niet" in html and "nooit bij uw naam" in html
    html = client.get(f"/word-raadslid/aanmelden/?raad={vacancy.council.slug}").content.decode()
    assert f'<option value="{vacancy.council.pk}" selected>' in html


def test_applying_stores_and_shows_the_reference_and_the_date(
    client, smtp_server, django_capture_on_commit_callbacks, settings
):
    settings.RECRUITMENT_ANSWER_DAYS = 10
    vacancy = VacancyFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/word-raadslid/aanmelden/?vacature={vacancy.pk}",
            form_data(vacancy.council, age_band="geen"),
        )
    assert response.status_code == 302
    assert response["Location"] == "/word-raadslid/aanmelden/ontvangen/"
    application = Application.objects.get()
    assert application.vacancy == vacancy and application.age_band == ""
    assert "maanden verwijderd" in application.consent_text
    html = client.get(response["Location"]).content.decode()
    assert application.reference in html
    by = timezone.localdate(application.created_at) + datetime.timedelta(days=10)
    assert "binnen 10 dagen" in html
    assert f"{by.day} " in html and str(by.year) in html
    assert smtp_server.to("sanne@example.org")


def test_a_refused_form_keeps_what_was_typed_and_summarises_the_errors(client):
    council = CouncilFactory()
    data = form_data(council, email="geen-adres", consent="")
    del data["consent"]
    response = client.post("/word-raadslid/aanmelden/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Sanne de Vries" in html and "Brieven moeten duidelijker." in html
    assert 'value="tot-25" ' in html and "checked" in html
    assert "Vul een e-mailadres in" in html and "Geef toestemming" in html
    assert 'class="error-summary"' in html and 'href="#id_email"' in html
    assert not Application.objects.exists()


def test_applications_from_one_address_are_limited_and_the_refusal_keeps_what_was_typed(
    client, settings
):
    import re

    settings.APPLICATION_RATE_LIMIT = 2
    council = CouncilFactory()
    # Mistakes do not count.
    assert (
        client.post("/word-raadslid/aanmelden/", form_data(council, email="x")).status_code == 400
    )
    for n in range(2):
        response = client.post("/word-raadslid/aanmelden/", form_data(council, phone=f"06{n}"))
        assert response.status_code == 302
    response = client.post("/word-raadslid/aanmelden/", form_data(council))
    assert response.status_code == 429
    html = response.content.decode()
    assert "Sanne de Vries" in html and "Brieven moeten duidelijker." in html
    assert re.search(r"om \d\d:\d\d uur", html), html
    assert int(response["Retry-After"]) > 0
    assert Application.objects.count() == 2
    response = client.post(
        "/word-raadslid/aanmelden/", form_data(council), REMOTE_ADDR="198.51.100.20"
    )
    assert response.status_code == 302


def test_the_confirmation_mail_carries_no_name_typed_by_a_stranger(
    client, smtp_server, django_capture_on_commit_callbacks
):
    """Whoever fills in the form chooses the address the mail goes to."""
    council = CouncilFactory()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/word-raadslid/aanmelden/",
            form_data(council, name="Beste klant, uw uitkering stopt. Bel 0900-1234567"),
        )
    [mail] = smtp_server.to("sanne@example.org")
    assert "uitkering stopt" not in mail["text"] and "0900" not in mail["text"]
    assert Application.objects.get().reference in mail["text"]


def test_the_confirmation_page_needs_an_application_of_this_session(client):
    response = client.get("/word-raadslid/aanmelden/ontvangen/")
    assert response.status_code == 302


def test_the_council_page_tag_shows_its_open_vacancies():
    from django.template import Context, Template

    council = CouncilFactory()
    VacancyFactory(council=council, title="Open plek")
    VacancyFactory(council=council, title="Dichte plek", is_open=False)
    html = Template("{% load recruitment_tags %}{% council_vacancies council %}").render(
        Context({"council": council})
    )
    assert "Open plek" in html and "Dichte plek" not in html
    assert f"?raad={council.slug}" in html


@pytest.fixture
def secretary():
    council = CouncilFactory(slug="noord")
    return MembershipFactory(council=council, role=Membership.Role.SECRETARY).user


def test_the_secretary_sees_only_their_councils_applications_with_counts(client, secretary):
    council = secretary.memberships.get().council
    ApplicationFactory(council=council, name="Eigen nieuw")
    ApplicationFactory(council=council, name="Eigen gesprek", status=S.INTERVIEW)
    ApplicationFactory(name="Andere raad")
    client.force_login(secretary)
    html = client.get("/mijn/aanmeldingen/").content.decode()
    assert "Eigen nieuw" in html and "Eigen gesprek" in html and "Andere raad" not in html
    assert "Nieuw (1)" in html and "Gesprek gepland (1)" in html and "Alle (2)" in html
    html = client.get("/mijn/aanmeldingen/?status=interview").content.decode()
    assert "Eigen gesprek" in html and "Eigen nieuw" not in html


def test_the_secretary_list_has_a_fixed_number_of_queries(client, secretary):
    council = secretary.memberships.get().council
    client.force_login(secretary)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/mijn/aanmeldingen/").status_code == 200
        return len(queries)

    ApplicationFactory(council=council, vacancy=VacancyFactory(council=council))
    count()  # the first page also fills the menu's cache (issue 18)
    few = count()
    for _n in range(15):
        ApplicationFactory(council=council, vacancy=VacancyFactory(council=council))
    count()  # warm-up: new data renews the cached roles and menu
    assert count() == few


def test_the_detail_is_audited_and_another_council_is_refused(client, secretary):
    council = secretary.memberships.get().council
    mine = ApplicationFactory(council=council, accessibility_needs="Een rolstoelplek")
    other = ApplicationFactory()
    client.force_login(secretary)
    html = client.get(f"/mijn/aanmeldingen/{mine.pk}/").content.decode()
    assert mine.name in html and "Een rolstoelplek" in html
    assert "25 tot 35" not in html  # the age band is never shown per person
    assert AuditEntry.objects.filter(
        action="recruitment.application.view", object_id=str(mine.pk), personal_data=True
    ).exists()
    assert client.get(f"/mijn/aanmeldingen/{other.pk}/").status_code == 403
    member = MembershipFactory(council=council).user
    client.force_login(member)
    assert client.get(f"/mijn/aanmeldingen/{mine.pk}/").status_code == 403
    assert client.get("/mijn/aanmeldingen/").status_code == 403


def test_the_secretary_plans_an_interview_then_accepts(
    client, secretary, smtp_server, django_capture_on_commit_callbacks
):
    council = secretary.memberships.get().council
    application = ApplicationFactory(council=council, email="kandidaat@example.org")
    client.force_login(secretary)
    url = f"/mijn/aanmeldingen/{application.pk}/stand/"
    response = client.post(url, {"to_status": "interview", "interview_at": ""})
    assert response.status_code == 400
    assert "Vul de datum en tijd" in response.content.decode()
    when = (timezone.localtime() + datetime.timedelta(days=5)).strftime("%Y-%m-%dT14:00")
    response = client.post(url, {"to_status": "interview", "interview_at": when})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == S.INTERVIEW
    assert timezone.localtime(application.interview_at).hour == 14
    response = client.post(url, {"to_status": "accepted"})
    assert response.status_code == 400 and "aspirant-lid of lid" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"to_status": "accepted", "role": "member"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == S.ACCEPTED and application.invitation.role == "member"
    assert smtp_server.to("kandidaat@example.org")
    response = client.post(url, {"to_status": "rejected"})
    assert response.status_code == 400  # final


def test_notes(client, secretary):
    council = secretary.memberships.get().council
    application = ApplicationFactory(council=council)
    client.force_login(secretary)
    url = f"/mijn/aanmeldingen/{application.pk}/notitie/"
    assert client.post(url, {"text": ""}).status_code == 400
    assert client.post(url, {"text": "Belde terug"}).status_code == 302
    assert "Belde terug" in client.get(f"/mijn/aanmeldingen/{application.pk}/").content.decode()


def test_the_dashboard_links_the_account_and_shows_the_checklist(client, secretary):
    council = secretary.memberships.get().council
    from accounts.services import invitation_accept, invitation_create

    application = ApplicationFactory(council=council, status=S.INTERVIEW, email="nieuw@ex.org")
    from recruitment.services import application_transition

    application_transition(
        application=application, actor=secretary, to_status=S.ACCEPTED, role="member"
    )
    application.refresh_from_db()
    # a fresh invitation with a token we know, for the same application
    invitation, token = invitation_create(
        inviter=secretary, council=council, email="nieuw@ex.org", role="member"
    )
    Application.objects.filter(pk=application.pk).update(invitation=invitation)
    person = UserFactory(email="nieuw@ex.org")
    invitation_accept(token=token, user=person)
    client.force_login(person)
    html = client.get("/mijn/").content.decode()
    assert "Uw startlijst" in html and "Lees de startgids van het handboek" in html
    step = OnboardingStep.objects.get(application=application, key="voorzitter")
    response = client.post(f"/mijn/startlijst/{step.pk}/", {"done": "1"})
    assert response.status_code == 302
    step.refresh_from_db()
    assert step.done_at is not None
    client.force_login(secretary)
    assert client.post(f"/mijn/startlijst/{step.pk}/", {"done": "0"}).status_code == 404
    assert "nieuwe aanmelding" in client.get("/mijn/").content.decode()


def test_figures_page_scopes(client, secretary):
    council = secretary.memberships.get().council
    other = CouncilFactory(name="Andere raad")
    ApplicationFactory(council=council)
    ApplicationFactory(council=other)
    client.force_login(secretary)
    html = client.get("/mijn/aanmeldingen/cijfers/").content.decode()
    assert council.name in html and "Andere raad" not in html and "Landelijk" not in html
    # the chart: one year with a member, the secretary (unknown age), a full bar of that band;
    # coordinates with a decimal point, never the Dutch comma
    widths = re.findall(r'<rect x="0%" y="[\d.]+" width="([\d.]+)%"[^>]*age-chart__band--6', html)
    assert len(widths) == 5 and widths.count("0") == 4 and max(map(float, widths)) > 50
    central = CouncilFactory(slug="centraal", kind="central", name="Centrale Cliëntenraad")
    client.force_login(MembershipFactory(council=central).user)
    html = client.get("/mijn/aanmeldingen/cijfers/").content.decode()
    assert "Landelijk" in html and "Andere raad" in html and "<svg" in html
    client.force_login(MembershipFactory(council=council).user)
    assert client.get("/mijn/aanmeldingen/cijfers/").status_code == 403


def test_the_secretary_writes_and_closes_a_vacancy_of_their_own_council(client, secretary):
    council = secretary.memberships.get().council
    other = CouncilFactory()
    client.force_login(secretary)
    html = client.get("/mijn/vacatures/nieuw/").content.decode()
    assert council.name in html and other.name not in html
    data = {
        "council": council.pk,
        "title": "Jongerenplek",
        "role": "Meepraten over UWV",
        "time_needed": "4 uur per maand",
        "expenses": "Reiskosten en een vergoeding",
        "suits": "Jongeren tot 27 jaar",
        "is_open": "on",
    }
    assert client.post("/mijn/vacatures/nieuw/", {**data, "council": other.pk}).status_code == 400
    assert client.post("/mijn/vacatures/nieuw/", data).status_code == 302
    vacancy = council.vacancies.get()
    assert "Jongerenplek" in client.get("/word-raadslid/").content.decode()
    del data["is_open"]
    assert client.post(f"/mijn/vacatures/{vacancy.pk}/", data).status_code == 302
    assert "Jongerenplek" not in client.get("/word-raadslid/").content.decode()
    assert AuditEntry.objects.filter(action="recruitment.vacancy.change").exists()
    foreign = VacancyFactory(council=other)
    assert client.get(f"/mijn/vacatures/{foreign.pk}/").status_code == 403


@pytest.mark.parametrize("size", [2, 12])
def test_the_vacancy_list_query_count_does_not_grow(client, roles, size):
    for n in range(size):
        VacancyFactory(council=roles.council, title=f"Plaats {n}")
    client.force_login(roles["secretary"])
    client.get("/mijn/vacatures/")
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/mijn/vacatures/")
    assert response.status_code == 200
    assert response.content.decode().count("Plaats ") >= size
    assert len(captured) <= 16, len(captured)
