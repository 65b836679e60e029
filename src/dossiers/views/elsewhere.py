"""Views: "Wat speelt er elders" (news from dossiers of other councils) and the member's choice
of digest e-mail."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from .. import services
from ..forms import DigestForm
from ..models import DigestPreference, Follow
from ..permissions import can_view_dossiers, visible_dossiers_q
from ..selectors import elsewhere_updates
from .dossiers import viewer_or_403

PER_PAGE = 25


@login_required
@require_GET
def elsewhere(request):
    viewer = viewer_or_403(request, can_view_dossiers)
    page = elsewhere_updates(viewer, page=request.GET.get("pagina"), per_page=PER_PAGE)
    return render(request, "dossiers/elsewhere.html", {"page": page, "viewer": viewer})


@login_required
@require_http_methods(["GET", "POST"])
def digest_preference(request):
    viewer = viewer_or_403(request, can_view_dossiers)
    preference = DigestPreference.objects.filter(user=request.user).first()
    current = preference.frequency if preference else DigestPreference.Frequency.WEEKLY
    form = DigestForm(request.POST or None, initial={"frequency": current})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.digest_preference_set(
                    user=request.user, frequency=form.cleaned_data["frequency"]
                )
            except services.DossierError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Uw keuze is opgeslagen."))
                return redirect("dossiers:digest")
    followed = (
        Follow.objects.filter(user=request.user)
        .filter(visible_dossiers_q(viewer, prefix="dossier__"))
        .select_related("dossier")
        .order_by("dossier__title")
    )
    return render(
        request,
        "dossiers/digest_preference.html",
        {"form": form, "followed": followed},
        status=status,
    )
