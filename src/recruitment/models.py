"""Recruitment: vacancies per council, applications with a reference number, the secretary's
handling (append-only status events and notes), and an onboarding checklist for new members."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AgeBand(models.TextChoices):
    """Asked only for the council's own statistics; never shown per person."""

    UNDER_25 = "tot-25", _("Jonger dan 25 jaar")
    FROM_25 = "25-34", _("25 tot 35 jaar")
    FROM_35 = "35-44", _("35 tot 45 jaar")
    FROM_45 = "45-54", _("45 tot 55 jaar")
    FROM_55 = "55-64", _("55 tot 65 jaar")
    FROM_65 = "65-plus", _("65 jaar of ouder")


class Vacancy(models.Model):
    council = models.ForeignKey(
        "councils.Council",
        verbose_name=_("raad"),
        on_delete=models.CASCADE,
        related_name="vacancies",
    )
    title = models.CharField(_("titel"), max_length=200)
    role = models.TextField(_("wat vraagt de rol?"))
    time_needed = models.CharField(_("hoeveel tijd kost het?"), max_length=300)
    expenses = models.CharField(_("vergoeding"), max_length=300)
    suits = models.TextField(_("voor wie is dit geschikt?"))
    is_open = models.BooleanField(_("open voor aanmeldingen"), default=True)
    closes_on = models.DateField(_("aanmelden kan tot en met"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("vacature")
        verbose_name_plural = _("vacatures")
        ordering = ["council__name", "title"]

    def __str__(self):
        return f"{self.title} ({self.council})"


class ApplicationStatus(models.TextChoices):
    NEW = "new", _("Nieuw")
    INTERVIEW = "interview", _("Gesprek gepland")
    ACCEPTED = "accepted", _("Aangenomen")
    REJECTED = "rejected", _("Afgewezen")
    WITHDRAWN = "withdrawn", _("Teruggetrokken")


class Application(models.Model):
    """Someone who wants to join a council. Personal data (name, contact, texts) is erased when
    the application was not accepted and the retention period passed; status, council, dates
    and age band stay for the figures."""

    reference = models.CharField(_("kenmerk"), max_length=20, unique=True)
    council = models.ForeignKey(
        "councils.Council",
        verbose_name=_("raad"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    vacancy = models.ForeignKey(
        Vacancy,
        verbose_name=_("vacature"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
    )
    # personal data
    name = models.CharField(_("naam"), max_length=200)
    email = models.EmailField(_("e-mailadres"))
    phone = models.CharField(_("telefoonnummer"), max_length=32, blank=True)
    motivation = models.TextField(_("waarom wilt u meedoen?"))
    experience = models.TextField(_("uw ervaring als klant van UWV"))
    accessibility_needs = models.TextField(_("wat heeft u nodig bij een gesprek?"), blank=True)
    consent_text = models.TextField(_("tekst van de toestemming"))
    consent_at = models.DateTimeField(_("toestemming gegeven op"))
    # kept for the figures
    age_band = models.CharField(
        _("leeftijdsgroep"), max_length=8, choices=AgeBand.choices, blank=True
    )
    status = models.CharField(
        _("stand"),
        max_length=16,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.NEW,
        db_index=True,
    )
    created_at = models.DateTimeField(_("ontvangen op"), db_index=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    interview_at = models.DateTimeField(_("gesprek op"), null=True, blank=True)
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)
    invitation = models.ForeignKey(
        "accounts.Invitation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    user = models.ForeignKey(  # the account once the invitation was accepted
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
    )
    personal_data_erased_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("aanmelding")
        verbose_name_plural = _("aanmeldingen")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["council", "created_at"])]

    def __str__(self):
        return self.reference


class ApplicationEvent(models.Model):
    """Append-only: every status change, with who and when (a note is optional)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=16, choices=ApplicationStatus.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=ApplicationStatus.choices)
    at = models.DateTimeField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.application_id}: {self.from_status} → {self.to_status}"


class ApplicationNote(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("notitie"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.application_id}: {self.text[:40]}"


class ReferenceCounter(models.Model):
    """The last application number per year (A-2026-000001)."""

    year = models.PositiveIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last}"


class OnboardingStep(models.Model):
    """One item of a new member's checklist, started when the application is accepted."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="onboarding_steps"
    )
    key = models.CharField(max_length=40)
    label = models.CharField(_("stap"), max_length=200)
    url = models.CharField(_("link"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["application", "position"]
        constraints = [
            models.UniqueConstraint(fields=["application", "key"], name="unique_onboarding_step")
        ]

    def __str__(self):
        return self.label
