"""Views: date polls (prikpeilingen). Each view checks who may do it, validates the input, calls
one service and renders; a refused action shows the page again with what was typed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from councils.models import Council
from councils.selectors import viewer_for
from meetings.selectors_meetings import scheduling_councils

from ..forms_polls import ROWS_MAX, ROWS_START, ChooseForm, PollForm, VoteForm, option_label
from ..permissions import can_create_poll, can_manage_poll, can_view_poll
from ..selectors_polls import poll_detail, poll_is_open, poll_table, polls_for
from ..services_polls import PollError, poll_choose, poll_create, poll_kinds, poll_vote


@login_required
@require_GET
def polls(request):
    viewer = viewer_for(request.user)
    return render(
        request,
        "surveys/poll_list.html",
        {**polls_for(viewer), "can_create": can_create_poll(viewer)},
    )


def _rows(request) -> int:
    try:
        rows = int(request.POST.get("rows", ROWS_START))
    except (TypeError, ValueError):
        rows = ROWS_START
    return max(1, min(rows, ROWS_MAX))


@login_required
@require_http_methods(["GET", "POST"])
def poll_create_view(request):
    viewer = viewer_for(request.user)
    if not can_create_poll(viewer):
        raise PermissionDenied
    councils = scheduling_councils(viewer)
    kinds = poll_kinds(viewer, councils)
    if not kinds:
        raise PermissionDenied
    options = {
        "councils": councils,
        "invitable": Council.objects.filter(is_active=True).order_by("kind", "name"),
        "kinds": kinds,
    }
    status = 200
    if request.method == "POST" and "add_date" in request.POST:
        # One more row for a date; what was typed stays, no errors yet.
        rows = min(_rows(request) + 1, ROWS_MAX)
        initial = {k: v for k, v in request.POST.items() if k not in ("csrfmiddlewaretoken",)}
        initial["invited_councils"] = request.POST.getlist("invited_councils")
        initial["rows"] = rows
        form = PollForm(initial=initial, rows=rows, **options)
        form.fields[f"day_{rows - 1}"].widget.attrs["autofocus"] = True
    elif request.method == "POST":
        form = PollForm(request.POST, rows=_rows(request), **options)
        if form.is_valid():
            data = form.cleaned_data
            try:
                poll = poll_create(
                    actor=request.user,
                    council=data["council"],
                    title=data["title"],
                    description=data["description"],
                    meeting_kind=data["meeting_kind"],
                    location=data["location"],
                    invited_councils=data["invited_councils"],
                    who=data["who"],
                    options=data["options"],
                    closes_at=data["closes_at"],
                )
            except PollError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _("De prikpeiling staat klaar. De genodigden krijgen een e-mail met de link."),
                )
                return redirect(poll)
        status = 400
    else:
        form = PollForm(rows=ROWS_START, **options)
    return render(
        request,
        "surveys/poll_form.html",
        {"form": form, "can_add_row": form.row_count < ROWS_MAX},
        status=status,
    )


def _poll_or_404(request, pk: int):
    poll = poll_detail(pk)
    if poll is None:
        raise Http404
    viewer = viewer_for(request.user)
    if not can_view_poll(viewer, poll):
        raise PermissionDenied
    return poll, viewer


@login_required
@require_http_methods(["GET", "POST"])
def poll_view(request, pk: int):
    poll, viewer = _poll_or_404(request, pk)
    invited = any(u.pk == request.user.pk for u in poll.invitees.all())
    table = poll_table(poll, request.user.pk)
    is_open = poll_is_open(poll)
    form = None
    status = 200
    if invited and is_open:
        form = VoteForm(
            request.POST if request.method == "POST" else None,
            options=[row.option for row in table.in_date_order],
            mine=table.mine,
        )
    if request.method == "POST":
        if not invited:
            raise PermissionDenied
        if form is None:
            messages.error(request, _("Deze prikpeiling is gesloten. Antwoorden kan niet meer."))
            return redirect(poll)
        if form.is_valid():
            try:
                poll_vote(user=request.user, poll=poll, answers=form.answers())
            except PollError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request, _("Dank u wel. Uw antwoord is bewaard. U kunt het nog veranderen.")
                )
                return redirect(poll.get_absolute_url() + "#uitslag")
        status = 400
    return render(
        request,
        "surveys/poll_detail.html",
        {
            "poll": poll,
            "table": table,
            "form": form,
            "invited": invited,
            "is_open": is_open,
            "can_manage": can_manage_poll(viewer, poll),
            "has_answered": bool(table.mine),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def poll_choose_view(request, pk: int, option_pk: int):
    poll, viewer = _poll_or_404(request, pk)
    option = next((o for o in poll.options.all() if o.pk == option_pk), None)
    if option is None:
        raise Http404
    if not can_manage_poll(viewer, poll):
        raise PermissionDenied
    if poll.chosen_id is not None:
        messages.info(request, _("Er is al een datum gekozen."))
        return redirect(poll)
    if request.method == "POST":
        try:
            poll_choose(actor=request.user, poll=poll, option=option)
        except PollError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Het overleg is gepland. Alle genodigden krijgen een uitnodiging per e-mail."),
            )
        return redirect(poll)
    table = poll_table(poll, request.user.pk)
    row = next(r for r in table.rows if r.option.pk == option.pk)
    return render(
        request,
        "surveys/poll_choose.html",
        {
            "poll": poll,
            "row": row,
            "label": option_label(option),
            "table": table,
            "form": ChooseForm(),
        },
    )
