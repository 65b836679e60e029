"""The handbook: how council work and cooperation go. Wagtail pages (an index with chapters, each
chapter a list of sections) with revisions and a moderation workflow; members see when a chapter
last changed and what changed since their last visit."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page, Revision
from wagtail.search import index

from .blocks import SectionBlock


class HandbookIndexPage(Page):
    intro = models.TextField(_("inleiding"), blank=True, max_length=1000)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["handbook.HandbookChapter"]
    max_count = 1

    class Meta:
        verbose_name = _("handboek")


class HandbookChapter(Page):
    intro = models.TextField(_("waar gaat dit hoofdstuk over"), blank=True, max_length=600)
    body = StreamField([("section", SectionBlock())], verbose_name=_("paragrafen"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["handbook.HandbookIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("hoofdstuk")
        verbose_name_plural = _("hoofdstukken")


class HandbookVisit(models.Model):
    """The revision of a chapter a member saw last, to show what changed since."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="handbook_visits"
    )
    chapter = models.ForeignKey(HandbookChapter, on_delete=models.CASCADE, related_name="+")
    revision = models.ForeignKey(Revision, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "chapter"], name="handbook_visit_once")
        ]

    def __str__(self):
        return f"{self.user_id} · {self.chapter_id}"
