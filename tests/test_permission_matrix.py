"""Every URL of the project × every role gets the status it must (issue 2, item 9).

Later issues add their URLs to MATRIX. ``test_every_url_is_in_the_matrix`` fails when a URL of
ours exists that the matrix does not cover."""

from __future__ import annotations

import re
from importlib import import_module
from pathlib import Path

from django.test import TestCase
from django.urls import URLPattern, URLResolver, get_resolver

from tests.matrix import (
    ADMIN_HOME,
    ADMIN_ONLY,
    DENY,
    LOGIN,
    WAGTAIL_ADMIN,
    Case,
    everyone,
    logged_in,
)
from tests.roles import ROLE_NAMES

MATRIX = [
    Case("home", lambda c: "/", everyone(200)),
    Case("home (en)", lambda c: "/en/", everyone(200)),
    Case("wie zijn wij", lambda c: "/wie-zijn-wij/", everyone(200)),
    Case("privacy", lambda c: "/privacy/", everyone(200)),
    Case("toegankelijkheid", lambda c: "/toegankelijkheid/", everyone(200)),
    Case("council index", lambda c: "/raden/", everyone(200)),
    Case("council page", lambda c: "/raden/noord/", everyone(200)),
    Case("council page (en)", lambda c: "/en/councils/noord/", everyone(200)),
    Case("councils:postcode_lookup", lambda c: "/raden/zoek/", everyone(200)),
    Case("postcode lookup found", lambda c: "/raden/zoek/?postcode=1234AB", everyone(200)),
    Case("postcode lookup bad", lambda c: "/raden/zoek/?postcode=12", everyone(400)),
    Case("health", lambda c: "/health/", everyone(200)),
    Case("sitemap", lambda c: "/sitemap.xml", everyone(200)),
    Case("accounts:dashboard", lambda c: "/mijn/", logged_in(200)),
    Case(
        "councils:members",
        lambda c: "/mijn/raad/noord/",
        # A member of another council is sent to the member directory for noord (issue 15).
        logged_in(
            DENY,
            member=200,
            member_other=302,
            secretary=200,
            central_member=200,
            administrator=200,
        ),
    ),
    Case(
        "councils:members (invite)",
        lambda c: "/mijn/raad/noord/",
        logged_in(DENY, secretary=302, administrator=302),
        method="post",
        data=lambda c: {"email": f"nieuw-{c['n']}@raadsplein.example", "role": "member"},
    ),
    Case(
        "councils:invitation_revoke",
        lambda c: f"/mijn/raad/noord/uitnodiging/{c['invitation'].pk}/intrekken/",
        logged_in(DENY, secretary=302, administrator=302),
        method="post",
    ),
    Case(
        "accounts:invitation_accept",
        lambda c: f"/uitnodiging/{c['token']}/",
        everyone(200),
    ),
    Case("accounts:invitation_accept (unknown)", lambda c: "/uitnodiging/onbekend/", everyone(410)),
    Case("account_login", lambda c: "/account/login/", {**everyone(302), "visitor": 200}),
    Case("account_reset_password", lambda c: "/account/password/reset/", everyone(200)),
    Case("mfa_index", lambda c: "/account/2fa/", logged_in(200)),
    Case("wagtailadmin_home", lambda c: "/beheer/", WAGTAIL_ADMIN),
    Case("admin councils", lambda c: "/beheer/beheer_councils/", ADMIN_ONLY),
    Case("admin memberships", lambda c: "/beheer/beheer_memberships/", ADMIN_ONLY),
    Case("admin working groups", lambda c: "/beheer/beheer_working_groups/", ADMIN_ONLY),
    Case("admin organisations", lambda c: "/beheer/beheer_constituent_organisations/", ADMIN_ONLY),
    Case("admin postcode ranges", lambda c: "/beheer/beheer_postcode_ranges/", ADMIN_ONLY),
    Case("admin audit log", lambda c: "/beheer/beheer_audit/", ADMIN_ONLY),
    Case("admin outbox", lambda c: "/beheer/beheer_outbox/", ADMIN_ONLY),
    Case("admin users", lambda c: "/beheer/users/", ADMIN_ONLY),
    Case("admin theme models", lambda c: "/beheer/beheer_themamodellen/", ADMIN_ONLY),
    # Signals (issue 3)
    Case("signals:create", lambda c: "/signaal/", everyone(200)),
    Case("signals:create (en)", lambda c: "/en/signaal/", everyone(200)),
    Case("signals:received", lambda c: "/signaal/ontvangen/", everyone(302)),
    Case(
        "signals:index",
        lambda c: "/mijn/signalen/",
        logged_in(200, editor=DENY, liaison=DENY, ex_member=DENY),
    ),
    Case(
        "signals:trends",
        lambda c: "/mijn/signalen/trends/",
        logged_in(200, editor=DENY, ex_member=DENY),
    ),
    Case(
        "signals:trends_csv",
        lambda c: "/mijn/signalen/trends.csv",
        logged_in(200, editor=DENY, ex_member=DENY),
    ),
    Case(
        "signals:detail",
        lambda c: c["signal"].get_absolute_url(),
        logged_in(DENY, member=200, secretary=200, central_member=200, administrator=200),
    ),
    Case(
        "signals:detail (unknown)",
        lambda c: "/mijn/signalen/S-1999-000001/",
        logged_in(404, editor=DENY, liaison=DENY, ex_member=DENY),
    ),
    Case(
        "signals:status",
        lambda c: f"{c['signal'].get_absolute_url()}status/",
        logged_in(DENY, secretary=302),
        method="post",
        data=lambda c: {"to_status": "in_progress"},
    ),
    Case(
        "signals:theme",
        lambda c: f"{c['signal'].get_absolute_url()}thema/",
        logged_in(DENY, member=302, secretary=302, central_member=302),
        method="post",
        data=lambda c: {"regeling": "WW", "onderwerp": "brieven"},
    ),
    Case(
        "signals:group",
        lambda c: f"{c['signal'].get_absolute_url()}groeperen/",
        logged_in(DENY, secretary=302),
        method="post",
        data=lambda c: {"leader": c["other_signal"].reference},
    ),
    Case(
        "signals:reroute",
        lambda c: f"{c['signal'].get_absolute_url()}doorsturen/",
        logged_in(DENY, secretary=302),
        method="post",
        data=lambda c: {"council": c["roles"].other_council.pk, "reason": "Hoort daar"},
    ),
    Case(
        "signals:private",
        lambda c: f"{c['signal'].get_absolute_url()}contact/",
        logged_in(DENY, secretary=200),
    ),
]

# Later parts add their rows in tests/matrix_<part>.py: a list CASES and, if their rows need
# objects, a function extend_context(context) that adds them.
MATRIX_PARTS = [
    import_module(f"tests.{path.stem}")
    for path in sorted(Path(__file__).parent.glob("matrix_*.py"))
]
for part in MATRIX_PARTS:
    MATRIX += part.CASES

# Our own URL names that the matrix must cover (Wagtail's and allauth's own are covered by the
# entries above for the pages we use).
OUR_APPS = (
    "accounts.",
    "councils.",
    "common.",
    "publishing.",
    "signals.",
    "meetings.",
    "proposals.",
    "dossiers.",
    "handbook.",
    "sitesearch.",
    "newsletters.",
    "social.",
    "recruitment.",
    "reports.",
    "surveys.",
)


def _our_url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _our_url_names(pattern, ns)
        elif isinstance(pattern, URLPattern):
            module = getattr(pattern.callback, "__module__", "")
            if module.startswith(OUR_APPS):
                yield f"{namespace}{pattern.name or pattern.pattern}"


def test_every_url_is_in_the_matrix():
    covered = {case.name.split(" (")[0] for case in MATRIX}
    missing = sorted(set(_our_url_names()) - covered)
    assert not missing, f"URLs without a row in the permission matrix: {missing}"


def build_context() -> dict:
    """The users per role, the public pages and the objects every part's rows need."""
    from accounts.services import invitation_create
    from councils.tests.factories import PostcodeRangeFactory
    from publishing.demo import load
    from signals.tests.factories import SignalFactory
    from tests.roles import make_roles

    roles = make_roles()
    load()  # the site's pages, as the site_pages fixture makes them
    invitation, token = invitation_create(
        inviter=roles["secretary"],
        council=roles.council,
        email="uitgenodigd@raadsplein.example",
        role="member",
    )
    PostcodeRangeFactory(council=roles.council, start=1000, end=1999)
    context = {
        "roles": roles,
        "invitation": invitation,
        "token": token,
        "n": 0,
        "signal": SignalFactory(council=roles.council),
        "other_signal": SignalFactory(council=roles.council),
    }
    for part in MATRIX_PARTS:
        if hasattr(part, "extend_context"):
            part.extend_context(context)
    return context


class PermissionMatrix(TestCase):
    """One test per row. The data is made once per class (setUpTestData) and every row runs in
    a savepoint that is rolled back, with its own copy of the context: a row that posts changes
    nothing the next row sees. Making the data for every row took 5–8 s a row."""

    @classmethod
    def setUpTestData(cls):
        cls.context = build_context()

    def check_row(self, case: Case):
        context, client = self.context, self.client
        roles = context["roles"]
        wrong = []
        for role in ROLE_NAMES:
            client.logout()
            user = roles[role]
            if user is not None:
                client.force_login(user)
            context["n"] += 1
            data = case.data(context) if case.data else None
            response = getattr(client, case.method)(case.path(context), data=data)
            expected = case.expect[role]
            if expected == LOGIN:
                ok = response.status_code == 302 and "/account/login/" in response["Location"]
            elif expected == ADMIN_HOME:
                ok = response.status_code == 302 and response["Location"] == "/beheer/"
            else:
                ok = response.status_code == expected
            if not ok:
                wrong.append(
                    f"{role}: expected {expected}, got {response.status_code} "
                    f"{response.get('Location', '')}"
                )
            elif case.check is not None:
                problem = case.check(response, role, context)
                if problem:
                    wrong.append(f"{role}: {problem}")
        assert not wrong, f"{case.name} ({case.path(context)}):\n" + "\n".join(wrong)


def _add_rows():
    names = set()
    for case in MATRIX:
        name = "test_" + re.sub(r"\W+", "_", case.name).strip("_").lower()
        while name in names:
            name += "_"
        names.add(name)

        def row(self, case=case):
            self.check_row(case)

        row.__name__ = name
        row.__doc__ = case.name
        setattr(PermissionMatrix, name, row)


_add_rows()
