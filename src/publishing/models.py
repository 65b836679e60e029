"""Pages of the public site: home, content pages (Wie zijn wij, privacy, toegankelijkheid) and a
page per council."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import BodyBlock


class HomePage(Page):
    intro = RichTextField(_("inleiding"), features=["bold", "italic", "link"], blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("inhoud"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    max_count_per_parent = 1
    subpage_types = [
        "publishing.ContentPage",
        "publishing.CouncilIndexPage",
        "handbook.HandbookIndexPage",
    ]

    class Meta:
        verbose_name = _("homepagina")

    def get_context(self, request, *args, **kwargs):
        from .selectors import home_context

        context = super().get_context(request, *args, **kwargs)
        context.update(home_context(self))
        return context


class ContentPage(Page):
    intro = models.TextField(_("samenvatting"), blank=True, max_length=400)
    body = StreamField(BodyBlock(), verbose_name=_("inhoud"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    subpage_types = ["publishing.ContentPage"]

    class Meta:
        verbose_name = _("inhoudspagina")


class CouncilIndexPage(Page):
    intro = models.TextField(_("inleiding"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["publishing.CouncilPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("overzicht van de raden")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["council_pages"] = (
            CouncilPage.objects.child_of(self)
            .live()
            .select_related("council")
            .order_by("council__kind", "title")
        )
        return context


class CouncilPage(Page):
    council = models.ForeignKey(
        "councils.Council",
        verbose_name=_("raad"),
        on_delete=models.PROTECT,
        related_name="public_pages",
    )
    body = StreamField(BodyBlock(), verbose_name=_("inhoud"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("council"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]
    parent_page_types = ["publishing.CouncilIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("pagina van een raad")

    def get_context(self, request, *args, **kwargs):
        from .selectors import council_page_members

        context = super().get_context(request, *args, **kwargs)
        context["members"] = council_page_members(self.council)
        return context
