"""Abuse limits for the public forms (signals, news flash sign-up, applications).

At most ``amount`` accepted submissions per ``window`` seconds for one subject: a client's
address, or the mailbox a confirmation goes to. Only accepted submissions count. A view takes a
place once the form is valid and gives it back when the submission is not stored, so typing
mistakes never lock anyone out. A refusal knows when a place opens again, so the form can say
when to try again.

The counts are timestamps in the cache (Redis at scale, shared by every app server), under a
keyed hash of the subject, and live only as long as the window. Log-in limits are allauth's
(``ACCOUNT_RATE_LIMITS``); both read the client's address through ``common.http``.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import ipaddress
import math
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .http import client_address

# The clock; tests replace it.
now = time.time

LOCK_SECONDS = 5
LOCK_WAIT_SECONDS = 1.0
# An IPv6 client usually holds a whole /64: counting single addresses would let it pick a new
# one for every post.
IPV6_PREFIX = 64


@dataclass(frozen=True)
class Limit:
    """``amount`` per ``window`` seconds; ``amount`` 0 switches the limit off."""

    name: str
    amount: int
    window: int


class RateLimited(Exception):
    def __init__(self, retry_at: float, names: tuple[str, ...] = ()):
        super().__init__(retry_at, names)
        self.retry_at = retry_at
        self.names = names  # the limits that were full

    @property
    def retry_after(self) -> int:
        """Seconds until a place opens, for the Retry-After header."""
        return max(1, math.ceil(self.retry_at - now()))

    def retry_when(self) -> str:
        """When to try again, to finish a sentence: "om 14:35 uur", or "op 3 mei om 09:12 uur"
        when that is not today. Rounded up to the minute, so trying at that minute works."""
        moment = datetime.datetime.fromtimestamp(
            math.ceil(self.retry_at / 60) * 60, tz=datetime.UTC
        )
        local = timezone.localtime(moment)
        clock = local.strftime("%H:%M")
        today = timezone.localdate(datetime.datetime.fromtimestamp(now(), tz=datetime.UTC))
        if local.date() == today:
            return _("om %(time)s uur") % {"time": clock}
        return _("op %(date)s om %(time)s uur") % {"date": date_format(local, "j F"), "time": clock}


@dataclass
class Taken:
    """The places one submission took; ``give_back`` when it was not stored after all."""

    places: list[tuple[str, float, int]] = field(default_factory=list)

    def give_back(self) -> None:
        for key, stamp, window in self.places:
            with _lock(key) as locked:
                if locked:  # otherwise the place simply expires with its window
                    history = cache.get(key, [])
                    if stamp in history:
                        history.remove(stamp)  # one: another post may have the same moment
                        cache.set(key, history, window)
        self.places = []


def address_of(request) -> str:
    """The subject for a limit per client: its address, for IPv6 its /64."""
    address = client_address(request)
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/{IPV6_PREFIX}", strict=False).network_address)
    return address


def _key(limit: Limit, subject: str) -> str:
    # Only a keyed hash of the address or mailbox is stored.
    digest = hmac.new(settings.SECRET_KEY.encode(), subject.encode(), hashlib.sha256)
    return f"ratelimit:{limit.name}:{digest.hexdigest()[:32]}"


class _lock:
    """A short lock on one counter (cache.add is atomic on Redis and in memory), so two app
    servers cannot both take the last place."""

    def __init__(self, key: str):
        self.key = f"{key}:lock"

    def __enter__(self) -> bool:
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        while not cache.add(self.key, 1, timeout=LOCK_SECONDS):
            if time.monotonic() > deadline:
                self.locked = False
                return False
            time.sleep(0.01)
        self.locked = True
        return True

    def __exit__(self, *exc) -> None:
        if self.locked:
            cache.delete(self.key)


def rate_limit_take(*checks: tuple[Limit, str]) -> Taken:
    """Take a place under every ``(limit, subject)`` or under none: raise ``RateLimited`` with
    the moment all of them have room again."""
    taken = Taken()
    retry_at = 0.0
    full: list[str] = []
    for limit, subject in checks:
        if limit.amount <= 0:
            continue
        key = _key(limit, subject)
        with _lock(key) as locked:
            moment = now()
            if not locked:  # a burst on this very subject: refuse briefly rather than overshoot
                retry_at = max(retry_at, moment + LOCK_SECONDS)
                full.append(limit.name)
                continue
            history = sorted(t for t in cache.get(key, []) if t > moment - limit.window)
            if len(history) >= limit.amount:
                # A place opens when enough of the oldest ones fall out of the window.
                retry_at = max(retry_at, history[len(history) - limit.amount] + limit.window)
                full.append(limit.name)
            elif not retry_at:
                history.append(moment)
                cache.set(key, history, limit.window)
                taken.places.append((key, moment, limit.window))
    if retry_at:
        taken.give_back()
        raise RateLimited(retry_at, tuple(full))
    return taken
