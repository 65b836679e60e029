from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from wagtail import hooks

from common.membercache import member_page
from councils.permissions import can_view_member_directory
from councils.selectors import user_memberships, user_working_groups, viewer_for

from .dashboard import has_second_factor, sits_on_no_council_by_role
from .forms import AcceptInvitationForm, DirectoryProfileForm
from .selectors import user_topic_codes
from .services import (
    InvitationError,
    invitation_accept,
    invitation_for_token,
    member_directory_profile_set,
)


@member_page
@login_required
def dashboard(request):
    """Mijn overzicht: what waits on the person first, then their councils, working groups and
    what is coming up. The apps add panels through the ``raadsplein_dashboard_panels`` hook; a
    panel with ``"work": True`` holds something to do now and goes to the top."""
    viewer = viewer_for(request.user)
    panels = []
    for hook in hooks.get_hooks("raadsplein_dashboard_panels"):
        panel = hook(request, viewer)
        if panel:
            panels.append(panel)
    # The viewer knows already whether there is anything to list: no query when there is not.
    memberships = user_memberships(request.user) if viewer.council_ids else []
    working_groups = user_working_groups(request.user) if viewer.working_group_ids else []
    return render(
        request,
        "accounts/dashboard.html",
        {
            "viewer": viewer,
            "can_view_directory": can_view_member_directory(viewer),
            "memberships": memberships,
            "working_groups": working_groups,
            # What waits on this person comes first (issue 15): panels marked "work".
            "work_panels": [panel for panel in panels if panel.get("work")],
            "panels": [panel for panel in panels if not panel.get("work")],
            # Agency staff and administrators sit on no council by design: no "not a member".
            "council_person": bool(memberships) or not sits_on_no_council_by_role(viewer),
            "has_second_factor": has_second_factor(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    """The member's own entry in the member directory: what to be asked about, and whether
    other members may see their e-mail address or phone number (both off until ticked)."""
    if not can_view_member_directory(viewer_for(request.user)):
        raise PermissionDenied
    user = request.user
    form = DirectoryProfileForm(
        # An empty POST is a valid choice here: everything off.
        request.POST if request.method == "POST" else None,
        initial=DirectoryProfileForm.initial_for(user, user_topic_codes(user)),
    )
    if request.method == "POST" and form.is_valid():
        member_directory_profile_set(
            actor=user,
            user=user,
            topics=form.topics,
            show_email=form.cleaned_data["show_email"],
            phone=form.cleaned_data["phone"],
        )
        messages.success(request, _("Uw gegevens in het ledenoverzicht zijn opgeslagen."))
        return redirect("accounts:profile")
    return render(
        request,
        "accounts/profile.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def invitation_accept_view(request, token: str):
    try:
        invitation = invitation_for_token(token)
    except InvitationError as error:
        return render(
            request, "accounts/invitation_invalid.html", {"error": str(error)}, status=410
        )

    if request.user.is_authenticated:
        if request.method == "POST":
            try:
                invitation_accept(token=token, user=request.user)
            except InvitationError as error:
                messages.error(request, str(error))
                return redirect("accounts:dashboard")
            messages.success(
                request, _("Welkom bij %(council)s.") % {"council": invitation.council}
            )
            return redirect("accounts:dashboard")
        return render(
            request, "accounts/invitation_accept_existing.html", {"invitation": invitation}
        )

    form = AcceptInvitationForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            user = invitation_accept(
                token=token,
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                password=form.cleaned_data["password1"],
            )
        except InvitationError as error:
            form.add_error(None, str(error))
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request,
                _("Uw account is klaar. Welkom bij %(council)s.") % {"council": invitation.council},
            )
            return redirect("accounts:dashboard")
    return render(
        request,
        "accounts/invitation_accept.html",
        {"invitation": invitation, "form": form},
        status=400 if form.errors else 200,
    )
