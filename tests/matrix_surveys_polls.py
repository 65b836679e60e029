"""Permission matrix rows for the date polls (/prikpeilingen/).

The objects: an open poll of the council "noord" for an introduction session with "limburg",
to which noord's member and secretary and limburg's member are invited, with two dates. Only
noord's secretary (and administrators) organise it; administrators see it but are not invited,
so they cannot answer. Choosing a date gets a fresh poll for every request, so every role tries
the same thing."""

from __future__ import annotations

import datetime

from django.utils import timezone

from tests.matrix import DENY, Case, logged_in

READY = "polls_ready"
INVITED = ("member", "secretary", "member_other")
ORGANISERS = logged_in(DENY, secretary=200, administrator=200)


def _poll(roles, title="Kennismaking Noord en Limburg"):
    from surveys.tests.factories import DatePollFactory, DatePollOptionFactory

    poll = DatePollFactory(council=roles.council, title=title, created_by=roles["secretary"])
    poll.invited_councils.set([roles.council, roles.other_council])
    poll.invitees.set([roles[name] for name in INVITED])
    DatePollOptionFactory(poll=poll)
    DatePollOptionFactory(poll=poll)
    return poll


def extend_context(context):
    if context.get(READY):
        return context
    poll = _poll(context["roles"])
    context.update({READY: True, "poll": poll, "poll_options": list(poll.options.all())})
    return context


def _path(c, suffix=""):
    return f"/prikpeilingen/{extend_context(c)['poll'].pk}/{suffix}"


def _day(days=30) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def _new_poll(c, **extra):
    roles = c["roles"]
    return {
        "council": roles.council.pk,
        "title": f"Kennismaking {c['n']}",
        "meeting_kind": "introduction",
        "invited_councils": [roles.other_council.pk],
        "who": "all",
        "rows": 3,
        "day_0": _day(),
        "start_0": "14:00",
        "end_0": "16:00",
        **extra,
    }


def _vote(c):
    options = extend_context(c)["poll_options"]
    return {f"option_{o.pk}": "yes" for o in options}


def _fresh_poll(c):
    c["fresh_poll"] = _poll(c["roles"], title=f"Kennismaking {c['n']}")
    return {}


def _fresh_choose(c):
    poll = c["fresh_poll"]
    return f"/prikpeilingen/{poll.pk}/kiezen/{poll.options.first().pk}/"


CASES = [
    Case("surveys:polls", lambda c: "/prikpeilingen/", logged_in(200)),
    Case("surveys:poll_create", lambda c: "/prikpeilingen/nieuw/", ORGANISERS),
    Case(
        "surveys:poll_create (post)",
        lambda c: "/prikpeilingen/nieuw/",
        logged_in(DENY, secretary=302, administrator=302),
        method="post",
        data=_new_poll,
    ),
    Case(
        "surveys:poll_create (add a date)",
        lambda c: "/prikpeilingen/nieuw/",
        ORGANISERS,
        method="post",
        data=lambda c: _new_poll(c, add_date="1"),
    ),
    Case(
        "surveys:poll_create (no date)",
        lambda c: "/prikpeilingen/nieuw/",
        logged_in(DENY, secretary=400, administrator=400),
        method="post",
        data=lambda c: _new_poll(c, day_0="", start_0="", end_0=""),
    ),
    Case(
        "surveys:poll",
        _path,
        logged_in(DENY, member=200, member_other=200, secretary=200, administrator=200),
    ),
    Case(
        "surveys:poll (vote)",
        _path,
        # Administrators see the poll but were not invited: they do not answer.
        logged_in(DENY, member=302, member_other=302, secretary=302),
        method="post",
        data=_vote,
    ),
    Case(
        "surveys:poll (incomplete vote)",
        _path,
        logged_in(DENY, member=400, member_other=400, secretary=400),
        method="post",
        data=lambda c: {},
    ),
    Case("surveys:poll (unknown)", lambda c: "/prikpeilingen/999999/", logged_in(404)),
    Case(
        "surveys:poll_choose",
        lambda c: _path(c, f"kiezen/{c['poll_options'][0].pk}/"),
        ORGANISERS,
    ),
    Case(
        "surveys:poll_choose (unknown date)",
        lambda c: _path(c, "kiezen/999999/"),
        logged_in(DENY, member=404, member_other=404, secretary=404, administrator=404),
    ),
    Case(
        "surveys:poll_choose (post)",
        _fresh_choose,
        logged_in(DENY, secretary=302, administrator=302),
        method="post",
        data=_fresh_poll,
    ),
]
