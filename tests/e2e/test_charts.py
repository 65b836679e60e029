"""Every chart of the project in the browser (issue 14): the annual report, the signal trends,
a plan's status chart, the public results and the recruitment figures. At 320, 768 and 1280
px wide the page never scrolls sideways, every label of a chart is rendered at least 12 px
tall and lies inside its chart, every table sits in a keyboard-focusable scroll region, and
axe-core finds no violation of WCAG 2.2 A and AA."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest

from .test_proposals import plan  # noqa: F401 - a fixture
from .test_signals import trend_signals  # noqa: F401 - a fixture

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

AMS = ZoneInfo("Europe/Amsterdam")
WIDTHS = [320, 768, 1280]

# Per chart on the page: each <text> whose box is lower than 12 px or lies (partly) outside
# its <svg>, with the numbers, so a failure says which label and where.
BAD_LABELS = """() => [...document.querySelectorAll("main svg")].flatMap((svg) => {
    const box = svg.getBoundingClientRect();
    return [...svg.querySelectorAll("text")].map((text) => {
        const r = text.getBoundingClientRect();
        const size = parseFloat(getComputedStyle(text).fontSize);
        const inside = r.left >= box.left - 0.5 && r.right <= box.right + 0.5
            && r.top >= box.top - 0.5 && r.bottom <= box.bottom + 0.5;
        return {text: text.textContent, height: r.height, size, inside,
                label: [r.left, r.right, r.top, r.bottom].map(Math.round),
                svg: [box.left, box.right, box.top, box.bottom].map(Math.round)};
    }).filter((t) => t.height < 12 || t.size < 12 || !t.inside);
})"""
COUNTS = """() => ({svgs: document.querySelectorAll("main svg").length,
    texts: document.querySelectorAll("main svg text").length})"""
# A chart is an image named by a caption whose numbers are in a table, or hidden from screen
# readers next to such a table: the charts that are neither.
UNNAMED = """() => [...document.querySelectorAll("main svg")].filter((svg) => {
    if (svg.getAttribute("aria-hidden") === "true") return !svg.closest("section")
        .querySelector("table");
    const name = document.getElementById(svg.getAttribute("aria-labelledby"));
    return svg.getAttribute("role") !== "img" || !name || !name.textContent.trim();
}).map((svg) => svg.outerHTML.slice(0, 120))"""
REGIONS = """() => [...document.querySelectorAll("main table")].map((table) => {
    const region = table.closest(".table-wrap");
    if (!region) return {caption: table.caption && table.caption.textContent, region: false};
    region.focus();
    const name = document.getElementById(region.getAttribute("aria-labelledby"));
    return {caption: table.caption && table.caption.textContent, region: true,
            role: region.getAttribute("role"), named: Boolean(name && name.textContent.trim()),
            focused: document.activeElement === region};
})"""


@pytest.fixture
def chart_data(public_site, plan, trend_signals):  # noqa: F811 - fixtures imported above
    """A published national report for 2025 with signals in three months, a plan with
    proposals in every state and a quarter of results, signals over the past six months and
    applications for the recruitment figures."""
    from councils.tests.factories import MembershipFactory
    from recruitment.tests.factories import ApplicationFactory
    from reports.models import AnnualReport, ReportStatus
    from signals.tests.factories import SignalFactory

    for month, regeling in [(1, "WW"), (3, "WIA"), (3, "WW"), (9, "WAJONG")]:
        SignalFactory(
            council=public_site.council,
            regeling=regeling,
            received_at=datetime.datetime(2025, month, 10, 12, tzinfo=AMS),
        )
    AnnualReport.objects.create(
        year=2025,
        council=None,
        intro="Een jaar vol signalen.",
        status=ReportStatus.PUBLISHED,
        published_at=datetime.datetime(2026, 2, 1, tzinfo=AMS),
    )
    from django.utils import timezone

    from recruitment.models import AgeBand, ApplicationStatus

    ApplicationFactory(council=public_site.council)
    for band in (AgeBand.UNDER_25, AgeBand.FROM_45, AgeBand.FROM_65):
        member = MembershipFactory(council=public_site.council).user
        ApplicationFactory(
            council=public_site.council,
            user=member,
            age_band=band,
            status=ApplicationStatus.ACCEPTED,
            decided_at=timezone.now() - datetime.timedelta(days=400),
        )
    return public_site


def _check_page(page, path, width, accessibility_problems):
    response = page.goto(path)
    assert response.status == 200, path
    counts = page.evaluate(COUNTS)
    assert counts["svgs"] and counts["texts"], (path, counts)
    assert page.evaluate(UNNAMED) == [], path
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{path} scrolls {overflow}px sideways at {width}px"
    bad = page.evaluate(BAD_LABELS)
    assert not bad, f"{path} at {width}px: {bad}"
    regions = page.evaluate(REGIONS)
    assert regions, path
    for region in regions:
        assert region["region"], (path, region)
        assert region["role"] == "region" and region["named"] and region["focused"], (
            path,
            region,
        )
    problems = accessibility_problems(page)
    assert not problems, f"{path} at {width}px\n{problems}"


@pytest.mark.parametrize("width", WIDTHS)
def test_every_chart_keeps_its_labels_readable_and_inside_at_every_width(
    page,
    chart_data,
    plan,  # noqa: F811 - the fixture imported above
    log_in,
    accessibility_problems,
    width,
):
    page.set_viewport_size({"width": width, "height": 900})
    for path in ("/jaarverslag/2025/", "/resultaten/"):
        _check_page(page, path, width, accessibility_problems)

    log_in(page, chart_data["member"])
    for path in ("/mijn/signalen/trends/", plan.get_absolute_url()):
        _check_page(page, path, width, accessibility_problems)

    page.context.clear_cookies()
    log_in(page, chart_data["central_member"])
    _check_page(page, "/mijn/aanmeldingen/cijfers/", width, accessibility_problems)


def test_a_wide_table_scrolls_in_its_region_reached_with_tab(page, chart_data, log_in):
    """At 320 px the columns of the age table do not fit: that region scrolls, the page does
    not, and Tab reaches the region so that the arrow keys scroll it."""
    page.set_viewport_size({"width": 320, "height": 900})
    log_in(page, chart_data["central_member"])
    page.goto("/mijn/aanmeldingen/cijfers/")
    region = page.get_by_role("region", name="Leden per leeftijdsgroep").first
    assert region.evaluate("el => el.scrollWidth > el.clientWidth")
    page.locator("h1").click()  # start tabbing from the top of the content
    for _ in range(40):
        page.keyboard.press("Tab")
        if region.evaluate("el => el === document.activeElement"):
            break
    else:
        raise AssertionError("Tab never reached the scroll region of the age table")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("End")
    page.wait_for_function("el => el.scrollLeft > 0", arg=region.element_handle())
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
