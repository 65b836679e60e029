"""The application form for anonymous visitors is built once per council or vacancy and each
visitor gets their own CSRF token (common.formcache, issue 18); a change to the councils or the
vacancy shows at once, and a closed vacancy is never served from what was kept. Pages are read
with lxml, not by matching our own markup."""

from __future__ import annotations

import datetime

import lxml.html
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from common.formcache import HEADER, PLACEHOLDER
from councils.models import Membership
from councils.tests.factories import CouncilFactory, MembershipFactory
from recruitment.models import Application, Vacancy

from .factories import VacancyFactory
from .test_views import form_data

pytestmark = pytest.mark.django_db

FORM = "/word-raadslid/aanmelden/"


def _page(response):
    return lxml.html.fromstring(response.content)


def _token(response) -> str:
    (value,) = _page(response).xpath(
        '//form[@method="post"]//input[@name="csrfmiddlewaretoken"]/@value'
    )
    return value


def _councils(response) -> list[str]:
    return [
        o.text for o in _page(response).xpath('//select[@name="council"]/option') if o.get("value")
    ]


def _chosen(response) -> list[str]:
    return _page(response).xpath('//select[@name="council"]/option[@selected]/@value')


def test_two_visitors_get_their_own_token_and_only_their_own_works():
    council = CouncilFactory()
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    page_1, page_2 = first.get(FORM), second.get(FORM)
    assert (page_1[HEADER], page_2[HEADER]) == ("miss", "hit")
    token_1, token_2 = _token(page_1), _token(page_2)
    assert token_1 != token_2 and PLACEHOLDER not in token_1 + token_2

    assert (
        second.post(FORM, {**form_data(council), "csrfmiddlewaretoken": token_1}).status_code == 403
    )
    assert not Application.objects.exists()
    for visitor, token, email in (
        (first, token_1, "een@example.org"),
        (second, token_2, "twee@example.org"),
    ):
        response = visitor.post(
            FORM, {**form_data(council, email=email), "csrfmiddlewaretoken": token}
        )
        assert response["Location"] == "/word-raadslid/aanmelden/ontvangen/"
    assert Application.objects.count() == 2


@pytest.mark.parametrize("query", ["", "raad", "vacature"])
def test_the_page_is_built_once_for_two_visitors(query):
    vacancy = VacancyFactory(council=CouncilFactory(slug="noord"))
    CouncilFactory()
    path = FORM + {"": "", "raad": "?raad=noord", "vacature": f"?vacature={vacancy.pk}"}[query]
    with CaptureQueriesContext(connection) as built:
        first = Client().get(path)
    with CaptureQueriesContext(connection) as kept:
        second = Client().get(path)
    assert (first[HEADER], second[HEADER]) == ("miss", "hit") and second.templates == []
    # Building: the councils to choose from, the menu's locale and pages (and the council or the
    # vacancy asked for). Kept: only the council or the vacancy asked for, to check it.
    assert (len(built), len(kept)) == {"": (3, 0), "raad": (4, 1), "vacature": (4, 1)}[query]
    chosen = [""] if not query else [str(vacancy.council.pk)]
    assert _chosen(first) == _chosen(second) == chosen
    action = _page(second).xpath("//main//form/@action")
    assert action == [path]


def test_a_council_added_shows_on_the_next_get(django_capture_on_commit_callbacks):
    CouncilFactory(name="Districtscliëntenraad Noord")
    assert _councils(Client().get(FORM)) == ["Districtscliëntenraad Noord"]
    assert Client().get(FORM)[HEADER] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        CouncilFactory(name="Districtscliëntenraad Oost")
    response = Client().get(FORM)
    assert response[HEADER] == "miss"
    assert _councils(response) == ["Districtscliëntenraad Noord", "Districtscliëntenraad Oost"]


def test_a_vacancy_renamed_by_its_secretary_shows_on_the_next_get(
    client, django_capture_on_commit_callbacks
):
    council = CouncilFactory(slug="noord")
    vacancy = VacancyFactory(council=council, title="Raadslid")
    path = f"{FORM}?vacature={vacancy.pk}"
    Client().get(path)
    assert Client().get(path)[HEADER] == "hit"
    client.force_login(MembershipFactory(council=council, role=Membership.Role.SECRETARY).user)
    data = {
        "council": council.pk,
        "title": "Jongerenplek",
        "role": vacancy.role,
        "time_needed": vacancy.time_needed,
        "expenses": vacancy.expenses,
        "suits": vacancy.suits,
        "is_open": "on",
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/mijn/vacatures/{vacancy.pk}/", data).status_code == 302
    response = Client().get(path)
    assert response[HEADER] == "miss"
    assert "Jongerenplek" in _page(response).findtext(".//p[@class='lead']")


def test_a_vacancy_past_its_closing_date_is_closed_though_its_page_was_kept():
    vacancy = VacancyFactory(closes_on=timezone.localdate())
    path = f"{FORM}?vacature={vacancy.pk}"
    Client().get(path)
    assert Client().get(path)[HEADER] == "hit"
    # Time passes: no save, so no tag changes; the view checks the date on every request.
    Vacancy.objects.filter(pk=vacancy.pk).update(
        closes_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert Client().get(path).status_code == 410


@pytest.mark.parametrize("query", ["?raad=onbekend", "?raad=noord&x=1", "?utm_source=krant"])
def test_other_query_strings_are_built_as_usual(query):
    CouncilFactory(slug="noord")
    for _ in range(2):
        response = Client().get(FORM + query)
        assert response.status_code == 200 and HEADER not in response
        assert "recruitment/apply.html" in [t.name for t in response.templates]


def test_a_refused_application_keeps_what_was_typed_and_the_next_visitor_gets_a_clean_form():
    council = CouncilFactory()
    visitor = Client(enforce_csrf_checks=True)
    token = _token(visitor.get(FORM))
    data = {**form_data(council, email="geen-adres"), "csrfmiddlewaretoken": token}
    del data["consent"]
    response = visitor.post(FORM, data)
    assert response.status_code == 400 and HEADER not in response
    page = _page(response)
    assert page.findtext(".//title").startswith("Fout: ")
    (summary,) = page.xpath('//div[@id="foutmeldingen"]')
    assert summary.get("autofocus") is not None and summary.get("tabindex") == "-1"
    assert page.xpath('//input[@name="name"]/@value') == ["Sanne de Vries"]

    clean = Client().get(FORM)
    assert clean[HEADER] == "hit"
    page = _page(clean)
    assert not page.xpath('//div[@id="foutmeldingen"]')
    assert page.xpath('//input[@name="name"]/@value') == []


def test_english_and_dutch_are_kept_apart():
    CouncilFactory()
    for _ in range(2):
        dutch, english = Client().get(FORM), Client().get("/en" + FORM)
        assert (_page(dutch).get("lang"), _page(english).get("lang")) == ("nl", "en")
        assert _page(dutch).findtext(".//h1") != _page(english).findtext(".//h1")
    assert (dutch[HEADER], english[HEADER]) == ("hit", "hit")
