from __future__ import annotations

import csv
import datetime
import io
import re

import pytest
from django.utils import timezone

from signals.selectors import chart_bars, trend_counts
from signals.tests.factories import SignalFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 15)


def at(year, month, day=10):
    return timezone.make_aware(datetime.datetime(year, month, day, 12))


@pytest.fixture
def known_year(roles):
    """A known set: steady 'brieven', and 'betaling' rising in October 2026."""
    for month in range(5, 11):  # May–October 2026
        SignalFactory.create_batch(
            2,
            council=roles.council,
            received_at=at(2026, month),
            onderwerp="brieven",
            regeling="WW",
        )
    for month in (7, 8, 9):
        SignalFactory(
            council=roles.other_council,
            received_at=at(2026, month),
            onderwerp="betaling",
            regeling="ZW",
        )
    SignalFactory.create_batch(
        8,
        council=roles.other_council,
        received_at=at(2026, 10),
        onderwerp="betaling",
        regeling="ZW",
    )
    SignalFactory(council=roles.council, received_at=at(2026, 11), onderwerp="brieven")
    SignalFactory(council=roles.council, received_at=at(2024, 1), onderwerp="brieven")  # too old
    return roles


def test_counts_by_month_and_topic(known_year):
    trends = trend_counts(months=12, today=TODAY)
    assert trends["total"] == 12 + 3 + 8 + 1
    rows = {row["month"]: row for row in trends["table"]}
    index = trends["topics"].index("betaling")
    assert rows[datetime.date(2026, 10, 1)]["counts"][index] == 8
    assert rows[datetime.date(2026, 10, 1)]["total"] == 10
    assert rows[datetime.date(2025, 12, 1)]["total"] == 0
    assert len(trends["table"]) == 12
    assert dict(trends["by_council"]) == {
        known_year.council.name: 13,
        known_year.other_council.name: 11,
    }


def test_filters_by_council_and_scheme(known_year):
    assert trend_counts(months=12, today=TODAY, council=known_year.council)["total"] == 13
    assert trend_counts(months=12, today=TODAY, regeling="ZW")["total"] == 11
    assert trend_counts(months=12, today=TODAY, onderwerp="brieven")["total"] == 13


def test_rising_theme_is_highlighted(known_year):
    rising = trend_counts(months=12, today=TODAY)["rising"]
    assert [r["topic"] for r in rising] == ["betaling"]
    assert rising[0]["now"] == 8 and rising[0]["average"] == 1.0


def test_trend_page_has_chart_and_table_and_csv(client, known_year):
    client.force_login(known_year["member"])
    page = client.get("/mijn/signalen/trends/?months=24")
    html = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in html and 'role="img"' in html and "<table" in html
    response = client.get("/mijn/signalen/trends.csv?months=24")
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert rows[0] == ["maand", "raad", "regeling", "onderwerp", "aantal"]
    assert sum(int(r[4]) for r in rows[1:]) == 24


def test_trend_chart_has_a_bar_per_month_scaled_to_the_peak_with_readable_labels():
    table = [{"month": datetime.date(2026, m, 1), "total": t} for m, t in ((1, 0), (2, 5), (3, 10))]
    svg = str(chart_bars(table))
    widths = [float(w) for w in re.findall(r'<rect [^>]*width="([\d.]+)%"', svg)]
    assert (
        len(widths) == 3 and widths[0] == 0 and widths[2] == pytest.approx(2 * widths[1], abs=0.02)
    )
    assert 'aria-labelledby="chart-title"' in svg and "viewBox" not in svg
    labels = re.findall(r'class="chart__label">([^<]+)<', svg)
    assert labels == ["Jan 2026", "Feb 2026", "Mrt 2026"]  # short, so left of their bars
