from __future__ import annotations

from councils.models import Membership
from councils.selectors import council_active_memberships

from .models import CouncilPage


def home_context(home) -> dict:
    """The council pages linked from home, in the page's own language (one query)."""
    pages = (
        CouncilPage.objects.live()
        .filter(locale=home.locale)
        .select_related("council")
        .order_by("council__kind", "title")
    )
    return {"council_pages": pages}


def council_page_members(council) -> list[dict]:
    """Members for the public council page: name and role always; photo and bio only with the
    member's consent. Aspirant members are not listed publicly."""
    rows = []
    for membership in council_active_memberships(council):
        if membership.role == Membership.Role.ASPIRANT:
            continue
        user = membership.user
        consent = user.public_profile
        rows.append(
            {
                "name": user.get_full_name() or "",
                "role": membership.get_role_display(),
                "bio": user.bio if consent else "",
                "photo": user.photo if consent and user.photo else None,
            }
        )
    return rows
