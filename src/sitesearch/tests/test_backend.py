"""SEARCH_URL picks the backend; ``manage.py search_rebuild`` builds the index again; a change
of who may see something reaches the index."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from councils.selectors import viewer_for
from raadsplein.search_settings import search_backends
from sitesearch.index import rebuild
from sitesearch.models import Audience, SearchEntry, SearchEntryCouncil
from sitesearch.query import search

SQLITE = "django.db.backends.sqlite3"
POSTGRES = "django.db.backends.postgresql"


def test_empty_search_url_is_the_database_backend():
    assert search_backends("", database_engine=SQLITE) == {
        "default": {"BACKEND": "sitesearch.backends"}
    }
    assert search_backends("", database_engine=POSTGRES) == {
        "default": {"BACKEND": "sitesearch.backends", "SEARCH_CONFIG": "dutch"}
    }


def test_opensearch_over_https_with_credentials():
    backend = search_backends(
        "opensearch3+https://raadsplein:geheim@search.internal:9201/rp-index",
        database_engine=POSTGRES,
    )["default"]
    assert backend["BACKEND"] == "wagtail.search.backends.opensearch3"
    assert backend["URLS"] == ["https://search.internal:9201"]
    assert backend["INDEX"] == "rp-index"
    assert backend["OPTIONS"]["http_auth"] == ("raadsplein", "geheim")
    assert backend["INDEX_SETTINGS"]["settings"]["analysis"]["analyzer"]["default"]["type"] == (
        "dutch"
    )
    assert "geheim" not in " ".join(backend["URLS"])


def test_elasticsearch_over_http_with_defaults():
    backend = search_backends("elasticsearch8://localhost", database_engine=SQLITE)["default"]
    assert backend["BACKEND"] == "wagtail.search.backends.elasticsearch8"
    assert backend["URLS"] == ["http://localhost:9200"]
    assert backend["INDEX"] == "raadsplein"
    assert "http_auth" not in backend["OPTIONS"]


@pytest.mark.parametrize(
    "url", ["solr://localhost:8983/x", "opensearch3+ftp://host/x", "http://host:9200/"]
)
def test_an_unknown_kind_of_search_url_is_refused(url):
    with pytest.raises(ValueError, match="SEARCH_URL"):
        search_backends(url, database_engine=SQLITE)


@pytest.mark.django_db
def test_search_rebuild_builds_all_or_named_kinds_and_removes_stale_entries(
    roles, thing_kind, put, put_other
):
    from sitesearch.tests.conftest import Thing

    put(1, title="Brief een", audience=Audience.PUBLIC)
    put(2, title="Brief twee", audience=Audience.PUBLIC)
    put_other(1, title="Brief ander", audience=Audience.PUBLIC)
    # The source of thing 2 goes without the index being told; thing 3 appears the same way.
    del thing_kind[2]
    thing_kind[3] = Thing(3, title="Brief drie", url="/ding/3/", audience=Audience.PUBLIC)
    SearchEntry.objects.filter(kind="thing", key="1").update(title="Verouderd")

    out = StringIO()
    call_command("search_rebuild", "thing", stdout=out)
    assert "thing: 2" in out.getvalue()
    things = dict(SearchEntry.objects.filter(kind="thing").values_list("key", "title"))
    assert things == {"1": "Brief een", "3": "Brief drie"}
    assert sorted(e.key for e in search(viewer_for(None), "brief", None).page) == ["1", "1", "3"]
    # "other" was not named: its entry was left alone.
    assert SearchEntry.objects.filter(kind="other").count() == 1

    out = StringIO()
    call_command("search_rebuild", stdout=out)
    assert "thing: 2" in out.getvalue()
    err = StringIO()
    call_command("search_rebuild", "bestaatniet", stdout=out, stderr=err)
    assert "Onbekende soort: bestaatniet" in err.getvalue()


@pytest.mark.django_db
def test_a_thing_that_should_no_longer_be_found_leaves_the_index(put, thing_kind):
    put(1, title="Brief", audience=Audience.PUBLIC)
    thing_kind[1].doc = {}  # build() now says: not to be found
    assert rebuild(["thing"]) == {"thing": 0}
    assert not SearchEntry.objects.filter(kind="thing").exists()


@pytest.mark.django_db
def test_an_update_after_a_visibility_change_removes_the_entry_from_a_role(roles, put):
    put(1, title="Dossier brieven", audience=Audience.MEMBERS_GROUPS)
    assert search(viewer_for(roles["member_other"]), "brieven").total == 1
    put(1, title="Dossier brieven", audience=Audience.RESTRICTED, councils=[roles.council.pk])
    assert search(viewer_for(roles["member_other"]), "brieven").total == 0
    assert search(viewer_for(roles["member"]), "brieven").total == 1
    put(1, title="Dossier brieven", audience=Audience.RESTRICTED, councils=[roles.other_council.pk])
    assert search(viewer_for(roles["member"]), "brieven").total == 0
    assert list(SearchEntryCouncil.objects.values_list("council_id", flat=True)) == [
        roles.other_council.pk
    ]


@pytest.mark.django_db
def test_an_unknown_audience_is_refused(put):
    with pytest.raises(ValueError, match="audience"):
        put(1, title="Brief", audience="iedereen")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_rolled_back_change_leaves_nothing_in_the_index(put):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        put(1, title="Brief", audience=Audience.PUBLIC)
        raise RuntimeError
    assert not SearchEntry.objects.exists()
    assert search(viewer_for(None), "brief").total == 0


@pytest.fixture
def server(settings):
    """The database backend plus a (fake) search server, as with SEARCH_URL and a second
    backend; the server is told only after the commit."""
    from sitesearch.tests import fake_server

    settings.WAGTAILSEARCH_BACKENDS = {
        **settings.WAGTAILSEARCH_BACKENDS,
        "server": {"BACKEND": "sitesearch.tests.fake_server"},
    }
    fake_server.calls.clear()
    fake_server.down = False
    yield fake_server
    fake_server.down = False


@pytest.mark.django_db
def test_a_search_server_is_told_after_the_commit(server, put, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        entry = put(1, title="Brief", audience=Audience.PUBLIC)
    assert server.calls == []  # not before the commit
    assert search(viewer_for(None), "brief").total == 1  # the database backend: at once
    for callback in callbacks:
        callback()
    assert server.calls == [("add", [entry.pk])]
    with django_capture_on_commit_callbacks(execute=True):
        from sitesearch.index import remove

        remove("thing", 1)
    assert server.calls[-1] == ("delete", [entry.pk])


@pytest.mark.django_db
def test_a_search_server_that_is_down_loses_no_change(
    server, put, caplog, django_capture_on_commit_callbacks
):
    server.down = True
    with django_capture_on_commit_callbacks(execute=True):
        put(1, title="Brief", audience=Audience.PUBLIC)
    assert SearchEntry.objects.filter(kind="thing", key="1").exists()
    assert "search index update failed" in caplog.text
    server.down = False
    with django_capture_on_commit_callbacks(execute=True):
        rebuild(["thing"])  # the repair
    assert server.calls and server.calls[-1][0] == "add"


@pytest.mark.django_db
def test_title_weights_are_set_by_the_nightly_task_not_by_every_update(roles, thing_kind, put):
    """Wagtail's backends rescan the whole index after every update to weigh titles; ours leaves
    new entries at the neutral 1.0 until ``search_analyze`` (nightly and after a rebuild)."""
    from wagtail.search.models import IndexEntry

    from sitesearch.tasks import search_analyze

    put(1, title="Brief", audience=Audience.PUBLIC)
    put(2, title="Een veel langere titel over brieven van UWV", audience=Audience.PUBLIC)
    assert set(IndexEntry.objects.values_list("title_norm", flat=True)) == {1.0}
    search_analyze()
    norms = dict(IndexEntry.objects.values_list("object_id", "title_norm"))
    assert norms[str(SearchEntry.objects.get(key="1").pk)] > 1.0
    assert norms[str(SearchEntry.objects.get(key="2").pk)] < 1.0
    assert [e.key for e in search(viewer_for(None), "brief", None).page][0] == "1"
