"""Permission matrix rows for the annual reports (/jaarverslag/): published reports are
public (page and PDF); a draft is seen and edited by editors, administrators and the
secretary/chair of its council only (404 for others: its existence is not given away); the
exports for the staff magazine and starting a report are for editors and administrators."""

from __future__ import annotations

from tests.matrix import DENY, Case, everyone, logged_in

READY = "reports_ready"
DRAFT_SEEN = {**everyone(404), "secretary": 200, "editor": 200, "administrator": 200}
DRAFT_EDIT = {**logged_in(404), "secretary": 200, "editor": 200, "administrator": 200}
DRAFT_SAVE = {**logged_in(404), "secretary": 302, "editor": 302, "administrator": 302}
EDITORS = logged_in(DENY, editor=200, administrator=200)


def extend_context(context):
    if context.get(READY):
        return context
    import datetime

    from django.utils import timezone

    from reports.models import AnnualReport, ReportStatus

    AnnualReport.objects.create(
        year=2024,
        council=None,
        intro="Het landelijke jaarverslag.",
        status=ReportStatus.PUBLISHED,
        published_at=timezone.now() - datetime.timedelta(days=30),
    )
    AnnualReport.objects.create(year=2024, council=context["roles"].council, intro="Concept.")
    context.update({READY: True})
    return context


def _ctx(c):
    return extend_context(c)


def _path(suffix):
    return lambda c: _ctx(c) and f"/jaarverslag/{suffix}"


TEXTS = {"intro": "Inleiding", "highlights": "Hoogtepunt", "plans": "Plan", "action": "save"}

CASES = [
    Case("reports:list", _path(""), everyone(200)),
    Case(
        "reports:list (start)",
        _path(""),
        {**everyone(DENY), "editor": 302, "administrator": 302},
        method="post",
        data=lambda c: {"year": 2023, "council": ""},
    ),
    Case("reports:national", _path("2024/"), everyone(200)),
    Case("reports:national_edit", _path("2024/bewerken/"), EDITORS),
    Case(
        "reports:national_edit (post)",
        _path("2024/bewerken/"),
        logged_in(DENY, editor=302, administrator=302),
        method="post",
        data=lambda c: TEXTS,
    ),
    Case("reports:council", _path("2024/noord/"), DRAFT_SEEN),
    Case("reports:edit", _path("2024/noord/bewerken/"), DRAFT_EDIT),
    Case(
        "reports:edit (post)",
        _path("2024/noord/bewerken/"),
        DRAFT_SAVE,
        method="post",
        data=lambda c: TEXTS,
    ),
    Case("reports:pdf", _path("2024/landelijk.pdf"), everyone(200)),
    Case("reports:pdf (draft)", _path("2024/noord.pdf"), DRAFT_SEEN),
    Case("reports:html", _path("2024/landelijk.html"), EDITORS),
    Case("reports:docx", _path("2024/landelijk.docx"), EDITORS),
    Case(
        "reports:docx (draft)",
        _path("2024/noord.docx"),
        {**logged_in(404), "secretary": 200, "editor": 200, "administrator": 200},
    ),
]
