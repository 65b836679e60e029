from __future__ import annotations

from types import SimpleNamespace
from urllib.parse import urlsplit, urlunsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings

from common.http import client_address
from common.outbox import outbox_enqueue
from common.site import absolute_url, site_url


class _ToOutbox:
    """Wraps the e-mail allauth renders: its send() writes it to our outbox instead."""

    def __init__(self, message, kind: str):
        self.message = message
        self.kind = kind

    def send(self, fail_silently: bool = False) -> int:
        html = next((c for c, mime in self.message.alternatives if mime == "text/html"), "")
        outbox_enqueue(
            to=self.message.to,
            subject=self.message.subject,
            body_text=self.message.body,
            body_html=html,
            kind=self.kind,
        )
        return 1


def _on_site_url(url: str) -> str:
    """The same path (query, fragment) on SITE_URL: allauth builds its links from the request's
    host, which may be a proxy's or the container's own name."""
    parts = urlsplit(url)
    return absolute_url(urlunsplit(("", "", parts.path or "/", parts.query, parts.fragment)))


def mail_site() -> SimpleNamespace:
    """What allauth's mail templates read as ``current_site``: our name (SITE_NAME) and our
    address (SITE_URL), not django.contrib.sites' record nor the request's host."""
    return SimpleNamespace(name=settings.SITE_NAME, domain=site_url())


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are made from invitations only, and allauth's mail goes through our outbox
    (allauth still builds the context: address, request). Its mails name SITE_NAME and link to
    SITE_URL."""

    def is_open_for_signup(self, request):
        return False

    def get_client_ip(self, request):
        # allauth's rate limits key on this: the same client address as our own limits, read
        # through TRUSTED_PROXY_COUNT (so not the load balancer's address for everyone).
        return client_address(request) or super().get_client_ip(request)

    def format_email_subject(self, subject: str) -> str:
        return f"[{settings.SITE_NAME}] {subject}"

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # allauth's own links (password_reset_url, signup_url, activate_url …) come from the
        # request's host; every one of them is a page of ours, so it moves to SITE_URL.
        context = dict(context)
        for key, value in context.items():
            if key.endswith("_url") and isinstance(value, str) and value:
                context[key] = _on_site_url(value)
        context["current_site"] = mail_site()
        return super().send_mail(template_prefix, email, context)

    def render_mail(self, template_prefix, email, context, headers=None):
        message = super().render_mail(template_prefix, email, context, headers=headers)
        return _ToOutbox(message, kind=template_prefix.rsplit("/", 1)[-1])
