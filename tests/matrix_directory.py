"""Permission matrix rows for the member directory (ledenoverzicht) and a member's own entry in
it (issue 15): for members of any council and administrators; not for visitors, former members,
editors or the agency's staff. A contact way is on the page only where its member agreed.

The objects: limburg's member asks to be asked about letters and shows their e-mail address;
a second limburg member (the same topic) shows nothing; a former noord member with consent is not
listed at all."""

from __future__ import annotations

import datetime

from tests.matrix import DENY, Case, logged_in

READY = "directory_ready"
SHOWN_EMAIL = "laat-zien@raadsplein.example"
HIDDEN_EMAIL = "niet-laten-zien@raadsplein.example"
FORMER_EMAIL = "oud-lid-met-toestemming@raadsplein.example"
TOPIC = "onderwerp:brieven"

READERS = ("member", "member_other", "secretary", "central_member", "administrator")
DIRECTORY_READERS = dict.fromkeys(READERS, 200)


def extend_context(context):
    if context.get(READY):
        return context
    from accounts.models import MemberTopic
    from accounts.tests.factories import UserFactory
    from councils.tests.factories import MembershipFactory

    roles = context["roles"]
    shower = roles["member_other"]
    shower.email = SHOWN_EMAIL
    shower.directory_show_email = True
    shower.save(update_fields=["email", "directory_show_email"])
    MemberTopic.objects.create(user=shower, code=TOPIC)
    # Did not agree: the address stays off the page (a phone number is kept only while shown).
    quiet = MembershipFactory(
        council=roles.other_council, user=UserFactory(email=HIDDEN_EMAIL)
    ).user
    MemberTopic.objects.create(user=quiet, code=TOPIC)
    today = datetime.date.today()
    MembershipFactory(
        council=roles.council,
        user=UserFactory(email=FORMER_EMAIL, directory_show_email=True),
        start_date=today - datetime.timedelta(days=400),
        end_date=today - datetime.timedelta(days=2),
    )
    context.update({READY: True})
    return context


def contact_only_where_agreed(response, role, context):
    if response.status_code != 200:
        return None
    html = response.content.decode()
    problems = []
    if SHOWN_EMAIL not in html:
        problems.append("does not see the address its member agreed to show")
    for text in (HIDDEN_EMAIL, FORMER_EMAIL):
        if text in html:
            problems.append(f"sees {text}")
    return "; ".join(problems) or None


CASES = [
    Case(
        "councils:directory",
        lambda c: "/mijn/ledenoverzicht/",
        logged_in(DENY, **DIRECTORY_READERS),
        check=contact_only_where_agreed,
    ),
    Case(
        "councils:directory (raad en onderwerp)",
        lambda c: f"/mijn/ledenoverzicht/?raad=limburg&onderwerp={TOPIC}&naam=",
        logged_in(DENY, **DIRECTORY_READERS),
        check=contact_only_where_agreed,
    ),
    Case(
        "councils:directory (onbekende raad)",
        lambda c: "/mijn/ledenoverzicht/?raad=bestaat-niet",
        logged_in(DENY, **dict.fromkeys(READERS, 400)),
    ),
    Case(
        "councils:members (andere raad: naar het ledenoverzicht)",
        lambda c: "/mijn/raad/limburg/",
        logged_in(
            DENY,
            member=302,
            member_other=200,
            secretary=302,
            central_member=200,
            administrator=200,
        ),
    ),
    Case(
        "councils:members (andere raad, uitnodigen)",
        lambda c: "/mijn/raad/limburg/",
        logged_in(DENY, administrator=302),
        method="post",
        data=lambda c: {"email": f"nieuw-l-{c['n']}@raadsplein.example", "role": "member"},
    ),
    Case(
        "accounts:profile",
        lambda c: "/mijn/profiel/",
        logged_in(DENY, **DIRECTORY_READERS),
    ),
    Case(
        "accounts:profile (opslaan)",
        lambda c: "/mijn/profiel/",
        logged_in(DENY, **dict.fromkeys(READERS, 302)),
        method="post",
        data=lambda c: {"onderwerpen": [TOPIC], "show_email": "on"},
    ),
    Case(
        "accounts:profile (telefoon zonder nummer)",
        lambda c: "/mijn/profiel/",
        logged_in(DENY, **dict.fromkeys(READERS, 400)),
        method="post",
        data=lambda c: {"show_phone": "on", "phone": ""},
    ),
]
