"""Mijn overzicht per role (issue 15, "each role's own work first"): what waits on the person
comes first; agency staff and administrators are not told they sit on no council; the
administrator gets no "Vacatures van uw raad"; the second-factor prompt only for those without
one; and the page's query count does not grow with the work shown, for each role."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from accounts.tests.factories import give_mfa
from tests.dashboard_work import add_work
from tests.test_query_counts import _measure, _report

pytestmark = pytest.mark.django_db

DASHBOARD_MAX_QUERIES = 36
NOT_A_MEMBER = "U bent (nog) geen lid van een raad."
MFA_PROMPT = "Inloggen in twee stappen instellen"


def _dashboard(client, user) -> str:
    client.force_login(user)
    response = client.get("/mijn/")
    assert response.status_code == 200
    return response.content.decode()


def _before(html: str, first: str, second: str) -> bool:
    assert first in html, first
    assert second in html, second
    return html.index(first) < html.index(second)


def test_the_liaison_sees_her_own_activities_and_queue_first_and_is_not_told_she_is_no_member(
    client, roles
):
    add_work(roles, 2)
    html = _dashboard(client, roles["liaison"])
    assert NOT_A_MEMBER not in html
    assert "Mijn raden" not in html
    assert _before(html, "Dit wacht op u", "Klantpanel van de contactpersoon 0")
    assert "Activiteiten die u organiseert" in html
    assert "1 aanmelding, 1 op de wachtlijst" in html
    assert "1 persoon vraagt iets:" in html and "tolk gebarentaal (1)" in html
    assert "/agenda/activiteit/" in html and "/deelnemers/" in html
    assert MFA_PROMPT not in html  # she has a second factor


def test_the_secretary_sees_new_applications_with_their_age_minutes_and_needs_first(client, roles):
    add_work(roles, 3)
    html = _dashboard(client, roles["secretary"])
    assert _before(html, "Dit wacht op u", "Mijn raden")
    assert _before(html, "3 nieuwe aanmeldingen wachten op antwoord.", "Mijn raden")
    # Oldest first, with its age; the one past 14 days and the one near it are marked.
    assert _before(html, "Aanmelder 0", "Aanmelder 1")
    assert "16 dagen geleden binnengekomen" in html and "2 dagen te laat" in html
    assert "12 dagen geleden binnengekomen" in html and "Nog 2 dagen om te antwoorden" in html
    assert "Notulen van Vergadering van vorige maand 0" in html
    assert "Komende vergadering 0" in html and "ringleiding: 1" in html
    assert "Vacatures van uw raad" in html
    assert NOT_A_MEMBER not in html
    assert MFA_PROMPT in html  # no second factor yet


def test_the_administrator_gets_no_vacancies_of_your_council_and_no_not_a_member(client, roles):
    add_work(roles, 1)
    html = _dashboard(client, roles["administrator"])
    assert NOT_A_MEMBER not in html
    assert "Vacatures van uw raad" not in html
    assert "Vacatures van alle raden" in html
    assert "1 nieuwe aanmelding wacht op antwoord." in html
    assert MFA_PROMPT not in html and "Inloggen in twee stappen beheren" in html
    client.force_login(roles["administrator"])
    vacancies = client.get("/mijn/vacatures/").content.decode()
    assert "Vacatures van uw raad" not in vacancies


def test_the_second_factor_prompt_goes_once_one_is_set_up(client, roles):
    member = roles["member"]
    assert MFA_PROMPT in _dashboard(client, member)
    give_mfa(member)
    html = _dashboard(client, member)
    assert MFA_PROMPT not in html
    assert "Inloggen in twee stappen beheren" in html


def test_someone_without_a_council_and_without_a_staff_role_is_told_so(client, roles):
    assert NOT_A_MEMBER in _dashboard(client, roles["ex_member"])


@pytest.mark.parametrize("role", ["liaison", "secretary", "administrator", "member"])
def test_dashboard_query_count_does_not_grow_with_the_work_shown(client, roles, role):
    add_work(roles, 2)
    client.force_login(get_user_model().objects.get(pk=roles[role].pk))
    small = _measure(client, "/mijn/")
    add_work(roles, 18, start=100)
    expect = {
        "liaison": ("Klantpanel van de contactpersoon 0",),
        "secretary": ("20 nieuwe aanmeldingen wachten", "Notulen van Vergadering van vorige"),
        "administrator": ("20 nieuwe aanmeldingen wachten",),
        "member": (),
    }[role]
    large = _measure(client, "/mijn/", expect=expect)
    detail = "\n".join((_report("2 of each", small), _report("20 of each", large)))
    assert len(small) == len(large), f"/mijn/ as {role}\n{detail}"
    # Above the other pages' ceiling: this page gathers a card from every app.
    assert len(large) <= DASHBOARD_MAX_QUERIES, f"/mijn/ as {role}\n{detail}"


def test_the_central_secretary_finds_requests_to_join_first(client, roles):
    """Shown since an earlier commit of issue 15; now among what waits on her, at the top."""
    from councils.models import Membership
    from councils.tests.factories import MembershipFactory
    from meetings.models import Meeting
    from meetings.tests.factories import GuestRequestFactory, MeetingFactory

    central_secretary = MembershipFactory(
        council=roles.central, role=Membership.Role.SECRETARY
    ).user
    meeting = MeetingFactory(
        council=roles.central, kind=Meeting.Kind.CENTRAL, title="Vergadering CCR"
    )
    GuestRequestFactory(meeting=meeting, user=roles["member"], council=roles.council)
    html = _dashboard(client, central_secretary)
    assert _before(html, "Dit wacht op u", "Verzoeken om aan te schuiven")
    assert _before(html, "1 verzoek wacht op uw besluit.", "Mijn raden")


def test_the_demo_gives_each_role_something_real_to_do(client):
    """``manage.py demo``: the liaison organises activities people signed up for with needs;
    Noord's secretary has applications near and past the 14 days, minutes to approve and needs
    to arrange."""
    from councils.demo import load as load_councils
    from meetings.demo import load as load_meetings
    from recruitment.demo import load as load_recruitment

    load_councils()
    load_meetings()
    load_recruitment()
    users = get_user_model().objects
    html = _dashboard(client, users.get(email="contactpersoon@raadsplein.example"))
    assert _before(html, "Dit wacht op u", "Activiteiten die u organiseert")
    assert "personen vragen iets:" in html and NOT_A_MEMBER not in html
    html = _dashboard(client, users.get(email="secretaris@raadsplein.example"))
    assert _before(html, "Dit wacht op u", "nieuwe aanmeldingen wachten op antwoord.")
    assert "dagen te laat" in html and "om te antwoorden" in html
    assert "Notulen vaststellen" in html and "Wat mensen nodig hebben" in html
    html = _dashboard(client, users.get(email="beheerder@raadsplein.example"))
    assert NOT_A_MEMBER not in html and "Vacatures van uw raad" not in html
