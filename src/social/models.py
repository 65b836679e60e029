"""Social media: the channels editors connect, posts they write once, and an outbox with one
publication per post and channel, each attempt kept."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def new_key() -> str:
    return uuid.uuid4().hex


class Channel(models.Model):
    """One connected account on one platform. The credentials are encrypted (`social.crypto`)
    and never shown again; editors see only who the account is."""

    class Platform(models.TextChoices):
        MASTODON = "mastodon", "Mastodon"
        BLUESKY = "bluesky", "Bluesky"
        LINKEDIN = "linkedin", "LinkedIn"
        FACEBOOK = "facebook", "Facebook"
        INSTAGRAM = "instagram", "Instagram"
        X = "x", "X"

    class Status(models.TextChoices):
        ACTIVE = "active", _("Gekoppeld")
        RECONNECT = "reconnect", _("Opnieuw koppelen nodig")
        DISCONNECTED = "disconnected", _("Ontkoppeld")

    platform = models.CharField(_("platform"), max_length=16, choices=Platform.choices)
    name = models.CharField(
        _("naam"),
        max_length=100,
        help_text=_("Bijvoorbeeld: LinkedIn van de Centrale Cliëntenraad"),
    )
    api_base = models.URLField(_("adres van de server"), blank=True)
    account_name = models.CharField(_("account"), max_length=200, blank=True)
    account_url = models.URLField(_("adres van het account"), blank=True)
    credentials = models.TextField(blank=True)  # Fernet token; empty once disconnected
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ACTIVE)
    last_error = models.TextField(_("laatste fout"), blank=True)
    connected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    connected_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kanaal")
        verbose_name_plural = _("kanalen")
        ordering = ["platform", "name"]

    def __str__(self):
        return f"{self.get_platform_display()}: {self.name}"


class Post(models.Model):
    """What an editor writes once: a text, a link (often to a news item) and an optional image,
    for one or more channels; a channel may get its own text."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Concept")
        SUBMITTED = "submitted", _("Aangeboden")

    text = models.TextField(_("tekst"), max_length=5000)
    link = models.URLField(_("link"), blank=True, max_length=500)
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("nieuwsbericht"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("afbeelding"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_alt = models.CharField(_("alt-tekst van de afbeelding"), max_length=1000, blank=True)
    channels = models.ManyToManyField(Channel, verbose_name=_("kanalen"), related_name="posts")
    texts = models.JSONField(default=dict, blank=True)  # {channel id: own text}
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    publish_at = models.DateTimeField(_("plaatsen op"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("bericht voor sociale media")
        verbose_name_plural = _("berichten voor sociale media")
        ordering = ["-created_at"]

    def __str__(self):
        first_line = self.text.strip().splitlines()[0] if self.text.strip() else ""
        return first_line[:80] or f"#{self.pk}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("social:post", args=[self.pk])


class Publication(models.Model):
    """The outbox row: one post on one channel. Unique per post and channel, and sent only by
    whoever moves it from queued to sending under a row lock, so a post is never placed twice
    by us; `key` is the idempotency key the platforms that know one get on every attempt."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Wacht")
        SENDING = "sending", _("Wordt geplaatst")
        PUBLISHED = "published", _("Geplaatst")
        FAILED = "failed", _("Mislukt")
        UNKNOWN = "unknown", _("Controleren")
        CANCELLED = "cancelled", _("Geannuleerd")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="publications")
    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="publications")
    text = models.TextField()
    key = models.CharField(max_length=32, unique=True, default=new_key)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    attempts_before_retry = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sending_since = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    state = models.JSONField(default=dict, blank=True)  # the connector's progress
    remote_id = models.CharField(max_length=300, blank=True)
    remote_url = models.URLField(max_length=500, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "channel"], name="unique_publication")
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.post_id} → {self.channel_id}: {self.status}"


class Attempt(models.Model):
    """One try to place a publication, with what the platform said."""

    class Outcome(models.TextChoices):
        PUBLISHED = "published", _("Geplaatst")
        RETRY = "retry", _("Mislukt, wordt opnieuw geprobeerd")
        RECONNECT = "reconnect", _("Toegang verlopen")
        REFUSED = "refused", _("Geweigerd")
        UNKNOWN = "unknown", _("Onbekend")
        INTERRUPTED = "interrupted", _("Onderbroken")

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="tries")
    number = models.PositiveSmallIntegerField()
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True)
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["publication", "number"]
        constraints = [
            models.UniqueConstraint(fields=["publication", "number"], name="unique_attempt")
        ]

    def __str__(self):
        return f"{self.publication_id} #{self.number}: {self.outcome}"
