"""sitemap.xml: every public page of the site on SITE_URL, with its other languages (hreflang).

Two parts: the Wagtail pages (home, content pages, councils, news) in every language, each with
the translations that are live; and the public pages that are Django views (the signal form,
"word raadslid", the results, the annual reports, the news flash sign-up, the postcode look-up,
the public agenda), which exist in Dutch and in English (the same view under /en/)."""

from __future__ import annotations

from functools import reduce
from operator import or_
from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap as DjangoSitemap
from django.db.models import Q
from django.urls import reverse
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap

from common.site import page_full_url, site_url


class OnSiteUrl:
    """Django builds each <loc> from a protocol and a domain that its view takes from the
    request; ours come from SITE_URL."""

    def get_protocol(self, protocol=None):
        return urlsplit(site_url()).scheme

    def get_domain(self, site=None):
        parts = urlsplit(site_url())
        return parts.netloc + parts.path


class PageSitemap(OnSiteUrl, WagtailSitemap):
    """The live, public Wagtail pages under the site's home page and its translations; pages
    that leave themselves out (the members' handbook: ``get_sitemap_urls`` is empty) stay out."""

    def items(self):
        from wagtail.models import Page

        site = self.get_wagtail_site()
        roots = list(site.root_page.get_translations(inclusive=True))
        return (
            Page.objects.live()
            .public()
            .filter(reduce(or_, (Q(path__startswith=root.path) for root in roots)))
            .order_by("locale__language_code", "path")
            .defer_streamfields()
            .specific()
        )

    def _urls(self, page, protocol, domain):
        from wagtail.models import Locale

        listed = [p for p in self.paginator.page(page).object_list if p.get_sitemap_urls(None)]
        # Each page's translations, from the pages themselves: no query per page.
        codes = dict(Locale.objects.values_list("pk", "language_code"))
        languages: dict = {}
        for p in self.items():
            url = page_full_url(p) if p.get_sitemap_urls(None) else ""
            if url:
                languages.setdefault(p.translation_key, {})[codes[p.locale_id]] = url
        urls = []
        for p in listed:
            location = page_full_url(p)
            if not location:
                continue
            alternates = languages.get(p.translation_key, {})
            urls.append(
                {
                    "item": p,
                    "location": location,
                    "lastmod": p.last_published_at or p.latest_revision_created_at,
                    "alternates": (
                        [{"lang_code": code, "location": u} for code, u in alternates.items()]
                        if len(alternates) > 1
                        else []
                    ),
                }
            )
        return urls


# Public pages that are views (url names), each in Dutch and English.
PUBLIC_VIEWS = (
    "signals:create",
    "councils:postcode_lookup",
    "recruitment:index",
    "proposals:public_results",
    "reports:list",
    "newsletters:subscribe",
    "meetings:activities",  # for visitors, the public activities (issue 14)
    "publishing:embed_help",  # the webmasters' page with the embeds (issue 14)
    "surveys:public_results_index",  # the published results of questionnaires (issue 16)
)


class PublicViewSitemap(OnSiteUrl, DjangoSitemap):
    i18n = True
    alternates = True

    def items(self):
        return list(PUBLIC_VIEWS)

    def location(self, name):
        return reverse(name)


class PublicSurveyResultsSitemap(OnSiteUrl, DjangoSitemap):
    """Each questionnaire whose results an editor put on the site."""

    i18n = True
    alternates = True

    def items(self):
        from surveys.models import Survey

        return list(Survey.objects.filter(public_at__isnull=False).order_by("pk"))

    def location(self, survey):
        return reverse("surveys:public_results", args=[survey.pk])

    def lastmod(self, survey):
        return survey.public_at


SITEMAPS = {
    "pages": PageSitemap,
    "views": PublicViewSitemap,
    "survey_results": PublicSurveyResultsSitemap,
}


def sitemap_view(request, **kwargs):
    """Django's sitemap view, shared with every visitor by the public pages' cache (issue 18):
    it lists pages, the public views and the public questionnaire results."""
    from django.contrib.sitemaps.views import sitemap

    from common.pagecache import mark_public

    return mark_public(sitemap(request, **kwargs), "pages", "councils", "surveys")
