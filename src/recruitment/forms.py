from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from common.forms import Form, ModelForm, OwnIdsMixin
from councils.models import Council, Membership

from .models import AgeBand, ApplicationStatus, Vacancy
from .workflow import NEEDS_INTERVIEW_AT, NEEDS_ROLE, allowed_transitions


def consent_text() -> str:
    """The consent as the applicant sees it; stored with the application."""
    return gettext(
        "Ja, de cliëntenraad mag mijn gegevens gebruiken voor mijn aanmelding. Word ik geen "
        "lid, dan worden mijn gegevens na %(months)s maanden verwijderd."
    ) % {"months": settings.RETENTION.get("application", 6)}


def rate_limit_message(refused) -> str:
    """Too many applications from one client address (``common.ratelimit.RateLimited``)."""
    return gettext(
        "Vanaf uw internetverbinding zijn de afgelopen tijd al veel aanmeldingen verstuurd. "
        "U kunt het %(when)s opnieuw proberen. Wat u invulde staat hieronder nog."
    ) % {"when": refused.retry_when()}


NO_ANSWER = "geen"


class ApplicationForm(OwnIdsMixin, Form):
    council = forms.ModelChoiceField(
        label=_("Bij welke raad wilt u meedoen?"),
        queryset=Council.objects.none(),
        empty_label=_("Kies een raad"),
        error_messages={"required": _("Kies de raad waar u zich aanmeldt.")},
    )
    name = forms.CharField(
        label=_("Uw naam"),
        max_length=200,
        error_messages={"required": _("Vul uw naam in.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Uw e-mailadres"),
        max_length=254,
        error_messages={
            "required": _("Vul uw e-mailadres in."),
            "invalid": _("Vul een e-mailadres in zoals naam@voorbeeld.nl."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Uw telefoonnummer"),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    motivation = forms.CharField(
        label=_("Waarom wilt u meedoen?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Een paar zinnen is genoeg."),
        error_messages={"required": _("Vertel kort waarom u wilt meedoen.")},
    )
    experience = forms.CharField(
        label=_("Wat is uw ervaring als klant van UWV?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Bijvoorbeeld: u had een WW- of WIA-uitkering, of u zocht werk met hulp van UWV."
        ),
        error_messages={"required": _("Vertel kort over uw ervaring met UWV.")},
    )
    age_band = forms.ChoiceField(
        label=_("Hoe oud bent u?"),
        required=False,
        widget=forms.RadioSelect,
        help_text=_(
            "Dit hoeft u niet in te vullen. De raad gebruikt het alleen om te tellen hoe oud "
            "de leden zijn. Uw leeftijd staat nooit bij uw naam."
        ),
    )
    accessibility_needs = forms.CharField(
        label=_("Wat heeft u nodig om mee te kunnen doen aan een gesprek?"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bijvoorbeeld: een rolstoeltoegankelijke ruimte, een tolk of extra tijd."),
    )
    consent = forms.BooleanField(
        label="",
        error_messages={"required": _("Geef toestemming om uw aanmelding te bewaren.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = Council.objects.filter(is_active=True).order_by(
            "kind", "name"
        )
        self.fields["consent"].label = consent_text()
        self.fields["age_band"].choices = [
            *AgeBand.choices,
            (NO_ANSWER, _("Zeg ik liever niet")),
        ]

    def clean_age_band(self):
        value = self.cleaned_data.get("age_band", "")
        return "" if value == NO_ANSWER else value


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class TransitionForm(OwnIdsMixin, Form):
    id_prefix = "stand"

    to_status = forms.ChoiceField(
        label=_("Nieuwe stand"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies de nieuwe stand.")},
    )
    interview_at = forms.DateTimeField(
        label=_("Datum en tijd van het gesprek"),
        required=False,
        widget=DateTimeLocalInput(),
        help_text=_("Alleen nodig bij “Gesprek gepland”."),
    )
    role = forms.ChoiceField(
        label=_("Als wat komt de persoon in de raad?"),
        required=False,
        widget=forms.RadioSelect,
        choices=[
            (Membership.Role.ASPIRANT, Membership.Role.ASPIRANT.label),
            (Membership.Role.MEMBER, Membership.Role.MEMBER.label),
        ],
        help_text=_("Alleen nodig bij “Aangenomen”. De persoon krijgt dan een uitnodiging."),
    )
    note = forms.CharField(
        label=_("Toelichting"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Bij “Gesprek gepland” staat deze toelichting in de e-mail met de datum. "
            "Schrijf bijvoorbeeld waar het gesprek is."
        ),
    )

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [
            (value, ApplicationStatus(value).label)
            for value in allowed_transitions(application.status)
        ]

    def clean(self):
        data = super().clean()
        status = data.get("to_status")
        if status in NEEDS_INTERVIEW_AT:
            when = data.get("interview_at")
            if when is None and "interview_at" not in self.errors:
                self.add_error("interview_at", _("Vul de datum en tijd van het gesprek in."))
            elif when is not None and when < timezone.now():
                self.add_error("interview_at", _("Kies een moment in de toekomst."))
        if status in NEEDS_ROLE and not data.get("role"):
            self.add_error("role", _("Kies of de persoon aspirant-lid of lid wordt."))
        return data


class NoteForm(OwnIdsMixin, Form):
    id_prefix = "notitie"

    text = forms.CharField(
        label=_("Notitie"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Schrijf een notitie.")},
        help_text=_("Alleen de secretaris en de voorzitter van de raad zien notities."),
    )


class StatusFilterForm(Form):
    status = forms.ChoiceField(
        label=_("Stand"),
        required=False,
        choices=[("", _("Alle"))] + list(ApplicationStatus.choices),
    )


class VacancyForm(OwnIdsMixin, ModelForm):
    class Meta:
        model = Vacancy
        fields = ["council", "title", "role", "time_needed", "expenses", "suits", "is_open"]
        fields += ["closes_on"]
        widgets = {
            "role": forms.Textarea(attrs={"rows": 4}),
            "suits": forms.Textarea(attrs={"rows": 3}),
            "closes_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "suits": _("Schrijf erbij dat jongeren extra welkom zijn, als dat zo is."),
            "closes_on": _("Leeg laten als er geen einddatum is."),
            "is_open": _(
                "Zet dit uit om de vacature te sluiten. Zij staat dan niet meer op de site."
            ),
        }
        error_messages = {
            "title": {"required": _("Geef de vacature een titel.")},
            "role": {"required": _("Schrijf wat de rol vraagt.")},
            "time_needed": {"required": _("Schrijf hoeveel tijd het kost.")},
            "expenses": {"required": _("Schrijf welke vergoeding er is.")},
            "suits": {"required": _("Schrijf voor wie de vacature geschikt is.")},
        }

    def __init__(self, *args, council_ids=None, **kwargs):
        super().__init__(*args, **kwargs)
        councils = Council.objects.filter(is_active=True).order_by("kind", "name")
        if council_ids is not None:
            councils = councils.filter(pk__in=council_ids)
        self.fields["council"].queryset = councils
        self.fields["council"].empty_label = None
