"""iCalendar for activities and meetings: the .ics sent with invitations (METHOD:REQUEST or
CANCEL), the feeds calendar apps subscribe to (METHOD:PUBLISH), and "add to calendar" links.

An event keeps one UID for life and its SEQUENCE is raised by the services on every change, so
Outlook, Google and Apple update the event they already have instead of adding a second one.
Times are written in Europe/Amsterdam with the VTIMEZONE included, so a calendar that does not
know the zone by name still shows the right hour (also across summer time)."""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterable
from email.utils import parseaddr
from urllib.parse import quote, urlencode
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import (
    Calendar,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vCalAddress,
    vText,
)

from common.site import absolute_url

TZID = "Europe/Amsterdam"
PRODID = "-//Raadsplein//Agenda//NL"
UID_DOMAIN = "raadsplein"
METHODS = ("PUBLISH", "REQUEST", "CANCEL")


def event_uid(event) -> str:
    return f"{event.uid}@{UID_DOMAIN}"


def event_url(event) -> str:
    """The event's page on SITE_URL; for a public activity that page is open to anyone."""
    return absolute_url(event.get_absolute_url())


def event_ics(
    event, *, method: str = "PUBLISH", attendees: Iterable[str] = (), online_link: bool = True
) -> str:
    """One event as a calendar. REQUEST and CANCEL carry an ORGANIZER and the ATTENDEEs, which
    calendar programs need before they treat the mail as an invitation or its cancellation.

    Every ATTENDEE has RSVP=FALSE: the ORGANIZER is the no-reply sender and nothing reads the
    replies a calendar program would send there, so it must not offer "Accept" as if that were
    an answer. People answer on the event's page (the mail says so)."""
    if method not in METHODS:
        raise ValueError(f"Unknown iTIP method {method!r}")
    calendar = _calendar(method=method)
    calendar.add_component(vtimezone())
    vevent = _vevent(event, stamp=_now(), online_link=online_link)
    if method != "PUBLISH":
        vevent.add("organizer", _organizer())
        for email in attendees:
            vevent.add("attendee", _attendee(email))
    if method == "CANCEL":
        vevent["status"] = "CANCELLED"  # a CANCEL must say so itself, whatever the row says
    calendar.add_component(vevent)
    return calendar.to_ical().decode()


def feed_ics(
    events: Iterable, *, name: str, tentative: Collection[str] = (), online_links: bool = True
) -> bytes:
    """A subscribable calendar of ``events``; cancelled ones stay in it, marked cancelled, so
    calendars that already show them take them away. ``tentative`` holds the UIDs (of
    ``event_uid``) to mark TENTATIVE, such as activities one is on the waiting list for.
    Without ``online_links`` (the public feed) the link to join online stays out: only those
    with a place get it, as on the event's page."""
    events = list(events)
    calendar = _calendar(method="PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", TZID)
    # Ask subscribers to look again every hour (Outlook and Apple honour this).
    calendar.add("refresh-interval", datetime.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    calendar.add_component(vtimezone())
    stamp = _now()
    for event in events:
        vevent = _vevent(event, stamp=stamp, online_link=online_links)
        if event_uid(event) in tentative and not event.is_cancelled:
            vevent["status"] = "TENTATIVE"
        calendar.add_component(vevent)
    return calendar.to_ical()


def calendar_links(event, *, online_link: bool = True) -> dict[str, str]:
    """Links that open a new event in Google Calendar or Outlook on the web, filled in."""
    start = event.starts_at.astimezone(datetime.UTC)
    end = event.ends_at.astimezone(datetime.UTC)
    details = _description(event, online_link=online_link)
    location = _location(event, online_link=online_link)
    google = {
        "action": "TEMPLATE",
        "text": event.title,
        "dates": f"{start:%Y%m%dT%H%M%SZ}/{end:%Y%m%dT%H%M%SZ}",
        "details": details,
        "location": location,
        "ctz": TZID,
    }
    outlook = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": event.title,
        "startdt": f"{start:%Y-%m-%dT%H:%M:%SZ}",
        "enddt": f"{end:%Y-%m-%dT%H:%M:%SZ}",
        "body": details,
        "location": location,
    }
    return {
        "google": "https://calendar.google.com/calendar/render?"
        + urlencode(google, quote_via=quote),
        "outlook": "https://outlook.live.com/calendar/0/deeplink/compose?"
        + urlencode(outlook, quote_via=quote),
    }


# --- building blocks ------------------------------------------------------------------------


def _now() -> datetime.datetime:
    return timezone.now().astimezone(datetime.UTC).replace(microsecond=0)


def _calendar(*, method: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    return calendar


def vtimezone() -> Timezone:
    """Europe/Amsterdam as calendar programs write it themselves: one STANDARD and one DAYLIGHT
    observance, each repeating yearly (RRULE), since the EU rule of 1996. Summer time starts on
    the last Sunday of March at 02:00 CET (01:00 UTC) and ends on the last Sunday of October at
    03:00 CEST (01:00 UTC). A DTSTART is local time in TZOFFSETFROM's offset (RFC 5545 3.6.5).

    Not a list of dates (RDATE): vobject, which several calendar servers use, keeps only the
    first of a comma-separated RDATE, and an RRULE never runs out. Every .ics we make (feeds,
    downloads, invitations, sign-up mails, meetings a date poll chose) carries this one."""
    zone = Timezone()
    zone.add("tzid", TZID)
    zone.add("x-lic-location", TZID)
    for kind, name, start, offset_from, offset_to, month in (
        (TimezoneDaylight, "CEST", datetime.datetime(1996, 3, 31, 2), 1, 2, 3),
        (TimezoneStandard, "CET", datetime.datetime(1996, 10, 27, 3), 2, 1, 10),
    ):
        observance = kind()
        observance.add("tzname", name)
        observance.add("tzoffsetfrom", datetime.timedelta(hours=offset_from))
        observance.add("tzoffsetto", datetime.timedelta(hours=offset_to))
        observance.add("dtstart", start)
        observance.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
        zone.add_component(observance)
    return zone


def _vevent(event, *, stamp: datetime.datetime, online_link: bool = True) -> Event:
    vevent = Event()
    vevent.add("uid", event_uid(event))
    vevent.add("dtstamp", stamp)
    vevent.add("dtstart", _local_or_utc(event.starts_at))
    vevent.add("dtend", _local_or_utc(event.ends_at))
    vevent.add("sequence", event.sequence)
    if getattr(event, "created_at", None):
        vevent.add("created", event.created_at.astimezone(datetime.UTC).replace(microsecond=0))
    if getattr(event, "updated_at", None):
        vevent.add(
            "last-modified", event.updated_at.astimezone(datetime.UTC).replace(microsecond=0)
        )
    summary = event.title
    if event.is_cancelled:
        # Some calendars show a cancelled event like any other; the title says it plainly.
        summary = _("Afgelast: %(title)s") % {"title": event.title}
    vevent.add("summary", summary)
    location = _location(event, online_link=online_link)
    if location:
        vevent.add("location", location)
    vevent.add("url", event_url(event), parameters={"VALUE": "URI"})
    vevent.add("description", _description(event, online_link=online_link))
    vevent.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    vevent.add("transp", "TRANSPARENT" if event.is_cancelled else "OPAQUE")
    return vevent


def _local_or_utc(moment: datetime.datetime) -> datetime.datetime:
    """Amsterdam time with its TZID; in UTC for the second pass of the hour that repeats when
    summer time ends (02:00-03:00 CET), which a local time with TZID cannot name: RFC 5545
    reads it as the first pass, an hour earlier."""
    local = moment.astimezone(ZoneInfo(TZID)).replace(microsecond=0)
    return local.astimezone(datetime.UTC) if local.fold else local


def _location(event, *, online_link: bool = True) -> str:
    online = event.online_url if online_link else ""
    return " / ".join(part for part in (event.location.strip(), online) if part)


def _description(event, *, online_link: bool = True) -> str:
    """The event's text, the link to join online, and last the link to its page."""
    parts = [event.description.strip()]
    if event.online_url and online_link:
        parts.append(_("Online meedoen: %(url)s") % {"url": event.online_url})
    parts.append(_("Meer informatie: %(url)s") % {"url": event_url(event)})
    return "\n\n".join(part for part in parts if part)


def _organizer() -> vCalAddress:
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    organizer = vCalAddress(f"mailto:{address}")
    organizer.params["cn"] = vText(name or "Raadsplein")
    return organizer


def _attendee(email: str) -> vCalAddress:
    attendee = vCalAddress(f"mailto:{email}")
    attendee.params["cutype"] = vText("INDIVIDUAL")
    attendee.params["role"] = vText("REQ-PARTICIPANT")
    attendee.params["partstat"] = vText("NEEDS-ACTION")
    # We process no iTIP REPLY (see event_ics): a reply would go nowhere.
    attendee.params["rsvp"] = vText("FALSE")
    return attendee
