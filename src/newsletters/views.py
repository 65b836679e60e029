"""Thin views: parse the input, check who asks, call a service."""

from __future__ import annotations

from csp.decorators import csp_update
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from common.audit import audit_log
from common.ratelimit import Limit, RateLimited, address_of, rate_limit_take
from councils.selectors import viewer_for

from . import services
from .forms import (
    CONSENT_TEXT,
    FlashForm,
    ManageForm,
    SubscribeForm,
    address_limit_message,
    recipient_limit_message,
)
from .mail import EXAMPLE_TOKEN
from .models import Flash
from .permissions import can_edit_flashes
from .selectors import flash_pages_not_offerable
from .tokens import make_token, read_confirm_token, read_token

# --- public ---------------------------------------------------------------------------------


def subscribe_view(request):
    form = SubscribeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            # Every accepted sign-up sends a mail: limited per client and per mailbox.
            by_address = Limit(
                "newsflash.subscribe",
                settings.NEWSFLASH_SUBSCRIBE_RATE_LIMIT,
                settings.NEWSFLASH_SUBSCRIBE_RATE_WINDOW,
            )
            by_mailbox = Limit(
                "newsflash.confirm",
                settings.NEWSFLASH_CONFIRM_RATE_LIMIT,
                settings.NEWSFLASH_CONFIRM_RATE_WINDOW,
            )
            try:
                rate_limit_take(
                    (by_address, address_of(request)),
                    (by_mailbox, data["email"].strip().lower()),
                )
            except RateLimited as refused:
                if by_mailbox.name in refused.names:
                    message = recipient_limit_message(refused)
                else:
                    message = address_limit_message(refused)
                form.add_error(None, message)
                response = render(request, "newsletters/subscribe.html", {"form": form}, status=429)
                response["Retry-After"] = str(refused.retry_after)
                return response
            services.subscribe(
                email=data["email"],
                name="",
                lists=data["lists"],
                consent_text=str(CONSENT_TEXT),
                source=request.path,
            )
            return render(request, "newsletters/subscribe_sent.html", {"email": data["email"]})
        status = 400
    return render(request, "newsletters/subscribe.html", {"form": form}, status=status)


def confirm_view(request, token: str):
    subscriber, asked = read_confirm_token(token)
    if subscriber is None:
        return render(request, "newsletters/bad_link.html", status=404)
    if request.method == "POST":
        services.confirm(subscriber=subscriber, request=asked)
        return render(request, "newsletters/confirmed.html", {"subscriber": subscriber})
    return render(request, "newsletters/confirm.html", {"subscriber": subscriber})


def _example_link(request, kind: str):
    """The links in a preview or a test mail: a page that says they are examples. A one-click
    POST (a mail client's "Afmelden" on the test mail) changes nothing either."""
    return render(request, "newsletters/example_link.html", {"kind": kind})


def manage_view(request, token: str):
    if token == EXAMPLE_TOKEN:
        return _example_link(request, "manage")
    subscriber = read_token(token)
    if subscriber is None:
        return render(request, "newsletters/bad_link.html", status=404)
    token = make_token(subscriber)  # a link from before the opaque tokens gets a new one
    if request.method == "POST":
        form = ManageForm(request.POST)
        if form.is_valid():
            services.set_lists(subscriber=subscriber, lists=form.cleaned_data["lists"])
            messages.success(request, _("Uw keuze is opgeslagen."))
            return redirect("newsletters:manage", token=token)
        status = 400
    else:
        form = ManageForm(initial={"lists": list(subscriber.lists.all())})
        status = 200
    subscriber.refresh_from_db()
    return render(
        request,
        "newsletters/manage.html",
        {"form": form, "subscriber": subscriber, "token": token},
        status=status,
    )


@csrf_exempt  # RFC 8058: the mail client POSTs without cookies; the signed token is the proof
def unsubscribe_view(request, token: str):
    if token == EXAMPLE_TOKEN:
        return _example_link(request, "unsubscribe")
    subscriber = read_token(token)
    if subscriber is None:
        return render(request, "newsletters/bad_link.html", status=404)
    token = make_token(subscriber)
    if request.method == "POST":
        services.unsubscribe(subscriber=subscriber)
        return render(request, "newsletters/unsubscribed.html", {"token": token})
    return render(request, "newsletters/unsubscribe.html", {"token": token})


# --- editors --------------------------------------------------------------------------------


def _editor(request):
    if not can_edit_flashes(viewer_for(request.user)):
        raise PermissionDenied


def _flash(request, pk):
    _editor(request)
    return get_object_or_404(Flash, pk=pk)


@login_required
def flash_list_view(request):
    _editor(request)
    flashes = Flash.objects.all()[:100]
    return render(request, "newsletters/flash_list.html", {"flashes": flashes})


@login_required
def flash_create_view(request):
    _editor(request)
    form = FlashForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            flash = form.save(commit=False)
            flash.created_by = request.user
            flash.save()
            form.save_m2m()
            messages.success(request, _("De nieuwsflits is opgeslagen."))
            return redirect("newsletters:flash", pk=flash.pk)
        return render(request, "newsletters/flash_form.html", {"form": form}, status=400)
    return render(request, "newsletters/flash_form.html", {"form": form})


SHOWN_DELIVERIES = 200  # rows of the per-recipient table


def _progress_context(flash) -> dict:
    """The progress bar and the per-recipient table: one fragment, polled together."""
    return {
        "flash": flash,
        "progress": services.progress(flash),
        # Failed rows first (what the editor acts on), then waiting, then sent.
        "deliveries": flash.deliveries.select_related("subscriber").order_by("status", "pk")[
            :SHOWN_DELIVERIES
        ],
    }


def _detail(request, flash, form=None, status=200):
    draft = flash.status == Flash.Status.DRAFT  # only a draft can be edited and sent
    if not draft:  # the page lists the recipients' addresses
        audit_log(
            actor=request.user, action="newsletters.recipients_view", obj=flash, personal_data=True
        )
    return render(
        request,
        "newsletters/flash_detail.html",
        {
            **_progress_context(flash),
            "form": form or (FlashForm(instance=flash) if draft else None),
            "recipient_count": services.recipients(flash).count() if draft else None,
            "not_offerable": flash_pages_not_offerable(flash) if draft else [],
        },
        status=status,
    )


@login_required
def flash_view(request, pk: int):
    flash = _flash(request, pk)
    if request.method == "POST":
        if flash.status != Flash.Status.DRAFT:
            messages.error(request, _("Een verstuurde nieuwsflits kunt u niet meer aanpassen."))
            return redirect("newsletters:flash", pk=pk)
        form = FlashForm(request.POST, instance=flash)
        if form.is_valid():
            form.save()
            messages.success(request, _("De nieuwsflits is opgeslagen."))
            return redirect("newsletters:flash", pk=pk)
        flash.refresh_from_db()
        return _detail(request, flash, form, status=400)
    return _detail(request, flash)


@login_required
# The preview is the mail as readers get it, styled inline as mail clients need (no style sheet
# reaches a mail); the site's policy would show it unstyled. Scripts stay blocked.
@csp_update({"style-src": ["'unsafe-inline'"]})
def flash_preview_view(request, pk: int):
    flash = _flash(request, pk)
    text, html = services.render_flash(flash)
    if request.GET.get("format") == "text":
        return HttpResponse(text, content_type="text/plain; charset=utf-8")
    return HttpResponse(html)


def _action(request, pk, run, success):
    flash = _flash(request, pk)
    try:
        run(flash)
    except services.NewsletterError as error:
        messages.error(request, str(error))
        return _detail(request, flash, status=400)
    messages.success(request, success)
    return redirect("newsletters:flash", pk=pk)


@login_required
@require_POST
def flash_test_view(request, pk: int):
    return _action(
        request,
        pk,
        lambda flash: services.send_test(flash=flash, user=request.user),
        _("De test is verstuurd naar uw eigen e-mailadres."),
    )


@login_required
def flash_send_view(request, pk: int):
    """ "Nu versturen" asks first: how many subscribers, of which lists. Only "Ja, nu versturen"
    (``confirm``) sends; a second one (a double submit, another tab) sends nothing."""
    flash = _flash(request, pk)
    if flash.status != Flash.Status.DRAFT:
        messages.info(request, _("Deze nieuwsflits is al verstuurd of wordt nu verstuurd."))
        return redirect("newsletters:flash", pk=pk)
    if request.method == "POST" and request.POST.get("confirm") == "ja":
        try:
            services.flash_send(flash=flash, actor=request.user)
        except services.FlashAlreadySent as error:
            messages.info(request, str(error))
            return redirect("newsletters:flash", pk=pk)
        except services.NewsletterError as error:
            messages.error(request, str(error))
            return _detail(request, flash, status=400)
        messages.success(request, _("De nieuwsflits wordt verstuurd."))
        return redirect("newsletters:flash", pk=pk)
    return render(
        request,
        "newsletters/flash_confirm.html",
        {
            "flash": flash,
            "recipient_count": services.recipients(flash).count(),
            "lists": list(flash.lists.all()),
            "not_offerable": flash_pages_not_offerable(flash),
        },
    )


@login_required
@require_POST
def flash_resend_view(request, pk: int):
    return _action(
        request,
        pk,
        lambda flash: services.flash_resend_failures(flash=flash, actor=request.user),
        _("De nieuwsflits wordt opnieuw verstuurd naar wie hem nog niet kreeg."),
    )


@login_required
def flash_progress_view(request, pk: int):
    """The progress bar with the per-recipient table, polled by the flash's page (htmx) until
    every row is done."""
    flash = _flash(request, pk)
    if not flash.deliveries.exists() and flash.status == Flash.Status.DRAFT:
        raise Http404
    if not request.htmx:  # the page that polls was audited when it was opened
        audit_log(
            actor=request.user, action="newsletters.recipients_view", obj=flash, personal_data=True
        )
    return render(request, "newsletters/_progress.html", _progress_context(flash))
