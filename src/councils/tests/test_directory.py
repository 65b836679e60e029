"""The member directory (ledenoverzicht, issue 15): members of every active council, grouped by
council, with role(s), the topics they want to be asked about and only the contact ways they
agreed to show; filters by council, topic and name. A member of another council who opens a
council's member page is sent here instead of getting a 403."""

from __future__ import annotations

import datetime
import re

import pytest

from accounts.models import MemberTopic
from accounts.tests.factories import UserFactory
from councils.models import Membership
from councils.selectors import member_directory
from councils.tests.factories import CouncilFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def _member(council, *, first, last, role=Membership.Role.MEMBER, topics=(), **fields):
    user = UserFactory(first_name=first, last_name=last, **fields)
    MembershipFactory(user=user, council=council, role=role)
    for code in topics:
        MemberTopic.objects.create(user=user, code=code)
    return user


def _html(response) -> str:
    return response.content.decode()


def test_lists_active_members_of_active_councils_grouped_with_roles_and_topics(client, roles):
    lotte = _member(
        roles.other_council,
        first="Lotte",
        last="Limburg",
        role=Membership.Role.CHAIR,
        topics=["onderwerp:brieven", "regeling:WIA"],
    )
    MembershipFactory(user=lotte, council=roles.other_council, role=Membership.Role.SECRETARY)
    today = datetime.date.today()
    MembershipFactory(
        council=roles.other_council,
        user=UserFactory(first_name="Oud", last_name="Gediend"),
        start_date=today - datetime.timedelta(days=400),
        end_date=today - datetime.timedelta(days=1),
    )
    closed = CouncilFactory(slug="opgeheven", name="Opgeheven raad", is_active=False)
    _member(closed, first="Gesloten", last="Raad")

    groups = {g.council.slug: g for g in member_directory()}
    assert set(groups) == {"noord", "limburg", "centraal"}
    [entry] = [e for e in groups["limburg"].entries if e.name == "Lotte Limburg"]
    assert entry.roles == ["Voorzitter", "Secretaris"]
    assert len(entry.topics) == 2
    assert groups["limburg"].entries[0] is entry  # the chair first
    names = [e.name for g in groups.values() for e in g.entries]
    assert "Oud Gediend" not in names and "Gesloten Raad" not in names


def test_contact_only_where_the_member_agreed(client, roles):
    _member(
        roles.other_council,
        first="Open",
        last="Lid",
        email="open@raadsplein.example",
        directory_show_email=True,
        directory_phone="06 12345678",
    )
    _member(roles.other_council, first="Stil", last="Lid", email="stil@raadsplein.example")
    client.force_login(roles["member"])
    page = _html(client.get("/mijn/ledenoverzicht/"))
    assert "open@raadsplein.example" in page and "06 12345678" in page
    assert "stil@raadsplein.example" not in page and "Stil Lid" in page
    # Nobody's address shows by default, not even that of the roles' own members.
    assert roles["member_other"].email not in page


def test_filters_by_council_topic_and_name(client, roles):
    _member(roles.other_council, first="Bram", last="Brieven", topics=["onderwerp:brieven"])
    _member(roles.council, first="Bea", last="Brieven", topics=["onderwerp:brieven"])
    _member(roles.other_council, first="Wim", last="Wia", topics=["regeling:WIA"])
    client.force_login(roles["member"])

    def names(query):
        html = _html(client.get(f"/mijn/ledenoverzicht/?{query}"))
        return {n for n in ("Bram Brieven", "Bea Brieven", "Wim Wia") if n in html}

    assert names("onderwerp=onderwerp:brieven") == {"Bram Brieven", "Bea Brieven"}
    assert names("raad=limburg&onderwerp=onderwerp:brieven") == {"Bram Brieven"}
    assert names("naam=wim") == {"Wim Wia"}
    assert names("naam=brieven bea") == {"Bea Brieven"}
    assert names("raad=limburg&naam=") == {"Bram Brieven", "Wim Wia"}


def test_an_unknown_filter_value_is_a_400_with_the_error_summary(client, roles):
    client.force_login(roles["member"])
    response = client.get("/mijn/ledenoverzicht/?raad=bestaat-niet")
    assert response.status_code == 400
    assert re.search(r'class="error-summary"[^>]*>.*href="#id_raad"', _html(response), re.S)


def test_another_councils_member_page_leads_to_the_directory_of_that_council(client, roles):
    """Was a 403: a noord member who opens limburg's member page."""
    client.force_login(roles["member"])
    response = client.get("/mijn/raad/limburg/")
    assert response.status_code == 302
    assert response["Location"] == "/mijn/ledenoverzicht/?raad=limburg"
    page = _html(client.get(response["Location"]))
    assert "Districtscliëntenraad Limburg" in page
    assert "Districtscliëntenraad Noord</h3>" not in page


def test_visitors_are_sent_to_login_and_former_members_refused(client, roles):
    response = client.get("/mijn/ledenoverzicht/")
    assert response.status_code == 302 and "/account/login/" in response["Location"]
    client.force_login(roles["ex_member"])
    assert client.get("/mijn/ledenoverzicht/").status_code == 403
