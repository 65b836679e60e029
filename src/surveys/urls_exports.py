"""URLs of the exports part of the surveys app: the answers and the summary as CSV or XLSX,
the results as PDF, and "Naar plan van aanpak"."""

from __future__ import annotations

from django.urls import path, re_path

from .views import exports

urlpatterns: list = [
    re_path(
        r"^vragenlijsten/(?P<pk>[0-9]+)/export/antwoorden\.(?P<fmt>csv|xlsx)$",
        exports.export_answers,
        name="export_answers",
    ),
    re_path(
        r"^vragenlijsten/(?P<pk>[0-9]+)/export/samenvatting\.(?P<fmt>csv|xlsx)$",
        exports.export_summary,
        name="export_summary",
    ),
    path("vragenlijsten/<int:pk>/export/uitslag.pdf", exports.export_pdf, name="export_pdf"),
    path("vragenlijsten/<int:pk>/naar-plan/", exports.to_plan, name="to_plan"),
]
