"""The annual report (jaarverslag): per council or national, per year. Only the editors' texts
are stored; every number is computed from the data when the report is shown (reports.figures)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Concept")
    PUBLISHED = "published", _("Gepubliceerd")


NATIONAL_SLUG = "landelijk"


class AnnualReport(models.Model):
    year = models.PositiveSmallIntegerField(_("jaar"))
    council = models.ForeignKey(
        "councils.Council",
        verbose_name=_("raad"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="annual_reports",
        help_text=_("Leeg: het landelijke jaarverslag van alle raden samen."),
    )
    intro = models.TextField(_("inleiding"), blank=True)
    highlights = models.TextField(_("hoogtepunten"), blank=True)
    plans = models.TextField(_("plannen voor het komende jaar"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    published_at = models.DateTimeField(_("gepubliceerd op"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("bijgewerkt op"), auto_now=True)

    class Meta:
        verbose_name = _("jaarverslag")
        verbose_name_plural = _("jaarverslagen")
        ordering = ["-year", "council__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "council"], name="annual_report_one_per_council_and_year"
            ),
            # NULLs are distinct in a unique index: the national report needs its own.
            models.UniqueConstraint(
                fields=["year"],
                condition=Q(council__isnull=True),
                name="annual_report_one_national_per_year",
            ),
        ]

    def __str__(self):
        return f"{self.year} – {self.council.name if self.council_id else _('landelijk')}"

    def get_absolute_url(self):
        if self.council_id is None:
            return reverse("reports:national", args=[self.year])
        return reverse("reports:council", args=[self.year, self.council.slug])

    @property
    def slug(self) -> str:
        return self.council.slug if self.council_id else NATIONAL_SLUG

    @property
    def is_published(self) -> bool:
        return self.status == ReportStatus.PUBLISHED
