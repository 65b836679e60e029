from django.urls import path

from .views import plans

urlpatterns = [
    path("vinger-aan-de-pols/plannen/", plans.plan_index, name="plans"),
    path("vinger-aan-de-pols/plannen/nieuw/", plans.plan_create_view, name="plan_create"),
    path("vinger-aan-de-pols/plan/<int:pk>/", plans.plan_view, name="plan"),
    path(
        "vinger-aan-de-pols/plan/<int:pk>.csv", plans.plan_export, {"fmt": "csv"}, name="plan_csv"
    ),
    path(
        "vinger-aan-de-pols/plan/<int:pk>.xlsx",
        plans.plan_export,
        {"fmt": "xlsx"},
        name="plan_xlsx",
    ),
    path("vinger-aan-de-pols/plan/<int:pk>.pdf", plans.plan_pdf, name="plan_pdf"),
    path(
        "vinger-aan-de-pols/plan/<int:pk>/voorstel/", plans.proposal_add_view, name="proposal_add"
    ),
    path("vinger-aan-de-pols/plan/<int:pk>/bijwerken/", plans.plan_bulk, name="plan_bulk"),
    path("vinger-aan-de-pols/voorstel/<int:pk>/", plans.proposal_view, name="proposal"),
    path(
        "vinger-aan-de-pols/voorstel/<int:pk>/bewerken/",
        plans.proposal_edit_view,
        name="proposal_edit",
    ),
    path(
        "vinger-aan-de-pols/voorstel/<int:pk>/status/",
        plans.proposal_move_view,
        name="proposal_move",
    ),
    path(
        "vinger-aan-de-pols/voorstel/<int:pk>/voortgang/",
        plans.proposal_progress_view,
        name="proposal_progress",
    ),
    path("vinger-aan-de-pols/import/", plans.proposals_import, name="proposals_import"),
]
