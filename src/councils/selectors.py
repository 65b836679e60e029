"""Reads for pages about councils, and who a viewer is."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from accounts.roles import global_roles
from common.visibility import ANONYMOUS, Role, Viewer

from .models import Council, Membership, PostcodeRange, WorkingGroup, WorkingGroupMembership

POSTCODE_RE = re.compile(r"^\s*([1-9][0-9]{3})\s*([A-Za-z]{2})?\s*$")


def viewer_for(user) -> Viewer:
    """Who is looking: roles and councils, computed once per user object (two queries)."""
    if not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    cached = getattr(user, "_viewer", None)
    if cached is not None:
        return cached
    roles = set(global_roles(user))
    council_ids, managed, central = set(), set(), set()
    for council_id, role, kind in (
        Membership.objects.active()
        .filter(user=user)
        .values_list("council_id", "role", "council__kind")
    ):
        council_ids.add(council_id)
        if role in (Membership.Role.SECRETARY, Membership.Role.CHAIR):
            managed.add(council_id)
            roles.add(Role.SECRETARY if role == Membership.Role.SECRETARY else Role.CHAIR)
        if kind == Council.Kind.CENTRAL:
            central.add(council_id)
            roles.add(Role.CENTRAL_MEMBER)
        roles.add(Role.MEMBER)
    wg_ids = set(
        WorkingGroupMembership.objects.active()
        .filter(user=user)
        .values_list("working_group_id", flat=True)
    )
    viewer = Viewer(
        user_id=user.pk,
        roles=frozenset(roles),
        council_ids=frozenset(council_ids),
        managed_council_ids=frozenset(managed),
        working_group_ids=frozenset(wg_ids),
        central_council_ids=frozenset(central),
    )
    user._viewer = viewer
    return viewer


def normalise_postcode(value: str) -> int | None:
    """'1234 ab' → 1234; None if it is not a Dutch postcode."""
    match = POSTCODE_RE.match(value or "")
    return int(match.group(1)) if match else None


def display_postcode(value: str) -> str:
    """'1234ab' → '1234 AB', as a postcode is written; the input as given if it is none."""
    match = POSTCODE_RE.match(value or "")
    if not match:
        return value
    return " ".join(part for part in (match.group(1), (match.group(2) or "").upper()) if part)


def council_for_postcode(postcode: str) -> Council | None:
    """The district council that covers a postcode; None if no district does (or invalid)."""
    number = normalise_postcode(postcode)
    if number is None:
        return None
    found = (
        PostcodeRange.objects.filter(start__lte=number, end__gte=number, council__is_active=True)
        .select_related("council")
        .first()
    )
    return found.council if found else None


def council_postcode_ranges(council: Council) -> list[PostcodeRange]:
    """The postcode ranges a district council covers, lowest first."""
    return list(council.postcode_ranges.order_by("start"))


def central_council() -> Council | None:
    return Council.objects.filter(kind=Council.Kind.CENTRAL).first()


def council_list() -> QuerySet[Council]:
    return Council.objects.filter(is_active=True).order_by("kind", "name")


def council_active_memberships(council: Council) -> list[Membership]:
    """Active members of a council, chair and secretary first, with their user (one query)."""
    order = {
        Membership.Role.CHAIR: 0,
        Membership.Role.SECRETARY: 1,
        Membership.Role.MEMBER: 2,
        Membership.Role.ASPIRANT: 3,
    }
    memberships = list(Membership.objects.active().filter(council=council).select_related("user"))
    memberships.sort(key=lambda m: (order.get(m.role, 9), m.user.last_name, m.user.first_name))
    return memberships


ROLE_ORDER = {
    Membership.Role.CHAIR: 0,
    Membership.Role.SECRETARY: 1,
    Membership.Role.MEMBER: 2,
    Membership.Role.ASPIRANT: 3,
}


@dataclass
class DirectoryEntry:
    """One person on one council in the member directory. Holds a contact way only where the
    member agreed to show it, so a template cannot show more."""

    user_id: int
    name: str
    roles: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    email: str = ""
    phone: str = ""
    sort_key: tuple = ()


@dataclass
class DirectoryCouncil:
    council: Council
    entries: list[DirectoryEntry]


def member_directory(
    *, council_slug: str = "", topic: str = "", name: str = ""
) -> list[DirectoryCouncil]:
    """Who sits on which active council, in which role(s), what they want to be asked about,
    and the contact ways they agreed to show: grouped by council (two queries, whatever the
    number of members). Former members are not listed."""
    from accounts.models import MemberTopic
    from accounts.selectors import topic_label

    memberships = (
        Membership.objects.active()
        .filter(council__is_active=True, user__is_active=True)
        .select_related("user", "council")
        .prefetch_related(
            Prefetch(
                "user__directory_topics",
                queryset=MemberTopic.objects.order_by("code"),
                to_attr="topic_list",
            )
        )
    )
    if council_slug:
        memberships = memberships.filter(council__slug=council_slug)
    if topic:
        memberships = memberships.filter(user__directory_topics__code=topic)
    for word in name.split():
        memberships = memberships.filter(
            Q(user__first_name__icontains=word) | Q(user__last_name__icontains=word)
        )
    councils: dict[int, DirectoryCouncil] = {}
    entries: dict[tuple[int, int], DirectoryEntry] = {}
    for membership in memberships:
        user, council = membership.user, membership.council
        group = councils.setdefault(council.pk, DirectoryCouncil(council=council, entries=[]))
        entry = entries.get((council.pk, user.pk))
        if entry is None:
            entry = DirectoryEntry(
                user_id=user.pk,
                name=user.get_full_name() or user.email.split("@")[0],
                topics=[topic_label(t.code) for t in user.topic_list],
                email=user.email if user.directory_show_email else "",
                phone=user.directory_phone,
                sort_key=(9, user.last_name.lower(), user.first_name.lower(), user.pk),
            )
            entries[(council.pk, user.pk)] = entry
            group.entries.append(entry)
        if membership.get_role_display() not in entry.roles:
            entry.roles.append(membership.get_role_display())
        rank = ROLE_ORDER.get(membership.role, 9)
        if rank < entry.sort_key[0]:
            entry.sort_key = (rank, *entry.sort_key[1:])
    for group in councils.values():
        group.entries.sort(key=lambda e: e.sort_key)
    return sorted(
        councils.values(), key=lambda g: (g.council.kind != Council.Kind.CENTRAL, g.council.name)
    )


def user_memberships(user) -> list[Membership]:
    return list(
        Membership.objects.active()
        .filter(user=user)
        .select_related("council")
        .order_by("council__kind", "council__name")
    )


def user_working_groups(user) -> list[WorkingGroup]:
    today = timezone.localdate()
    return list(
        WorkingGroup.objects.filter(
            memberships__in=WorkingGroupMembership.objects.active(today).filter(user=user)
        )
        .distinct()
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=WorkingGroupMembership.objects.active(today).select_related(
                    "user", "council"
                ),
                to_attr="active_memberships",
            )
        )
    )
