"""A test-only URLconf: the site's URLs plus three that fail on purpose (issue 14), so the error
pages can be seen with DEBUG off. Used by common/tests/test_errors.py and tests/e2e/test_errors.py
through ``ROOT_URLCONF``."""

from __future__ import annotations

from django.conf.urls.i18n import i18n_patterns
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from raadsplein.urls import handler400, handler403, handler404, handler500  # noqa: F401
from raadsplein.urls import urlpatterns as site_urlpatterns


def forbidden(request):
    """Refuses everyone, also visitors (the site's own views mostly send visitors to log in)."""
    raise PermissionDenied


def broken(request):
    raise RuntimeError("a bug, on purpose")


def bad(request):
    raise SuspiciousOperation("a bad request, on purpose")


# Before the site's own patterns: Wagtail's catch-all page view would answer these addresses.
urlpatterns = (
    i18n_patterns(
        path("proef/verboden/", forbidden),
        path("proef/kapot/", broken),
        path("proef/ongeldig/", bad),
        prefix_default_language=False,
    )
    + site_urlpatterns
)
