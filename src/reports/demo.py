"""Demo: last year's national annual report, published, with the editors' texts; the figures
come from the other parts' demo data, as always."""

from __future__ import annotations

from django.utils import timezone

from .models import AnnualReport, ReportStatus

INTRO = (
    "Dit is het jaarverslag van alle cliëntenraden samen. U leest wat klanten ons vertelden, "
    "welke adviezen wij aan UWV gaven en wat UWV daarmee deed."
)
HIGHLIGHTS = (
    "UWV maakt de brieven over de WW duidelijker, na ons advies.\n"
    "Er kwamen meer signalen binnen dan vorig jaar, vooral over bereikbaarheid.\n"
    "Drie raden kregen nieuwe, jongere leden."
)
PLANS = (
    "Wij vragen meer jongeren om mee te doen.\nWij volgen de nieuwe regels voor de WIA op de voet."
)


def load(stdout=None) -> None:
    year = timezone.localdate().year - 1
    if AnnualReport.objects.filter(year=year, council__isnull=True).exists():
        return
    AnnualReport.objects.create(
        year=year,
        council=None,
        intro=INTRO,
        highlights=HIGHLIGHTS,
        plans=PLANS,
        status=ReportStatus.PUBLISHED,
        published_at=timezone.now(),
    )
