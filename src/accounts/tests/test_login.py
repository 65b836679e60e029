from __future__ import annotations

import pytest
from django.test import override_settings

from accounts.roles import ADMINISTRATORS, EDITORS, LIAISONS
from accounts.tests.factories import PASSWORD, UserFactory, give_group, give_mfa, totp_now
from common.models import AuditEntry, OutboxMessage

pytestmark = pytest.mark.django_db


def login(client, email, password=PASSWORD):
    return client.post("/account/login/", {"login": email, "password": password})


def test_member_logs_in_by_email_and_lands_on_mijn_overzicht(client):
    user = UserFactory(email="lid@raadsplein.example")
    response = login(client, "LID@raadsplein.example")
    assert response.status_code == 302 and response["Location"] == "/mijn/"
    assert AuditEntry.objects.filter(action="login", actor=user).exists()


def test_sixth_failed_login_in_five_minutes_is_refused_even_with_the_right_password(client):
    UserFactory(email="lid@raadsplein.example")
    for _ in range(5):
        response = login(client, "lid@raadsplein.example", "fout-wachtwoord")
        assert response.status_code == 200
    response = login(client, "lid@raadsplein.example")
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session


def test_five_failures_then_the_right_password_still_works(client):
    UserFactory(email="lid@raadsplein.example")
    for _ in range(4):
        login(client, "lid@raadsplein.example", "fout-wachtwoord")
    assert login(client, "lid@raadsplein.example").status_code == 302


@pytest.mark.parametrize("group", [ADMINISTRATORS, EDITORS, LIAISONS])
def test_roles_that_need_mfa_must_set_it_up_first(client, group):
    user = UserFactory()
    give_group(user, group)
    client.force_login(user)
    response = client.get("/mijn/")
    assert response.status_code == 302 and response["Location"].startswith("/account/2fa/totp/")
    page = client.get(response["Location"])
    # allauth asks for the password again before a security change (no recent log-in here).
    assert page.status_code == 200 or "/account/reauthenticate/" in page["Location"]
    assert client.get("/account/reauthenticate/").status_code == 200


def test_member_without_mfa_is_not_forced(client):
    client.force_login(UserFactory())
    assert client.get("/mijn/").status_code == 200


def test_administrator_with_totp_logs_in_in_two_steps(client):
    user = UserFactory(email="beheer@raadsplein.example")
    give_group(user, ADMINISTRATORS)
    give_mfa(user)
    response = login(client, "beheer@raadsplein.example")
    assert response.status_code == 302 and "/account/2fa/authenticate/" in response["Location"]
    assert "_auth_user_id" not in client.session
    response = client.post("/account/2fa/authenticate/", {"code": "000000"})
    assert "_auth_user_id" not in client.session
    response = client.post("/account/2fa/authenticate/", {"code": totp_now()})
    assert response.status_code == 302
    assert client.get("/beheer/").status_code == 200


def test_session_ends_after_the_idle_timeout(client, settings):
    client.force_login(UserFactory())
    assert client.get("/mijn/").status_code == 200
    # A request renews the expiry (at most once a minute, accounts/tests/test_session_renewal.py);
    # an idle session expires after SESSION_COOKIE_AGE.
    assert client.session.get_expiry_age() == settings.SESSION_IDLE_MINUTES * 60
    session = client.session
    session.set_expiry(-1)
    session.save()
    assert client.get("/mijn/").status_code == 302


def test_password_reset_mail_goes_out_through_the_outbox(
    client, smtp_server, django_capture_on_commit_callbacks
):
    UserFactory(email="lid@raadsplein.example")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/account/password/reset/", {"email": "lid@raadsplein.example"})
    assert response.status_code == 302
    assert OutboxMessage.objects.get().status == OutboxMessage.Status.SENT
    [mail] = smtp_server.to("lid@raadsplein.example")
    assert "/account/password/reset/key/" in mail["text"]


@override_settings(ACCOUNT_RATE_LIMITS={"login_failed": "5/5m/key"})
def test_signup_is_closed(client):
    response = client.get("/account/signup/")
    assert response.status_code in (200, 302)
    assert client.post(
        "/account/signup/",
        {"email": "x@raadsplein.example", "password1": "abcdefghijk1", "password2": "abcdefghijk1"},
    ).status_code in (200, 302)
    from accounts.models import User

    assert not User.objects.filter(email="x@raadsplein.example").exists()


# --- abuse limits: the client's own address, and per account more than per address ----------

PROXY = "10.0.0.2"  # the load balancer in front of every app server


def login_from(client, email, password=PASSWORD, *, address):
    """A log-in as it reaches the app through the load balancer, which appends the address it
    saw to X-Forwarded-For."""
    return client.post(
        "/account/login/",
        {"login": email, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=address,
    )


def test_behind_the_load_balancer_one_attacker_does_not_lock_out_other_clients(settings):
    from django.test import Client

    settings.TRUSTED_PROXY_COUNT = 1
    UserFactory(email="lid@raadsplein.example")
    attacker = Client()
    for n in range(60):  # many accounts, so only the per-address limit can stop it
        login_from(attacker, f"gok{n}@raadsplein.example", "fout-wachtwoord", address="203.0.113.9")
    login_from(attacker, "lid@raadsplein.example", address="203.0.113.9")
    assert "_auth_user_id" not in attacker.session  # the attacker's own address is refused
    member = Client()
    response = login_from(member, "lid@raadsplein.example", address="198.51.100.20")
    assert response.status_code == 302 and "_auth_user_id" in member.session


def test_a_forged_x_forwarded_for_does_not_escape_the_limit_without_a_trusted_proxy(
    client, settings
):
    settings.TRUSTED_PROXY_COUNT = 0
    UserFactory(email="lid@raadsplein.example")
    for n in range(60):
        client.post(
            "/account/login/",
            {"login": f"gok{n}@raadsplein.example", "password": "fout-wachtwoord"},
            REMOTE_ADDR="203.0.113.9",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
        )
    client.post(
        "/account/login/",
        {"login": "lid@raadsplein.example", "password": PASSWORD},
        REMOTE_ADDR="203.0.113.9",
        HTTP_X_FORWARDED_FOR="192.0.2.200",
    )
    assert "_auth_user_id" not in client.session


def test_failed_logins_for_one_account_are_limited_per_hour_too(monkeypatch, settings):
    """Five failures per five minutes from ever new addresses would allow 60 guesses an hour at
    one account; the hourly limit per account stops that. The owner gets in again with a
    password reset (allauth clears the account's count then)."""
    import time as real_time
    from types import SimpleNamespace

    from django.test import Client

    clock = {"now": real_time.time()}
    fake_time = SimpleNamespace(
        time=lambda: clock["now"], monotonic=real_time.monotonic, sleep=real_time.sleep
    )
    monkeypatch.setattr("allauth.core.internal.ratelimit.time", fake_time)
    settings.TRUSTED_PROXY_COUNT = 1
    UserFactory(email="lid@raadsplein.example")
    address = 0
    for _ in range(2):
        for _ in range(5):
            address += 1
            login_from(Client(), "lid@raadsplein.example", "fout", address=f"192.0.2.{address}")
        clock["now"] += 6 * 60  # past the five-minute window
    member = Client()
    login_from(member, "lid@raadsplein.example", address="198.51.100.20")
    assert "_auth_user_id" not in member.session  # the right password, a fresh address
    clock["now"] += 60 * 60
    response = login_from(member, "lid@raadsplein.example", address="198.51.100.20")
    assert response.status_code == 302


def test_the_session_cookie_lasts_as_long_as_the_idle_timeout(client, settings):
    """A cookie without Max-Age lives as long as the browser (which may restore it for weeks);
    with the idle timeout as its age, a renewal renews it and an idle one expires. It is renewed
    together with the session row, at most once a minute (accounts/tests/test_session_renewal.py),
    so the two end at the same moment."""
    UserFactory(email="lid@raadsplein.example")
    response = login(client, "lid@raadsplein.example")
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert int(cookie["max-age"]) == settings.SESSION_IDLE_MINUTES * 60
    response = client.get("/mijn/")
    assert settings.SESSION_COOKIE_NAME not in response.cookies  # renewed a moment ago
