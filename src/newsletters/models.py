"""News flashes by e-mail: public subscribers with double opt-in, lists per council and per kind
of constituent organisation, flashes that editors compose, and one delivery row per recipient."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from councils.models import ConstituentOrganisation, Council


class NewsList(models.Model):
    """A list one can subscribe to: for one council, or for one kind of organisation."""

    name = models.CharField(_("naam"), max_length=200, unique=True)
    council = models.ForeignKey(
        Council,
        verbose_name=_("raad"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="news_lists",
    )
    organisation_kind = models.CharField(
        _("soort organisatie"),
        max_length=16,
        blank=True,
        choices=ConstituentOrganisation.Kind.choices,
    )
    is_active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("nieuwslijst")
        verbose_name_plural = _("nieuwslijsten")
        ordering = ["name"]

    def __str__(self):
        return self.name


def new_link_key() -> str:
    return secrets.token_urlsafe(16)


class Subscriber(models.Model):
    """Someone who asked for news flashes. We keep the least: the address, an optional name and
    the consent (when, which text, on which page of the site; not the IP address).

    ``link_key`` is what the manage and unsubscribe links name (signed, see ``tokens``): random,
    so a link says nothing about its owner; a new key takes every old link out of use."""

    email = models.EmailField(_("e-mailadres"), unique=True)
    link_key = models.CharField(max_length=32, unique=True, default=new_link_key, editable=False)
    name = models.CharField(_("naam"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(_("bevestigd op"), null=True, blank=True)
    consent_text = models.TextField(_("tekst van de toestemming"))
    consent_at = models.DateTimeField(_("toestemming gegeven op"))
    consent_source = models.CharField(_("toestemming gegeven op pagina"), max_length=300)
    unsubscribed_at = models.DateTimeField(_("afgemeld op"), null=True, blank=True)
    lists = models.ManyToManyField(
        NewsList, through="Subscription", related_name="subscribers", blank=True
    )

    class Meta:
        verbose_name = _("abonnee")
        verbose_name_plural = _("abonnees")
        ordering = ["email"]

    def __str__(self):
        return self.email


class Subscription(models.Model):
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE)
    news_list = models.ForeignKey(NewsList, on_delete=models.CASCADE)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["subscriber", "news_list"], name="unique_subscription")
        ]

    def __str__(self):
        return f"{self.subscriber_id} → {self.news_list_id}"


class Flash(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Concept")
        SENDING = "sending", _("Wordt verstuurd")
        SENT = "sent", _("Verstuurd")
        PARTLY = "partly", _("Deels verstuurd")
        FAILED = "failed", _("Niet verstuurd")

    subject = models.CharField(_("onderwerp"), max_length=200)
    intro = models.TextField(_("inleiding"), blank=True)
    pages = models.ManyToManyField(
        "wagtailcore.Page",
        verbose_name=_("nieuwsberichten"),
        blank=True,
        related_name="+",
        limit_choices_to={"live": True},
    )
    lists = models.ManyToManyField(
        NewsList, verbose_name=_("nieuwslijsten"), blank=True, related_name="flashes"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    send_started_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # A sending run holds the flash until this time and extends it as it goes; a run that
    # stopped (a killed worker) lets it lapse, and the resume task starts a new run.
    lease_until = models.DateTimeField(null=True, blank=True)
    failed_runs = models.PositiveSmallIntegerField(default=0)  # runs that found no mail server
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("nieuwsflits")
        verbose_name_plural = _("nieuwsflitsen")
        ordering = ["-created_at"]

    def __str__(self):
        return self.subject


class Delivery(models.Model):
    """One flash to one subscriber. Unique per flash and subscriber: a second "send" or a retry
    never makes a second row. A run claims a queued row (one short UPDATE), sends outside any
    transaction, and records the result under its claim."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("In de wachtrij")
        SENDING = "sending", _("Wordt verstuurd")
        SENT = "sent", _("Verstuurd")
        FAILED = "failed", _("Mislukt")

    flash = models.ForeignKey(Flash, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    permanent = models.BooleanField(default=False)  # refused with a 5xx answer
    sent_at = models.DateTimeField(null=True, blank=True)
    # Set when a run claims the row (status "sending"); the row is recorded only by that claim.
    claim = models.UUIDField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["flash", "subscriber"], name="unique_delivery")
        ]
        indexes = [models.Index(fields=["flash", "status"])]

    def __str__(self):
        return f"{self.flash_id} → {self.subscriber_id}: {self.status}"
