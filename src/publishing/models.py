"""Pages of the public site: home, content pages (Wie zijn wij, privacy, toegankelijkheid) and a
page per council."""

from __future__ import annotations

import datetime
from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from common.pagecache import mark_public, request_is_eligible

from .accessibility import KnownProblemBlock, Status
from .blocks import BodyBlock


class SharedPage:
    """A public page whose anonymous GET the public pages' cache may share (issue 18), marked
    with what it shows. Never a page with a view restriction (on itself or an ancestor): Wagtail
    asks a visitor to log in or for a password before ``serve``, and a restriction added later
    invalidates ``pages`` (common.pagecache_hooks)."""

    cache_tags: tuple[str, ...] = ("pages", "councils")

    def cache_timeout(self) -> int | None:
        return None

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if request_is_eligible(request) and not self.get_view_restrictions().exists():
            mark_public(response, *self.cache_tags, timeout=self.cache_timeout())
        return response


class WithAgendaAndVacancies(SharedPage):
    """The home page and a council's page also show the next public activities and open
    vacancies: until the agenda or the date changes."""

    cache_tags = ("pages", "councils", "activities", "vacancies")

    def cache_timeout(self) -> int | None:
        from common.pagecache_time import until_agenda_changes

        return until_agenda_changes()


class HomePage(WithAgendaAndVacancies, Page):
    intro = RichTextField(_("inleiding"), features=["bold", "italic", "link"], blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("inhoud"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    max_count_per_parent = 1
    subpage_types = [
        "publishing.ContentPage",
        "publishing.CouncilIndexPage",
        "publishing.NewsIndexPage",
        "publishing.AccessibilityStatementPage",
        "handbook.HandbookIndexPage",
    ]

    class Meta:
        verbose_name = _("homepagina")

    def get_context(self, request, *args, **kwargs):
        from .selectors import home_context

        context = super().get_context(request, *args, **kwargs)
        context.update(home_context(self))
        return context


class ContentPage(SharedPage, Page):
    intro = models.TextField(_("samenvatting"), blank=True, max_length=400)
    body = StreamField(BodyBlock(), verbose_name=_("inhoud"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    subpage_types = ["publishing.ContentPage"]

    class Meta:
        verbose_name = _("inhoudspagina")


class CouncilIndexPage(SharedPage, Page):
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


class CouncilPage(WithAgendaAndVacancies, Page):
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


# --- News, blog posts and vlogs (issue 7) -------------------------------------------------------

VIDEO_SUFFIXES = (".mp4", ".webm")
CAPTION_SUFFIXES = (".vtt",)


def _suffix(document) -> str:
    return Path(document.file.name).suffix.lower()


class NewsIndexPage(SharedPage, Page):
    intro = models.TextField(_("inleiding"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["publishing.HomePage"]
    subpage_types = ["publishing.NewsItem", "publishing.BlogPost", "publishing.Vlog"]
    max_count_per_parent = 1
    # In the menu and the footer ("Nieuws"): base.html finds it among the menu pages.
    show_in_menus_default = True

    class Meta:
        verbose_name = _("nieuwsoverzicht")

    def get_context(self, request, *args, **kwargs):
        from .selectors import news_index_context

        context = super().get_context(request, *args, **kwargs)
        context.update(news_index_context(self, request))
        return context


class NewsArticle(SharedPage, Page):
    """What news items, blog posts and vlogs share."""

    date = models.DateField(_("datum"), default=datetime.date.today)
    intro = models.TextField(_("samenvatting"), max_length=400)
    body = StreamField(BodyBlock(), verbose_name=_("inhoud"), blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("afbeelding"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_alt = models.CharField(
        _("alt-tekst van de afbeelding"),
        max_length=250,
        blank=True,
        help_text=_(
            "Beschrijf wat er op de afbeelding staat, voor mensen die haar niet kunnen zien. "
            "Verplicht als de afbeelding zelf geen beschrijving heeft."
        ),
    )
    councils = ParentalManyToManyField(
        "councils.Council", verbose_name=_("raden"), blank=True, related_name="+"
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("image_alt"),
        FieldPanel("councils", widget=forms.CheckboxSelectMultiple),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["publishing.NewsIndexPage"]
    subpage_types = []

    class Meta:
        abstract = True

    @property
    def alt_text(self) -> str:
        if self.image_alt:
            return self.image_alt
        return (getattr(self.image, "description", "") or "") if self.image else ""

    def clean(self):
        super().clean()
        if self.image and not self.alt_text.strip():
            raise ValidationError(
                {
                    "image_alt": _(
                        "Deze afbeelding heeft geen alt-tekst. Beschrijf kort wat er op de "
                        "afbeelding staat."
                    )
                }
            )

    def get_template(self, request, *args, **kwargs):
        return "publishing/news_item.html"

    def get_context(self, request, *args, **kwargs):
        from .selectors import news_item_context

        context = super().get_context(request, *args, **kwargs)
        context.update(news_item_context(self, request))
        return context


class NewsItem(NewsArticle):
    class Meta:
        verbose_name = _("nieuwsbericht")
        verbose_name_plural = _("nieuwsberichten")


class BlogPost(NewsArticle):
    class Meta:
        verbose_name = _("blog")
        verbose_name_plural = _("blogs")


class Vlog(NewsArticle):
    video = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("videobestand (mp4 of webm)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    captions = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("ondertitels (.vtt)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    embed_url = models.URLField(_("link naar de video op een videosite"), blank=True)
    transcript = models.TextField(_("uitgeschreven tekst van de video"), blank=True)

    content_panels = [
        *NewsArticle.content_panels,
        FieldPanel("video"),
        FieldPanel("captions"),
        FieldPanel("embed_url"),
        FieldPanel("transcript"),
    ]
    search_fields = [*NewsArticle.search_fields, index.SearchField("transcript")]

    class Meta:
        verbose_name = _("vlog")
        verbose_name_plural = _("vlogs")

    def clean(self):
        errors = {}
        try:
            super().clean()
        except ValidationError as error:
            errors.update(error.update_error_dict({}))
        if self.video and self.embed_url:
            errors.setdefault("embed_url", []).append(
                _("Kies een videobestand óf een link naar een videosite, niet allebei.")
            )
        elif not self.video and not self.embed_url:
            errors.setdefault("video", []).append(
                _("Voeg een videobestand toe of een link naar de video op een videosite.")
            )
        if self.video:
            if _suffix(self.video) not in VIDEO_SUFFIXES:
                errors.setdefault("video", []).append(
                    _("Dit videobestand kan niet. Kies een bestand van het type mp4 of webm.")
                )
            if not self.captions:
                errors.setdefault("captions", []).append(
                    _("Een video heeft ondertitels nodig. Voeg een ondertitelbestand (.vtt) toe.")
                )
            elif _suffix(self.captions) not in CAPTION_SUFFIXES:
                errors.setdefault("captions", []).append(
                    _("Het ondertitelbestand moet een .vtt-bestand zijn.")
                )
        if self.embed_url and not self.transcript.strip():
            errors.setdefault("transcript", []).append(
                _(
                    "Bij een link naar een video is de uitgeschreven tekst verplicht. Dan kan "
                    "iedereen volgen wat er gezegd wordt."
                )
            )
        if errors:
            raise ValidationError(errors)


NEWS_TYPES = (NewsItem, BlogPost, Vlog)


class AccessibilityStatementPage(Page):
    """The accessibility statement: status, date, method, known problems and a report form
    (see ``publishing.accessibility``)."""

    intro = models.TextField(_("samenvatting"), blank=True, max_length=400)
    status = models.CharField(_("status"), max_length=1, choices=Status.choices, default=Status.B)
    statement_date = models.DateField(_("datum van deze verklaring"))
    checked_date = models.DateField(
        _("laatst gecontroleerd op"), help_text=_("De datum van de laatste controle.")
    )
    method = RichTextField(
        _("hoe wij testen"), features=["bold", "italic", "link", "ul", "ol"], blank=True
    )
    known_problems = StreamField(
        [("problem", KnownProblemBlock())], verbose_name=_("bekende problemen"), blank=True
    )
    report_email = models.EmailField(
        _("meldingen gaan naar"),
        help_text=_("Het e-mailadres dat een melding van een probleem ontvangt."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("status"),
        FieldPanel("statement_date"),
        FieldPanel("checked_date"),
        FieldPanel("method"),
        FieldPanel("known_problems"),
        FieldPanel("report_email"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["publishing.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1
    show_in_menus_default = True

    class Meta:
        verbose_name = _("toegankelijkheidsverklaring")

    def get_context(self, request, *args, **kwargs):
        from .accessibility import AccessibilityReportForm

        context = super().get_context(request, *args, **kwargs)
        context.setdefault("form", AccessibilityReportForm())
        return context

    def serve(self, request, *args, **kwargs):
        if request.method == "POST":
            from .accessibility import report

            return report(self, request)
        return super().serve(request, *args, **kwargs)
