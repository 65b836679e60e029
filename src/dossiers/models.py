"""Dossiers: subjects councils work on, often across districts, with a timeline of updates,
documents with versions, links to meetings, signals and advices, and followers."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from common.models import Visibility


class DossierStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Afgerond")


class Dossier(models.Model):
    title = models.CharField(_("titel"), max_length=200)
    summary = models.TextField(_("samenvatting"), max_length=4000)
    regeling = models.CharField(_("regeling"), max_length=20, blank=True, db_index=True)
    onderwerp = models.CharField(_("onderwerp"), max_length=30, blank=True, db_index=True)
    council = models.ForeignKey(
        "councils.Council",
        verbose_name=_("raad die het dossier trekt"),
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    councils = models.ManyToManyField(
        "councils.Council",
        verbose_name=_("betrokken raden"),
        blank=True,
        related_name="involved_dossiers",
        help_text=_("Raden die meewerken. Bij zichtbaarheid 'eigen raad' zien zij het ook."),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trekker"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_dossiers",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=DossierStatus.choices, default=DossierStatus.OPEN
    )
    visibility = models.CharField(
        _("wie mag het zien"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.COUNCILS,
    )
    created_at = models.DateTimeField(_("gestart op"), auto_now_add=True)
    changed_at = models.DateTimeField(_("laatst bijgewerkt"), db_index=True)
    closed_at = models.DateTimeField(_("afgerond op"), null=True, blank=True)

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["-changed_at", "-id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("dossiers:detail", args=[self.pk])


class DossierUpdate(models.Model):
    """One item on a dossier's timeline. Append-only."""

    class Kind(models.TextChoices):
        STARTED = "started", _("Dossier gestart")
        NOTE = "note", _("Notitie")
        DOCUMENT = "document", _("Stuk")
        LINK = "link", _("Koppeling")
        STATUS = "status", _("Status")
        JOINED = "joined", _("Raad doet mee")
        LEFT = "left", _("Raad doet niet meer mee")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="updates")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    text = models.TextField(_("tekst"), blank=True, max_length=10000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    link = models.ForeignKey(
        "DossierLink", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.ForeignKey(
        "DocumentVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # What a link line is about, kept when the link itself is removed: who may read the line
    # follows who may open that object (``selectors.updates_for_viewer``).
    link_kind = models.CharField(max_length=20, blank=True)
    link_object_id = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["dossier", "-at"])]

    def __str__(self):
        return f"{self.dossier_id}: {self.get_kind_display()} {self.at:%Y-%m-%d}"


class DossierLink(models.Model):
    """A meeting, signal or advice that belongs to the dossier. The kinds are registered by the
    apps that own them (``dossiers.links``), so this app imports none of them."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(max_length=20)
    object_id = models.CharField(max_length=40)
    label = models.CharField(max_length=300)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "kind", "object_id"], name="dossier_link_once"
            )
        ]
        indexes = [models.Index(fields=["kind", "object_id"])]

    def __str__(self):
        return self.label


class DossierDocument(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("titel"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["title", "id"]

    def __str__(self):
        return self.title

    @property
    def current(self) -> DocumentVersion | None:
        versions = getattr(self, "_prefetched_objects_cache", {}).get("versions")
        if versions is not None:
            return max(versions, key=lambda v: v.number, default=None)
        return self.versions.order_by("-number").first()


def _private_storage():
    return storages["private"]


def _version_path(instance, filename):
    # A random name: the stored path says nothing and cannot be guessed.
    return f"dossiers/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class DocumentVersion(models.Model):
    class Extraction(models.TextChoices):
        PENDING = "pending", _("Wordt gelezen")
        DONE = "done", _("Doorzoekbaar")
        FAILED = "failed", _("Niet te lezen")

    document = models.ForeignKey(DossierDocument, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    file = models.FileField(_("bestand"), upload_to=_version_path, storage=_private_storage)
    original_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()
    note = models.CharField(_("wat is er veranderd"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    text = models.TextField(blank=True)
    extraction = models.CharField(
        max_length=10, choices=Extraction.choices, default=Extraction.PENDING
    )

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="document_version_once")
        ]

    def __str__(self):
        return f"{self.document.title} v{self.number}"


class Follow(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="dossier_follows"
    )
    since = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["dossier", "user"], name="follow_once")]

    def __str__(self):
        return f"{self.user_id} → {self.dossier_id}"


class DigestPreference(models.Model):
    """How often a member gets the e-mail about the dossiers they follow."""

    class Frequency(models.TextChoices):
        DAILY = "daily", _("Elke dag")
        WEEKLY = "weekly", _("Elke week (maandag)")
        NEVER = "never", _("Geen e-mail")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="dossier_digest"
    )
    frequency = models.CharField(
        _("e-mail over gevolgde dossiers"),
        max_length=10,
        choices=Frequency.choices,
        default=Frequency.WEEKLY,
    )
    # Up to when the last digest told this member what changed.
    sent_until = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return self.get_frequency_display()
