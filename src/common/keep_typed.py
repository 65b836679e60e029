"""Never lose typed text when a session has expired (issue 15).

A member whose session ended while typing presses save: the POST arrives without a user, and
``login_required`` sends it to the login page. ``KeepTypedMiddleware`` then keeps what was typed
(never files, passwords or the CSRF token) in the cache for an hour under a random token, which
only this browser holds (a signed cookie). The login page says so; after logging in the member
lands on the page that holds the form (never on the POST-only URL, which would answer 405), and
that page gets the saved values, which static/raadsplein/js/session.js puts back into the form
that posts to the same address.

The saved text is bound to the member who typed it: a signed cookie set while logged in names
the user. Only that user can claim it, and only once. Without that cookie (it was deleted) the
first person to log in in that browser within the hour claims it (README, "Known limits").

A GET that would answer 405 (a POST-only URL, reached from an old link or an old ``next``)
is sent to the page that holds its form instead.
"""

from __future__ import annotations

import secrets
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.cache import cache
from django.http import HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import Resolver404, resolve
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

TTL_SECONDS = 60 * 60
MAX_CHARS = 200_000  # all values together; a longer POST is not kept
TOKEN_COOKIE = "raadsplein_typed"  # noqa: S105 (a cookie name)
MEMBER_COOKIE = "raadsplein_member"
MEMBER_COOKIE_AGE = 7 * 24 * 60 * 60
_SALT = "common.keep_typed"
_SKIPPED_NAMES = {"csrfmiddlewaretoken"}
_SECRET_PARTS = ("password", "wachtwoord", "secret")


def _key(token: str) -> str:
    return f"keep_typed:{token}"


# --- which views answer GET -------------------------------------------------------------------


def allowed_methods(view) -> set[str] | None:
    """The HTTP methods a URL's view accepts, or None when it does not say. Reads the list that
    ``require_http_methods`` (and so ``require_POST``/``require_GET``) keeps in its closure, and
    a class-based view's ``http_method_names`` and handlers."""
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        return {
            m.upper()
            for m in view_class.http_method_names
            if m != "options" and hasattr(view_class, m)
        }
    allowed = None
    func = view
    while func is not None:
        names = getattr(getattr(func, "__code__", None), "co_freevars", ())
        if "request_method_list" in names:
            cell = func.__closure__[names.index("request_method_list")]
            methods = {m.upper() for m in cell.cell_contents}
            allowed = methods if allowed is None else allowed & methods
        func = getattr(func, "__wrapped__", None)
    return allowed


def answers_get(path: str) -> bool:
    try:
        match = resolve(path)
    except Resolver404:
        return False
    methods = allowed_methods(match.func)
    return methods is None or "GET" in methods


def page_for(path: str) -> str:
    """The page that holds the form of ``path``: the path itself when it answers GET, else the
    nearest shorter path that does (/dossiers/5/notitie/ -> /dossiers/5/), else the overview."""
    if answers_get(path):
        return path
    parts = [p for p in path.split("/") if p]
    while parts:
        parts.pop()
        candidate = "/" + "/".join(parts) + ("/" if parts else "")
        if answers_get(candidate):
            return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _form_page(request) -> str:
    """Where the person typed: the page that sent the form (our Referrer-Policy is same-origin,
    so the browser names it), made a page that answers GET; else the page for the POST URL."""
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        parts = urlsplit(referer)
        return page_for(parts.path) + (f"?{parts.query}" if parts.query else "")
    return page_for(request.path)


# --- the store ----------------------------------------------------------------------------------


def _is_secret(name: str) -> bool:
    lowered = name.lower()
    return any(part in lowered for part in _SECRET_PARTS)


def typed_values(post) -> dict[str, list[str]]:
    """What a person typed: every field but the CSRF token and anything secret."""
    return {
        name: post.getlist(name)
        for name in post
        if name not in _SKIPPED_NAMES and not _is_secret(name)
    }


def keep(*, data: dict[str, list[str]], action: str, page: str, user_id: int | None) -> str | None:
    """Keeps ``data`` for an hour; returns the token that claims it, or None when too long."""
    if sum(len(v) for values in data.values() for v in values) > MAX_CHARS:
        return None
    token = secrets.token_urlsafe(24)
    cache.set(
        _key(token),
        {"data": data, "action": action, "page": page, "user_id": user_id},
        TTL_SECONDS,
    )
    return token


def claim(token: str, *, user_id: int, path: str) -> dict | None:
    """The saved entry, once, for its own user on its own page; None otherwise. An entry of
    another user stays (its owner may still log in within the hour)."""
    entry = cache.get(_key(token))
    if not entry or entry["page"].split("?")[0] != path:
        return None
    if entry["user_id"] is not None and entry["user_id"] != user_id:
        return None
    if not cache.delete(_key(token)):
        return None  # another request claimed it first
    return entry


def give_back(token: str, entry: dict) -> None:
    """Puts a claimed entry back when the page that claimed it was not shown."""
    cache.set(_key(token), entry, TTL_SECONDS)


# --- middleware -------------------------------------------------------------------------------


def _set_cookie(response, name: str, value: str, *, max_age: int) -> None:
    response.set_signed_cookie(
        name,
        value,
        salt=_SALT,
        max_age=max_age,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def _is_login_redirect(response) -> bool:
    if response.status_code not in (301, 302, 303) or "Location" not in response:
        return False
    return urlsplit(response["Location"]).path == resolve_url(settings.LOGIN_URL)


class KeepTypedMiddleware:
    """Keeps what an anonymous POST carried when it is sent to log in, gives it back on the
    form's page after logging in, and turns a GET that would answer 405 into a redirect to the
    page that holds the form. Goes after the authentication and message middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        claimed = self._claim(request)
        response = self.get_response(request)
        user = getattr(request, "user", None)
        authenticated = user is not None and user.is_authenticated
        if claimed is not None:
            token, entry = claimed
            if response.status_code == 200:
                response.delete_cookie(TOKEN_COOKIE)
            else:
                give_back(token, entry)
        if request.method == "POST" and not authenticated and _is_login_redirect(response):
            response = self._keep(request) or response
        elif request.method in ("GET", "HEAD") and response.status_code == 405:
            page = page_for(request.path)
            if page != request.path:
                response = HttpResponseRedirect(page)
        if authenticated and self._member_id(request) != user.pk:
            _set_cookie(response, MEMBER_COOKIE, str(user.pk), max_age=MEMBER_COOKIE_AGE)
        return response

    @staticmethod
    def _member_id(request) -> int | None:
        value = request.get_signed_cookie(
            MEMBER_COOKIE, default=None, salt=_SALT, max_age=MEMBER_COOKIE_AGE
        )
        return int(value) if value and value.isdigit() else None

    def _claim(self, request):
        if request.method != "GET" or TOKEN_COOKIE not in request.COOKIES:
            return None
        if not request.user.is_authenticated or request.headers.get("HX-Request"):
            return None
        try:
            token = request.get_signed_cookie(TOKEN_COOKIE, salt=_SALT, max_age=TTL_SECONDS)
        except (KeyError, signing.BadSignature):
            return None
        entry = claim(token, user_id=request.user.pk, path=request.path)
        if entry is None:
            return None
        request.keep_typed = {"action": entry["action"], "data": entry["data"]}
        messages.info(
            request,
            _(
                "Wat u typte staat weer in het formulier. "
                "Kijk het na. Klik daarna opnieuw op de knop om op te slaan."
            ),
        )
        return token, entry

    def _keep(self, request):
        page = _form_page(request)
        token = keep(
            data=typed_values(request.POST),
            action=request.path,
            page=page,
            user_id=self._member_id(request),
        )
        if token is None:
            return None
        text = _(
            "U was uitgelogd, omdat u een tijd niets deed. Log opnieuw in. Wat u typte is bewaard."
        )
        if request.FILES:
            text += " " + _("Een bestand moet u na het inloggen opnieuw kiezen.")
        messages.warning(request, text)
        response = HttpResponseRedirect(
            resolve_url(settings.LOGIN_URL) + "?" + urlencode({"next": page})
        )
        _set_cookie(response, TOKEN_COOKIE, token, max_age=TTL_SECONDS)
        return response
