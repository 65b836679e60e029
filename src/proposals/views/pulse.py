"""Views: the liaison's queue, the "Vinger aan de pols" overview with its exports, and the public
results page."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from common.exports import Sheet, table_response
from common.membercache import member_page
from common.pagecache_time import public_cache_until, until_midnight
from common.pdf import tagged_pdf
from councils.models import Council
from councils.selectors import viewer_for

from ..forms_advices import PulseFilterForm
from ..permissions import can_view_plans, can_view_queue
from ..selectors_pulse import public_results, pulse_overview, queue_items

PDF_CSS = Path(__file__).resolve().parents[2] / "templates" / "proposals" / "pulse_pdf.css"


def _viewer_or_403(request, check):
    viewer = viewer_for(request.user)
    if not check(viewer):
        raise PermissionDenied
    return viewer


@login_required
@require_GET
def queue(request):
    _viewer_or_403(request, can_view_queue)
    return render(request, "proposals/queue.html", {"items": queue_items()})


def _overview(request):
    viewer = _viewer_or_403(request, can_view_plans)
    councils = list(Council.objects.filter(is_active=True).order_by("kind", "name"))
    form = PulseFilterForm(request.GET or None, councils=councils)
    group = form.cleaned_data["raad"] if form.is_valid() else ""
    data = pulse_overview(viewer, group=group)
    names = {c.slug: c.name for c in councils}
    data["group_name"] = _("Landelijk (werkgroepen)") if group == "landelijk" else names.get(group)
    return form, group, data


def _item_rows(items) -> SafeString:
    """The rows of the overview's table (hundreds when much is late), written here rather than
    by a template loop with an include per row: the loop's lookups, date filters and plural
    translations per cell were most of the page's time. The same cells as
    ``proposals/_due.html``; dates as the ``date`` filter writes them."""
    stalled = format_html(' <span class="tag">{}</span>', _("stilgevallen"))
    late: dict[int, SafeString] = {}
    dates: dict = {}

    def day(value) -> str:
        if value not in dates:
            dates[value] = date_format(value, "j F Y")
        return dates[value]

    def due(item) -> SafeString | str:
        if item.overdue_days:
            if item.overdue_days not in late:
                text = ngettext(
                    "%(counter)s dag te laat", "%(counter)s dagen te laat", item.overdue_days
                ) % {"counter": item.overdue_days}
                late[item.overdue_days] = format_html(
                    '<strong class="tag tag--warning">{}</strong>', text
                )
            return late[item.overdue_days]
        return day(item.answer_due) if item.answer_due else "–"

    return format_html_join(
        "\n",
        '<tr><th scope="row">{}: <a href="{}">{}</a></th><td>{}</td><td>{}</td><td>{}</td>'
        "<td>{}{}</td></tr>",
        (
            (
                item.kind_label,
                item.url,
                item.title,
                item.owner_label,
                item.status_label,
                due(item),
                day(timezone.localtime(item.last_change_at).date()),
                stalled if item.stalled else "",
            )
            for item in items
        ),
    )


@member_page
@login_required
@require_GET
def pulse(request):
    form, group, data = _overview(request)
    return render(
        request,
        "proposals/pulse.html",
        {
            "form": form,
            "query": request.GET.urlencode(),
            "item_rows": _item_rows(data["items"]),
            # A link only to what this person may open (issue 14).
            "may_view_queue": can_view_queue(viewer_for(request.user)),
            **data,
        },
    )


@login_required
@require_GET
def pulse_export(request, fmt: str):
    """What is late or stalled, with the page's filter, as CSV or XLSX."""
    _form, group, data = _overview(request)
    header = [
        "soort",
        "titel",
        "van",
        "status",
        "antwoord uiterlijk",
        "dagen te laat",
        "stilgevallen",
        "laatst bijgewerkt",
    ]
    rows = (
        [
            item.kind_label,
            item.title,
            item.owner_label,
            item.status_label,
            item.answer_due,
            item.overdue_days or "",
            _("ja") if item.stalled else _("nee"),
            timezone.localdate(item.last_change_at),
        ]
        for item in data["items"]
    )
    return table_response(
        fmt=fmt, filename="vinger-aan-de-pols", sheets=[Sheet("Vinger aan de pols", header, rows)]
    )


@login_required
@require_GET
def pulse_pdf(request):
    _form, group, data = _overview(request)
    pdf = tagged_pdf(
        "proposals/pulse_pdf.html",
        {**data, "css": PDF_CSS.read_text(encoding="utf-8"), "made_at": timezone.localtime()},
        request=request,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="vinger-aan-de-pols.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@public_cache_until(until_midnight, "pages", "councils", "proposals", "advices")  # dates vs today
def results(request):
    """Public: what the councils achieve with the agency, for plans and advices made public."""
    return render(request, "proposals/public_results.html", public_results())
