"""Issue 18: the feeds' events are written by our own writer (``feed_ics``), not by icalendar,
for speed. Read back by two independent parsers, icalendar and vobject, every property of every
component is the same as in the calendar icalendar builds itself (``feed_calendar``), for texts
with commas, semicolons, backslashes, line breaks, emoji and long lines; and each text reads
back as the event's own."""

from __future__ import annotations

import datetime
import uuid
from unittest import mock

import vobject
import vobject.base
import vobject.icalendar
from hypothesis import example, given
from hypothesis import strategies as st
from icalendar import Calendar

from meetings import ical
from meetings.models import Activity, EventStatus, Meeting

UTC = datetime.UTC
STAMP = datetime.datetime(2026, 12, 7, 9, 30, 15, tzinfo=UTC)

# Every character a form or an import can bring, and the ones TEXT escapes, more often. Left out:
# control characters other than tab and line breaks, which RFC 5545 does not allow in TEXT, and
# the Unicode line and paragraph separators, which a parser may take for the end of a line.
# A backslash followed by "N" is left out of the comparison with icalendar only: icalendar
# writes it as a line break, we keep it as typed (checked against the text itself below).
characters = st.one_of(
    st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")),
    st.sampled_from([",", ";", "\\", "\n", "\r\n", "\r", "\t", ":", '"', "é", "€", "😀", "👩‍👩‍👧"]),
)
texts = st.lists(characters, max_size=120).map("".join)
long_texts = st.one_of(texts, texts.map(lambda text: text * 4))
moments = st.datetimes(
    min_value=datetime.datetime(2024, 1, 1),
    max_value=datetime.datetime(2040, 12, 31),
    timezones=st.just(UTC),
)

# The calendar's name is icalendar's to write (in the head, not the events): ours, with a
# council's name.
NAMES = ["Raadsplein: mijn agenda", "Raadsplein: Cliëntenraad Noord, Oost; en West 😀"]


@st.composite
def events(draw):
    kind = draw(st.sampled_from([Activity, Meeting]))
    starts_at = draw(moments)
    event = kind(
        pk=draw(st.integers(min_value=1, max_value=10**9)),
        uid=uuid.UUID(int=draw(st.integers(min_value=0, max_value=2**128 - 1))),
        title=draw(texts),
        description=draw(long_texts),
        location=draw(texts),
        online_url=draw(st.sampled_from(["", "https://vergaderen.example/noord?id=1&pin=2,3"])),
        starts_at=starts_at,
        ends_at=starts_at
        + draw(
            st.timedeltas(
                min_value=datetime.timedelta(minutes=1), max_value=datetime.timedelta(days=3)
            )
        ),
        status=draw(st.sampled_from(EventStatus.values)),
        sequence=draw(st.integers(min_value=0, max_value=1000)),
    )
    event.created_at = draw(st.one_of(st.none(), moments))
    event.updated_at = draw(st.one_of(st.none(), moments))
    return event


def both(events_, *, name: str, tentative, online_links: bool) -> tuple[bytes, bytes]:
    """The feed from our writer and the same feed from icalendar, with one DTSTAMP."""
    with mock.patch.object(ical, "_now", return_value=STAMP):
        ours = ical.feed_ics(events_, name=name, tentative=tentative, online_links=online_links)
        theirs = ical.feed_calendar(
            events_, name=name, tentative=tentative, online_links=online_links
        ).to_ical()
    return ours, theirs


def in_utc(value):
    """An aware time as UTC: Python never finds two times in the hour that repeats in autumn
    equal when their zones are different objects (one per parse)."""
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        return value.astimezone(UTC)
    return value


def icalendar_view(ics: bytes) -> list:
    calendar = Calendar.from_ical(ics)
    assert not calendar.errors
    return [
        (
            component.name,
            sorted(
                (
                    name,
                    in_utc(value.dt) if hasattr(value, "dt") else value.to_ical(),
                    sorted(value.params.items()),
                )
                for name, value in component.property_items(recursive=False)
                if name not in ("BEGIN", "END")
            ),
        )
        for component in calendar.walk()
    ]


def vobject_view(ics: bytes):
    """vobject keeps the first VTIMEZONE it reads for a TZID for the rest of the process: each
    read starts without it."""
    vars(vobject.icalendar)["__tzidMap"].pop(ical.TZID, None)

    def view(component):
        properties, children = [], []
        for name, items in sorted(component.contents.items()):
            for item in items:
                if isinstance(item, vobject.base.Component):
                    children.append(view(item))
                else:
                    properties.append((name, in_utc(item.value), sorted(item.params.items())))
        return component.name, properties, children

    return view(vobject.readOne(ics.decode(), validate=True))


def physical_lines(ics: bytes) -> list[bytes]:
    assert ics.endswith(b"\r\n")
    return ics[:-2].split(b"\r\n")


def texts_read_back(ics: bytes) -> dict[str, list[list[str]]]:
    """SUMMARY, LOCATION and DESCRIPTION of each event, as each parser reads them."""
    names = ("summary", "location", "description")
    icalendar_events = Calendar.from_ical(ics).walk("VEVENT")
    vobject_events = vobject_view_events(ics)
    return {
        "icalendar": [[str(e.get(n, "")) for n in names] for e in icalendar_events],
        "vobject": [
            [e.contents[n][0].value if n in e.contents else "" for n in names]
            for e in vobject_events
        ],
    }


def vobject_view_events(ics: bytes):
    vars(vobject.icalendar)["__tzidMap"].pop(ical.TZID, None)
    return vobject.readOne(ics.decode()).vevent_list


def newlines(text: str) -> str:
    """The text as a calendar gives it back: line breaks as LF, a leading byte order mark left
    out (icalendar drops it too)."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


@given(
    events_=st.lists(events(), min_size=1, max_size=4, unique_by=lambda e: (type(e), e.pk)),
    name=st.sampled_from(NAMES),
    online_links=st.booleans(),
    data=st.data(),
)
@example(
    events_=[
        Activity(
            pk=7,
            uid=uuid.UUID(int=7),
            title="Klantpanel, brieven; en \\ meer 😀" * 5,
            description="Regel één\nRegel twee\r\n" + "é" * 80 + "😀" * 40 + "\\,;" * 30,
            location="Stadhuis, zaal 2; achteringang",
            online_url="https://vergaderen.example/noord?id=1&pin=2,3",
            starts_at=datetime.datetime(2027, 10, 31, 1, 30, tzinfo=UTC),  # the repeated hour
            ends_at=datetime.datetime(2027, 10, 31, 3, 0, tzinfo=UTC),
            status=EventStatus.SCHEDULED,
            sequence=3,
        )
    ],
    name=NAMES[1],
    online_links=True,
    data=None,
)
def test_our_feed_reads_back_as_the_calendar_icalendar_builds(events_, name, online_links, data):
    for event in events_:
        event.created_at = getattr(event, "created_at", None)
        event.updated_at = getattr(event, "updated_at", None)
    # \N is the one text both write differently (see ``characters``); compared to itself below.
    comparable = not any(
        "\\N" in text
        for text in [name] + [v for e in events_ for v in (e.title, e.description, e.location)]
    )
    chosen = data.draw(st.sets(st.sampled_from(events_))) if data else set(events_)
    tentative = {ical.event_uid(event) for event in chosen}
    ours, theirs = both(events_, name=name, tentative=tentative, online_links=online_links)

    if comparable:
        assert icalendar_view(ours) == icalendar_view(theirs)
        assert vobject_view(ours) == vobject_view(theirs)

    # Folded at 75 octets, never inside a character or between a backslash and what it escapes
    # (the events: the calendar's head is icalendar's).
    for line in physical_lines(ours[ours.index(b"BEGIN:VEVENT") :]):
        assert len(line) <= 75
        line.decode()  # a whole UTF-8 character on each line
        assert (len(line) - len(line.rstrip(b"\\"))) % 2 == 0, line

    # Each text reads back as the event's own, \N included.
    expected = [
        [
            newlines(ical._summary(event)),
            newlines(ical._location(event, online_link=online_links)),
            newlines(ical._description(event, online_link=online_links)),
        ]
        for event in events_
    ]
    assert texts_read_back(ours) == {"icalendar": expected, "vobject": expected}
