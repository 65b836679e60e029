from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from common.forms import Form, ModelForm, OwnIdsMixin

from .models import Flash, NewsList

CONSENT_TEXT = _(
    "Ja, stuur mij de nieuwsflitsen van de cliëntenraden op de lijsten die ik kies. "
    "Ik kan mij altijd afmelden met de link onder elke nieuwsflits."
)


def _lists():
    return NewsList.objects.filter(is_active=True).select_related("council")


class SubscribeForm(OwnIdsMixin, Form):
    # No name: whoever fills this in chooses the mailbox, and a name would be their own words in
    # our confirmation mail to someone else. Collecting less is the privacy rule anyway.
    email = forms.EmailField(label=_("Uw e-mailadres"), max_length=254)
    lists = forms.ModelMultipleChoiceField(
        label=_("Welke nieuwsflitsen wilt u krijgen?"),
        queryset=NewsList.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies minstens één nieuwslijst.")},
    )
    consent = forms.BooleanField(
        label=CONSENT_TEXT,
        error_messages={"required": _("Geef toestemming om u nieuwsflitsen te sturen.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lists"].queryset = _lists()


def address_limit_message(refused) -> str:
    """Too many sign-ups from one client address (``common.ratelimit.RateLimited``)."""
    return gettext(
        "Vanaf uw internetverbinding zijn de afgelopen tijd al veel aanmeldingen gedaan. "
        "U kunt het %(when)s opnieuw proberen."
    ) % {"when": refused.retry_when()}


def recipient_limit_message(refused) -> str:
    """Too many confirmation mails to one mailbox."""
    return gettext(
        "Naar dit e-mailadres hebben wij de afgelopen tijd al een paar bevestigingsmails "
        "gestuurd. Kijk in uw mailbox, ook bij ongewenste e-mail. U kunt het %(when)s opnieuw "
        "proberen."
    ) % {"when": refused.retry_when()}


class ManageForm(OwnIdsMixin, Form):
    lists = forms.ModelMultipleChoiceField(
        label=_("Uw nieuwslijsten"),
        queryset=NewsList.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Kiest u geen enkele lijst, dan meldt u zich af voor alle nieuwsflitsen."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lists"].queryset = _lists()


class FlashForm(OwnIdsMixin, ModelForm):
    class Meta:
        model = Flash
        fields = ["subject", "intro", "pages", "lists"]
        widgets = {
            "pages": forms.CheckboxSelectMultiple,
            "lists": forms.CheckboxSelectMultiple,
            "intro": forms.Textarea(attrs={"rows": 6}),
        }
        error_messages = {
            "subject": {"required": _("Geef de nieuwsflits een onderwerp.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pages"].queryset = (
            Page.objects.live().filter(depth__gt=2).order_by("-last_published_at")
        )
        self.fields["pages"].help_text = _("Gepubliceerde pagina's van de site, de nieuwste eerst.")
        self.fields["lists"].queryset = _lists()
