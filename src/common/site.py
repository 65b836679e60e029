"""The site's one address (SITE_URL): absolute URLs built from it, and the Wagtail Site record
kept in step with it.

Every absolute URL the project emits (pages, feeds, sitemap, exports, mails, social posts) is
built here from SITE_URL, never from the request's host (a proxy, the container's own name) nor
from Wagtail's Site record (``localhost:80`` after Wagtail's first migration). The Site record
still follows SITE_URL, on ``migrate`` and in ``manage.py demo``, for what Wagtail builds itself
(the admin's "view live" links); a system check warns when the two differ."""

from __future__ import annotations

from email.utils import format_datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core import checks
from django.db import transaction
from django.utils import timezone

DEFAULT_PORTS = {"http": 80, "https": 443}


def site_url() -> str:
    return settings.SITE_URL.rstrip("/")


def site_host() -> str:
    """SITE_URL's host name, without the port (for Message-IDs)."""
    return urlsplit(site_url()).hostname or "localhost"


def absolute_url(url: str) -> str:
    """SITE_URL + a path; a URL that is absolute already (media on S3, another site's page)
    stays as it is."""
    if not url or url.startswith(("http://", "https://", "mailto:")):
        return url
    if url.startswith("//"):
        return urlsplit(site_url()).scheme + ":" + url
    return site_url() + (url if url.startswith("/") else "/" + url)


def message_headers(headers: dict | None = None) -> dict:
    """Mail headers with a Message-ID on SITE_URL's host (Django's default names the machine
    the worker runs on, a container's id at scale) and a Date in local time with its real
    offset, +0100 or +0200 (Django's default is UTC written as "-0000", "zone unknown").
    Headers the caller set stay. The outbox stores the result when a message is written, so a
    message sent again (a retry, a lapsed claim) keeps its Message-ID and Date."""
    from django.core.mail import make_msgid

    headers = dict(headers or {})
    names = {name.lower() for name in headers}
    if "message-id" not in names:
        headers["Message-ID"] = make_msgid(domain=site_host())
    if "date" not in names:
        now = timezone.now().astimezone(ZoneInfo(settings.TIME_ZONE)).replace(microsecond=0)
        headers["Date"] = format_datetime(now)
    return headers


def page_full_url(page) -> str:
    """A Wagtail page's absolute address on SITE_URL ("" for a page that has none). Wagtail's
    own ``full_url`` takes the host from the Site record."""
    parts = page.get_url_parts()
    if parts is None or parts[2] is None:
        return ""
    return site_url() + parts[2]


def site_record_address() -> tuple[str, int]:
    """(hostname, port) that the Wagtail Site record should have for SITE_URL."""
    parts = urlsplit(site_url())
    return parts.hostname or "localhost", parts.port or DEFAULT_PORTS.get(parts.scheme, 80)


def site_record_sync(*, using: str = "default") -> bool:
    """Set the default Wagtail Site's hostname and port from SITE_URL. Wagtail derives the
    scheme from the port (443 is https, anything else http), so https on another port cannot
    be expressed there; our own URLs never read the record. True when it changed."""
    from wagtail.models import Site

    hostname, port = site_record_address()
    with transaction.atomic(using=using):
        changed = (
            Site.objects.using(using)
            .filter(is_default_site=True)
            .exclude(hostname=hostname, port=port)
            .update(hostname=hostname, port=port)
        )
    return bool(changed)


def sync_site_record_after_migrate(sender, *, using="default", **kwargs):
    """post_migrate: the Site record follows SITE_URL after every ``migrate``."""
    from django.db import connections

    if "wagtailcore_site" not in connections[using].introspection.table_names():
        return
    site_record_sync(using=using)


def check_site_record(app_configs=None, databases=None, **kwargs):
    """Warn when the Wagtail Site record names another address than SITE_URL."""
    if not databases or "default" not in databases:
        return []
    from django.db import DatabaseError
    from wagtail.models import Site

    try:
        site = Site.objects.filter(is_default_site=True).only("hostname", "port").first()
    except DatabaseError:  # not migrated yet
        return []
    if site is None or (site.hostname, site.port) == site_record_address():
        return []
    return [
        checks.Warning(
            f"The default Wagtail Site is {site.hostname}:{site.port}, but SITE_URL is "
            f"{site_url()}.",
            hint="Run 'manage.py migrate', which sets the Site record from SITE_URL.",
            id="raadsplein.W001",
        )
    ]
