from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from common.forms import Form, ModelForm, OwnIdsMixin

from .models import Flash, NewsList
from .selectors import flash_offerable_pages

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


class OfferedPagesField(forms.ModelMultipleChoiceField):
    """The pages a flash may link to. A page that is not offered (a crafted POST, or a page made
    private while the form was open) is refused by its title, with the reason."""

    def _check_values(self, value):
        try:
            return super()._check_values(value)
        except ValidationError as error:
            if error.code != "invalid_choice":
                raise
        keys = {str(v) for v in value if str(v).isdigit()}
        offered = {str(pk) for pk in self.queryset.filter(pk__in=keys).values_list("pk", flat=True)}
        titles = sorted(Page.objects.filter(pk__in=keys - offered).values_list("title", flat=True))
        if not titles:
            raise ValidationError(
                gettext("Een van de gekozen pagina's bestaat niet meer. Kies opnieuw."),
                code="invalid_choice",
            ) from None
        raise ValidationError(
            ngettext(
                "U kunt de pagina “%(titles)s” niet in een nieuwsflits zetten: iedereen moet "
                "een pagina uit een nieuwsflits kunnen lezen, zonder in te loggen. Pagina's die "
                "alleen voor leden zijn, en pagina's in een andere taal, kunt u niet kiezen.",
                "U kunt de pagina's “%(titles)s” niet in een nieuwsflits zetten: iedereen moet "
                "een pagina uit een nieuwsflits kunnen lezen, zonder in te loggen. Pagina's die "
                "alleen voor leden zijn, en pagina's in een andere taal, kunt u niet kiezen.",
                len(titles),
            )
            % {"titles": "”, “".join(titles)},
            code="not_offered",
        ) from None


class FlashForm(OwnIdsMixin, ModelForm):
    class Meta:
        model = Flash
        fields = ["subject", "intro", "pages", "lists"]
        field_classes = {"pages": OfferedPagesField}
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
        # Only what an anonymous reader can open, in the flash's language (selectors).
        self.fields["pages"].queryset = flash_offerable_pages()
        self.fields["pages"].help_text = _(
            "Gepubliceerde Nederlandse pagina's die iedereen kan lezen, de nieuwste eerst. "
            "Pagina's die alleen voor leden zijn, zoals het handboek, staan hier niet bij."
        )
        self.fields["lists"].queryset = _lists()
