"""The search goes through the configured Wagtail backend (SQLite FTS5 or PostgreSQL Dutch) and
filters by audience inside the backend's query. Also after a commit (a search server is told
after the commit; the database backends in the same transaction)."""

from __future__ import annotations

import pytest

from councils.selectors import viewer_for
from sitesearch.models import Audience
from sitesearch.query import search

pytestmark = pytest.mark.django_db(transaction=True)


def test_plural_finds_singular_and_audience_is_respected(roles, put):
    put(
        1,
        title="Brieven over de uitkering",
        body="Een uitkering wordt te laat betaald.",
        audience=Audience.PUBLIC,
    )
    put(
        2,
        title="Uitkering in Noord",
        body="Alleen voor Noord",
        audience=Audience.RESTRICTED,
        councils=[roles.council.pk],
    )
    anonymous = search(viewer_for(None), "uitkeringen")
    assert [e.key for e in anonymous.page] == ["1"]
    member = search(viewer_for(roles["member"]), "uitkeringen")
    assert sorted(e.key for e in member.page) == ["1", "2"]
    other = search(viewer_for(roles["member_other"]), "uitkeringen")
    assert [e.key for e in other.page] == ["1"]
    assert search(viewer_for(roles["administrator"]), "uitkeringen").total == 2
