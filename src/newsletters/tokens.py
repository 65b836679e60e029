"""Signed tokens in links: confirm a subscription, manage it, unsubscribe. Salted per use; the
token names the subscriber and their address, so it stops working when the address changes."""

from __future__ import annotations

from django.core import signing

CONFIRM = "newsletters.confirm"
MANAGE = "newsletters.manage"
CONFIRM_MAX_AGE = 7 * 24 * 3600


def make_token(subscriber, salt: str = MANAGE) -> str:
    return signing.dumps({"s": subscriber.pk, "e": subscriber.email}, salt=salt, compress=True)


def read_token(token: str, salt: str = MANAGE, max_age: int | None = None):
    """The subscriber the token names, or None for a bad or outdated token."""
    from .models import Subscriber

    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature:
        return None
    return Subscriber.objects.filter(pk=data.get("s"), email=data.get("e")).first()
