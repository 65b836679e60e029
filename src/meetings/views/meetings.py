"""Views: meetings. Each view checks who may do it, validates the input, calls one service and
renders; a refused action shows the page again with the message and what was typed."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.forms import Form
from common.membercache import member_page
from councils.selectors import viewer_for
from dossiers.permissions import can_see_dossier
from dossiers.selectors import dossier_choices

from .. import services
from ..forms_meetings import (
    ActionItemForm,
    ActionStatusForm,
    AgendaItemForm,
    AgendaMoveForm,
    AttendanceForm,
    CancelForm,
    DocumentForm,
    GuestDecisionForm,
    GuestRequestForm,
    MeetingForm,
    MinutesForm,
    RepresentativeForm,
    RescheduleForm,
    RsvpForm,
)
from ..ical import calendar_links
from ..models import ActionItem, AgendaItem, GuestRequest, Meeting, MeetingDocument, Minutes
from ..permissions import (
    can_decide_guest_requests,
    can_manage_meeting,
    can_name_national_representative,
    can_request_to_join,
    can_schedule_meeting,
    can_set_action_status,
    can_view_meeting,
    can_view_meetings,
    can_view_national,
    invitation_counts,
    schedulable_kinds,
)
from ..selectors_meetings import (
    district_councils,
    meeting_detail,
    meeting_invitee_count,
    meeting_list,
    meeting_page,
    national_overview,
    own_invitation,
    representative_candidates,
    scheduling_councils,
    user_district_councils,
)
from ..services import MeetingError

User = get_user_model()


# --- overview and scheduling ----------------------------------------------------------------


@member_page
@login_required
@require_GET
def meetings_index(request):
    viewer = viewer_for(request.user)
    if not can_view_meetings(viewer):
        raise PermissionDenied
    kind = request.GET.get("soort", "")
    if kind not in Meeting.Kind.values:
        kind = ""
    return render(
        request,
        "meetings/meeting_list.html",
        {
            **meeting_list(viewer, kind=kind),
            "kind": kind,
            "kinds": Meeting.Kind.choices,
            "can_schedule": can_schedule_meeting(viewer),
            "can_view_national": can_view_national(viewer),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request):
    viewer = viewer_for(request.user)
    if not can_schedule_meeting(viewer):
        raise PermissionDenied
    form = MeetingForm(
        request.POST or None,
        councils=scheduling_councils(viewer),
        districts=district_councils(),
        kinds=schedulable_kinds(viewer),
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                meeting = services.meeting_schedule(actor=request.user, **data)
            except MeetingError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _("Het overleg is gepland. Iedereen die erbij hoort, krijgt een uitnodiging."),
                )
                return redirect(meeting)
        status = 400
    return render(request, "meetings/meeting_form.html", {"form": form}, status=status)


# --- the meeting page -----------------------------------------------------------------------


def _meeting_or_404(request, pk: int):
    """The meeting, the viewer and the viewer's own invitation; 404 if it does not exist,
    403 if the viewer may not see it."""
    meeting = meeting_detail(pk)
    if meeting is None:
        raise Http404
    viewer = viewer_for(request.user)
    invitation = own_invitation(meeting, request.user)
    if not invitation_counts(viewer, invitation):
        invitation = None  # on behalf of a council the viewer has left: no longer theirs
    if not can_view_meeting(viewer, meeting, invited=invitation is not None):
        raise PermissionDenied
    return viewer, meeting, invitation


def _render_meeting(request, viewer, meeting, invitation, *, forms=None, status=200):
    forms = forms or {}
    shown = set()

    def form_for(key, make):
        """The submitted form under ``key`` (with its errors) or a fresh one."""
        shown.add(key)
        return forms.get(key) or make()

    manages = can_manage_meeting(viewer, meeting)
    decides = can_decide_guest_requests(viewer, meeting)
    page = meeting_page(meeting, user=request.user, with_guest_requests=decides)
    now = timezone.now()
    ended = meeting.ends_at <= now
    upcoming = not meeting.is_cancelled and not ended
    minutes_approved = page.minutes is not None and page.minutes.status == Minutes.Status.APPROVED

    for item in page.agenda_items:
        # The dossier an item is about: a link for those who may open it.
        item.dossier_url = (
            item.dossier.get_absolute_url()
            if item.dossier is not None and can_see_dossier(viewer, item.dossier)
            else ""
        )
    for item in page.action_items:
        item.can_set_status = can_set_action_status(viewer, item)
        if item.can_set_status:
            item.status_form = form_for(
                f"action-{item.pk}",
                lambda item=item: ActionStatusForm(
                    initial={"status": item.status}, auto_id=f"id_action{item.pk}_%s"
                ),
            )
    for guest_request in page.guest_requests:
        guest_request.form = form_for(
            f"guest-{guest_request.pk}",
            lambda pk=guest_request.pk: GuestDecisionForm(auto_id=f"id_guest{pk}_%s"),
        )

    context = {
        "meeting": meeting,
        "viewer": viewer,
        "page": page,
        "invitation": invitation,
        "manages": manages,
        "decides": decides,
        "ended": ended,
        "started": meeting.starts_at <= now,
        "upcoming": upcoming,
        "calendar_links": calendar_links(meeting),
        "minutes_approved": minutes_approved,
    }
    if invitation is not None and not meeting.is_cancelled:
        context["rsvp_form"] = form_for(
            "rsvp",
            lambda: RsvpForm(
                initial={
                    "rsvp": invitation.rsvp if invitation.rsvp != invitation.Rsvp.PENDING else None,
                    "access_needs": invitation.access_needs,
                    "access_note": invitation.access_note,
                }
            ),
        )
    if can_request_to_join(viewer, meeting) and upcoming and page.own_guest_request is None:
        context["guest_form"] = form_for(
            "guest", lambda: GuestRequestForm(councils=user_district_councils(request.user))
        )
    if manages:
        people = _invited_people(meeting)
        services.meeting_access_needs_viewed(
            actor=request.user,
            meeting=meeting,
            count=sum(1 for i in page.invitations if i.access_needs or i.access_note),
        )
        context.update(
            document_form=form_for("document", DocumentForm),
            agenda_form=form_for(
                "agenda", lambda: AgendaItemForm(dossiers=dossier_choices(viewer))
            ),
            action_form=form_for("action", lambda: ActionItemForm(people=people)),
            attendance_form=form_for(
                "attendance",
                lambda: AttendanceForm(
                    people=people,
                    initial={"present": [i.user_id for i in page.invitations if i.attended]},
                ),
            ),
        )
        if not minutes_approved:
            context["minutes_form"] = form_for(
                "minutes",
                lambda: MinutesForm(initial={"text": page.minutes.text if page.minutes else ""}),
            )
    # A refused action whose form is not on the page (a button, or a form that is no longer
    # offered) still says why, at the top of the page.
    context["page_errors"] = [
        error
        for key, form in forms.items()
        if key not in shown
        for errors in form.errors.values()
        for error in errors
    ]
    return render(request, "meetings/meeting_detail.html", context, status=status)


def _invited_people(meeting: Meeting):
    return User.objects.filter(meeting_invitations__meeting=meeting).order_by(
        "last_name", "first_name", "id"
    )


@member_page
@login_required
@require_GET
def meeting_view(request, pk: int):
    viewer, meeting, invitation = _meeting_or_404(request, pk)
    return _render_meeting(request, viewer, meeting, invitation)


def _meeting_action(
    request, meeting_pk: int, *, check, key, make_form, run, success, anchor="", obj=None
):
    """The shape every POST on the meeting page shares: check, validate, call one service,
    and on a refused action show the page again with the message and what was typed."""
    viewer, meeting, invitation = _meeting_or_404(request, meeting_pk)
    if not check(viewer, meeting if obj is None else obj):
        raise PermissionDenied
    form = make_form(meeting)
    if form.is_valid():
        try:
            result = run(meeting, form.cleaned_data)
        except MeetingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, success(form.cleaned_data, result))
            return redirect(meeting.get_absolute_url() + (f"#{anchor}" if anchor else ""))
    return _render_meeting(request, viewer, meeting, invitation, forms={key: form}, status=400)


def _may_view(viewer, meeting):
    return True  # _meeting_or_404 has already checked it


class _EmptyForm(Form):
    """For a POST that is only a button."""


@login_required
@require_POST
def meeting_rsvp(request, pk: int):
    return _meeting_action(
        request,
        pk,
        check=_may_view,
        key="rsvp",
        make_form=lambda meeting: RsvpForm(request.POST),
        run=lambda meeting, data: services.meeting_rsvp(user=request.user, meeting=meeting, **data),
        success=lambda data, result: _("Uw antwoord is opgeslagen."),
        anchor="uw-antwoord",
    )


@login_required
@require_POST
def meeting_document_add(request, pk: int):
    return _meeting_action(
        request,
        pk,
        check=can_manage_meeting,
        key="document",
        make_form=lambda meeting: DocumentForm(request.POST, request.FILES),
        run=lambda meeting, data: services.meeting_document_add(
            actor=request.user, meeting=meeting, **data
        ),
        success=lambda data, result: (
            _("Het stuk %(title)s is toegevoegd.") % {"title": data["title"]}
        ),
        anchor="stukken",
    )


@login_required
@require_GET
def meeting_document(request, pk: int, doc_pk: int):
    """A meeting's document, only for those who may see the meeting (never a public link)."""
    document = MeetingDocument.objects.filter(pk=doc_pk, meeting_id=pk).first()
    if document is None:
        raise Http404
    _meeting_or_404(request, pk)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    # Named after its title, so the download says what it is (the stored name may not).
    filename = (slugify(document.title) or "stuk") + Path(document.file.name).suffix.lower()
    response = FileResponse(handle, as_attachment=True, filename=filename)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def meeting_minutes(request, pk: int):
    return _meeting_action(
        request,
        pk,
        check=can_manage_meeting,
        key="minutes",
        make_form=lambda meeting: MinutesForm(request.POST),
        run=lambda meeting, data: services.minutes_save(
            actor=request.user, meeting=meeting, text=data["text"]
        ),
        success=lambda data, result: _("De notulen zijn opgeslagen als concept."),
        anchor="notulen",
    )


@login_required
@require_POST
def meeting_minutes_approve(request, pk: int):
    return _meeting_action(
        request,
        pk,
        check=can_manage_meeting,
        key="approve",
        make_form=lambda meeting: _EmptyForm(request.POST),
        run=lambda meeting, data: services.minutes_approve(actor=request.user, meeting=meeting),
        success=lambda data, result: _(
            "De notulen zijn vastgesteld. Ze kunnen nu niet meer veranderen."
        ),
        anchor="notulen",
    )


@login_required
@require_POST
def meeting_action_add(request, pk: int):
    return _meeting_action(
        request,
        pk,
        check=can_manage_meeting,
        key="action",
        make_form=lambda meeting: ActionItemForm(request.POST, people=_invited_people(meeting)),
        run=lambda meeting, data: services.action_item_create(
            actor=request.user, meeting=meeting, **data
        ),
        success=lambda data, result: _("De actie is toegevoegd."),
        anchor="acties",
    )


@login_required
@require_POST
def meeting_action_status(request, pk: int):
    item = ActionItem.objects.filter(pk=pk).first()
    if item is None:
        raise Http404
    return _meeting_action(
        request,
        item.meeting_id,
        obj=item,
        check=can_set_action_status,
        key=f"action-{item.pk}",
        make_form=lambda meeting: ActionStatusForm(request.POST, auto_id=f"id_action{item.pk}_%s"),
        run=lambda meeting, data: services.action_item_set_status(
            actor=request.user, item=item, status=data["status"]
        ),
        success=lambda data, result: (
            _("De status van de actie is nu: %(status)s.")
            % {"status": ActionItem.Status(data["status"]).label}
        ),
        anchor="acties",
    )


@login_required
@require_POST
def meeting_agenda_add(request, pk: int):
    return _meeting_action(
        request,
        pk,
        check=can_manage_meeting,
        key="agenda",
        make_form=lambda meeting: AgendaItemForm(
            request.POST, dossiers=dossier_choices(viewer_for(request.user))
        ),
        run=lambda meeting, data: services.agenda_item_add(
            actor=request.user,
            meeting=meeting,
            title=data["title"],
            description=data["description"],
            minutes_planned=data["minutes_planned"],
            dossier_ref=data["dossier_ref"],
            dossier=data["dossier"],
        ),
        success=lambda data, result: _("Het agendapunt is toegevoegd."),
        anchor="agenda",
    )


@login_required
@require_POST
def meeting_agenda_move(request, item_pk: int):
    item = AgendaItem.objects.filter(pk=item_pk).first()
    if item is None:
        raise Http404
    return _meeting_action(
        request,
        item.meeting_id,
        check=can_manage_meeting,
        key="agenda_move",
        make_form=lambda meeting: AgendaMoveForm(request.POST),
        run=lambda meeting, data: services.agenda_item_move(
            actor=request.user, item=item, direction=data["direction"]
        ),
        success=lambda data, result: (
            _("Het agendapunt %(title)s is verplaatst.") % {"title": item.title}
        ),
        anchor=f"agendapunt-{item.pk}",
    )


@login_required
@require_POST
def meeting_attendance(request, pk: int):
    return _meeting_action(
        request,
        pk,
        check=can_manage_meeting,
        key="attendance",
        make_form=lambda meeting: AttendanceForm(request.POST, people=_invited_people(meeting)),
        run=lambda meeting, data: services.meeting_record_attendance(
            actor=request.user,
            meeting=meeting,
            present_user_ids=[user.pk for user in data["present"]],
        ),
        success=lambda data, result: _("De aanwezigheid is opgeslagen."),
        anchor="uitgenodigd",
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_cancel(request, pk: int):
    """Cancelling tells everyone invited: first a page that says so and asks for the reason,
    then the POST that does it."""
    viewer, meeting, _invitation = _meeting_or_404(request, pk)
    if not can_manage_meeting(viewer, meeting):
        raise PermissionDenied
    if meeting.is_cancelled:
        # A second click (or a second manager) finds it cancelled: nobody is told twice.
        messages.info(request, _("Dit overleg was al afgelast."))
        return redirect(meeting)
    form = CancelForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            services.meeting_cancel(
                actor=request.user, meeting=meeting, reason=form.cleaned_data["reason"]
            )
            messages.success(
                request,
                _("Het overleg is afgelast. Iedereen die was uitgenodigd, krijgt een bericht."),
            )
            return redirect(meeting)
        status = 400
    return render(
        request,
        "meetings/meeting_cancel.html",
        {"meeting": meeting, "form": form, "invitee_count": meeting_invitee_count(meeting)},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_reschedule(request, pk: int):
    viewer, meeting, _invitation = _meeting_or_404(request, pk)
    if not can_manage_meeting(viewer, meeting):
        raise PermissionDenied
    form = RescheduleForm(
        request.POST or None,
        initial={
            "starts_at": meeting.starts_at,
            "ends_at": meeting.ends_at,
            "location": meeting.location,
            "online_url": meeting.online_url,
        },
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.meeting_reschedule(
                    actor=request.user, meeting=meeting, **form.cleaned_data
                )
            except MeetingError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _("Het overleg is verzet. Iedereen die is uitgenodigd, krijgt een bericht."),
                )
                return redirect(meeting)
        status = 400
    return render(
        request,
        "meetings/meeting_reschedule.html",
        {"meeting": meeting, "form": form},
        status=status,
    )


# --- aanschuiven: joining the central council's meeting -------------------------------------


@login_required
@require_POST
def meeting_guest_request(request, pk: int):
    return _meeting_action(
        request,
        pk,
        check=can_request_to_join,
        key="guest",
        make_form=lambda meeting: GuestRequestForm(
            request.POST, councils=user_district_councils(request.user)
        ),
        run=lambda meeting, data: services.guest_request_create(
            user=request.user, meeting=meeting, council=data["council"], reason=data["reason"]
        ),
        success=lambda data, result: _(
            "Uw verzoek is verstuurd. U krijgt bericht als de secretaris heeft besloten."
        ),
        anchor="aanschuiven",
    )


@login_required
@require_POST
def meeting_guest_decide(request, req_pk: int):
    guest_request = GuestRequest.objects.filter(pk=req_pk).first()
    if guest_request is None:
        raise Http404

    def success(data, result):
        if data["decision"] == "approve":
            return _("Het verzoek is goedgekeurd. Het lid krijgt een bericht en een uitnodiging.")
        return _("Het verzoek is afgewezen. Het lid krijgt een bericht met uw toelichting.")

    return _meeting_action(
        request,
        guest_request.meeting_id,
        check=can_decide_guest_requests,
        key=f"guest-{guest_request.pk}",
        make_form=lambda meeting: GuestDecisionForm(
            request.POST, auto_id=f"id_guest{guest_request.pk}_%s"
        ),
        run=lambda meeting, data: services.guest_request_decide(
            actor=request.user,
            request=guest_request,
            approve=data["decision"] == "approve",
            note=data["note"],
        ),
        success=success,
        anchor="verzoeken",
    )


# --- the national meeting -------------------------------------------------------------------


def _render_national(request, viewer, *, form=None, status=200):
    context = {**national_overview(), "viewer": viewer}
    if can_name_national_representative(viewer):
        context["form"] = form or RepresentativeForm(memberships=representative_candidates(viewer))
    return render(request, "meetings/national_overview.html", context, status=status)


@login_required
@require_GET
def national(request):
    viewer = viewer_for(request.user)
    if not can_view_national(viewer):
        raise PermissionDenied
    return _render_national(request, viewer)


@login_required
@require_POST
def national_representative(request):
    viewer = viewer_for(request.user)
    if not can_name_national_representative(viewer):
        raise PermissionDenied
    form = RepresentativeForm(request.POST, memberships=representative_candidates(viewer))
    if form.is_valid():
        membership = form.cleaned_data["membership"]
        if not can_name_national_representative(viewer, membership.council):
            raise PermissionDenied
        try:
            services.national_representative_set(
                actor=request.user,
                council=membership.council,
                user=membership.user,
                role=form.cleaned_data["role"],
            )
        except MeetingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("%(name)s is nu %(role)s voor %(council)s.")
                % {
                    "name": membership.user.get_full_name() or membership.user.email,
                    "role": dict(form.fields["role"].choices)[form.cleaned_data["role"]].lower(),
                    "council": membership.council.name,
                },
            )
            return redirect("meetings:national")
    return _render_national(request, viewer, form=form, status=400)
