"""How long a cached public page may live when what it shows changes with time alone, not only
with a change of data (common.pagecache invalidates those). Each timeout ends at the first moment
the page would read differently, capped at the cache's default hour:

- ``until_midnight``: pages that compare with today's date (a vacancy's closing date, the
  "today" on the agenda's month view, /resultaten/'s periods);
- ``until_agenda_changes``: pages that show upcoming public activities (the agenda, its month
  view and activity pages, the home page, a council's page, the embeds and feeds): an activity
  leaves the list when it ends, and its sign-up state changes when sign-up closes and when it
  starts; and midnight, for "today".
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from .pagecache import DEFAULT_TIMEOUT


def _seconds(until: datetime.datetime, now: datetime.datetime) -> int:
    return max(1, min(DEFAULT_TIMEOUT, int((until - now).total_seconds()) + 1))


def until_midnight(now: datetime.datetime | None = None) -> int:
    """Seconds until the next local midnight (Europe/Amsterdam), at most an hour."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    tomorrow = datetime.datetime.combine(
        local.date() + datetime.timedelta(days=1), datetime.time(), tzinfo=local.tzinfo
    )
    return _seconds(tomorrow, now)


def until_agenda_changes(now: datetime.datetime | None = None) -> int:
    """Seconds until the next start, end or sign-up deadline of a public activity, or midnight
    if that comes first; at most an hour. One query."""
    from django.db.models import Min, Q

    from meetings.models import Activity

    from .models import Visibility

    now = now or timezone.now()
    moments = Activity.objects.filter(visibility=Visibility.PUBLIC).aggregate(
        starts=Min("starts_at", filter=Q(starts_at__gt=now)),
        ends=Min("ends_at", filter=Q(ends_at__gt=now)),
        deadline=Min("signup_deadline", filter=Q(signup_deadline__gt=now)),
    )
    soonest = min((m for m in moments.values() if m is not None), default=None)
    seconds = until_midnight(now)
    if soonest is not None:
        seconds = min(seconds, _seconds(soonest, now))
    return seconds


def until_first_ends(activities) -> int:
    """For a list of upcoming activities already read (the embeds, the JSON feed): until the
    first of them ends and leaves the list, at most an hour. No query."""
    now = timezone.now()
    ends = [a.ends_at for a in activities if a.ends_at > now]
    return _seconds(min(ends), now) if ends else DEFAULT_TIMEOUT


def public_cache_until(timeout, *tags: str):
    """``common.pagecache.public_cache`` with a timeout computed per response: ``timeout()`` is
    called (only for an anonymous visitor's successful GET, the only one the cache may keep)."""
    import functools

    from .pagecache import mark_public, request_is_eligible

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if request_is_eligible(request) and response.status_code == 200:
                mark_public(response, *tags, timeout=timeout())
            return response

        return wrapped

    return decorator
