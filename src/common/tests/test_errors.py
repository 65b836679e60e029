"""The error pages (issue 14): 400, 403, 404, 500 and the CSRF failure, each in the site's layout
and the visitor's language, saying what happened and where to go. DEBUG is off in the tests'
settings, so these are the pages a visitor sees."""

from __future__ import annotations

import re

import pytest
from django.db import OperationalError, connection
from django.test import Client

from proposals.tests.factories import PlanFactory

pytestmark = pytest.mark.django_db

ERROR_URLS = "common.tests.urls_errors"


def _html(response) -> str:
    return response.content.decode()


def _title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


def _main(html: str) -> str:
    return html.split("<main", 1)[1].split("</main>", 1)[0]


def _assert_site_layout(html: str, *, lang: str = "nl"):
    assert f'<html lang="{lang}">' in html
    assert 'class="site-header"' in html
    assert 'class="site-footer"' in html
    assert "Naar de inhoud" in html or "Skip to content" in html


def _assert_where_to_go(html: str, *, prefix: str = ""):
    main = _main(html)
    assert f'href="{prefix}/"' in main
    assert f'href="{prefix}/zoeken/"' in main
    assert f'href="{prefix}/raden/zoek/"' in main


def test_404_page_has_the_site_layout_and_says_where_to_go(client, site_pages):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    html = _html(response)
    _assert_site_layout(html)
    assert _title(html).startswith("Deze pagina bestaat niet")
    assert "<h1>Deze pagina bestaat niet</h1>" in html
    _assert_where_to_go(html)
    assert 'href="/wie-zijn-wij/"' in _main(html)


def test_404_page_under_en_is_in_english_with_english_links(client, site_pages):
    response = client.get("/en/does-not-exist/")
    assert response.status_code == 404
    html = _html(response)
    _assert_site_layout(html, lang="en")
    assert "Skip to content" in html
    _assert_where_to_go(html, prefix="/en")
    assert 'href="/en/who-we-are/"' in _main(html)


def test_404_page_without_site_pages_still_shows_the_other_links(client):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    _assert_where_to_go(_html(response))


def test_403_for_a_visitor_offers_to_log_in_and_come_back(client, settings):
    settings.ROOT_URLCONF = ERROR_URLS
    response = client.get("/proef/verboden/?a=1")
    assert response.status_code == 403
    html = _html(response)
    _assert_site_layout(html)
    assert "<h1>U mag deze pagina niet zien</h1>" in html
    assert 'href="/account/login/?next=%2Fproef%2Fverboden%2F%3Fa%3D1"' in _main(html)
    assert "niet voor uw rol" not in html
    _assert_where_to_go(html)


def test_403_for_a_member_says_the_page_is_not_for_their_role_without_a_login_link(client, roles):
    client.force_login(roles["member"])
    response = client.get("/vinger-aan-de-pols/wachtrij/")
    assert response.status_code == 403
    html = _html(response)
    _assert_site_layout(html)
    main = _main(html)
    assert "niet voor uw rol" in main
    assert "/account/login/" not in main
    assert 'href="/mijn/"' in main
    _assert_where_to_go(html)


def test_403_under_en_keeps_the_english_addresses(client, settings):
    settings.ROOT_URLCONF = ERROR_URLS
    response = client.get("/en/proef/verboden/")
    assert response.status_code == 403
    html = _html(response)
    _assert_site_layout(html, lang="en")
    assert 'href="/en/account/login/?next=%2Fen%2Fproef%2Fverboden%2F"' in _main(html)
    _assert_where_to_go(html, prefix="/en")


def test_400_page_has_the_site_layout(client, settings):
    settings.ROOT_URLCONF = ERROR_URLS
    response = client.get("/proef/ongeldig/")
    assert response.status_code == 400
    html = _html(response)
    _assert_site_layout(html)
    assert "<h1>Deze vraag kan de website niet lezen</h1>" in html
    _assert_where_to_go(html)


def test_400_for_a_wrong_host_name_falls_back_to_the_simple_page(client):
    """The layout asks for the host (Open Graph's absolute URL), which a wrong host refuses."""
    response = client.get("/", HTTP_HOST="niet-toegestaan.example")
    assert response.status_code == 400
    html = _html(response)
    assert '<html lang="nl">' in html
    assert "<h1>Deze vraag kan de website niet lezen</h1>" in html
    _assert_where_to_go(html)


def _refuse(execute, sql, params, many, context):
    raise OperationalError("the database is down (test)")


def test_500_page_renders_without_the_database(client, settings):
    settings.ROOT_URLCONF = ERROR_URLS
    client.raise_request_exception = False
    with connection.execute_wrapper(_refuse):
        response = client.get("/proef/kapot/")
    assert response.status_code == 500
    html = _html(response)
    _assert_site_layout(html)
    assert _title(html).startswith("Er ging iets mis bij ons")
    assert "<h1>Er ging iets mis bij ons</h1>" in html
    _assert_where_to_go(html)


def test_500_page_under_en_is_english(client, settings):
    settings.ROOT_URLCONF = ERROR_URLS
    client.raise_request_exception = False
    with connection.execute_wrapper(_refuse):
        response = client.get("/en/proef/kapot/")
    assert response.status_code == 500
    html = _html(response)
    _assert_site_layout(html, lang="en")
    assert "Skip to content" in html
    _assert_where_to_go(html, prefix="/en")


def test_csrf_failure_page_explains_what_to_do(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/signaal/", {"text": "Een signaal"})
    assert response.status_code == 403
    html = _html(response)
    _assert_site_layout(html)
    assert "<h1>Het formulier is niet verstuurd</h1>" in html
    assert "cookies" in _main(html)
    _assert_where_to_go(html)


# --- after a failed submit: the title says so and the error summary takes the focus ---------


def test_failed_submit_puts_fout_in_the_title_and_focuses_the_summary(client):
    html = _html(client.get("/signaal/"))
    assert not _title(html).startswith("Fout:")
    assert "autofocus" not in html

    html = _html(client.post("/signaal/", {"text": ""}))
    assert _title(html).startswith("Fout: Meld een signaal")
    assert re.search(r'<div class="error-summary"[^>]* autofocus', html)


def test_form_through_the_component_gets_the_same(client):
    html = _html(client.post("/nieuwsflits/", {"email": ""}))
    assert _title(html).startswith("Fout:")
    assert re.search(r'<div class="error-summary"[^>]*id="foutmeldingen"[^>]* autofocus', html)


def test_form_without_a_django_form_gets_the_same(client):
    html = _html(client.get("/raden/zoek/", {"postcode": "ABC"}))
    assert _title(html).startswith("Fout:")
    assert re.search(r'<div class="error-summary"[^>]*id="foutmeldingen"[^>]* autofocus', html)


def _failed(**context) -> str:
    from django.template import Context, Template

    template = Template("{% load raadsplein %}{% submit_failed as failed %}{{ failed }}")
    return template.render(Context(context))


def test_submit_failed_sees_bound_forms_with_errors_and_listed_page_errors():
    from django import forms
    from django.utils.functional import SimpleLazyObject

    class Form(forms.Form):
        name = forms.CharField(max_length=100)

    checked = Form({})
    checked.is_valid()
    never_checked = Form({})
    lazy = SimpleLazyObject(lambda: pytest.fail("a lazy value was evaluated"))
    assert _failed(form=Form(), lazy=lazy) == "False"
    assert _failed(other_form=checked, lazy=lazy) == "True"
    assert _failed(form=never_checked) == "False"
    assert never_checked._errors is None  # the tag does not validate a form for the view
    assert _failed(formset=forms.formset_factory(Form)({})) == "False"
    formset = forms.formset_factory(Form)(
        {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0", "form-0-name": "x" * 200}
    )
    assert not formset.is_valid()
    assert _failed(formset=formset) == "True"
    assert _failed(page_errors=["Dat lukte niet"]) == "True"
    assert _failed(page_errors=[]) == "False"


# --- links only to what the member may open ----------------------------------------------------


def test_pulse_links_to_the_queue_only_for_those_who_may_open_it(client, roles):
    PlanFactory(council=roles.council)
    for name, shown in (("member", False), ("secretary", False), ("liaison", True)):
        client.force_login(roles[name])
        html = _html(client.get("/vinger-aan-de-pols/"))
        assert ('href="/vinger-aan-de-pols/wachtrij/"' in html) is shown, name
