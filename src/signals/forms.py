from __future__ import annotations

from django import forms
from django.utils.text import get_text_list
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from common.forms import Form, OwnIdsMixin
from common.taxonomy import choices
from councils.selectors import normalise_postcode
from dossiers.models import Dossier

from .models import SignalStatus
from .services import MAX_TEXT_LENGTH

CONSENT_TEXT = _(
    "Ja, u mag mij antwoorden. Alleen de secretaris en de voorzitter van de cliëntenraad zien "
    "mijn e-mailadres of telefoonnummer. Zij gebruiken het alleen om mij te antwoorden. Twaalf "
    "maanden nadat mijn signaal is afgehandeld, worden mijn gegevens gewist."
)


class SignalForm(Form):
    text = forms.CharField(
        label=_("Wat wilt u ons vertellen?"),
        help_text=_(
            "Schrijf wat er goed of mis ging bij UWV. Zet er liever geen "
            "burgerservicenummer in. Dat halen wij er toch uit."
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=MAX_TEXT_LENGTH,
        error_messages={
            "required": _("Schrijf uw signaal in het tekstvak."),
            "max_length": _(
                "Uw tekst is te lang. Gebruik hoogstens %(limit_value)d tekens. "
                "U gebruikte er %(show_value)d."
            ),
        },
    )
    scheme = forms.ChoiceField(
        label=_("Over welke regeling gaat het?"),
        required=False,
        help_text=_("Weet u het niet? Laat dit dan leeg."),
    )
    postcode = forms.CharField(
        label=_("Uw postcode"),
        required=False,
        max_length=7,
        help_text=_(
            "Dan komt uw signaal bij de raad in uw regio. Zonder postcode gaat het naar "
            "de Centrale Cliëntenraad."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
    )
    wants_answer = forms.BooleanField(
        label=_("Ik wil een antwoord"),
        required=False,
    )
    email = forms.EmailField(
        label=_("Uw e-mailadres"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": _("Vul een e-mailadres in zoals naam@voorbeeld.nl.")},
    )
    phone = forms.CharField(
        label=_("Of uw telefoonnummer"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    consent = forms.BooleanField(label=CONSENT_TEXT, required=False)
    # Honeypot: people never see or fill it; robots do.
    website = forms.CharField(
        label=_("Laat dit veld leeg"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].choices = [("", _("Weet ik niet"))] + choices("regeling")
        if self.is_spam:
            # The honeypot is then shown with its error: a person must be able to reach it.
            self.fields["website"].widget.attrs.pop("tabindex", None)

    def clean_postcode(self):
        value = self.cleaned_data["postcode"].strip()
        if value and normalise_postcode(value) is None:
            raise forms.ValidationError(_("Vul een postcode in zoals 1234 AB, of laat het leeg."))
        return value

    def clean_phone(self):
        value = self.cleaned_data["phone"].strip()
        digits = [c for c in value if c.isdigit()]
        if value and not (9 <= len(digits) <= 15):
            raise forms.ValidationError(_("Vul een telefoonnummer in zoals 06 12345678."))
        return value

    def clean(self):
        data = super().clean()
        if data.get("wants_answer"):
            if (
                not data.get("email")
                and not data.get("phone")
                and not self.has_error("email")
                and not self.has_error("phone")
            ):
                self.add_error(
                    "email",
                    _(
                        "Vul een e-mailadres of telefoonnummer in. Of zet het "
                        "vinkje bij 'Ik wil een antwoord' uit."
                    ),
                )
            if not data.get("consent"):
                self.add_error("consent", _("Zet een vinkje als wij u mogen antwoorden."))
        elif data.get("email") or data.get("phone"):
            # Typed contact details are never thrown away in silence: the client decides.
            self.add_error("wants_answer", self._contact_without_wish_message(data))
        else:
            # Without the wish for an answer we keep no contact details at all.
            data["email"] = data["phone"] = ""
        return data

    @staticmethod
    def _contact_without_wish_message(data) -> str:
        if data.get("email"):
            return _(
                "U vulde een e-mailadres in, maar vinkte 'Ik wil een antwoord' niet aan. "
                "Wilt u antwoord? Zet dan het vinkje aan. Anders: maak het e-mailadres leeg."
            )
        return _(
            "U vulde een telefoonnummer in, maar vinkte 'Ik wil een antwoord' niet aan. "
            "Wilt u antwoord? Zet dan het vinkje aan. Anders: maak het telefoonnummer leeg."
        )

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("website"))


class TransitionForm(OwnIdsMixin, Form):
    """The status change. Which new status needs a reason depends on the current one
    (``workflow.TRANSITIONS``): the label says so, and a missing reason is an error on the
    field itself, so the error summary links to it."""

    id_prefix = "status"

    to_status = forms.ChoiceField(label=_("Nieuwe status"), choices=SignalStatus.choices)
    reason = forms.CharField(
        label=_("Toelichting"),
        help_text=_(
            "Bij “In behandeling” en “Beantwoord” leest de melder dit, als die een antwoord "
            "wilde: per e-mail en op de statuspagina van het signaal."
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
    dossier = forms.ModelChoiceField(
        label=_("Dossier op Raadsplein"),
        help_text=_("Het signaal komt dan ook in de tijdlijn van dat dossier."),
        queryset=Dossier.objects.none(),
        required=False,
        empty_label=_("Geen dossier op Raadsplein"),
    )
    linked_to = forms.CharField(
        label=_("Of een ander dossier (naam of link)"), required=False, max_length=300
    )

    def __init__(self, *args, targets=None, dossiers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.targets = dict(targets or {})
        self.fields["to_status"].choices = [
            (value, label) for value, label in SignalStatus.choices if value in self.targets
        ]
        needs_reason = [
            str(label) for value, label in SignalStatus.choices if self.targets.get(value)
        ]
        if needs_reason:
            # Shown instead of "(niet verplicht)" next to the label (components/field.html).
            self.fields["reason"].required_when = _("verplicht bij %(statuses)s") % {
                "statuses": get_text_list(needs_reason, _("en"))
            }
        if dossiers is not None:
            self.fields["dossier"].queryset = dossiers
        self.fields["dossier"].label_from_instance = lambda d: f"{d.title} ({d.council.name})"

    def clean(self):
        data = super().clean()
        target = data.get("to_status")
        if target and self.targets.get(target) and not data.get("reason", "").strip():
            self.add_error(
                "reason",
                _("Schrijf een toelichting bij “%(to)s”.") % {"to": SignalStatus(target).label},
            )
        return data


class ThemeForm(OwnIdsMixin, Form):
    id_prefix = "theme"

    regeling = forms.ChoiceField(label=_("Regeling"))
    onderwerp = forms.ChoiceField(label=_("Onderwerp"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regeling"].choices = choices("regeling")
        self.fields["onderwerp"].choices = choices("onderwerp")


class RerouteForm(OwnIdsMixin, Form):
    id_prefix = "reroute"

    council = forms.ModelChoiceField(
        label=_("Naar raad"), queryset=None, empty_label=_("Kies een raad")
    )
    reason = forms.CharField(
        label=_("Reden"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000
    )

    def __init__(self, *args, **kwargs):
        from councils.selectors import council_list

        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = council_list()


class GroupForm(OwnIdsMixin, Form):
    id_prefix = "group"

    leader = forms.CharField(
        label=_("Kenmerk van het signaal waar dit onder valt"),
        max_length=20,
        help_text=_("Bijvoorbeeld S-2026-000123."),
    )


class TrendFilterForm(Form):
    months = forms.TypedChoiceField(
        label=_("Periode"),
        coerce=int,
        required=False,
        initial=12,
        choices=[(6, _("6 maanden")), (12, _("12 maanden")), (24, _("24 maanden"))],
    )
    council = forms.ModelChoiceField(
        label=_("Raad"),
        queryset=None,
        required=False,
        empty_label=_("Alle raden (landelijk)"),
        to_field_name="slug",
    )
    regeling = forms.ChoiceField(label=_("Regeling"), required=False)
    onderwerp = forms.ChoiceField(label=_("Onderwerp"), required=False)

    def __init__(self, *args, **kwargs):
        from councils.selectors import council_list

        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = council_list()
        self.fields["regeling"].choices = [("", _("Alle regelingen"))] + choices("regeling")
        self.fields["onderwerp"].choices = [("", _("Alle onderwerpen"))] + choices("onderwerp")


def rate_limit_message(refused) -> str:
    """Refusal of a signal over the limit (``common.ratelimit.RateLimited``): says when."""
    return gettext(
        "U heeft de afgelopen tijd al veel signalen gestuurd. U kunt %(when)s weer een signaal "
        "sturen. Uw tekst staat hieronder nog."
    ) % {"when": refused.retry_when()}
