"""Fixtures for the whole suite: a real local SMTP server, and one user per role."""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field

import pytest
from hypothesis import HealthCheck, settings

# Timings stay out of tests (they live in `make bench`): on a busy CI machine Hypothesis's
# per-example deadline and its "too slow" health check fail tests that are correct.
settings.register_profile("raadsplein", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("raadsplein")

# Playwright's sync API runs an event loop in the test thread; Django's async-safety check would
# otherwise refuse the live server's database access from fixtures.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@dataclass
class SMTPInbox:
    messages: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    fail_next: int = 0

    def clear(self):
        with self.lock:
            self.messages.clear()
            self.fail_next = 0

    def to(self, address: str) -> list:
        return [m for m in self.messages if address in m["to"]]


class _Handler:
    def __init__(self, inbox: SMTPInbox):
        self.inbox = inbox

    async def handle_DATA(self, server, session, envelope):
        import email
        from email import policy

        with self.inbox.lock:
            if self.inbox.fail_next > 0:
                self.inbox.fail_next -= 1
                return "451 Requested action aborted: local error in processing"
            message = email.message_from_bytes(envelope.content, policy=policy.default)
            self.inbox.messages.append(
                {
                    "from": envelope.mail_from,
                    "to": list(envelope.rcpt_tos),
                    "message": message,
                    "raw": envelope.content,  # the bytes as sent, for tests' own strict parsers
                    "subject": str(message["subject"]),
                    "text": message.get_body(("plain",)).get_content()
                    if message.get_body(("plain",))
                    else "",
                }
            )
        return "250 OK"


@pytest.fixture(scope="session")
def smtp_server():
    import socket

    from aiosmtpd.controller import Controller

    with socket.socket() as probe:  # a free port; aiosmtpd cannot start on port 0
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = SMTPInbox()
    controller = Controller(_Handler(inbox), hostname="127.0.0.1", port=port)
    controller.start()
    inbox.port = port
    yield inbox
    controller.stop()


@pytest.fixture(autouse=True)
def _mail_to_local_smtp(settings, smtp_server):
    """Every test sends real SMTP to the local aiosmtpd server."""
    settings.EMAIL_BACKEND = "common.mail.OutboxEmailBackend"  # Django's test runner sets locmem
    settings.OUTBOX_EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = smtp_server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    smtp_server.clear()
    yield smtp_server


@pytest.fixture(autouse=True)
def _default_language_after():
    """A request to an /en/ page leaves English active in this thread (LocaleMiddleware does not
    undo it); the next test would see English messages. Back to the default after each test."""
    yield
    from django.utils import translation

    translation.deactivate()


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache, caches

    cache.clear()
    caches["pages"].clear()
    yield


@pytest.fixture
def roles(db):
    """One user per role of the permission matrix, on two district councils and the central."""
    from tests.roles import make_roles

    return make_roles()


@pytest.fixture
def site_pages(db):
    """The public site's pages (home, Wie zijn wij, council pages) in Dutch and English."""
    from publishing.demo import load

    return load()


def pytest_collection_modifyitems(items):
    """Every transactional test restores the migrated data (groups, Wagtail's root page) when it
    ends. Without ``serialized_rollback`` the flush after it runs post_migrate, which recreates
    groups that the next serialized test then inserts again (UNIQUE constraint failed)."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if (
            marker
            and marker.kwargs.get("transaction")
            and not marker.kwargs.get("serialized_rollback")
        ):
            item.add_marker(
                pytest.mark.django_db(*marker.args, **marker.kwargs, serialized_rollback=True),
                append=False,
            )


@pytest.fixture(scope="session", autouse=True)
def _fast_database_reset():
    """Browser tests reset the database faster (tests/fast_reset.py explains how)."""
    from tests.fast_reset import install

    install()
