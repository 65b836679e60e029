"""iCalendar for activities and meetings: the .ics sent with invitations (METHOD:REQUEST or
CANCEL), the feeds calendar apps subscribe to (METHOD:PUBLISH), and "add to calendar" links.

An event keeps one UID for life and its SEQUENCE is raised by the services on every change, so
Outlook, Google and Apple update the event they already have instead of adding a second one.
Times are written in Europe/Amsterdam with the VTIMEZONE included, so a calendar that does not
know the zone by name still shows the right hour (also across summer time)."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Collection, Iterable
from email.utils import parseaddr
from typing import NamedTuple
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

from common.pk_urls import url_for_pk
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
    with a place get it, as on the event's page.

    The calendar's head and VTIMEZONE are written by icalendar; the events by ``_FeedWriter``,
    which writes the same properties and values as ``feed_calendar`` does with icalendar, about
    ten times faster (a feed of a thousand events is built anew on every change to one of them)."""
    head = _feed_head(name).to_ical()
    if not head.endswith(_END_VCALENDAR):  # pragma: no cover - icalendar's own layout
        raise ValueError("Unexpected end of the calendar's head")
    writer = _FeedWriter(stamp=_now(), online_links=online_links)
    body = b"".join(
        writer.vevent(event, tentative=event_uid(event) in tentative) for event in events
    )
    return head[: -len(_END_VCALENDAR)] + body + _END_VCALENDAR


def feed_calendar(
    events: Iterable, *, name: str, tentative: Collection[str] = (), online_links: bool = True
) -> Calendar:
    """The feed of ``feed_ics`` built wholly with icalendar: the reference its own writer is
    tested against (every property of every event, read back by icalendar and vobject)."""
    calendar = _feed_head(name)
    stamp, phrases = _now(), _phrases()
    for event in events:
        vevent = _vevent(event, stamp=stamp, online_link=online_links, phrases=phrases)
        if event_uid(event) in tentative and not event.is_cancelled:
            vevent["status"] = "TENTATIVE"
        calendar.add_component(vevent)
    return calendar


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


def _feed_head(name: str) -> Calendar:
    calendar = _calendar(method="PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", TZID)
    # Ask subscribers to look again every hour (Outlook and Apple honour this).
    calendar.add("refresh-interval", datetime.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    calendar.add_component(vtimezone())
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


def _vevent(
    event, *, stamp: datetime.datetime, online_link: bool = True, phrases: _Phrases | None = None
) -> Event:
    url = event_url(event)
    phrases = phrases or _phrases()
    vevent = Event()
    vevent.add("uid", event_uid(event))
    vevent.add("dtstamp", stamp)
    vevent.add("dtstart", _local_or_utc(event.starts_at))
    vevent.add("dtend", _local_or_utc(event.ends_at))
    vevent.add("sequence", event.sequence)
    if getattr(event, "created_at", None):
        vevent.add("created", _utc(event.created_at))
    if getattr(event, "updated_at", None):
        vevent.add("last-modified", _utc(event.updated_at))
    vevent.add("summary", _summary(event, phrases=phrases))
    location = _location(event, online_link=online_link)
    if location:
        vevent.add("location", location)
    vevent.add("url", url, parameters={"VALUE": "URI"})
    vevent.add(
        "description", _description(event, online_link=online_link, url=url, phrases=phrases)
    )
    vevent.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    vevent.add("transp", "TRANSPARENT" if event.is_cancelled else "OPAQUE")
    return vevent


def _utc(moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone(datetime.UTC).replace(microsecond=0)


class _Phrases(NamedTuple):
    """The words an event's text is made with, translated once per calendar: a thousand
    lookups in the translation catalogues cost more than writing the events."""

    cancelled: str
    online: str
    more: str


def _phrases() -> _Phrases:
    return _Phrases(
        cancelled=_("Afgelast: %(title)s"),
        online=_("Online meedoen: %(url)s"),
        more=_("Meer informatie: %(url)s"),
    )


def _summary(event, *, phrases: _Phrases | None = None) -> str:
    if event.is_cancelled:
        # Some calendars show a cancelled event like any other; the title says it plainly.
        return (phrases or _phrases()).cancelled % {"title": event.title}
    return event.title


def _local_or_utc(moment: datetime.datetime) -> datetime.datetime:
    """Amsterdam time with its TZID; in UTC for the second pass of the hour that repeats when
    summer time ends (02:00-03:00 CET), which a local time with TZID cannot name: RFC 5545
    reads it as the first pass, an hour earlier."""
    local = moment.astimezone(ZoneInfo(TZID)).replace(microsecond=0)
    return local.astimezone(datetime.UTC) if local.fold else local


def _location(event, *, online_link: bool = True) -> str:
    online = event.online_url if online_link else ""
    return " / ".join(part for part in (event.location.strip(), online) if part)


def _description(
    event, *, online_link: bool = True, url: str | None = None, phrases: _Phrases | None = None
) -> str:
    """The event's text, the link to join online, and last the link to its page (``url``,
    when the caller has it already)."""
    phrases = phrases or _phrases()
    parts = [event.description.strip()]
    if event.online_url and online_link:
        parts.append(phrases.online % {"url": event.online_url})
    parts.append(phrases.more % {"url": url or event_url(event)})
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


# --- the feed's own writer ------------------------------------------------------------------

_END_VCALENDAR = b"END:VCALENDAR\r\n"
_END_VEVENT = {
    status: f"STATUS:{status}\r\nTRANSP:{transp}\r\nEND:VEVENT\r\n".encode()
    for status, transp in (
        ("CANCELLED", "TRANSPARENT"),
        ("TENTATIVE", "OPAQUE"),
        ("CONFIRMED", "OPAQUE"),
    )
}
_AMSTERDAM = ZoneInfo(TZID)


def _ical_text(value: str) -> str:
    """A TEXT value escaped as RFC 5545 3.3.11 says: backslash, semicolon, comma, and a line
    break (CRLF, LF or a lone CR, as browsers and imports send them) as ``\\n``. Unlike
    icalendar we leave a backslash followed by N as it was typed (icalendar turns it into a line
    break). A byte order mark at the start (pasted from a file) is left out, as icalendar does."""
    return (
        value.removeprefix("\ufeff")
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def _ical_moment(moment: datetime.datetime) -> str:
    """``20270105T140000``: the date-time form of RFC 5545 3.3.5, without the zone."""
    return "%04d%02d%02dT%02d%02d%02d" % (  # noqa: UP031 - several times faster than strftime
        moment.year,
        moment.month,
        moment.day,
        moment.hour,
        moment.minute,
        moment.second,
    )


def _fold(line: str) -> bytes:
    """One content line in UTF-8 with CRLF, folded (RFC 5545 3.1) so no line is longer than 75
    octets: never inside a character's UTF-8 bytes, and, as icalendar does for older clients,
    never between a backslash and the character it escapes."""
    data = line.encode()
    if len(data) <= 75:
        return data + b"\r\n"
    parts = []
    start, limit = 0, 75  # a continuation line starts with a space: 74 octets of content
    while len(data) - start > limit:
        cut = start + limit
        while data[cut] & 0xC0 == 0x80:  # a UTF-8 continuation byte: not a character's start
            cut -= 1
        backslashes = 0
        while cut - 1 - backslashes >= start and data[cut - 1 - backslashes] == 0x5C:
            backslashes += 1
        if backslashes % 2:  # the last backslash escapes the character at ``cut``
            cut -= 1
        parts.append(data[start:cut])
        start, limit = cut, 74
    parts.append(data[start:])
    return b"\r\n ".join(parts) + b"\r\n"


class _FeedWriter:
    """Writes a feed's VEVENTs as ``_vevent`` builds them with icalendar, with the same
    properties and values, straight to bytes. icalendar builds an object per property and
    parameter and folds each line a character at a time; for a feed of a thousand events that
    was most of its cost (about 350 ms of CPU).

    One feed's events share their DTSTAMP, and the address of each event's page is made from
    one ``reverse()`` per kind of event (activity, meeting) instead of one per event."""

    def __init__(self, *, stamp: datetime.datetime, online_links: bool):
        self.stamp = _ical_moment(stamp.astimezone(datetime.UTC)) + "Z"
        self.online_links = online_links
        self.phrases = _phrases()
        self._urls: dict[type, Callable[[object], str]] = {}

    def url(self, event) -> str:
        kind = type(event)
        url = self._urls.get(kind)
        if url is None:
            url = self._urls[kind] = url_for_pk(lambda pk: event_url(kind(pk=pk)))
        return url(event.pk)

    def vevent(self, event, *, tentative: bool = False) -> bytes:
        url = self.url(event)
        cancelled = event.is_cancelled
        status = "CANCELLED" if cancelled else "TENTATIVE" if tentative else "CONFIRMED"
        # Times, numbers and keywords: ASCII and far shorter than 75 octets, so written without
        # folding, in one piece; only the lines with text or an address are folded.
        fixed = [
            "DTSTAMP:" + self.stamp,
            "DTSTART" + self.moment(event.starts_at),
            "DTEND" + self.moment(event.ends_at),
            f"SEQUENCE:{int(event.sequence)}",
        ]
        created = getattr(event, "created_at", None)
        if created:
            fixed.append("CREATED:" + _ical_moment(created.astimezone(datetime.UTC)) + "Z")
        updated = getattr(event, "updated_at", None)
        if updated:
            fixed.append("LAST-MODIFIED:" + _ical_moment(updated.astimezone(datetime.UTC)) + "Z")
        fixed.append("")
        location = _location(event, online_link=self.online_links)
        description = _description(
            event, online_link=self.online_links, url=url, phrases=self.phrases
        )
        return b"".join(
            (
                b"BEGIN:VEVENT\r\n",
                _fold("UID:" + _ical_text(event_uid(event))),
                "\r\n".join(fixed).encode(),
                _fold("SUMMARY:" + _ical_text(_summary(event, phrases=self.phrases))),
                _fold("LOCATION:" + _ical_text(location)) if location else b"",
                _fold("URL;VALUE=URI:" + url),
                _fold("DESCRIPTION:" + _ical_text(description)),
                _END_VEVENT[status],
            )
        )

    @staticmethod
    def moment(moment: datetime.datetime) -> str:
        """``;TZID=Europe/Amsterdam:20270105T140000``, or ``:20271031T010000Z`` in UTC for the
        repeated hour (see ``_local_or_utc``)."""
        local = moment.astimezone(_AMSTERDAM)
        if local.fold:
            return ":" + _ical_moment(local.astimezone(datetime.UTC)) + "Z"
        return f";TZID={TZID}:" + _ical_moment(local)
