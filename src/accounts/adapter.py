from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter

from common.http import client_address
from common.outbox import outbox_enqueue


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


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are made from invitations only, and allauth's mail goes through our outbox
    (allauth still builds the context: site, address, request)."""

    def is_open_for_signup(self, request):
        return False

    def get_client_ip(self, request):
        # allauth's rate limits key on this: the same client address as our own limits, read
        # through TRUSTED_PROXY_COUNT (so not the load balancer's address for everyone).
        return client_address(request) or super().get_client_ip(request)

    def render_mail(self, template_prefix, email, context, headers=None):
        message = super().render_mail(template_prefix, email, context, headers=headers)
        return _ToOutbox(message, kind=template_prefix.rsplit("/", 1)[-1])
