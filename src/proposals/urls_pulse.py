from django.urls import path

from .views import pulse

urlpatterns = [
    path("vinger-aan-de-pols/", pulse.pulse, name="pulse"),
    path("vinger-aan-de-pols/overzicht.csv", pulse.pulse_export, {"fmt": "csv"}, name="pulse_csv"),
    path(
        "vinger-aan-de-pols/overzicht.xlsx",
        pulse.pulse_export,
        {"fmt": "xlsx"},
        name="pulse_xlsx",
    ),
    path("vinger-aan-de-pols/overzicht.pdf", pulse.pulse_pdf, name="pulse_pdf"),
    path("vinger-aan-de-pols/wachtrij/", pulse.queue, name="queue"),
    path("resultaten/", pulse.results, name="public_results"),
]
