from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.html import format_html_join
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from common import formcache
from common.exports import Sheet, table_response
from common.membercache import member_page
from common.ratelimit import Limit, RateLimited, address_of, rate_limit_take
from common.taxonomy import choices, label_name
from councils.models import Council
from councils.selectors import viewer_for
from dossiers.selectors import dossier_choices, dossiers_linking

from .forms import (
    CONSENT_TEXT,
    GroupForm,
    RerouteForm,
    SignalForm,
    ThemeForm,
    TransitionForm,
    TrendFilterForm,
    rate_limit_message,
)
from .models import Signal, SignalStatus
from .permissions import (
    can_set_signal_theme,
    can_triage_signal,
    can_view_signal_private,
    can_view_signal_trends,
    can_view_signals,
)
from .selectors import (
    chart_bars,
    signal_client_timeline,
    signal_detail,
    signal_for_status_token,
    signal_history,
    signal_list,
    similar_signals,
    trend_counts,
)
from .services import (
    SignalError,
    signal_call_request,
    signal_group,
    signal_private_view,
    signal_reroute,
    signal_set_theme,
    signal_status_path,
    signal_status_url,
    signal_submit,
    signal_transition,
    signal_ungroup,
)
from .workflow import ACTION_LABELS, allowed_targets

SESSION_KEY = "signals.last_reference"
# The secret of the last signal's status link: shown on the confirmation page only, since only
# its hash is stored with the signal.
TOKEN_SESSION_KEY = "signals.last_status_token"  # noqa: S105 (a key name, not a secret)


def _intake_limit() -> Limit:
    return Limit("signals", settings.SIGNAL_RATE_LIMIT, settings.SIGNAL_RATE_WINDOW)


@require_http_methods(["GET", "POST"])
def signal_create(request):
    """Meld een signaal: public form, no account, no CAPTCHA."""
    if request.method == "GET":
        # The same page for every anonymous visitor but for the CSRF token: built once per
        # language and change of the menu's pages (issue 18).
        return formcache.form_page(
            request,
            name="signals:create",
            tags=("pages",),
            build=lambda extra: render(
                request, "signals/signal_form.html", {"form": SignalForm(), **extra}
            ),
        )
    form = SignalForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_spam:
            form.is_valid()
            form.add_error(
                "website", _("Dit veld moet leeg blijven. Maak het leeg en verstuur opnieuw.")
            )
            status = 400
        elif form.is_valid():
            # Only accepted signals count toward the limit: a mistake gives the place back.
            try:
                taken = rate_limit_take((_intake_limit(), address_of(request)))
            except RateLimited as refused:
                form.add_error(None, rate_limit_message(refused))
                response = render(request, "signals/signal_form.html", {"form": form}, status=429)
                response["Retry-After"] = str(refused.retry_after)
                return response
            data = form.cleaned_data
            try:
                signal = signal_submit(
                    text=data["text"],
                    scheme_hint=data["scheme"],
                    postcode=data["postcode"],
                    email=data["email"],
                    phone=data["phone"],
                    consent_text=str(CONSENT_TEXT) if data.get("consent") else "",
                    language=get_language() or "nl",
                )
            except SignalError as error:
                taken.give_back()
                form.add_error(None, str(error))
                status = 400
            except BaseException:
                taken.give_back()
                raise
            else:
                request.session[SESSION_KEY] = signal.reference
                request.session[TOKEN_SESSION_KEY] = signal.status_token
                return redirect("signals:received")
        else:
            status = 400
    return render(request, "signals/signal_form.html", {"form": form}, status=status)


@never_cache
def signal_received(request):
    reference = request.session.get(SESSION_KEY)
    if not reference:
        return redirect("signals:create")
    signal = Signal.objects.select_related("council").filter(reference=reference).first()
    if signal is None:
        raise Http404
    token = request.session.get(TOKEN_SESSION_KEY)
    context = {"signal": signal}
    if token:
        context["status_path"] = signal_status_path(token)
        context["status_url"] = signal_status_url(token)
    return render(request, "signals/signal_received.html", context)


def _private_page(response):
    """The status link is a secret: no search engine, no other site's logs, no shared cache."""
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


@never_cache
@require_safe
def signal_client_status(request, token: str):
    """The client's own view of their signal, behind the link from the confirmation page and
    mail: no account. A wrong link and a link voided by retention look the same (404), with a
    plain explanation, so the page says nothing about which signals exist."""
    signal = signal_for_status_token(token)
    if signal is None:
        return _private_page(render(request, "signals/signal_client_status_gone.html", status=404))
    return _private_page(
        render(
            request,
            "signals/signal_client_status.html",
            {"signal": signal, "timeline": signal_client_timeline(signal)},
        )
    )


def _viewer_or_403(request, check, *args):
    viewer = viewer_for(request.user)
    if not check(viewer, *args):
        raise PermissionDenied
    return viewer


def _options(pairs, selected: str) -> str:
    """A filter's <option>s in one pass: about 90 options on the list, each its own loop
    iteration, comparison and two variable lookups when the template wrote them."""
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, " selected" if value == selected else "", label) for value, label in pairs),
    )


@member_page
@login_required
def signal_index(request):
    viewer = _viewer_or_403(request, can_view_signals)
    get = request.GET
    council = None
    if get.get("raad"):
        council = Council.objects.filter(slug=get["raad"]).first()
    status = get.get("status", "")
    qs = signal_list(
        viewer,
        status=status if status in SignalStatus.values else "",
        onderwerp=get.get("onderwerp", ""),
        regeling=get.get("regeling", ""),
        council=council,
        needs_theme=get.get("thema") == "nodig",
    )
    page = Paginator(qs, 25).get_page(get.get("pagina"))
    query = get.copy()
    query.pop("pagina", None)
    return render(
        request,
        "signals/signal_list.html",
        {
            "page": page,
            "status_options": _options(SignalStatus.choices, get.get("status", "")),
            "regeling_options": _options(choices("regeling"), get.get("regeling", "")),
            "onderwerp_options": _options(choices("onderwerp"), get.get("onderwerp", "")),
            "filters": get,
            "query": query.urlencode(),
            "councils": Council.objects.filter(is_active=True),
            "viewer": viewer,
        },
    )


def _signal_or_404(request, reference):
    viewer = viewer_for(request.user)
    if not can_view_signals(viewer):
        raise PermissionDenied
    signal = signal_detail(viewer, reference)
    if signal is None:
        if Signal.objects.filter(reference=reference).exists():
            raise PermissionDenied
        raise Http404
    return viewer, signal


@login_required
def signal_view(request, reference: str, forms: dict | None = None, status: int = 200):
    viewer, signal = _signal_or_404(request, reference)
    triage = can_triage_signal(viewer, signal)
    targets = allowed_targets(signal.status)
    forms = forms or {}
    can_view_private = can_view_signal_private(viewer, signal)
    context = {
        "signal": signal,
        "viewer": viewer,
        "regeling_name": label_name("regeling", signal.regeling),
        "onderwerp_name": label_name("onderwerp", signal.onderwerp),
        "history": signal_history(signal),
        "similar": similar_signals(viewer, signal),
        "group_members": list(signal.group_members.select_related("council")[:50]),
        "dossiers": dossiers_linking(viewer, "signal", signal.pk),
        "can_triage": triage,
        "can_set_theme": can_set_signal_theme(viewer, signal),
        "can_view_private": can_view_private,
        # A client who left only a phone number gets no mail: the secretary must call.
        "call_phone": signal_call_request(actor=request.user, signal=signal)
        if can_view_private
        else "",
        "transition_form": forms.get("status")
        or TransitionForm(targets=targets, dossiers=dossier_choices(viewer) if triage else None),
        "targets": [
            (t, ACTION_LABELS.get((signal.status, t), SignalStatus(t).label), needs)
            for t, needs in targets.items()
        ],
        "theme_form": forms.get("theme")
        or ThemeForm(initial={"regeling": signal.regeling, "onderwerp": signal.onderwerp}),
        "reroute_form": forms.get("reroute") or RerouteForm(),
        "group_form": forms.get("group") or GroupForm(),
    }
    return render(request, "signals/signal_detail.html", context, status=status)


def _signal_action(request, reference, *, check, key, make_form, run, success):
    """The shape every triage POST shares: check, validate, call one service, and on a refused
    action show the page again with the message and what was typed."""
    viewer, signal = _signal_or_404(request, reference)
    if not check(viewer, signal):
        raise PermissionDenied
    form = make_form(signal)
    if form.is_valid():
        try:
            target = run(signal, form.cleaned_data, viewer)
        except SignalError as error:
            form.add_error(None, str(error))
        else:
            if target is not None:
                messages.success(request, success(form.cleaned_data, target))
                return redirect(target)
    return signal_view(request, reference, forms={key: form}, status=400)


@login_required
@require_POST
def signal_status(request, reference: str):
    return _signal_action(
        request,
        reference,
        check=can_triage_signal,
        key="status",
        make_form=lambda signal: TransitionForm(
            request.POST,
            targets=allowed_targets(signal.status),
            dossiers=dossier_choices(viewer_for(request.user)),
        ),
        run=lambda signal, data, viewer: signal_transition(
            actor=request.user,
            signal=signal,
            to_status=data["to_status"],
            reason=data["reason"],
            linked_to=data["linked_to"],
            dossier=data["dossier"],
        ),
        success=lambda data, target: _("De status is aangepast."),
    )


@login_required
@require_POST
def signal_theme(request, reference: str):
    return _signal_action(
        request,
        reference,
        check=can_set_signal_theme,
        key="theme",
        make_form=lambda signal: ThemeForm(request.POST),
        run=lambda signal, data, viewer: signal_set_theme(
            actor=request.user, signal=signal, **data
        ),
        success=lambda data, target: _("Het thema is opgeslagen. Het model leert hiervan."),
    )


@login_required
@require_POST
def signal_reroute_view(request, reference: str):
    def run(signal, data, viewer):
        signal_reroute(actor=request.user, signal=signal, **data)
        return "signals:index"

    return _signal_action(
        request,
        reference,
        check=can_triage_signal,
        key="reroute",
        make_form=lambda signal: RerouteForm(request.POST),
        run=run,
        success=lambda data, target: (
            _("Het signaal is doorgestuurd naar %(council)s.") % {"council": data["council"]}
        ),
    )


@login_required
@require_POST
def signal_group_view(request, reference: str):
    if request.POST.get("ungroup"):
        return _signal_action(
            request,
            reference,
            check=can_triage_signal,
            key="group",
            make_form=lambda signal: GroupForm({"leader": "-"}),
            run=lambda signal, data, viewer: signal_ungroup(actor=request.user, signal=signal),
            success=lambda data, target: _("Het signaal staat weer los."),
        )

    def run(signal, data, viewer):
        leader = signal_detail(viewer, data["leader"].strip().upper())
        if leader is None:
            raise SignalError(_("Dit kenmerk vonden wij niet bij de signalen die u mag zien."))
        return signal_group(actor=request.user, signal=signal, leader=leader)

    return _signal_action(
        request,
        reference,
        check=can_triage_signal,
        key="group",
        make_form=lambda signal: GroupForm(request.POST),
        run=run,
        success=lambda data, target: (
            _("Het signaal valt nu onder %(ref)s.") % {"ref": target.group_leader.reference}
        ),
    )


@login_required
def signal_private(request, reference: str):
    viewer, signal = _signal_or_404(request, reference)
    if not can_view_signal_private(viewer, signal):
        raise PermissionDenied
    private = signal_private_view(actor=request.user, signal=signal)
    return render(request, "signals/signal_private.html", {"signal": signal, "private": private})


def _trend_filters(request):
    form = TrendFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    return form, {
        "months": data.get("months") or 12,
        "council": data.get("council"),
        "regeling": data.get("regeling", ""),
        "onderwerp": data.get("onderwerp", ""),
    }


@login_required
def signal_trends(request):
    _viewer_or_403(request, can_view_signal_trends)
    form, filters = _trend_filters(request)
    trends = trend_counts(**filters)
    return render(
        request,
        "signals/signal_trends.html",
        {
            "form": form,
            "trends": trends,
            "filters": filters,
            "chart": chart_bars(trends["table"]),
            "query": request.GET.urlencode(),
        },
    )


@login_required
@require_safe
def signal_trends_export(request, fmt: str):
    """The counts behind the trend page as CSV or XLSX, with the page's filters."""
    _viewer_or_403(request, can_view_signal_trends)
    _form, filters = _trend_filters(request)
    trends = trend_counts(**filters)
    header = ["maand", "raad", "regeling", "onderwerp", "aantal"]
    rows = (
        [
            row["month"].strftime("%Y-%m"),
            row["council__name"],
            row["regeling"],
            row["onderwerp"],
            row["n"],
        ]
        for row in trends["rows"]
    )
    return table_response(
        fmt=fmt, filename="signalen-trends", sheets=[Sheet("Trends", header, rows)]
    )
