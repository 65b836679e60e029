"""Who may see and edit annual reports. A published report is public; a draft is seen and
edited by editors and administrators, and a council's report also by that council's secretary
and chair. Starting a report is for editors and administrators."""

from __future__ import annotations

from common.visibility import Role, Viewer

from .models import AnnualReport


def can_start_reports(viewer: Viewer) -> bool:
    return bool(viewer.roles & {Role.EDITOR, Role.ADMINISTRATOR})


def can_edit_report(viewer: Viewer, report: AnnualReport) -> bool:
    if can_start_reports(viewer):
        return True
    return report.council_id is not None and report.council_id in viewer.managed_council_ids


def can_view_report(viewer: Viewer, report: AnnualReport) -> bool:
    return report.is_published or can_edit_report(viewer, report)
