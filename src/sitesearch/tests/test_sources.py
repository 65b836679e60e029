"""What signals, meetings and public pages put in the search index, and that the index follows
their changes (each app's ``search_index.py`` and the calls in its services)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from councils.models import Membership
from councils.selectors import viewer_for
from councils.tests.factories import CouncilFactory, MembershipFactory, PostcodeRangeFactory
from sitesearch.index import rebuild
from sitesearch.models import Audience, SearchEntry
from sitesearch.query import search

pytestmark = pytest.mark.django_db


def found(user, text) -> list[str]:
    results = search(viewer_for(user), text)
    return sorted(e.title for e in results.page) if results.page else []


def entry(kind, obj) -> SearchEntry:
    return SearchEntry.objects.get(kind=kind, key=str(obj.pk))


# --- signals ----------------------------------------------------------------------------------


@pytest.fixture
def routed(roles):
    PostcodeRangeFactory(council=roles.council, start=9000, end=9999)
    return roles


def submit(**kwargs):
    from signals.services import signal_submit

    kwargs.setdefault("regeling", "WW")
    kwargs.setdefault("onderwerp", "bereikbaarheid")
    return signal_submit(**kwargs)


def test_a_new_signal_is_found_by_its_council_and_the_central_council_only(routed):
    signal = submit(
        text="Ik bel al weken met UWV over mijn WW. Mail mij op jan@example.nl of 06-12345678.",
        postcode="9711 AB",
        email="jan@example.nl",
        phone="06-12345678",
    )
    indexed = entry("signal", signal)
    assert indexed.title == f"Signaal {signal.reference} · " + (
        "Bereikbaarheid en contact (telefoon, wachttijd, terugbellen)"
    )
    assert indexed.body == signal.text
    assert indexed.audience == Audience.RESTRICTED
    assert set(indexed.councils.values_list("council_id", flat=True)) == {
        routed.council.pk,
        routed.central.pk,
    }
    assert indexed.council_id == routed.council.pk
    assert (indexed.regeling, indexed.onderwerp) == ("WW", "bereikbaarheid")
    for role in ("member", "secretary", "central_member", "administrator"):
        assert found(routed[role], "bellen weken") == [indexed.title], role
    for role in ("visitor", "member_other", "editor", "liaison"):
        assert found(routed[role], "bellen weken") == [], role


def test_no_private_signal_data_reaches_the_index(routed):
    from signals.models import SignalPrivate
    from signals.services import signal_transition, signals_purge_private

    signal = submit(
        text="Mijn BSN is 111222333. Bel 06-12345678 of mail piet@example.nl over de WIA.",
        postcode="9711",
        email="piet.contact@example.nl",
        phone="0612345678",
    )
    private = SignalPrivate.objects.get(signal=signal)
    assert private.original_text

    def assert_no_personal_data():
        for value in SearchEntry.objects.values_list("title", "body", "stems"):
            text = " ".join(value)
            for secret in ("111222333", "12345678", "piet", "example", private.original_text):
                assert secret not in text

    assert_no_personal_data()
    # After the retention purge the entry is the same, still without personal data.
    signal_transition(
        actor=routed["secretary"], signal=signal, to_status="closed", reason="Afgehandeld"
    )
    signals_purge_private(now=timezone.now() + datetime.timedelta(days=3650))
    assert_no_personal_data()
    assert not SignalPrivate.objects.filter(signal=signal).exists()
    assert SearchEntry.objects.filter(kind="signal", key=str(signal.pk)).exists()


def test_rerouting_moves_the_signal_to_the_other_councils_results(routed):
    from signals.services import signal_reroute

    signal = submit(text="De telefoon wordt nooit opgenomen.", postcode="9711")
    assert found(routed["member"], "telefoon")
    signal_reroute(
        actor=routed["secretary"], signal=signal, council=routed.other_council, reason="Limburg"
    )
    assert found(routed["member"], "telefoon") == []
    assert len(found(routed["member_other"], "telefoon")) == 1
    assert len(found(routed["central_member"], "telefoon")) == 1
    assert entry("signal", signal).council_id == routed.other_council.pk


def test_a_new_theme_changes_the_title_and_the_theme_filter(routed):
    from signals.services import signal_set_theme

    signal = submit(text="De brief snap ik niet.", postcode="9711")
    signal_set_theme(actor=routed["member"], signal=signal, regeling="WIA", onderwerp="brieven")
    indexed = entry("signal", signal)
    assert indexed.title.endswith(
        "· Brieven en uitleg (begrijpelijkheid, taal, tegenstrijdige informatie)"
    )
    assert (indexed.regeling, indexed.onderwerp) == ("WIA", "brieven")


def test_a_new_central_council_member_finds_signals_of_every_council(routed):
    signal = submit(text="Niemand belt terug.", postcode="9711")
    newcomer = MembershipFactory(council=routed.central, role=Membership.Role.MEMBER).user
    assert len(found(newcomer, "belt terug")) == 1
    assert entry("signal", signal).audience == Audience.RESTRICTED


# --- meetings ---------------------------------------------------------------------------------


def when(days=10, hours=0):
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=days, hours=hours)
    return {"starts_at": start, "ends_at": start + datetime.timedelta(hours=2)}


def schedule(actor, days=10, **kwargs):
    from meetings.services import meeting_schedule

    kwargs.setdefault("title", "Vergadering over de WIA")
    return meeting_schedule(actor=actor, **kwargs, **when(days))


def test_a_council_meeting_is_found_by_its_council_and_the_people_invited(roles):
    from meetings.services import meeting_invite

    meeting = schedule(
        roles["secretary"],
        kind="council",
        council=roles.council,
        description="Wij bespreken de herbeoordeling.",
    )
    indexed = entry("meeting", meeting)
    assert indexed.audience == Audience.RESTRICTED
    assert list(indexed.councils.values_list("council_id", flat=True)) == [roles.council.pk]
    assert found(roles["member"], "herbeoordeling") == ["Vergadering over de WIA"]
    assert found(roles["member_other"], "herbeoordeling") == []
    # A guest from another council, invited: finds it (and may open it).
    meeting_invite(actor=roles["secretary"], meeting=meeting, people=[roles["member_other"]])
    assert found(roles["member_other"], "herbeoordeling") == ["Vergadering over de WIA"]
    assert found(roles["central_member"], "herbeoordeling") == []


def test_an_introduction_session_is_found_by_every_council_taking_part(roles):
    third = CouncilFactory()
    meeting = schedule(
        roles["secretary"],
        kind="introduction",
        council=roles.council,
        guest_councils=[roles.other_council],
        title="Kennismaking Noord Limburg",
    )
    assert set(entry("meeting", meeting).councils.values_list("council_id", flat=True)) == {
        roles.council.pk,
        roles.other_council.pk,
    }
    assert found(roles["member_other"], "kennismaking") == ["Kennismaking Noord Limburg"]
    outsider = MembershipFactory(council=third, role=Membership.Role.MEMBER).user
    assert found(outsider, "kennismaking") == []


@pytest.mark.parametrize("kind", ["national", "central"])
def test_national_and_central_meetings_are_for_every_council_member(roles, kind):
    # Both belong to the central council (the national meeting since issue 15).
    schedule(roles["administrator"], kind=kind, council=roles.central, title="Landelijke agenda")
    for role in ("member", "member_other", "secretary", "central_member", "administrator"):
        assert found(roles[role], "landelijke agenda") == ["Landelijke agenda"], role
    for role in ("visitor", "editor", "liaison"):
        assert found(roles[role], "landelijke agenda") == [], role


def test_agenda_minutes_and_cancelling_update_the_entry(roles):
    from meetings.services import (
        agenda_item_add,
        meeting_cancel,
        minutes_approve,
        minutes_save,
    )

    secretary = roles["secretary"]
    # Yesterday's meeting: minutes are approved once it has begun.
    meeting = schedule(secretary, days=-1, kind="council", council=roles.council)
    agenda_item_add(actor=secretary, meeting=meeting, title="Wachttijden bij de keuring")
    assert found(roles["member"], "wachttijden") == ["Vergadering over de WIA"]
    minutes_save(actor=secretary, meeting=meeting, text="Besloten: een brief aan de directie.")
    assert found(roles["member"], "directie") == []  # draft minutes are not searched
    minutes_approve(actor=secretary, meeting=meeting)
    assert found(roles["member"], "directie") == ["Vergadering over de WIA"]
    meeting_cancel(actor=secretary, meeting=meeting, reason="Ziek")
    assert found(roles["member"], "directie") == ["Vergadering over de WIA (afgelast)"]


# --- public pages -----------------------------------------------------------------------------


def test_public_pages_are_found_by_everyone_in_their_own_language(client, roles, site_pages):
    from django.utils import translation

    rebuild(["page"])
    pages = SearchEntry.objects.filter(kind="page")
    assert pages.filter(language="nl").exists() and pages.filter(language="en").exists()
    assert set(pages.values_list("audience", flat=True)) == {Audience.PUBLIC}
    with translation.override("nl"):
        titles = found(None, "onafhankelijk")
    assert "Wie zijn wij" in titles
    about = pages.get(title="Wie zijn wij")
    assert about.url == "/wie-zijn-wij/"
    assert "vrijwilliger" in about.body and "<p>" not in about.body
    council_page = pages.get(language="nl", council_id=roles.council.pk)
    assert client.get(council_page.url).status_code == 200


def test_unpublishing_restricting_and_deleting_a_page_take_it_out(site_pages):
    from publishing.models import ContentPage

    rebuild(["page"])
    about = ContentPage.objects.get(slug="wie-zijn-wij", locale__language_code="nl")
    assert SearchEntry.objects.filter(kind="page", key=str(about.pk)).exists()

    about.unpublish()
    assert not SearchEntry.objects.filter(kind="page", key=str(about.pk)).exists()
    about.save_revision().publish()
    assert SearchEntry.objects.filter(kind="page", key=str(about.pk)).exists()

    restriction = PageViewRestriction.objects.create(
        page=about, restriction_type=PageViewRestriction.LOGIN
    )
    assert not SearchEntry.objects.filter(kind="page", key=str(about.pk)).exists()
    restriction.delete()
    assert SearchEntry.objects.filter(kind="page", key=str(about.pk)).exists()

    about.delete()
    assert not SearchEntry.objects.filter(kind="page", key=str(about.pk)).exists()


def test_a_new_page_is_found_once_published_and_follows_its_slug(site_pages):
    from publishing.models import ContentPage, HomePage

    home = HomePage.objects.get(locale__language_code="nl")
    page = ContentPage(title="Vrijwilligers gezocht", slug="vrijwilligers", intro="Doe mee!")
    home.add_child(instance=page)
    assert not SearchEntry.objects.filter(kind="page", key=str(page.pk)).exists()  # a draft
    page.save_revision().publish()
    assert entry("page", page).url == "/vrijwilligers/"
    page.slug = "meedoen"
    page.save_revision().publish()
    assert entry("page", page).url == "/meedoen/"
    assert Page.objects.filter(pk=page.pk).exists()


def test_the_english_search_finds_the_english_pages(client, roles, site_pages):
    rebuild(["page"])
    html = client.get("/en/zoeken/", {"q": "independent"}).content.decode()
    assert 'href="/en/who-we-are/"' in html
    html = client.get("/zoeken/", {"q": "onafhankelijk"}).content.decode()
    assert (
        'href="/wie-zijn-wij/"' in html and "/en/" not in html.split("<main")[1].split("</main>")[0]
    )
