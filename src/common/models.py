from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Visibility(models.TextChoices):
    """Who may see a piece of content (DESIGN.md)."""

    COUNCIL = "council", _("Alleen de eigen raad")
    COUNCILS = "councils", _("Alle raden en werkgroepen")
    PUBLIC = "public", _("Iedereen (openbaar)")


class AuditEntry(models.Model):
    """Who did what to which object, and when. Append-only: nothing edits or deletes an entry
    except the retention task."""

    at = models.DateTimeField(_("tijdstip"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("wie"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_repr = models.CharField(_("wie (tekst)"), max_length=255, blank=True)
    action = models.CharField(_("actie"), max_length=64, db_index=True)
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=255, blank=True)
    personal_data = models.BooleanField(
        _("persoonsgegevens"),
        default=False,
        help_text=_("Aan als de actie persoonsgegevens liet zien of veranderde."),
    )
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("logregel")
        verbose_name_plural = _("auditlog")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_repr} {self.action} {self.object_repr}"


class OutboxMessage(models.Model):
    """An e-mail written before it is sent. A task sends it; a failure leaves it queued with the
    error, and the next attempt retries it. A sender claims the row in one short UPDATE, talks to
    the mail server outside any transaction and records the result under its claim, so two
    senders never both send it."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("In de wachtrij")
        SENDING = "sending", _("Wordt verstuurd")
        SENT = "sent", _("Verstuurd")
        FAILED = "failed", _("Mislukt")

    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    to = models.JSONField(_("aan"), default=list)
    subject = models.CharField(_("onderwerp"), max_length=255)
    body_text = models.TextField(_("tekst"))
    body_html = models.TextField(_("HTML"), blank=True)
    headers = models.JSONField(default=dict, blank=True)
    attachments = models.JSONField(
        default=list, blank=True, help_text="[{filename, content (text), mimetype}]"
    )
    kind = models.CharField(_("soort"), max_length=64, blank=True, db_index=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    last_error = models.TextField(_("laatste fout"), blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("verstuurd op"), null=True, blank=True)
    claim = models.UUIDField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    # Who made the mail go out (the logged-in person of the request), so a mail that can never
    # be sent is shown to them.
    caused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("veroorzaakt door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    permanent = models.BooleanField(_("kan nooit verstuurd worden"), default=False)

    class Meta:
        verbose_name = _("uitgaand bericht")
        verbose_name_plural = _("uitgaande berichten")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.subject} → {', '.join(self.to)}"
