"""Reads for the annual report pages: the list a viewer may see, one report by its address, and
everything one report shows (figures, charts and the editors' texts)."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404
from django.utils import formats

from common.visibility import Role, Viewer

from . import charts
from .figures import report_figures
from .models import NATIONAL_SLUG, AnnualReport, ReportStatus
from .sections import sections


def reports_for_list(viewer: Viewer):
    qs = AnnualReport.objects.select_related("council").order_by(
        "-year", "council__kind", "council__name"
    )
    if viewer.roles & {Role.EDITOR, Role.ADMINISTRATOR}:
        return qs
    return qs.filter(
        Q(status=ReportStatus.PUBLISHED) | Q(council_id__in=viewer.managed_council_ids)
    )


def report_by_address(*, year: int, slug: str) -> AnnualReport:
    qs = AnnualReport.objects.select_related("council", "updated_by")
    if slug == NATIONAL_SLUG:
        report = qs.filter(year=year, council__isnull=True).first()
    else:
        report = qs.filter(year=year, council__slug=slug).first()
    if report is None:
        raise Http404
    return report


def _chart_rows(rows: list[dict]) -> list[tuple[str, int]]:
    return [(row["label"], row["count"]) for row in rows]


def report_document(report: AnnualReport) -> dict:
    """The figures of the report with the charts made from them. Chart ids are fixed, so a
    chart's aria-labelledby always points at the caption of its own table."""
    figures = report_figures(year=report.year, council=report.council)
    signals = figures["signals"]
    months = [(formats.date_format(row["month"], "M"), row["count"]) for row in signals["by_month"]]
    chart_data = {
        "signals_month": months,
        "signals_regeling": _chart_rows(signals["by_regeling"]),
        "signals_onderwerp": _chart_rows(signals["by_onderwerp"]),
        "advices_kind": _chart_rows(figures["advices"]["by_kind"]),
        "proposals_status": _chart_rows(figures["proposals"]["by_status"]),
        "members_age": _chart_rows(figures["recruitment"]["members_by_age_band"]),
    }
    made = {}
    for key, rows in chart_data.items():
        if not any(n for _label, n in rows):
            made[key] = ""
        elif key == "signals_month":
            made[key] = charts.month_bars(rows, labelled_by=f"caption-{key}")
        else:
            made[key] = charts.horizontal_bars(rows, labelled_by=f"caption-{key}")
    # The rows behind each chart that is drawn, for the DOCX's pictures of the charts.
    chart_rows = {key: rows for key, rows in chart_data.items() if made[key]}
    document = {"report": report, "figures": figures, "charts": made, "chart_rows": chart_rows}
    document["sections"] = sections(document)
    return document
