from __future__ import annotations

import pytest

from common.models import AuditEntry
from signals.models import Signal, SignalStatus
from signals.tests.factories import SignalFactory

pytestmark = pytest.mark.django_db

FORM = {
    "text": "Ik wacht al drie weken op een beslissing over mijn WW.",
    "scheme": "WW",
    "postcode": "9711 AB",
    "email": "",
    "phone": "",
    "website": "",
}


def test_intake_form_explains_independence(client):
    html = client.get("/signaal/").content.decode()
    assert "onafhankelijk" in html and "UWV" in html
    assert 'name="website"' in html  # the honeypot


def test_submit_and_see_the_reference(client, classifier, signal_councils):
    response = client.post("/signaal/", FORM)
    assert response.status_code == 302 and response["Location"] == "/signaal/ontvangen/"
    signal = Signal.objects.get()
    page = client.get("/signaal/ontvangen/").content.decode()
    assert signal.reference in page and "Districtscliëntenraad Noord" in page
    assert signal.scheme_hint == "WW"


def test_confirmation_page_needs_a_submission_in_this_session(client):
    assert client.get("/signaal/ontvangen/")["Location"] == "/signaal/"


def test_bad_input_keeps_what_was_typed(client, classifier, signal_councils):
    response = client.post(
        "/signaal/", {**FORM, "postcode": "99", "wants_answer": "on", "email": "", "phone": ""}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert FORM["text"] in html and 'value="99"' in html
    assert "postcode" in html.lower() and "e-mailadres of telefoonnummer" in html
    assert not Signal.objects.exists()


def test_answer_needs_consent(client, classifier, signal_councils):
    response = client.post(
        "/signaal/", {**FORM, "wants_answer": "on", "email": "c@voorbeeld.example"}
    )
    assert response.status_code == 400 and not Signal.objects.exists()
    response = client.post(
        "/signaal/", {**FORM, "wants_answer": "on", "email": "c@voorbeeld.example", "consent": "on"}
    )
    assert response.status_code == 302
    assert Signal.objects.get().private.email == "c@voorbeeld.example"


def test_contact_without_wish_for_answer_is_asked_about_not_kept(
    client, classifier, signal_councils
):
    response = client.post("/signaal/", {**FORM, "email": "c@voorbeeld.example"})
    assert response.status_code == 400 and not Signal.objects.exists()
    assert "Ik wil een antwoord" in response.context["form"].errors["wants_answer"][0]


def test_honeypot_refuses_and_keeps_the_text(client, classifier, signal_councils):
    response = client.post("/signaal/", {**FORM, "website": "http://spam.example"})
    assert response.status_code == 400
    assert FORM["text"] in response.content.decode()
    assert not Signal.objects.exists()


def test_rate_limit_per_address_says_why_and_keeps_the_text(
    client, classifier, signal_councils, settings
):
    settings.SIGNAL_RATE_LIMIT = 2
    for _ in range(2):
        assert client.post("/signaal/", FORM).status_code == 302
    response = client.post("/signaal/", FORM, REMOTE_ADDR="127.0.0.1")
    assert response.status_code == 429
    html = response.content.decode()
    assert "veel signalen" in html and FORM["text"] in html
    assert Signal.objects.count() == 2
    # Another address is not limited.
    assert client.post("/signaal/", FORM, REMOTE_ADDR="10.9.8.7").status_code == 302


def _minutes_from(moments, seconds):
    """The clock times (HH:MM, Amsterdam) a retry could be announced for."""
    import datetime

    from django.utils import timezone

    times = set()
    for moment in moments:
        at = timezone.localtime(moment + datetime.timedelta(seconds=seconds))
        for extra in (0, 1):
            times.add((at + datetime.timedelta(minutes=extra)).strftime("%H:%M"))
    return times


def test_mistakes_do_not_count_toward_the_limit(client, classifier, signal_councils, settings):
    settings.SIGNAL_RATE_LIMIT = 2
    for _ in range(5):  # five typing mistakes
        assert client.post("/signaal/", {**FORM, "text": ""}).status_code == 400
    assert client.post("/signaal/", FORM).status_code == 302
    assert client.post("/signaal/", FORM).status_code == 302
    assert client.post("/signaal/", FORM).status_code == 429
    assert Signal.objects.count() == 2


def test_the_refusal_says_when_they_can_try_again(client, classifier, signal_councils, settings):
    from django.utils import timezone

    settings.SIGNAL_RATE_LIMIT = 1
    settings.SIGNAL_RATE_WINDOW = 600
    start = timezone.now()
    assert client.post("/signaal/", FORM).status_code == 302
    response = client.post("/signaal/", FORM)
    end = timezone.now()
    assert response.status_code == 429
    html = response.content.decode()
    assert any(f"om {hhmm} uur" in html for hhmm in _minutes_from([start, end], 600)), html
    assert FORM["text"] in html
    assert 0 < int(response["Retry-After"]) <= 600


def test_behind_the_load_balancer_each_client_has_its_own_limit(
    client, classifier, signal_councils, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.SIGNAL_RATE_LIMIT = 2
    via_proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for _ in range(2):
        response = client.post("/signaal/", FORM, HTTP_X_FORWARDED_FOR="203.0.113.9", **via_proxy)
        assert response.status_code == 302
    response = client.post("/signaal/", FORM, HTTP_X_FORWARDED_FOR="203.0.113.9", **via_proxy)
    assert response.status_code == 429
    response = client.post("/signaal/", FORM, HTTP_X_FORWARDED_FOR="198.51.100.20", **via_proxy)
    assert response.status_code == 302


def test_too_long_text_is_refused_with_the_limit(client, classifier, signal_councils):
    response = client.post("/signaal/", {**FORM, "text": "a" * 5001})
    assert response.status_code == 400 and "5000" in response.content.decode()


def test_english_form(client):
    html = client.get("/en/signaal/").content.decode()
    assert 'lang="en"' in html


def test_members_see_their_councils_signals_only(client, roles):
    own = SignalFactory(council=roles.council)
    other = SignalFactory(council=roles.other_council)
    client.force_login(roles["member"])
    html = client.get("/mijn/signalen/").content.decode()
    assert own.reference in html and other.reference not in html
    assert client.get(other.get_absolute_url()).status_code == 403
    client.force_login(roles["central_member"])
    html = client.get("/mijn/signalen/").content.decode()
    assert own.reference in html and other.reference in html


def test_grouped_signals_read_as_one(client, roles):
    leader = SignalFactory(council=roles.council)
    for _ in range(3):
        SignalFactory(council=roles.council, group_leader=leader)
    client.force_login(roles["member"])
    response = client.get("/mijn/signalen/")
    assert response.context["page"].paginator.count == 1
    assert "+3" in response.content.decode()


def test_secretary_sees_contact_and_it_is_audited(client, roles, classifier):
    from signals.services import signal_submit

    signal = signal_submit(text="Graag antwoord", email="c@voorbeeld.example", postcode="")
    signal.council = roles.council
    signal.save(update_fields=["council"])
    client.force_login(roles["member"])
    assert client.get(f"{signal.get_absolute_url()}contact/").status_code == 403
    client.force_login(roles["secretary"])
    page = client.get(f"{signal.get_absolute_url()}contact/")
    assert page.status_code == 200 and "c@voorbeeld.example" in page.content.decode()
    assert (
        AuditEntry.objects.filter(action="signal.private.view", actor=roles["secretary"]).count()
        == 1
    )


def test_status_form_refuses_with_a_message_and_changes_nothing(client, roles):
    signal = SignalFactory(council=roles.council)
    client.force_login(roles["secretary"])
    response = client.post(
        f"{signal.get_absolute_url()}status/", {"to_status": "closed", "reason": ""}
    )
    assert response.status_code == 400
    assert "toelichting" in response.content.decode()
    signal.refresh_from_db()
    assert signal.status == SignalStatus.NEW
    response = client.post(
        f"{signal.get_absolute_url()}status/", {"to_status": "closed", "reason": "Dubbel gemeld"}
    )
    assert response.status_code == 302
    signal.refresh_from_db()
    assert signal.status == SignalStatus.CLOSED


def test_member_can_set_theme_but_not_status(client, roles):
    signal = SignalFactory(council=roles.council, needs_theme=True)
    client.force_login(roles["member"])
    assert (
        client.post(f"{signal.get_absolute_url()}status/", {"to_status": "in_progress"}).status_code
        == 403
    )
    response = client.post(
        f"{signal.get_absolute_url()}thema/", {"regeling": "ZW", "onderwerp": "betaling"}
    )
    assert response.status_code == 302
    signal.refresh_from_db()
    assert (signal.regeling, signal.onderwerp, signal.needs_theme) == ("ZW", "betaling", False)


def test_liaison_sees_counts_not_signals(client, roles):
    SignalFactory(council=roles.council)
    client.force_login(roles["liaison"])
    assert client.get("/mijn/signalen/").status_code == 403
    assert client.get("/mijn/signalen/trends/").status_code == 200


def test_list_query_count_does_not_grow(client, roles, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(roles["member"])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/mijn/signalen/").status_code == 200
        return len(ctx.captured_queries)

    SignalFactory.create_batch(3, council=roles.council)
    count()  # warm-up: the first request after logging in may renew the session
    small = count()
    SignalFactory.create_batch(20, council=roles.council)
    count()  # warm-up: new data renews the cached roles and menu
    assert count() == small


def test_secretary_reroutes_with_reason(client, roles):
    signal = SignalFactory(council=roles.council)
    client.force_login(roles["secretary"])
    response = client.post(
        f"{signal.get_absolute_url()}doorsturen/", {"council": roles.central.pk, "reason": ""}
    )
    assert response.status_code == 400
    response = client.post(
        f"{signal.get_absolute_url()}doorsturen/",
        {"council": roles.central.pk, "reason": "Landelijk"},
    )
    assert response.status_code == 302
    signal.refresh_from_db()
    assert signal.council == roles.central
