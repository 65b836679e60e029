"""Thin views for the social media screens (editors and administrators only)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.site import page_full_url
from councils.selectors import viewer_for

from . import selectors, services
from .connectors import CONNECTORS
from .forms import ChannelForm, ConfirmForm, PostForm, PublishForm
from .models import Channel, Post, Publication
from .permissions import can_edit_social


def _editor(request):
    if not can_edit_social(viewer_for(request.user)):
        raise PermissionDenied


def _initial_from_page(request) -> dict:
    """A new post about a news item: its title and summary, its address and its image."""
    page_id = request.GET.get("pagina", "")
    if not page_id.isdigit():
        return {}
    page = services_news_page(int(page_id))
    if page is None:
        return {}
    return {
        "page": page.pk,
        "text": f"{page.title}\n\n{page.intro}".strip(),
        "link": page_full_url(page),
        "image": page.image_id,
        "image_alt": page.alt_text if page.image_id else "",
    }


def services_news_page(page_id: int):
    from .forms import news_pages

    page = news_pages().filter(pk=page_id).first()
    return page.specific if page else None


# --- posts ----------------------------------------------------------------------------------


@login_required
def post_list_view(request):
    _editor(request)
    return render(
        request,
        "social/post_list.html",
        {
            "posts": selectors.posts_for_list(),
            "channels": selectors.channels_for_list(),
        },
    )


@login_required
def post_create_view(request):
    _editor(request)
    if request.method == "POST":
        form = PostForm(request.POST)
        if form.is_valid():
            post = services.post_save(
                post=form.save(commit=False),
                channels=form.cleaned_data["channels"],
                texts=form.texts(),
                actor=request.user,
            )
            messages.success(request, _("Het bericht is opgeslagen. Bekijk het voorbeeld."))
            return redirect("social:post", pk=post.pk)
        return _form_page(request, form, None, status=400)
    initial = {"channels": [c.pk for c in Channel.objects.filter(status=Channel.Status.ACTIVE)]}
    initial.update(_initial_from_page(request))
    return _form_page(request, PostForm(initial=initial), None)


def _form_page(request, form, post, *, publish_form=None, status=200):
    context = {"form": form, "post": post, "publish_form": publish_form or PublishForm()}
    if post is not None:
        context["previews"] = services.previews(post, post.channels.all())
    return render(request, "social/post_form.html", context, status=status)


def _post(request, pk) -> Post:
    _editor(request)
    return get_object_or_404(Post.objects.select_related("page", "image"), pk=pk)


@login_required
def post_view(request, pk: int):
    post = _post(request, pk)
    if post.status != Post.Status.DRAFT:
        if request.method == "POST":
            messages.error(request, _("Een aangeboden bericht kunt u niet meer aanpassen."))
            return redirect("social:post", pk=pk)
        return render(request, "social/post_detail.html", _status_context(post))
    if request.method == "POST":
        form = PostForm(request.POST, instance=post)
        if form.is_valid():
            services.post_save(
                post=form.save(commit=False),
                channels=form.cleaned_data["channels"],
                texts=form.texts(),
                actor=request.user,
            )
            messages.success(request, _("Het bericht is opgeslagen."))
            return redirect("social:post", pk=pk)
        post.refresh_from_db()
        return _form_page(request, form, post, status=400)
    return _form_page(request, PostForm(instance=post), post)


@login_required
@require_POST
def preview_view(request):
    """The previews while the editor types (htmx); nothing is saved."""
    _editor(request)
    form = PostForm(request.POST)
    form.is_valid()  # the previews show what is valid so far
    data = form.cleaned_data
    post = Post(
        text=data.get("text", request.POST.get("text", "")),
        link=data.get("link", ""),
        image=data.get("image"),
        image_alt=data.get("image_alt", ""),
        page=data.get("page"),
        texts={key: value for key, value in form.texts().items() if value},
    )
    channels = data.get("channels") or []
    return render(
        request,
        "social/_previews.html",
        {"previews": services.previews(post, channels), "live": True},
    )


@login_required
@require_POST
def post_submit_view(request, pk: int):
    post = _post(request, pk)
    publish_form = PublishForm(request.POST)
    if publish_form.is_valid():
        when = publish_form.cleaned_data["when"]
        publish_at = publish_form.cleaned_data["publish_at"] if when == "later" else None
        try:
            services.post_submit(post=post, actor=request.user, publish_at=publish_at)
        except services.SocialError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Het bericht wordt geplaatst.")
                if publish_at is None
                else _("Het bericht is ingepland."),
            )
            return redirect("social:post", pk=pk)
    post.refresh_from_db()
    if post.status != Post.Status.DRAFT:
        return redirect("social:post", pk=pk)
    return _form_page(request, PostForm(instance=post), post, publish_form=publish_form, status=400)


@login_required
@require_POST
def post_unschedule_view(request, pk: int):
    post = _post(request, pk)
    try:
        services.post_unschedule(post=post, actor=request.user)
    except services.SocialError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Het bericht is weer een concept. U kunt het aanpassen."))
    return redirect("social:post", pk=pk)


def _status_context(post: Post) -> dict:
    publications = list(selectors.publications_of(post))
    now = timezone.now()
    return {
        "post": post,
        "publications": publications,
        "polling": any(
            p.status == Publication.Status.SENDING
            or (p.status == Publication.Status.QUEUED and p.next_attempt_at <= now)
            for p in publications
        ),
        "can_unschedule": bool(post.publish_at)
        and all(p.status == Publication.Status.QUEUED and not p.attempts for p in publications),
    }


@login_required
def post_status_view(request, pk: int):
    """The channels' state, refreshed by htmx while anything is still waiting."""
    post = _post(request, pk)
    if post.status == Post.Status.DRAFT:
        raise Http404
    return render(request, "social/_status.html", _status_context(post))


def _publication(request, pk) -> Publication:
    _editor(request)
    return get_object_or_404(Publication.objects.select_related("post", "channel"), pk=pk)


@login_required
@require_POST
def publication_retry_view(request, pk: int):
    publication = _publication(request, pk)
    try:
        services.publication_retry(publication=publication, actor=request.user)
    except services.SocialError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Het bericht wordt opnieuw geplaatst."))
    return redirect("social:post", pk=publication.post_id)


@login_required
@require_POST
def publication_confirm_view(request, pk: int):
    publication = _publication(request, pk)
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("Dit is geen geldig webadres. Kopieer het adres van het bericht.")
        )
        return redirect("social:post", pk=publication.post_id)
    try:
        services.publication_confirm(
            publication=publication, url=form.cleaned_data["url"], actor=request.user
        )
    except services.SocialError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("Genoteerd: het bericht staat er. Het wordt niet opnieuw geplaatst.")
        )
    return redirect("social:post", pk=publication.post_id)


# --- channels -------------------------------------------------------------------------------


@login_required
def channel_list_view(request):
    _editor(request)
    return render(
        request,
        "social/channel_list.html",
        {
            "channels": selectors.channels_for_list(),
            "platforms": [
                {"code": code, "label": connector.label} for code, connector in CONNECTORS.items()
            ],
        },
    )


def _connect(request, *, platform: str, channel: Channel | None):
    initial = {"name": channel.name} if channel else {}
    if channel is not None and channel.api_base:
        initial["api_base"] = channel.api_base
    public = services.stored_public_credentials(channel) if channel else {}
    form = ChannelForm(
        request.POST or None, platform=platform, initial=initial, initial_public=public
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                channel = services.channel_connect(
                    platform=platform,
                    name=form.cleaned_data["name"],
                    api_base=form.cleaned_data.get("api_base", ""),
                    credentials=form.credentials(),
                    actor=request.user,
                    channel=channel,
                )
            except services.SocialError as error:
                form.add_error(None, str(error))
                form.add_error(
                    None,
                    _("Vul de geheime gegevens opnieuw in; die tonen we niet nog eens."),
                )
            else:
                messages.success(
                    request,
                    _("Het kanaal is gekoppeld aan %(account)s.")
                    % {"account": channel.account_name},
                )
                return redirect("social:channels")
        status = 400
    return render(
        request,
        "social/channel_form.html",
        {
            "form": form,
            "channel": channel,
            "platform_label": CONNECTORS[platform].label,
        },
        status=status,
    )


@login_required
def channel_connect_view(request, platform: str):
    _editor(request)
    if platform not in CONNECTORS:
        raise Http404
    return _connect(request, platform=platform, channel=None)


@login_required
def channel_view(request, pk: int):
    _editor(request)
    channel = get_object_or_404(Channel, pk=pk)
    return _connect(request, platform=channel.platform, channel=channel)


@login_required
@require_POST
def channel_disconnect_view(request, pk: int):
    _editor(request)
    channel = get_object_or_404(Channel, pk=pk)
    services.channel_disconnect(channel=channel, actor=request.user)
    messages.success(request, _("Het kanaal is ontkoppeld. De gegevens zijn gewist."))
    return redirect("social:channels")
