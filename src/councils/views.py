from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.forms import InvitationForm
from accounts.models import Invitation
from accounts.services import InvitationError, invitation_create, invitation_revoke
from common.pagecache import mark_public

from .forms import DirectoryFilterForm
from .models import Council
from .permissions import (
    can_manage_council,
    can_view_council_members,
    can_view_member_directory,
)
from .selectors import (
    central_council,
    council_active_memberships,
    council_for_postcode,
    council_list,
    council_postcode_ranges,
    display_postcode,
    member_directory,
    normalise_postcode,
    viewer_for,
)
from .services import council_contacts_viewed


@login_required
@require_http_methods(["GET", "POST"])
def council_members(request, slug: str):
    """A council's members for its own members; its secretary and chair also see e-mail
    addresses and open invitations, and invite people (each view of addresses is audited)."""
    council = get_object_or_404(Council, slug=slug, is_active=True)
    viewer = viewer_for(request.user)
    if not can_view_council_members(viewer, council):
        if request.method == "GET" and can_view_member_directory(viewer):
            # A member of another council sees who sits here in the member directory: names,
            # roles, topics and only the contact ways each member agreed to show.
            return redirect(f"{reverse('councils:directory')}?{urlencode({'raad': council.slug})}")
        raise PermissionDenied
    manages = can_manage_council(viewer, council)
    form = InvitationForm(request.POST or None) if manages else None
    if request.method == "POST":
        if not manages:
            raise PermissionDenied
        if form.is_valid():
            try:
                invitation_create(
                    inviter=request.user,
                    council=council,
                    email=form.cleaned_data["email"],
                    role=form.cleaned_data["role"],
                )
            except InvitationError as error:
                form.add_error("email", str(error))
            else:
                messages.success(
                    request,
                    _("De uitnodiging is verstuurd naar %(email)s.")
                    % {"email": form.cleaned_data["email"]},
                )
                return redirect("councils:members", slug=council.slug)
    memberships = council_active_memberships(council)
    invitations = []
    if manages:
        invitations = [
            i
            for i in Invitation.objects.filter(
                council=council, accepted_at__isnull=True, revoked_at__isnull=True
            ).order_by("-created_at")
            if i.is_open
        ]
        council_contacts_viewed(actor=request.user, council=council)
    return render(
        request,
        "councils/council_members.html",
        {
            "council": council,
            "memberships": memberships,
            "manages": manages,
            "form": form,
            "invitations": invitations,
        },
        status=400 if form is not None and form.errors else 200,
    )


@login_required
@require_GET
def directory(request):
    """The member directory (ledenoverzicht): members of every active council, grouped by
    council, with their role(s), what they want to be asked about and the contact ways they
    agreed to show. Filters by council, topic and name."""
    from accounts.selectors import topic_choices

    viewer = viewer_for(request.user)
    if not can_view_member_directory(viewer):
        raise PermissionDenied
    form = DirectoryFilterForm(
        request.GET or None, councils=list(council_list()), topics=topic_choices()
    )
    groups = []
    filtered = False
    if form.is_bound and not form.is_valid():
        status = 400
    else:
        status = 200
        data = form.cleaned_data if form.is_bound else {}
        filtered = any(data.values())
        groups = member_directory(
            council_slug=data.get("raad", ""),
            topic=data.get("onderwerp", ""),
            name=data.get("naam", ""),
        )
    return render(
        request,
        "councils/member_directory.html",
        {
            "form": form,
            "groups": groups,
            "filtered": filtered,
            "count": sum(len(g.entries) for g in groups),
            "viewer": viewer,
        },
        status=status,
    )


@login_required
@require_POST
def invitation_revoke_view(request, slug: str, pk: int):
    council = get_object_or_404(Council, slug=slug)
    if not can_manage_council(viewer_for(request.user), council):
        raise PermissionDenied
    invitation = get_object_or_404(Invitation, pk=pk, council=council)
    invitation_revoke(actor=request.user, invitation=invitation)
    messages.success(request, _("De uitnodiging is ingetrokken."))
    return redirect("councils:members", slug=council.slug)


def postcode_lookup(request):
    """Public: which council is mine? A postcode shows the council that covers it and why (its
    postcode ranges, or that no district covers it and the central council is there for it),
    with a link to the council's page."""
    postcode = request.GET.get("postcode", "")
    error = None
    council = None
    ranges = []
    covered = False
    council_url = ""
    if postcode:
        if normalise_postcode(postcode) is None:
            error = _("Vul een postcode in zoals 1234 AB.")
        else:
            district = council_for_postcode(postcode)
            covered = district is not None
            council = district or central_council()
            if council is not None:
                ranges = council_postcode_ranges(council) if covered else []
                page = council.public_pages.live().first()
                council_url = page.localized.url if page is not None else ""
    response = render(
        request,
        "councils/postcode_lookup.html",
        {
            "postcode": postcode,
            "shown_postcode": display_postcode(postcode),
            "error": error,
            "council": council,
            "covered": covered,
            "ranges": ranges,
            "council_url": council_url,
        },
        status=400 if error else 200,
    )
    if not postcode:  # the empty form; every postcode an entry of its own would flood the cache
        mark_public(response, "pages", "councils")
    return response
