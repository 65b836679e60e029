"""Views: activities. The calendar of the agency's activities (list and month), an activity's
page with signing up and off, and the organiser's screens (post, change, cancel, who comes).

The list, the month and an activity's page are open to visitors too: they show what the viewer
may see, which for a visitor is the public activities. Everything else is for members."""

from __future__ import annotations

import copy
import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from common.membercache import member_page
from common.pagecache_time import public_cache_until, until_agenda_changes
from common.site import absolute_url
from councils.selectors import viewer_for

from ..forms_activities import ActivityFilterForm, ActivityForm, CancelActivityForm, SignUpForm
from ..ical import calendar_links
from ..models import Registration
from ..permissions import (
    can_edit_activity,
    can_post_activity,
    can_sign_up,
    can_view_activity,
)
from ..selectors_activities import (
    AMSTERDAM,
    SignupState,
    activity_contact,
    activity_detail,
    activity_list,
    activity_month,
    councils_for_poster,
    region_choices,
    registration_for,
    signup_state,
)
from ..services import (
    MeetingError,
    activity_access_needs_change,
    activity_cancel,
    activity_create,
    activity_participants_view,
    activity_sign_off,
    activity_sign_up,
    activity_update,
)

PAGE_SIZE = 20


def _viewer_or_403(request, check, *args):
    viewer = viewer_for(request.user)
    if not check(viewer, *args):
        raise PermissionDenied
    return viewer


def _activity_or_404(request, pk: int, check=can_view_activity):
    viewer = viewer_for(request.user)
    activity = activity_detail(viewer, pk)
    if activity is None:
        raise Http404
    if not check(viewer, activity):
        raise PermissionDenied
    return viewer, activity


def _query_without(request, *names: str) -> str:
    """The page's query string without ``names``, for links that keep the other filters."""
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def _login_url(request) -> str:
    """The login page, back to this page afterwards (for a visitor who is a member)."""
    return f"{reverse('account_login')}?{urlencode({'next': request.get_full_path()})}"


def _public_feed(viewer) -> dict:
    """The public feed's address for the "in your own calendar" help; members also get the way
    to their own feed."""
    url = absolute_url(reverse("meetings:public_feed"))
    return {
        "public_feed_url": url,
        "public_webcal_url": "webcal://" + url.split("://", 1)[-1],
        "show_my_feed": viewer.is_authenticated,
    }


# Upcoming activities: shared until one starts, ends or closes its sign-up, or midnight.
AGENDA = public_cache_until(until_agenda_changes, "pages", "councils", "activities")


@member_page
@AGENDA
def activity_index(request):
    """De agenda: upcoming activities the viewer may see, with filters. Visitors see the public
    ones; a member also those for the councils and for their own council."""
    viewer = viewer_for(request.user)
    councils = list(region_choices())
    form = ActivityFilterForm(request.GET or None, councils=councils)
    filters = form.filters()
    page = Paginator(activity_list(viewer, **filters), PAGE_SIZE).get_page(
        request.GET.get("pagina")
    )
    today = timezone.localdate(timezone=AMSTERDAM)
    month = filters["month"] or today.replace(day=1)
    return render(
        request,
        "meetings/activity_list.html",
        {
            "form": form,
            "page": page,
            "query": _query_without(request, "pagina"),
            # The month view takes the region and kind along; its month is in its address.
            "month_query": _query_without(request, "pagina", "maand"),
            "filtered": any(filters.values()),
            "month": month,
            "visitor": not viewer.is_authenticated,
            "login_url": _login_url(request),
            "can_post": can_post_activity(viewer),
            **_public_feed(viewer),
        },
    )


@member_page
@AGENDA
def activity_month_view(request, year: int, month: int):
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        raise Http404
    viewer = viewer_for(request.user)
    form = ActivityFilterForm(
        request.GET or None, councils=list(region_choices()), with_month=False
    )
    filters = form.filters()
    del filters["month"]
    grid = activity_month(viewer, year=year, month=month, **filters)
    return render(
        request,
        "meetings/activity_month.html",
        {
            "grid": grid,
            "form": form,
            "query": _query_without(request, "maand"),
            "filtered": any(filters.values()),
            "visitor": not viewer.is_authenticated,
        },
    )


def _calendar_links(activity, *, online_link: bool = True) -> dict:
    """Add-to-calendar links; none for a cancelled activity."""
    if activity.is_cancelled:
        return {}
    return {
        **calendar_links(activity, online_link=online_link),
        "ics": reverse("meetings:activity_ics", args=[activity.pk]),
    }


def _detail(request, viewer, activity, *, forms: dict | None = None, status: int = 200):
    if not viewer.is_authenticated:
        # A visitor reads what, when, where and how to take part; signing up is for members,
        # and who signed up (or how many) is nobody else's business.
        return render(
            request,
            "meetings/activity_detail.html",
            {
                "activity": activity,
                "visitor": True,
                "contact": activity_contact(activity),
                "login_url": _login_url(request),
                "calendar_links": _calendar_links(activity, online_link=False),
            },
            status=status,
        )
    forms = forms or {}
    registration = registration_for(request.user, activity)
    editable = can_edit_activity(viewer, activity)
    confirmed = registration is not None and registration.status == Registration.Status.CONFIRMED
    context = {
        "activity": activity,
        "registration": registration,
        "state": signup_state(activity),
        "can_sign_up": can_sign_up(viewer, activity),
        "can_edit": editable,
        "sign_up_form": forms.get("sign_up") or SignUpForm(),
        "sign_off_error": forms.get("sign_off_error"),
        "cancel_form": (forms.get("cancel") or CancelActivityForm()) if editable else None,
        "confirmed": confirmed,
        # The online link is for people with a place (a full webinar stays full).
        "show_online_url": bool(activity.online_url) and (confirmed or editable),
        "calendar_links": _calendar_links(activity) if confirmed else {},
    }
    return render(request, "meetings/activity_detail.html", context, status=status)


@member_page
@AGENDA
def activity_view(request, pk: int):
    """An activity's page: for anyone when it is public, otherwise for whoever may see it (a
    visitor is asked to log in)."""
    viewer = viewer_for(request.user)
    activity = activity_detail(viewer, pk)
    if activity is None:
        raise Http404
    if not can_view_activity(viewer, activity):
        if not viewer.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied
    return _detail(request, viewer, activity)


@login_required
@require_POST
def activity_sign_up_view(request, pk: int):
    viewer, activity = _activity_or_404(request, pk, check=can_sign_up)
    form = SignUpForm(request.POST)
    if form.is_valid():
        try:
            registration = activity_sign_up(
                user=request.user,
                activity=activity,
                access_needs=form.cleaned_data["access_needs"],
                access_note=form.cleaned_data["access_note"],
            )
        except MeetingError as error:
            form.add_error(None, str(error))
        else:
            if registration.status == Registration.Status.WAITLISTED:
                messages.warning(
                    request,
                    _(
                        "Deze activiteit is vol. U staat op de wachtlijst. Komt er een plaats "
                        "vrij? Dan krijgt u een e-mail."
                    ),
                )
            else:
                messages.success(
                    request,
                    _("U bent aangemeld. U krijgt een e-mail met de afspraak voor uw agenda."),
                )
            return redirect(activity)
    return _detail(request, viewer, activity, forms={"sign_up": form}, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def activity_sign_off_view(request, pk: int):
    """Signing off gives up one's place: first a page that says what happens (to one's place,
    what one asked for, the waiting list), then the POST that does it."""
    viewer, activity = _activity_or_404(request, pk)
    state = signup_state(activity)
    registration = registration_for(request.user, activity)
    # Signing off then would give the waiting list a place in something that does not happen.
    if state == SignupState.CANCELLED:
        error = _("Deze activiteit gaat niet door. U hoeft zich niet af te melden.")
    elif state == SignupState.STARTED:
        error = _("Deze activiteit is al begonnen of voorbij. Afmelden kan niet meer.")
    elif registration is None:
        error = _("U was niet aangemeld.")
    elif request.method == "GET":
        return render(
            request,
            "meetings/activity_sign_off.html",
            {"activity": activity, "registration": registration},
        )
    else:
        try:
            activity_sign_off(user=request.user, activity=activity)
        except MeetingError as refused:
            error = str(refused)
        else:
            error = None
    if error:
        return _detail(request, viewer, activity, forms={"sign_off_error": error}, status=400)
    messages.success(request, _("U bent afgemeld. Wilt u toch komen? Meld u dan opnieuw aan."))
    return redirect(activity)


@login_required
@require_http_methods(["GET", "POST"])
def activity_needs_view(request, pk: int):
    """Change what one needs to take part, after signing up: the form filled in with what was
    asked, then back to the activity with a confirmation. The organiser's list shows it."""
    viewer, activity = _activity_or_404(request, pk)
    registration = registration_for(request.user, activity)
    state = signup_state(activity)
    if state == SignupState.CANCELLED:
        error = _("Deze activiteit gaat niet door.")
    elif state == SignupState.STARTED:
        error = _("Deze activiteit is al begonnen of voorbij.")
    elif registration is None:
        error = _("U was niet aangemeld.")
    else:
        error = None
    if error:
        return _detail(request, viewer, activity, forms={"sign_off_error": error}, status=400)
    if request.method != "POST":
        form = SignUpForm(
            initial={
                "access_needs": registration.access_needs,
                "access_note": registration.access_note,
            }
        )
        return _render_needs(request, activity, registration, form)
    form = SignUpForm(request.POST)
    if form.is_valid():
        try:
            activity_access_needs_change(
                user=request.user,
                activity=activity,
                access_needs=form.cleaned_data["access_needs"],
                access_note=form.cleaned_data["access_note"],
            )
        except MeetingError as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(
                request,
                _("Uw wijziging is opgeslagen. De organisator ziet wat u nu nodig heeft."),
            )
            return redirect(activity)
    return _render_needs(request, activity, registration, form, status=400)


def _render_needs(request, activity, registration, form, *, status: int = 200):
    return render(
        request,
        "meetings/activity_needs.html",
        {"activity": activity, "registration": registration, "form": form},
        status=status,
    )


@login_required
def activity_participants_page(request, pk: int):
    viewer, activity = _activity_or_404(request, pk, check=can_edit_activity)
    participants = activity_participants_view(actor=request.user, activity=activity)
    return render(
        request,
        "meetings/activity_participants.html",
        {"activity": activity, **participants},
    )


def _render_form(request, form, *, activity=None, status=200):
    return render(
        request,
        "meetings/activity_form.html",
        {"form": form, "activity": activity},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_create_view(request):
    viewer = _viewer_or_403(request, can_post_activity)
    councils = councils_for_poster(viewer)
    if request.method != "POST":
        start = timezone.localtime(timezone=AMSTERDAM).replace(
            hour=10, minute=0, second=0, microsecond=0
        ) + datetime.timedelta(days=14)
        initial = {"starts_at": start, "ends_at": start + datetime.timedelta(hours=2)}
        if len(viewer.managed_council_ids) == 1 and councils.count() == 1:
            initial["council"] = councils.first()
        return _render_form(request, ActivityForm(initial=initial, councils=councils))
    form = ActivityForm(request.POST, councils=councils)
    if form.is_valid():
        try:
            activity = activity_create(actor=request.user, **form.cleaned_data)
        except MeetingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("De activiteit staat in de agenda."))
            return redirect(activity)
    return _render_form(request, form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit_view(request, pk: int):
    viewer, activity = _activity_or_404(request, pk, check=can_edit_activity)
    if activity.is_cancelled:
        # A change would mail everyone a new invitation for something that does not happen.
        messages.info(request, _("Deze activiteit is afgelast. U kunt hem niet meer wijzigen."))
        return redirect(activity)
    councils = councils_for_poster(viewer, keep=activity.council_id)
    # The form writes what was typed onto its instance; the page keeps showing the saved one.
    form = ActivityForm(
        request.POST if request.method == "POST" else None,
        instance=copy.copy(activity),
        councils=councils,
    )
    if request.method != "POST":
        return _render_form(request, form, activity=activity)
    if form.is_valid():
        try:
            activity_update(actor=request.user, activity=activity, **form.cleaned_data)
        except MeetingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _(
                    "De wijzigingen zijn opgeslagen. Wie zich heeft aangemeld, krijgt een e-mail "
                    "als de tijd of de plaats anders is."
                ),
            )
            return redirect(activity)
    return _render_form(request, form, activity=activity, status=400)


@login_required
@require_POST
def activity_cancel_view(request, pk: int):
    viewer, activity = _activity_or_404(request, pk, check=can_edit_activity)
    form = CancelActivityForm(request.POST)
    if not form.is_valid():
        return _detail(request, viewer, activity, forms={"cancel": form}, status=400)
    if activity.is_cancelled:
        messages.info(request, _("Deze activiteit was al afgelast."))
        return redirect(activity)
    activity_cancel(actor=request.user, activity=activity, reason=form.cleaned_data["reason"])
    messages.success(
        request,
        _("De activiteit is afgelast. Wie zich had aangemeld, krijgt een e-mail."),
    )
    return redirect(activity)
