"""What a search finds: audiences, filters, counts per kind, language, paging, odd input. Runs on
the configured backend (SQLite FTS5, or PostgreSQL's Dutch configuration with DATABASE_URL)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from councils.selectors import viewer_for
from sitesearch import index
from sitesearch.models import Audience
from sitesearch.query import PER_PAGE, Filters, search, visible_entries

pytestmark = pytest.mark.django_db


def keys(results):
    return sorted(e.key for e in results.page)


def test_plural_finds_singular(put):
    put(1, title="Uitkering", body="Over een uitkering.", audience=Audience.PUBLIC)
    put(2, title="Iets anders", body="Over brieven.", audience=Audience.PUBLIC)
    assert keys(search(viewer_for(None), "uitkeringen")) == ["1"]
    assert keys(search(viewer_for(None), "brief")) == ["2"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's Dutch configuration")
def test_postgresql_stems_with_the_dutch_configuration(put):
    from django.conf import settings as django_settings

    assert django_settings.WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] == "dutch"
    entry = put(1, title="Uitkering", body="De uitkering.", audience=Audience.PUBLIC)
    # Without our own stems: the database's Dutch configuration alone finds the singular.
    type(entry).objects.filter(pk=entry.pk).update(stems="")
    entry.refresh_from_db()
    index._index([entry])
    with connection.cursor() as cursor:
        cursor.execute(
            "select to_tsvector('dutch', 'uitkeringen') @@ to_tsquery('dutch', 'uitkering')"
        )
        assert cursor.fetchone()[0] is True
    assert keys(search(viewer_for(None), "uitkeringen")) == ["1"]


def test_every_word_must_match(put):
    put(1, title="WW en brieven", body="", audience=Audience.PUBLIC)
    put(2, title="WW en keuring", body="", audience=Audience.PUBLIC)
    assert keys(search(viewer_for(None), "ww brieven")) == ["1"]
    assert keys(search(viewer_for(None), "ww")) == ["1", "2"]


def test_each_audience_reaches_exactly_its_people(roles, put):
    from accounts.tests.factories import UserFactory
    from councils.models import Membership
    from councils.tests.factories import WorkingGroupFactory, WorkingGroupMembershipFactory

    group_only = UserFactory()
    WorkingGroupMembershipFactory(
        user=group_only, working_group=WorkingGroupFactory(), council=roles.council
    )
    put(1, title="Zoekwoord publiek", audience=Audience.PUBLIC)
    put(2, title="Zoekwoord ingelogd", audience=Audience.LOGGED_IN)
    put(3, title="Zoekwoord leden", audience=Audience.MEMBERS)
    put(4, title="Zoekwoord groepen", audience=Audience.MEMBERS_GROUPS)
    put(5, title="Zoekwoord noord", audience=Audience.RESTRICTED, councils=[roles.council.pk])
    put(6, title="Zoekwoord lezer", audience=Audience.RESTRICTED, readers=[roles["editor"].pk])
    # Readers and councils add to any audience (e.g. invited to a meeting for all members).
    put(7, title="Zoekwoord leden plus", audience=Audience.MEMBERS, readers=[roles["liaison"].pk])
    expected = {
        "visitor": ["1"],
        "member": ["1", "2", "3", "4", "5", "7"],
        "member_other": ["1", "2", "3", "4", "7"],
        "secretary": ["1", "2", "3", "4", "5", "7"],
        "central_member": ["1", "2", "3", "4", "7"],
        "editor": ["1", "2", "6"],
        "liaison": ["1", "2", "7"],
        "administrator": ["1", "2", "3", "4", "5", "6", "7"],
    }
    for role, want in expected.items():
        assert keys(search(viewer_for(roles[role]), "zoekwoord")) == want, role
    assert keys(search(viewer_for(group_only), "zoekwoord")) == ["1", "2", "4"]
    assert Membership.objects.filter(user=group_only).count() == 0


def test_a_restricted_entry_without_councils_or_readers_is_for_administrators_only(roles, put):
    put(1, title="Zoekwoord", audience=Audience.RESTRICTED)
    assert visible_entries(viewer_for(roles["member"])).count() == 0
    assert visible_entries(viewer_for(roles["administrator"])).count() == 1


def test_counts_per_kind_follow_the_other_filters_but_not_the_kind(roles, put, put_other):
    for pk in range(1, 4):
        put(pk, title=f"Brief {pk}", audience=Audience.PUBLIC, council_id=roles.council.pk)
    put(4, title="Brief 4", audience=Audience.PUBLIC, council_id=roles.other_council.pk)
    put(5, title="Brief 5", audience=Audience.MEMBERS, council_id=roles.council.pk)
    put_other(1, title="Brief ander", audience=Audience.PUBLIC, regeling="WIA")
    put_other(2, title="Geen treffer", audience=Audience.PUBLIC)
    visitor = viewer_for(None)

    everything = search(visitor, "brieven")
    assert everything.kind_counts == {"thing": 4, "other": 1}
    assert everything.total == 5

    only_things = search(visitor, "brieven", Filters(kind="thing"))
    assert only_things.kind_counts == {"thing": 4, "other": 1}
    assert only_things.total == 4
    assert {e.kind for e in only_things.page} == {"thing"}

    noord = search(visitor, "brieven", Filters(council_id=roles.council.pk))
    assert noord.kind_counts == {"thing": 3}
    assert noord.total == 3

    wia = search(visitor, "brieven", Filters(regeling="WIA"))
    assert wia.kind_counts == {"other": 1}
    assert keys(wia) == ["1"]

    member = search(viewer_for(roles["member"]), "brieven")
    assert member.kind_counts == {"thing": 5, "other": 1}


def test_filters_by_onderwerp(put):
    put(1, title="Brief", audience=Audience.PUBLIC, onderwerp="brieven")
    put(2, title="Brief", audience=Audience.PUBLIC, onderwerp="bereikbaarheid")
    assert keys(search(viewer_for(None), "brief", Filters(onderwerp="brieven"))) == ["1"]


def test_a_page_in_one_language_is_found_in_that_language_only(put):
    put(1, title="Raad nl", audience=Audience.PUBLIC, language="nl")
    put(2, title="Raad en", audience=Audience.PUBLIC, language="en")
    put(3, title="Raad alle talen", audience=Audience.PUBLIC)
    with translation.override("nl"):
        assert keys(search(viewer_for(None), "raad")) == ["1", "3"]
    with translation.override("en"):
        assert keys(search(viewer_for(None), "raad")) == ["2", "3"]


def test_results_come_in_pages(put):
    for pk in range(1, PER_PAGE + 6):
        put(pk, title=f"Keuring {pk}", audience=Audience.PUBLIC)
    first = search(viewer_for(None), "keuring")
    assert first.total == PER_PAGE + 5
    assert len(first.page) == PER_PAGE
    second = search(viewer_for(None), "keuring", page=2)
    assert len(second.page) == 5
    assert not {e.pk for e in first.page} & {e.pk for e in second.page}
    assert search(viewer_for(None), "keuring", page="999").page.number == 2
    assert search(viewer_for(None), "keuring", page="x").page.number == 1


def test_a_query_without_words_finds_nothing_and_does_not_fail(put):
    put(1, title="Iets", audience=Audience.PUBLIC)
    for text in ["", "   ", "a", "!!", '"', "*", "()"]:
        results = search(viewer_for(None), text)
        assert results.total == 0 and results.page is None


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(text=st.text(max_size=80))
def test_any_text_is_a_valid_query(put, text):
    """Quotes, stars, brackets, NEAR, AND/OR/NOT: never a syntax error in the backend."""
    put(1, title='Brief "WW" (uitkering) * NOT NEAR', audience=Audience.PUBLIC)
    results = search(viewer_for(None), text)
    assert results.total >= 0


def test_query_syntax_is_taken_as_words(put):
    put(1, title="Brief over WW", audience=Audience.PUBLIC)
    assert keys(search(viewer_for(None), '"brief" AND ww*')) == []  # "and" is a word too
    assert keys(search(viewer_for(None), '"brief" ww*')) == ["1"]


def test_small_words_like_van_and_de_need_not_be_in_the_text(put):
    put(1, title="UWV-brieven", body="", audience=Audience.PUBLIC)
    put(2, title="Het zo", body="", audience=Audience.PUBLIC)
    assert keys(search(viewer_for(None), "de brieven van UWV")) == ["1"]
    # Only small words: those, as typed (PostgreSQL's Dutch configuration does not index them,
    # so there it finds nothing; it does not fail).
    expected = [] if connection.vendor == "postgresql" else ["2"]
    assert keys(search(viewer_for(None), "het zo")) == expected
