"""The accessibility statement (``/toegankelijkheid/``, issue 14): status, date, how we test,
the known problems, and a form to report a new one.

The statement follows the Dutch government's model (status A–E, as on
toegankelijkheidsverklaring.nl). Editors keep the facts in Wagtail; the method names what our
tests check, in plain words. A report goes out as a mail through the outbox (retried when the
mail server is away) to the address on the page; nothing of it is stored beyond that mail.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from common.forms import Form


class Status(models.TextChoices):
    """The statuses of the Dutch government's model statement."""

    A = "A", _("Voldoet volledig")
    B = "B", _("Voldoet gedeeltelijk")
    C = "C", _("Eerste maatregelen genomen")
    D = "D", _("Voldoet niet")
    E = "E", _("Geen inzicht")


class KnownProblemBlock(blocks.StructBlock):
    problem = blocks.CharBlock(label=_("wat werkt niet goed"), max_length=200)
    where = blocks.CharBlock(label=_("waar"), max_length=200, required=False)
    workaround = blocks.TextBlock(
        label=_("wat u dan kunt doen"),
        required=False,
        help_text=_("Een andere weg, als die er is."),
    )
    fixed_by = blocks.DateBlock(label=_("opgelost vóór"), required=False)

    class Meta:
        icon = "warning"
        label = _("bekend probleem")
        template = "publishing/blocks/known_problem.html"


class AccessibilityReportForm(Form):
    """A visitor reports a problem with the site. Only the problem itself is needed."""

    where = forms.CharField(
        label=_("Op welke pagina?"),
        help_text=_("Het adres of de naam van de pagina. Dit mag u leeg laten."),
        max_length=300,
        required=False,
    )
    problem = forms.CharField(
        label=_("Wat werkt niet goed?"),
        help_text=_("Vertel wat u wilde doen en wat er misging."),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    email = forms.EmailField(
        label=_("Uw e-mailadres (als u antwoord wilt)"),
        help_text=_("Wij gebruiken het alleen om u te antwoorden."),
        required=False,
    )

    def clean_problem(self):
        problem = self.cleaned_data["problem"].strip()
        if not problem:
            raise forms.ValidationError(_("Vertel wat er niet goed werkt."))
        return problem


def report_limit():
    from common.ratelimit import Limit

    return Limit(
        "accessibility-report",
        settings.ACCESSIBILITY_REPORT_RATE_LIMIT,
        settings.ACCESSIBILITY_REPORT_RATE_WINDOW,
    )


def report(page, request):
    """The report form on the statement page was sent: mail it to the page's address, or show
    the page again with what was wrong and everything that was typed."""
    from django.contrib import messages
    from django.db import transaction
    from django.http import HttpResponseRedirect
    from django.template.response import TemplateResponse
    from django.utils.translation import gettext

    from common.outbox import outbox_enqueue_template
    from common.ratelimit import RateLimited, address_of, rate_limit_take
    from common.site import page_full_url

    form = AccessibilityReportForm(request.POST)
    if form.is_valid():
        try:
            rate_limit_take((report_limit(), address_of(request)))
        except RateLimited as refused:
            form.add_error(
                None,
                gettext(
                    "U heeft al veel meldingen gestuurd. U kunt %(when)s weer een melding sturen. "
                    "Uw tekst staat hieronder nog."
                )
                % {"when": refused.retry_when()},
            )
        else:
            with transaction.atomic():
                outbox_enqueue_template(
                    to=[page.report_email],
                    template="publishing/email/accessibility_report",
                    context={
                        "page_url": page_full_url(page),
                        "site_name": settings.SITE_NAME,
                        **form.cleaned_data,
                    },
                    kind="accessibility_report",
                    headers={"Reply-To": form.cleaned_data["email"]}
                    if form.cleaned_data["email"]
                    else None,
                )
            messages.success(
                request,
                gettext("Dank u wel. Wij hebben uw melding ontvangen en kijken er snel naar."),
            )
            return HttpResponseRedirect(page.url)
    context = page.get_context(request)
    context["form"] = form
    return TemplateResponse(request, page.get_template(request), context, status=400)
