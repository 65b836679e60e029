from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter

from common.outbox import outbox_enqueue


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are made from invitations only, and allauth's mail goes through our outbox."""

    def is_open_for_signup(self, request):
        return False

    def send_mail(self, template_prefix, email, context):
        message = self.render_mail(template_prefix, email, context)
        html = next((c for c, mime in message.alternatives if mime == "text/html"), "")
        outbox_enqueue(
            to=message.to,
            subject=message.subject,
            body_text=message.body,
            body_html=html,
            kind=template_prefix.rsplit("/", 1)[-1],
        )
