"""Demo councils, people and organisations. Idempotent: running it twice changes nothing."""

from __future__ import annotations

import datetime
import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from accounts.models import MemberTopic
from accounts.roles import ADMINISTRATORS, EDITORS, LIAISONS
from common import taxonomy

from ..models import (
    ConstituentOrganisation,
    Council,
    Membership,
    PostcodeRange,
    WorkingGroup,
    WorkingGroupMembership,
)
from .data import (
    BIOS,
    CENTRAL,
    DEMO_TOTP_SECRET,
    DISTRICTS,
    DOMAIN,
    FIRST_NAMES,
    LAST_NAMES,
    ORGANISATIONS,
    PASSWORD,
    WORKING_GROUPS,
)

User = get_user_model()

LOGINS = [
    # e-mail, first, last, what, council slug, council role, group, working group
    (
        "lid",
        "Lies",
        "Lidmaat",
        "raadslid (Noord)",
        "noord",
        Membership.Role.MEMBER,
        None,
        "promotie",
    ),
    (
        "secretaris",
        "Sem",
        "Secretaris",
        "secretaris (Noord)",
        "noord",
        Membership.Role.SECRETARY,
        None,
        None,
    ),
    (
        "voorzitter",
        "Vera",
        "Voorzitter",
        "voorzitter (Rijnmond)",
        "rijnmond",
        Membership.Role.CHAIR,
        None,
        None,
    ),
    (
        "centraal",
        "Cor",
        "Centraal",
        "lid Centrale Cliëntenraad",
        "centraal",
        Membership.Role.MEMBER,
        None,
        "samenwerking-contact",
    ),
    ("redacteur", "Roos", "Redacteur", "redacteur (communicatie)", None, None, EDITORS, None),
    ("contactpersoon", "Kim", "Contactpersoon", "contactpersoon UWV", None, None, LIAISONS, None),
    ("beheerder", "Bas", "Beheerder", "functioneel beheerder", None, None, ADMINISTRATORS, None),
]


def _user(email, first, last, **extra):
    user, created = User.objects.get_or_create(
        email=email, defaults={"first_name": first, "last_name": last, **extra}
    )
    if created:
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    return user


def _demo_topics(index: int, seat: int) -> list[str]:
    """One scheme and one subject for most demo members, different across councils."""
    regelingen, onderwerpen = taxonomy.regelingen(), taxonomy.onderwerpen()
    topics = [f"onderwerp:{onderwerpen[(index * 3 + seat) % len(onderwerpen)]}"]
    if seat % 3 != 2:
        topics.append(f"regeling:{regelingen[(index + seat) % len(regelingen)]}")
    return topics


def _membership(user, council, role, start):
    Membership.objects.get_or_create(
        user=user, council=council, defaults={"role": role, "start_date": start}
    )


@transaction.atomic
def load(stdout=None) -> dict:
    from allauth.mfa.models import Authenticator
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP

    councils = {}
    for slug, name, region, ranges in DISTRICTS:
        council, _ = Council.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "kind": Council.Kind.DISTRICT,
                "region": region,
                "email": f"{slug}@{DOMAIN}",
                "intro": f"De cliëntenraad voor cliënten van UWV in {region}.",
            },
        )
        councils[slug] = council
        for start, end in ranges:
            PostcodeRange.objects.get_or_create(council=council, start=start, end=end)
    slug, name, region = CENTRAL
    councils[slug], _ = Council.objects.get_or_create(
        slug=slug,
        defaults={
            "name": name,
            "kind": Council.Kind.CENTRAL,
            "region": region,
            "email": f"{slug}@{DOMAIN}",
            "intro": "De Centrale Cliëntenraad praat met de Raad van Bestuur van UWV over "
            "landelijke onderwerpen.",
        },
    )

    groups = {}
    for slug, name, description in WORKING_GROUPS:
        groups[slug], _ = WorkingGroup.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description}
        )

    # Members of every council: a chair, a secretary and three members, fictional people.
    names = itertools.cycle(itertools.product(FIRST_NAMES, LAST_NAMES[::-1]))
    start = timezone.localdate() - datetime.timedelta(days=400)
    for index, council in enumerate(councils.values()):
        size = 7 if council.is_central else 5
        for seat in range(size):
            first, last = next(names)
            role = (
                (Membership.Role.CHAIR, Membership.Role.SECRETARY)[seat]
                if seat < 2
                else Membership.Role.MEMBER
            )
            consent = (index + seat) % 3 == 0
            # The member directory: every other member shows an address, one in four a phone
            # number; the rest agreed to nothing (the default).
            shows_phone = (index + seat) % 4 == 0
            user = _user(
                f"{first}.{last}.{council.slug}".lower().replace(" ", "") + f"@{DOMAIN}",
                first,
                last,
                public_profile=consent,
                public_profile_consent_at=timezone.now() if consent else None,
                bio=BIOS[(index + seat) % len(BIOS)] if consent else "",
                directory_show_email=(index + seat) % 2 == 0,
                directory_phone=f"06 {20000000 + 1000 * index + seat}" if shows_phone else "",
                directory_consent_at=timezone.now() if (index + seat) % 2 == 0 else None,
            )
            _membership(user, council, role, start + datetime.timedelta(days=30 * seat))
            for code in _demo_topics(index, seat):
                MemberTopic.objects.get_or_create(user=user, code=code)
            if seat == 2:
                group = groups["promotie" if index % 2 else "samenwerking-contact"]
                WorkingGroupMembership.objects.get_or_create(
                    user=user, working_group=group, defaults={"council": council}
                )

    for name, kind, council_slug in ORGANISATIONS:
        ConstituentOrganisation.objects.get_or_create(
            name=name,
            defaults={
                "kind": kind,
                "council": councils.get(council_slug) if council_slug else None,
                "email": "info@" + name.lower().split()[-1].strip("()") + ".example",
            },
        )

    logins = []
    for local, first, last, what, council_slug, role, group_name, wg in LOGINS:
        user = _user(f"{local}@{DOMAIN}", first, last)
        if council_slug:
            _membership(user, councils[council_slug], role, start)
        if group_name:
            user.groups.add(Group.objects.get(name=group_name))
            if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
                TOTP.activate(user, DEMO_TOTP_SECRET)
                RecoveryCodes.activate(user)
        if wg:
            WorkingGroupMembership.objects.get_or_create(
                user=user,
                working_group=groups[wg],
                defaults={"council": councils.get(council_slug)},
            )
        logins.append((what, user.email, bool(group_name)))
    return {"logins": logins}
