"""Signed tokens in links: confirm a subscription, manage it, unsubscribe.

The manage and unsubscribe links name the subscriber's random ``link_key``, signed with the
site's secret: ``<key>:<signature>``. Nothing personal is in it (no address, no name, no row
number), and a new key (when the address is erased) takes every old link out of use. The
confirm link carries the lists and the consent as asked, with the same key instead of the
address; it is valid for a week.

Links sent before (readable signed JSON with the address) still work for LEGACY_MAX_AGE after
they were made, so that "afmelden" in a mail from before the change keeps working; none are made
any more, so after that time the fallback can be removed."""

from __future__ import annotations

from django.core import signing

CONFIRM = "newsletters.confirm"
LINK = "newsletters.link"
CONFIRM_MAX_AGE = 7 * 24 * 3600
# Links in flashes sent before the opaque tokens: accepted for half a year after they were made.
LEGACY_MANAGE = "newsletters.manage"
LEGACY_MAX_AGE = 183 * 24 * 3600


def make_token(subscriber) -> str:
    return signing.Signer(salt=LINK).sign(subscriber.link_key)


def read_token(token: str):
    """The subscriber the token names, or None for a bad or outdated token."""
    from .models import Subscriber

    try:
        key = signing.Signer(salt=LINK).unsign(token)
    except signing.BadSignature:
        return _read_legacy(token)
    return Subscriber.objects.filter(link_key=key).first()


def _read_legacy(token: str):
    from .models import Subscriber

    try:
        data = signing.loads(token, salt=LEGACY_MANAGE, max_age=LEGACY_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    return Subscriber.objects.filter(pk=data.get("s"), email=data.get("e")).first()


def make_confirm_token(subscriber, *, lists, consent_text: str, source: str) -> str:
    """The confirm link carries what was asked: the lists and the consent as shown. Nothing of it
    takes effect before the mailbox's owner confirms."""
    data = {
        "k": subscriber.link_key,
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
    if not isinstance(data, dict) or not isinstance(data.get("l"), list):
        return None, None
    if data.get("k"):
        subscriber = Subscriber.objects.filter(link_key=data["k"]).first()
    else:  # a confirm link mailed before the change (valid for a week)
        subscriber = Subscriber.objects.filter(pk=data.get("s"), email=data.get("e")).first()
    return (subscriber, data) if subscriber else (None, None)
