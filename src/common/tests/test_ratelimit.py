"""The client's address behind proxies, and the limiter of the public forms."""

from __future__ import annotations

import datetime

import pytest
from django.test import RequestFactory
from django.utils import timezone

from common import ratelimit
from common.http import client_address
from common.ratelimit import Limit, RateLimited, address_of, rate_limit_take


def request(remote="10.0.0.2", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post("/", **extra)


@pytest.mark.parametrize(
    ("count", "remote", "forwarded", "expected"),
    [
        (0, "203.0.113.9", None, "203.0.113.9"),
        (0, "203.0.113.9", "192.0.2.1", "203.0.113.9"),  # no proxy: a forged header is ignored
        (1, "10.0.0.2", "203.0.113.9", "203.0.113.9"),
        (1, "10.0.0.2", "192.0.2.1, 203.0.113.9", "203.0.113.9"),  # the client wrote the first
        (2, "10.0.0.3", "192.0.2.1, 203.0.113.9, 10.0.0.2", "203.0.113.9"),
        (2, "10.0.0.3", "203.0.113.9", "10.0.0.3"),  # fewer entries than proxies
        (1, "10.0.0.2", None, "10.0.0.2"),  # straight to the app (a health check)
        (1, "10.0.0.2", "geen-adres", "10.0.0.2"),
        (1, "10.0.0.2", "203.0.113.9:5678", "203.0.113.9"),
        (1, "10.0.0.2", "[2001:db8::1]:443", "2001:db8::1"),
    ],
)
def test_the_client_address_is_read_through_the_trusted_proxies(
    settings, count, remote, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = count
    assert client_address(request(remote, forwarded)) == expected


def test_allauth_sees_the_same_client_address(settings):
    from allauth.account.adapter import get_adapter

    assert settings.ALLAUTH_TRUSTED_PROXY_COUNT == settings.TRUSTED_PROXY_COUNT
    settings.TRUSTED_PROXY_COUNT = 1
    assert get_adapter().get_client_ip(request("10.0.0.2", "203.0.113.9")) == "203.0.113.9"


def test_an_ipv6_client_counts_as_its_whole_slash_64(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    one = address_of(request("2001:db8:1:2::5"))
    other = address_of(request("2001:db8:1:2:ffff::9"))
    assert one == other == "2001:db8:1:2::"
    assert address_of(request("203.0.113.9")) == "203.0.113.9"


@pytest.fixture
def clock(monkeypatch):
    moment = {"now": timezone.now().timestamp()}
    monkeypatch.setattr(ratelimit, "now", lambda: moment["now"])
    return moment


def test_a_place_opens_when_the_oldest_leaves_the_window(clock):
    limit = Limit("test", 2, 600)
    rate_limit_take((limit, "a"))
    clock["now"] += 100
    rate_limit_take((limit, "a"))
    with pytest.raises(RateLimited) as refused:
        rate_limit_take((limit, "a"))
    assert refused.value.retry_at == pytest.approx(clock["now"] - 100 + 600)
    assert refused.value.retry_after == 500
    assert refused.value.names == ("test",)
    rate_limit_take((limit, "b"))  # another subject has its own count
    clock["now"] += 501
    rate_limit_take((limit, "a"))


def test_a_place_given_back_can_be_taken_again(clock):
    limit = Limit("test", 1, 600)
    taken = rate_limit_take((limit, "a"))
    taken.give_back()
    rate_limit_take((limit, "a"))
    with pytest.raises(RateLimited):
        rate_limit_take((limit, "a"))


def test_several_limits_take_a_place_under_all_or_none(clock):
    per_client, per_mailbox = Limit("client", 5, 600), Limit("mailbox", 1, 3600)
    rate_limit_take((per_client, "203.0.113.9"), (per_mailbox, "a@example.org"))
    for _ in range(3):
        with pytest.raises(RateLimited) as refused:
            rate_limit_take((per_client, "203.0.113.9"), (per_mailbox, "a@example.org"))
        assert refused.value.names == ("mailbox",)
    # The refusals took nothing from the client's own limit: four more places are left.
    for n in range(4):
        rate_limit_take((per_client, "203.0.113.9"), (per_mailbox, f"{n}@example.org"))
    with pytest.raises(RateLimited) as refused:
        rate_limit_take((per_client, "203.0.113.9"), (per_mailbox, "z@example.org"))
    assert refused.value.names == ("client",)


def test_an_amount_of_zero_switches_a_limit_off(clock):
    for _ in range(50):
        rate_limit_take((Limit("off", 0, 600), "a"))


def test_the_refusal_says_the_time_rounded_up_and_the_day_when_not_today(clock):
    today = timezone.localtime().replace(hour=14, minute=34, second=10, microsecond=0)
    clock["now"] = today.timestamp() - 60
    assert RateLimited(today.timestamp()).retry_when() == "om 14:35 uur"
    tomorrow = today + datetime.timedelta(days=1)
    when = RateLimited(tomorrow.timestamp()).retry_when()
    assert when.startswith("op ") and when.endswith(" om 14:35 uur")
    assert str(tomorrow.day) in when
