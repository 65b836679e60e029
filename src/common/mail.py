"""Django's e-mail backend setting points here, so mail that libraries send themselves (Wagtail's
moderation notices, Django's error mails) goes through the outbox like ours: written in the
caller's transaction, sent by a task, retried, never twice. The real transport is
``OUTBOX_EMAIL_BACKEND`` (from ``EMAIL_URL``)."""

from __future__ import annotations

from django.core.mail.backends.base import BaseEmailBackend

from .outbox import outbox_enqueue


class OutboxEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        count = 0
        for message in email_messages:
            recipients = message.recipients()
            if not recipients:
                continue
            html = ""
            for content, mimetype in getattr(message, "alternatives", []) or []:
                if mimetype == "text/html":
                    html = content
            body = message.body
            if getattr(message, "content_subtype", "plain") == "html":
                html, body = body, ""
            attachments = []
            for attachment in message.attachments:
                if isinstance(attachment, tuple) and len(attachment) == 3:
                    filename, content, mimetype = attachment
                    if isinstance(content, bytes):
                        content = content.decode("utf-8", errors="replace")
                    attachments.append(
                        {"filename": filename, "content": content, "mimetype": mimetype}
                    )
            outbox_enqueue(
                to=recipients,
                subject=str(message.subject),
                body_text=body or "",
                body_html=html,
                headers={k: str(v) for k, v in (message.extra_headers or {}).items()},
                attachments=attachments,
                kind="django",
            )
            count += 1
        return count
