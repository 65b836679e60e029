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


def make_confirm_token(subscriber, *, lists, consent_text: str, source: str) -> str:
    """The confirm link carries what was asked: the lists and the consent as shown. Nothing of it
    takes effect before the mailbox's owner confirms."""
    data = {
        "s": subscriber.pk,
        "e": subscriber.email,
        "l": sorted(news_list.pk for news_list in lists),
        "t": consent_text,
        "src": source[:300],
    }
    return signing.dumps(data, salt=CONFIRM, compress=True)


def read_confirm_token(token: str, max_age: int = CONFIRM_MAX_AGE):
    """(subscriber, request data) or (None, None)."""
    from .models import Subscriber

    try:
        data = signing.loads(token, salt=CONFIRM, max_age=max_age)
    except signing.BadSignature:
        return None, None
    subscriber = Subscriber.objects.filter(pk=data.get("s"), email=data.get("e")).first()
    if subscriber is None or not isinstance(data.get("l"), list):
        return None, None
    return subscriber, data
