"""The public pages' cache, page kind by page kind (issue 18): an anonymous GET is built (miss),
the next one comes from the cache (hit), a change made the way the site makes it (a Wagtail
revision published, a service call) shows on the very next request. And what must never happen:
a shared page for someone logged in or with a cookie, a cached page with a cookie or a CSRF
token, a page with a view restriction in the cache."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any, NamedTuple

import icalendar
import pytest
from defusedxml import ElementTree as ET
from django.test import Client
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from common.pagecache import HEADER

pytestmark = pytest.mark.django_db


def fetch(path: str):
    """An anonymous visitor's first visit: a new client, so no cookie at all."""
    return Client().get(path)


def text(response) -> str:
    return response.content.decode()


def cached_then_changed(path: str, change, *, before: str, after: str):
    """Miss, hit, ``change()``, and the next request shows ``after``."""
    first = fetch(path)
    assert first.status_code == 200, path
    assert first[HEADER] == "miss", path
    assert before in text(first)
    second = fetch(path)
    assert second[HEADER] == "hit", path
    assert second.content == first.content
    change()
    third = fetch(path)
    assert third.status_code == 200
    assert after in text(third), path
    assert third[HEADER] == "miss"
    return third


@pytest.fixture
def site(roles, site_pages):
    return roles


def _publish(page, **fields):
    """As the admin's Publish button does: a new revision, published."""
    page = page.specific
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return page


def _page(path_slug: str):
    return Page.objects.get(slug=path_slug, locale__language_code="nl").specific


# --- page by page: miss, hit, a change, and the change shows ------------------------------------


class Case(NamedTuple):
    """One page kind: ``given(site)`` makes what the page shows (its result is ``thing``), the
    page's address is ``path`` (or ``path(thing)``), ``change(site, thing)`` changes it as the
    site does, ``after`` shows on the next request, and ``check(response)`` reads that page."""

    path: str | Callable[[Any], str]
    change: Callable[[Any, Any], object]
    after: str
    before: str = "<html"
    given: Callable[[Any], Any] = lambda site: None
    check: Callable[[Any], None] = lambda response: None


def _home(site):
    return Page.objects.get(depth=2, locale__language_code="nl")


def _add_public_activity(site, _thing):
    from meetings.models import Activity
    from meetings.services import activity_create

    start = timezone.now() + datetime.timedelta(days=3)
    activity_create(
        actor=site.users["secretary"],
        title="Spreekuur in de bibliotheek",
        description="Kom langs.",
        kind=Activity.Kind.CLIENT_PANEL,
        scope=Activity.Scope.NATIONAL,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        location="Utrecht",
        visibility="public",
    )


def _consent_to_a_bio(site, user):
    user.public_profile = True
    user.bio = "Ik zit in de raad voor de mensen met een WW-uitkering."
    user.save()


def _make_a_plan_public(site, _thing):
    from proposals.services import plan_create

    plan_create(
        actor=site.users["secretary"],
        title="Bereikbaarheid van het klantcontactcentrum",
        council=site.council,
        is_public=True,
    )


def _public_activity(site, title="Klantpanel in Groningen", days=5):
    from meetings.tests.factories import ActivityFactory

    return ActivityFactory(
        title=title,
        council=site.council,
        visibility="public",
        created_by=site.users["secretary"],
        starts_at=timezone.now() + datetime.timedelta(days=days),
        ends_at=timezone.now() + datetime.timedelta(days=days, hours=2),
    )


def _rename_activity(site, activity):
    from meetings.services import activity_update

    activity_update(actor=site.users["secretary"], activity=activity, title="Klantpanel in Assen")


def _month_of(activity) -> str:
    from django.urls import reverse

    local = timezone.localtime(activity.starts_at)
    return reverse("meetings:activity_month", args=[local.year, local.month])


def _calendar_has_the_new_title(response):
    calendar = icalendar.Calendar.from_ical(response.content)
    summaries = [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]
    assert "Klantpanel in Assen" in summaries


def _publish_news(*, intro="Kort."):
    from publishing.models import NewsIndexPage, NewsItem

    index = NewsIndexPage.objects.get(locale__language_code="nl")
    item = NewsItem(
        title="Brieven worden korter",
        slug="brieven-worden-korter",
        intro=intro,
        date=timezone.localdate(),
    )
    index.add_child(instance=item)
    item.save_revision().publish()


def _publish_news_for_noord(site, _thing):
    from publishing.models import NewsItem

    _publish_news()
    item = NewsItem.objects.get(slug="brieven-worden-korter")
    item.councils.add(site.council)
    item.save_revision().publish()


def _feed_has_the_new_title(response):
    root = ET.fromstring(response.content)  # well-formed XML
    titles = [e.text for e in root.iter() if e.tag.endswith("title")]
    assert "Brieven worden korter" in titles


def _sitemap_has_the_new_page(response):
    root = ET.fromstring(response.content)
    locs = [e.text for e in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert any(loc.endswith("/nieuws/brieven-worden-korter/") for loc in locs)


_PUBLISHED_NEWS = {"change": lambda site, _thing: _publish_news(), "after": "Brieven worden korter"}
_RENAMED_ACTIVITY = {
    "given": _public_activity,
    "change": _rename_activity,
    "before": "Klantpanel in Groningen",
    "after": "Klantpanel in Assen",
}

CASES = {
    "home_page": Case(
        "/",
        lambda site, home: _publish(home, title="Nieuwe titel van home"),
        "Nieuwe titel van home",
        given=_home,
    ),
    "home_page_shows_a_new_public_activity": Case(
        "/", _add_public_activity, "Spreekuur in de bibliotheek"
    ),
    "content_page": Case(
        "/wie-zijn-wij/",
        lambda site, page: _publish(page, title="Over de raden"),
        "Over de raden",
        given=lambda site: _page("wie-zijn-wij"),
    ),
    "council_index_shows_a_council_pages_new_title": Case(
        "/raden/",
        lambda site, page: _publish(page, title="Cliëntenraad Noord-Nederland"),
        "Cliëntenraad Noord-Nederland",
        given=lambda site: _page("noord"),
    ),
    "council_page_shows_a_members_consented_bio": Case(
        "/raden/noord/",
        _consent_to_a_bio,
        "mensen met een WW-uitkering",
        before="Noord",
        given=lambda site: site.users["member"],
    ),
    "news_index_shows_a_newly_published_item": Case(
        "/nieuws/",
        lambda site, _thing: _publish_news(intro="Een nieuw bericht."),
        "Brieven worden korter",
    ),
    "results_show_a_plan_made_public": Case(
        "/resultaten/", _make_a_plan_public, "Bereikbaarheid van het klantcontactcentrum"
    ),
    "agenda": Case("/agenda/", **_RENAMED_ACTIVITY),
    "agenda_activity": Case(lambda a: f"/agenda/activiteit/{a.pk}/", **_RENAMED_ACTIVITY),
    "agenda_embed": Case("/inbedden/activiteiten/", **_RENAMED_ACTIVITY),
    "agenda_json": Case("/agenda/openbaar.json", **_RENAMED_ACTIVITY),
    "agenda_month_view": Case(_month_of, **_RENAMED_ACTIVITY),
    "calendar_feed": Case(
        "/agenda/openbaar.ics", **_RENAMED_ACTIVITY, check=_calendar_has_the_new_title
    ),
    "calendar_activity": Case(
        lambda a: f"/agenda/activiteit/{a.pk}.ics",
        **_RENAMED_ACTIVITY,
        check=_calendar_has_the_new_title,
    ),
    "news_rss": Case(
        "/nieuws/feed/rss/", **_PUBLISHED_NEWS, before="", check=_feed_has_the_new_title
    ),
    "news_atom": Case(
        "/nieuws/feed/atom/", **_PUBLISHED_NEWS, before="", check=_feed_has_the_new_title
    ),
    "news_council_rss": Case(
        "/nieuws/feed/noord/rss/",
        _publish_news_for_noord,
        "Brieven worden korter",
        before="",
        check=_feed_has_the_new_title,
    ),
    "news_json": Case("/nieuws/feed.json", **_PUBLISHED_NEWS, before=""),
    "news_block": Case("/nieuws/blok/", **_PUBLISHED_NEWS, before=""),
    "news_embed": Case("/inbedden/nieuws/", **_PUBLISHED_NEWS, before=""),
    "sitemap_lists_a_newly_published_page": Case(
        "/sitemap.xml",
        lambda site, _thing: _publish_news(),
        "brieven-worden-korter",
        before="<urlset",
        check=_sitemap_has_the_new_page,
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_a_change_shows_on_the_next_request(site, case):
    thing = case.given(site)
    path = case.path(thing) if callable(case.path) else case.path
    response = cached_then_changed(
        path, lambda: case.change(site, thing), before=case.before, after=case.after
    )
    case.check(response)


# --- Wagtail pages -----------------------------------------------------------------------------


def test_news_item_and_unpublishing_it(site):
    item = _page("brieven-van-uwv-worden-duidelijker")
    path = "/nieuws/brieven-van-uwv-worden-duidelijker/"
    cached_then_changed(
        path,
        lambda: _publish(item, title="Brieven van UWV: nu echt duidelijker"),
        before="<html",
        after="nu echt duidelijker",
    )
    assert fetch(path)[HEADER] == "hit"
    item.unpublish()
    assert fetch(path).status_code == 404


def test_a_page_moved_is_no_longer_at_its_old_address(site):
    about = _page("wie-zijn-wij")
    privacy = _page("privacy")
    assert fetch("/wie-zijn-wij/")[HEADER] == "miss"
    assert fetch("/wie-zijn-wij/")[HEADER] == "hit"
    about.move(privacy, pos="last-child")
    moved = fetch("/wie-zijn-wij/")  # not the cached page: Wagtail's redirect to where it went
    assert moved.status_code == 301 and moved["Location"] == "/privacy/wie-zijn-wij/"
    assert fetch("/privacy/wie-zijn-wij/")[HEADER] == "miss"


def test_english_and_dutch_pages_are_separate_entries(site):
    dutch = fetch("/")
    english = fetch("/en/")
    assert dutch["Content-Language"] == "nl" and english["Content-Language"] == "en"
    assert dutch[HEADER] == english[HEADER] == "miss"
    assert fetch("/")[HEADER] == fetch("/en/")[HEADER] == "hit"
    assert fetch("/en/")["Content-Language"] == "en"
    assert 'lang="en"' in text(fetch("/en/")) and 'lang="nl"' in text(fetch("/"))


def test_a_page_with_a_view_restriction_is_never_stored(site):
    page = _page("privacy")
    assert fetch("/privacy/")[HEADER] == "miss"
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    for _ in range(2):
        response = fetch("/privacy/")
        assert response.status_code == 302  # to the log-in, never the cached page
        assert HEADER not in response
    child_restricted = _page("wie-zijn-wij")
    PageViewRestriction.objects.create(
        page=child_restricted, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )
    response = fetch("/wie-zijn-wij/")
    assert HEADER not in response and "geheim" not in text(response)


# --- Django views ------------------------------------------------------------------------------


def test_recruitment_index_and_vacancy(site):
    from recruitment.models import Vacancy
    from recruitment.services import vacancy_save

    def add():
        vacancy_save(
            vacancy=Vacancy(
                council=site.council,
                title="Secretaris gezocht",
                role="Notuleren",
                time_needed="4 uur",
                expenses="Reiskosten",
                suits="Iedereen",
            ),
            actor=site.users["secretary"],
        )

    cached_then_changed("/word-raadslid/", add, before="<html", after="Secretaris gezocht")
    vacancy = Vacancy.objects.get(title="Secretaris gezocht")

    def close():
        vacancy.is_open = False
        vacancy_save(vacancy=vacancy, actor=site.users["secretary"])

    open_page = fetch(f"/word-raadslid/{vacancy.pk}/")
    assert fetch(f"/word-raadslid/{vacancy.pk}/")[HEADER] == "hit"
    close()
    closed_page = fetch(f"/word-raadslid/{vacancy.pk}/")
    assert closed_page[HEADER] == "miss" and closed_page.content != open_page.content
    assert "Secretaris gezocht" not in text(fetch("/word-raadslid/"))


def test_annual_reports_list_and_report(site):
    from reports.services import report_start, report_update

    year = timezone.localdate().year - 1
    editor = site.users["administrator"]
    report = report_start(year=year, council=None, actor=editor)
    assert fetch(f"/jaarverslag/{year}/").status_code == 404

    def publish():
        report_update(
            report=report,
            intro="Een jaar vol brieven.",
            highlights="",
            plans="",
            publish=True,
            actor=editor,
        )

    cached_then_changed("/jaarverslag/", publish, before="<html", after=f"/jaarverslag/{year}/")
    cached_then_changed(
        f"/jaarverslag/{year}/",
        lambda: report_update(
            report=report,
            intro="Een jaar vol heldere brieven.",
            highlights="",
            plans="",
            publish=False,
            actor=editor,
        ),
        before="Een jaar vol brieven.",
        after="Een jaar vol heldere brieven.",
    )


def test_agenda_timeout_ends_when_the_next_activity_starts(site):
    from common.pagecache_time import until_agenda_changes, until_midnight

    now = timezone.now()
    assert until_agenda_changes(now) == until_midnight(now)
    _public_activity(site, days=0).__class__.objects.update(
        starts_at=now + datetime.timedelta(minutes=10),
        ends_at=now + datetime.timedelta(minutes=70),
        signup_deadline=None,
    )
    assert 590 <= until_agenda_changes(now) <= 601


def test_robots_txt_and_the_webmasters_page_are_served_from_the_cache(site):
    for path in ("/robots.txt", "/voor-webmasters/", "/raden/zoek/", "/inbedden/signaal/"):
        assert fetch(path)[HEADER] == "miss", path
        assert fetch(path)[HEADER] == "hit", path


def test_public_survey_results(site):
    from surveys.services_results import public_summary_publish, public_summary_withdraw
    from surveys.tests.factories import SurveyFactory

    survey = SurveyFactory(
        title="Hoe bereikbaar is UWV?",
        closes_at=timezone.now() - datetime.timedelta(days=1),
    )
    editor = site.users["administrator"]
    cached_then_changed(
        "/uitkomsten-vragenlijsten/",
        lambda: public_summary_publish(actor=editor, survey=survey, summary="Goed bereikbaar."),
        before="<html",
        after="Hoe bereikbaar is UWV?",
    )
    path = f"/uitkomsten-vragenlijsten/{survey.pk}/"
    cached_then_changed(
        path,
        lambda: public_summary_publish(actor=editor, survey=survey, summary="Slecht bereikbaar."),
        before="Goed bereikbaar.",
        after="Slecht bereikbaar.",
    )
    public_summary_withdraw(actor=editor, survey=survey)
    assert fetch(path).status_code == 404


# --- never for one visitor -----------------------------------------------------------------------

CACHED_PATHS = [
    "/",
    "/en/",
    "/wie-zijn-wij/",
    "/raden/",
    "/raden/noord/",
    "/en/councils/noord/",
    "/raden/zoek/",
    "/nieuws/",
    "/en/news/",
    "/nieuws/brieven-van-uwv-worden-duidelijker/",
    "/nieuws/feed/rss/",
    "/nieuws/feed/atom/",
    "/nieuws/feed.json",
    "/nieuws/blok/",
    "/inbedden/nieuws/",
    "/inbedden/activiteiten/",
    "/inbedden/signaal/",
    "/agenda/openbaar.json",
    "/voor-webmasters/",
    "/word-raadslid/",
    "/resultaten/",
    "/en/resultaten/",
    "/agenda/",
    "/agenda/openbaar.ics",
    "/uitkomsten-vragenlijsten/",
    "/jaarverslag/",
    "/sitemap.xml",
    "/robots.txt",
]


def test_no_cached_page_carries_a_cookie_or_a_csrf_token(site):
    for path in CACHED_PATHS:
        first = fetch(path)
        assert first[HEADER] == "miss", path
        hit = fetch(path)
        assert hit[HEADER] == "hit", path
        for response in (first, hit):
            assert not response.cookies, path
            assert "Set-Cookie" not in response, path
            assert b"csrfmiddlewaretoken" not in response.content, path
            assert "private" not in response.get("Cache-Control", ""), path


def test_a_hit_costs_no_query(site, django_assert_num_queries):
    for path in CACHED_PATHS:
        fetch(path)
        with django_assert_num_queries(0):
            assert fetch(path)[HEADER] == "hit", path


def test_someone_logged_in_never_gets_nor_stores_a_shared_page(site):
    member = Client()
    member.force_login(site.users["member"])
    for path in ("/", "/raden/noord/", "/agenda/", "/word-raadslid/"):
        response = member.get(path)
        assert HEADER not in response, path
        assert fetch(path)[HEADER] == "miss", path  # the member's page was not kept
        assert HEADER not in member.get(path), path


def test_a_request_with_a_session_cookie_never_gets_the_shared_page(site):
    fetch("/")
    visitor = Client()
    visitor.cookies["sessionid"] = "iets"
    assert HEADER not in visitor.get("/")
    visitor = Client()
    visitor.cookies["csrftoken"] = "a" * 32
    assert HEADER not in visitor.get("/")


def test_pages_with_a_form_still_work_and_are_not_stored(site):
    for path in ("/signaal/", "/word-raadslid/aanmelden/?raad=noord", "/nieuwsflits/"):
        for _ in range(2):
            response = fetch(path)
            assert response.status_code == 200, path
            assert HEADER not in response, path
            assert b"csrfmiddlewaretoken" in response.content, path
