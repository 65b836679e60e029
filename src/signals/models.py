"""Signals: clients' questions and remarks about the agency's service.

The readable text is always the redacted one. Contact details and the original text live apart
(``SignalPrivate``), seen only by the secretary and chair of the council the signal is routed to,
and deleted by a retention task. Status, routing and theme changes are append-only history rows;
``Signal`` keeps the current value of each for fast lists."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SignalStatus(models.TextChoices):
    NEW = "new", _("Nieuw")
    IN_PROGRESS = "in_progress", _("In behandeling")
    LINKED = "linked", _("Gekoppeld aan dossier")
    ANSWERED = "answered", _("Beantwoord")
    CLOSED = "closed", _("Gesloten")


class Signal(models.Model):
    class Source(models.TextChoices):
        FORM = "form", _("Formulier")
        IMPORT = "import", pgettext_lazy("signal source", "Import")

    reference = models.CharField(_("kenmerk"), max_length=20, unique=True)
    received_at = models.DateTimeField(_("ontvangen op"), db_index=True)
    source = models.CharField(_("bron"), max_length=10, choices=Source.choices, default=Source.FORM)
    language = models.CharField(_("taal"), max_length=5, default="nl")
    text = models.TextField(_("tekst (zonder persoonsgegevens)"))
    scheme_hint = models.CharField(_("regeling volgens de melder"), max_length=20, blank=True)
    postcode_digits = models.CharField(
        _("postcodegebied"),
        max_length=4,
        blank=True,
        help_text=_("Alleen de vier cijfers: genoeg om de raad te kiezen."),
    )
    council = models.ForeignKey(
        "councils.Council",
        verbose_name=_("raad"),
        on_delete=models.PROTECT,
        related_name="signals",
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=SignalStatus.choices,
        default=SignalStatus.NEW,
        db_index=True,
    )
    regeling = models.CharField(_("regeling"), max_length=20, blank=True, db_index=True)
    regeling_confidence = models.FloatField(_("zekerheid regeling"), null=True, blank=True)
    onderwerp = models.CharField(_("onderwerp"), max_length=30, blank=True, db_index=True)
    onderwerp_confidence = models.FloatField(_("zekerheid onderwerp"), null=True, blank=True)
    theme_set_by_member = models.BooleanField(_("thema door lid gekozen"), default=False)
    needs_theme = models.BooleanField(_("thema nodig"), default=False, db_index=True)
    model_version = models.CharField(_("modelversie"), max_length=40, blank=True)
    group_leader = models.ForeignKey(
        "self",
        verbose_name=_("hoort bij"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="group_members",
        help_text=_("Signalen over hetzelfde probleem tellen apart maar lezen als één."),
    )
    answer_requested = models.BooleanField(_("wil antwoord"), default=False)
    linked_to = models.CharField(_("gekoppeld aan"), max_length=300, blank=True)
    closed_at = models.DateTimeField(_("gesloten op"), null=True, blank=True)
    private_purged_at = models.DateTimeField(_("contactgegevens gewist op"), null=True, blank=True)
    redactions = models.JSONField(_("weggelaten gegevens"), default=dict, blank=True)
    # sha256 of the client's status link token (the token itself is never stored). Emptied by
    # the retention task, after which the link opens nothing.
    status_token_hash = models.CharField(
        _("statuslink (hash)"), max_length=64, blank=True, default="", editable=False
    )
    # An imported signal: sha256 of its row as read (``signals.importer.row_fingerprint``), so
    # a file imported again adds nothing twice. Empty for a signal from the form.
    import_fingerprint = models.CharField(
        _("vingerafdruk van de importregel"), max_length=64, blank=True, default="", editable=False
    )

    class Meta:
        verbose_name = _("signaal")
        verbose_name_plural = _("signalen")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["council", "received_at"]),
            models.Index(fields=["received_at", "onderwerp", "regeling"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(group_leader=models.F("id")), name="signal_not_its_own_leader"
            ),
            models.UniqueConstraint(
                fields=["status_token_hash"],
                condition=~Q(status_token_hash=""),
                name="signal_status_token_hash_unique",
            ),
            models.UniqueConstraint(
                fields=["import_fingerprint"],
                condition=~Q(import_fingerprint=""),
                name="signal_import_fingerprint_unique",
            ),
        ]

    def __str__(self):
        return self.reference

    def get_absolute_url(self):
        return reverse("signals:detail", args=[self.reference])


class SignalPrivate(models.Model):
    """What may identify the client: kept apart, shown only to the routed council's secretary
    and chair (every view audited), deleted by the retention task."""

    signal = models.OneToOneField(
        Signal, on_delete=models.CASCADE, related_name="private", primary_key=True
    )
    email = models.EmailField(_("e-mailadres"), blank=True)
    phone = models.CharField(_("telefoon"), max_length=32, blank=True)
    original_text = models.TextField(_("oorspronkelijke tekst"), blank=True)
    consent_text = models.TextField(_("toestemming (tekst zoals getoond)"), blank=True)
    consent_at = models.DateTimeField(_("toestemming gegeven op"), null=True, blank=True)

    class Meta:
        verbose_name = _("contactgegevens van een signaal")
        verbose_name_plural = _("contactgegevens van signalen")

    def __str__(self):
        return f"contact {self.signal_id}"


class SignalStatusChange(models.Model):
    """Append-only: every status a signal had, with who and why."""

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="status_history")
    from_status = models.CharField(max_length=16, choices=SignalStatus.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=SignalStatus.choices)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(_("toelichting"), blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.signal_id}: {self.from_status} → {self.to_status}"


class SignalRouting(models.Model):
    """Append-only: to which council a signal went, and why it was moved."""

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="routing_history")
    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(_("reden"), blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.signal_id} → {self.council_id}"


class ThemeLabel(models.Model):
    """A theme a member set or corrected: history, and training data for the next model."""

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="theme_labels")
    regeling = models.CharField(max_length=20)
    onderwerp = models.CharField(max_length=30)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.signal_id}: {self.regeling}/{self.onderwerp}"


class ReferenceCounter(models.Model):
    """The last reference number handed out per year (S-2026-000123)."""

    year = models.PositiveIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last}"


class ClassifierModel(models.Model):
    """A trained theme model. One is active; administrators see its version and date."""

    version = models.CharField(_("versie"), max_length=40, unique=True)
    trained_at = models.DateTimeField(_("getraind op"))
    n_examples = models.PositiveIntegerField(_("aantal voorbeelden"))
    n_member_labels = models.PositiveIntegerField(_("waarvan door leden gelabeld"), default=0)
    scores = models.JSONField(_("scores"), default=dict, blank=True)
    blob = models.BinaryField()
    is_active = models.BooleanField(_("actief"), default=False)

    class Meta:
        verbose_name = _("themamodel")
        verbose_name_plural = _("themamodellen")
        ordering = ["-trained_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"], condition=Q(is_active=True), name="one_active_classifier"
            )
        ]

    def __str__(self):
        return self.version
