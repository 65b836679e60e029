"""Writes for annual reports: starting one, and the editors' texts and publication. The
figures are never stored; they are computed when the report is shown (reports.figures)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from common.audit import audit_log

from .models import AnnualReport, ReportStatus


class ReportExists(Exception):
    def __init__(self, report: AnnualReport):
        super().__init__(str(report))
        self.report = report


def report_start(*, year: int, council, actor) -> AnnualReport:
    """A draft report for (year, council); ReportExists when there already is one."""
    existing = AnnualReport.objects.filter(year=year, council=council).first()
    if existing is not None:
        raise ReportExists(existing)
    try:
        with transaction.atomic():
            report = AnnualReport.objects.create(year=year, council=council, updated_by=actor)
            transaction.on_commit(
                lambda: audit_log(actor=actor, action="reports.start", obj=report)
            )
    except IntegrityError:  # started at the same moment by someone else
        raise ReportExists(AnnualReport.objects.get(year=year, council=council)) from None
    return report


def report_update(
    *, report: AnnualReport, intro: str, highlights: str, plans: str, publish: bool, actor
) -> AnnualReport:
    """Save the editors' texts; ``publish`` makes the report public (once: the first
    publication date stays)."""
    fields = ["intro", "highlights", "plans", "updated_by", "updated_at"]
    with transaction.atomic():
        report.intro, report.highlights, report.plans = intro, highlights, plans
        report.updated_by = actor
        if publish and not report.is_published:
            report.status = ReportStatus.PUBLISHED
            report.published_at = timezone.now()
            fields += ["status", "published_at"]
        report.save(update_fields=fields)
        action = "reports.publish" if "status" in fields else "reports.edit"
        transaction.on_commit(lambda: audit_log(actor=actor, action=action, obj=report))
    return report
