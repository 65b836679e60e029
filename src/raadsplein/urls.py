from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from common.views import health
from publishing.sitemaps import SITEMAPS, sitemap_view
from publishing.views import robots_txt
from publishing.views_language import untranslated

urlpatterns = [
    path("beheer/", include(wagtailadmin_urls)),
    path("documenten/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("sitemap.xml", sitemap_view, {"sitemaps": SITEMAPS}),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("health/", health, name="health"),
]
urlpatterns += i18n_patterns(
    path("account/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("", include("councils.urls")),
    path("", include("signals.urls")),
    path("", include("meetings.urls")),
    path("", include("proposals.urls")),
    path("", include("surveys.urls")),
    path("dossiers/", include("dossiers.urls")),
    path("", include("handbook.urls")),
    path("", include("sitesearch.urls")),
    path("", include("newsletters.urls")),
    path("", include("social.urls")),
    path("", include("recruitment.urls")),
    path("", include("reports.urls")),
    path("", include("publishing.urls")),
    path("niet-vertaald/<int:page_id>/", untranslated, name="untranslated"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

# Error pages in the site's layout and the visitor's language (issue 14).
handler400 = "common.views.bad_request"
handler403 = "common.views.permission_denied"
handler404 = "common.views.page_not_found"
handler500 = "common.views.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns
