"""Permission matrix rows for the news flashes (/nieuwsflits/).

The public pages (subscribe, confirm, manage, one-click unsubscribe) need no account: a signed
token in the link is the proof. The editor screens are for editors and administrators only."""

from __future__ import annotations

from tests.matrix import ADMIN_ONLY, DENY, Case, everyone, logged_in

READY = "newsletters_ready"
EDITORS = logged_in(DENY, editor=200, administrator=200)
EDITORS_ACT = logged_in(DENY, editor=302, administrator=302)


def extend_context(context):
    if context.get(READY):
        return context
    from newsletters.models import Delivery
    from newsletters.tests.factories import FlashFactory, NewsListFactory, SubscriberFactory
    from newsletters.tokens import make_confirm_token, make_token

    news = NewsListFactory(name="Nieuws uit Noord", council=context["roles"].council)
    subscriber = SubscriberFactory(email="lezer@example.org", lists=[news])
    waiting = SubscriberFactory(email="wacht@example.org", confirmed_at=None)
    flash = FlashFactory(subject="Concept", lists=[news])
    sent = FlashFactory(subject="Verstuurd", lists=[news], status="sent")
    Delivery.objects.create(flash=sent, subscriber=subscriber, status="failed", error="451")
    context.update(
        {
            READY: True,
            "news_list": news,
            "flash": flash,
            "sent_flash": sent,
            "manage_token": make_token(subscriber),
            "confirm_token": make_confirm_token(
                waiting, lists=[news], consent_text="Ja", source="/nieuwsflits/"
            ),
        }
    )
    return context


def _ctx(c):
    return extend_context(c)


def _editor(suffix="", key="flash"):
    return lambda c: f"/nieuwsflits/redactie/{_ctx(c)[key].pk}/{suffix}"


CASES = [
    # The directory's contact persons: administrators, in Wagtail's admin.
    Case("admin contacts", lambda c: "/beheer/beheer_constituent_contacts/", ADMIN_ONLY),
    Case("newsletters:subscribe", lambda c: "/nieuwsflits/", everyone(200)),
    Case(
        "newsletters:subscribe (post)",
        lambda c: "/nieuwsflits/",
        everyone(200),
        method="post",
        data=lambda c: {
            "email": f"nieuw{c['n']}@example.org",
            "lists": [_ctx(c)["news_list"].pk],
            "consent": "on",
        },
    ),
    Case(
        "newsletters:subscribe (refused)",
        lambda c: "/nieuwsflits/",
        everyone(400),
        method="post",
        data=lambda c: {"email": "geen-adres"},
    ),
    Case(
        "newsletters:confirm",
        lambda c: f"/nieuwsflits/bevestigen/{_ctx(c)['confirm_token']}/",
        everyone(200),
    ),
    Case(
        "newsletters:confirm (post)",
        lambda c: f"/nieuwsflits/bevestigen/{_ctx(c)['confirm_token']}/",
        everyone(200),
        method="post",
    ),
    Case("newsletters:confirm (bad)", lambda c: "/nieuwsflits/bevestigen/nep/", everyone(404)),
    Case(
        "newsletters:manage",
        lambda c: f"/nieuwsflits/beheren/{_ctx(c)['manage_token']}/",
        everyone(200),
    ),
    Case(
        "newsletters:manage (post)",
        lambda c: f"/nieuwsflits/beheren/{_ctx(c)['manage_token']}/",
        everyone(302),
        method="post",
        data=lambda c: {"lists": [_ctx(c)["news_list"].pk]},
    ),
    Case("newsletters:manage (bad)", lambda c: "/nieuwsflits/beheren/nep/", everyone(404)),
    Case(
        "newsletters:unsubscribe",
        lambda c: f"/nieuwsflits/afmelden/{_ctx(c)['manage_token']}/",
        everyone(200),
    ),
    Case(
        "newsletters:unsubscribe (post)",
        lambda c: f"/nieuwsflits/afmelden/{_ctx(c)['manage_token']}/",
        everyone(200),
        method="post",
        data=lambda c: {"List-Unsubscribe": "One-Click"},
    ),
    # The links of a preview or test mail: a page that says they are examples (issue 17).
    Case(
        "newsletters:manage (example)", lambda c: "/nieuwsflits/beheren/voorbeeld/", everyone(200)
    ),
    Case(
        "newsletters:manage (example, post)",
        lambda c: "/nieuwsflits/beheren/voorbeeld/",
        everyone(200),
        method="post",
        data=lambda c: {"lists": [_ctx(c)["news_list"].pk]},
    ),
    Case(
        "newsletters:unsubscribe (example)",
        lambda c: "/nieuwsflits/afmelden/voorbeeld/",
        everyone(200),
    ),
    Case(
        "newsletters:unsubscribe (example, post)",
        lambda c: "/nieuwsflits/afmelden/voorbeeld/",
        everyone(200),
        method="post",
        data=lambda c: {"List-Unsubscribe": "One-Click"},
    ),
    Case("newsletters:flashes", lambda c: "/nieuwsflits/redactie/", EDITORS),
    Case("newsletters:flash_create", lambda c: "/nieuwsflits/redactie/nieuw/", EDITORS),
    Case(
        "newsletters:flash_create (post)",
        lambda c: "/nieuwsflits/redactie/nieuw/",
        EDITORS_ACT,
        method="post",
        data=lambda c: {"subject": f"Flits {c['n']}", "lists": [_ctx(c)["news_list"].pk]},
    ),
    Case(
        "newsletters:flash_create (page not offered)",
        lambda c: "/nieuwsflits/redactie/nieuw/",
        logged_in(DENY, editor=400, administrator=400),
        method="post",
        data=lambda c: {"subject": "Flits", "pages": [999999]},
    ),
    Case("newsletters:flash", _editor(), EDITORS),
    Case(
        "newsletters:flash (post)",
        _editor(),
        EDITORS_ACT,
        method="post",
        data=lambda c: {"subject": "Nieuw onderwerp", "intro": "Tekst"},
    ),
    Case(
        "newsletters:flash (unknown)",
        lambda c: "/nieuwsflits/redactie/999999/",
        logged_in(DENY, editor=404, administrator=404),
    ),
    Case("newsletters:preview", _editor("voorbeeld/"), EDITORS),
    Case("newsletters:test", _editor("test/"), EDITORS_ACT, method="post"),
    # "Nu versturen" asks first (a page, also without JavaScript); only "Ja, nu versturen" sends.
    Case("newsletters:send", _editor("verzenden/"), EDITORS),
    Case("newsletters:send (ask)", _editor("verzenden/"), EDITORS, method="post"),
    Case(
        "newsletters:send (confirmed)",
        _editor("verzenden/"),
        EDITORS_ACT,
        method="post",
        data=lambda c: {"confirm": "ja"},
    ),
    Case("newsletters:resend", _editor("opnieuw/", "sent_flash"), EDITORS_ACT, method="post"),
    Case("newsletters:progress", _editor("voortgang/", "sent_flash"), EDITORS),
]
