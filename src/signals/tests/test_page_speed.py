"""Issue 18: the members' signal list costs the same with 5 or 50 signals, and its page count is
a plain count (no grouping of every signal the viewer may see)."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from signals.tests.factories import SignalFactory


def _add(roles, count):
    for _ in range(count):
        leader = SignalFactory(council=roles.council)
        SignalFactory(council=roles.council, group_leader=leader)


def _get(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return captured, response


def test_signal_list_queries_do_not_grow_and_count_is_plain(client, roles):
    client.force_login(roles["member"])
    _add(roles, 5)
    small, _ = _get(client, "/mijn/signalen/")
    _add(roles, 45)
    large, response = _get(client, "/mijn/signalen/")
    report = "\n".join(q["sql"] for q in large.captured_queries)
    assert len(small) == len(large), report
    counts = [q["sql"] for q in large.captured_queries if q["sql"].startswith("SELECT COUNT(")]
    assert len(counts) == 1, report
    assert "GROUP BY" not in counts[0].upper() and "JOIN" not in counts[0].upper(), counts[0]
    # Still 50 signals (the grouped ones read as one), 25 a page, each with its "+1".
    assert response.context["page"].paginator.count == 50
    assert response.content.decode().count("+1 gelijk") == 25


def test_signal_list_filters_keep_the_choice(client, roles):
    """The filters' options are written in one pass; the chosen one stays selected."""
    client.force_login(roles["member"])
    SignalFactory(council=roles.council, status="new")
    html = client.get("/mijn/signalen/?status=new&onderwerp=bereikbaarheid&regeling=WW").content
    html = html.decode()
    assert '<option value="new" selected>' in html
    assert '<option value="bereikbaarheid" selected>' in html
    assert '<option value="WW" selected>' in html
    assert html.count(" selected>") == 3
