"""Forms of the activity calendar: the list filters, signing up, and posting an activity."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from common.forms import Form, ModelForm
from common.models import Visibility

from .models import AccessNeed, Activity
from .selectors_activities import AMSTERDAM, upcoming_months

NATIONAL = "landelijk"  # the region filter's value for national activities


class AmsterdamDateTimeField(forms.DateTimeField):
    """A ``datetime-local`` input. The browser sends a time without a time zone; it is the time
    in the Netherlands, whatever time zone the server or the request has active."""

    # The first is what browsers send; the others are what people type where there is no picker.
    input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M"]

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget",
            forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        )
        kwargs.setdefault(
            "error_messages",
            {"invalid": _("Vul een datum en tijd in, zoals 14-03-2026 10:00.")},
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        with timezone.override(AMSTERDAM):
            return super().to_python(value)

    def prepare_value(self, value):
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            return timezone.make_naive(value, AMSTERDAM)
        return value


class ActivityFilterForm(Form):
    """The list's and the month's filters (GET). A value that does not fit is left out, not
    refused. The month page has its month in the address, so ``with_month=False`` there."""

    regio = forms.ChoiceField(label=_("Regio"), required=False)
    soort = forms.ChoiceField(label=_("Soort activiteit"), required=False)
    maand = forms.ChoiceField(label=_("Maand"), required=False)

    def __init__(
        self,
        *args,
        councils=(),
        today: datetime.date | None = None,
        with_month: bool = True,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        if not with_month:
            del self.fields["maand"]
        self.fields["regio"].choices = [
            ("", _("Alle regio’s")),
            (NATIONAL, _("Alleen landelijke activiteiten")),
            *[(c.slug, c.name) for c in councils],
        ]
        self.fields["soort"].choices = [("", _("Alle soorten")), *Activity.Kind.choices]
        if with_month:
            self.fields["maand"].choices = [
                ("", _("Alle maanden")),
                *[(f"{m:%Y-%m}", date_format(m, "F Y")) for m in upcoming_months(today=today)],
            ]
        self._councils = {c.slug: c for c in councils}

    def filters(self) -> dict:
        """The valid filters, as arguments for ``activity_list``."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        region = data.get("regio", "")
        month = data.get("maand", "")
        return {
            "council": self._councils.get(region),
            "national": region == NATIONAL,
            "kind": data.get("soort", ""),
            "month": datetime.date.fromisoformat(f"{month}-01") if month else None,
        }


class SignUpForm(Form):
    access_needs = forms.MultipleChoiceField(
        label=_("Heeft u iets nodig om mee te doen?"),
        help_text=_("Kruis aan wat u nodig heeft. De organisator regelt het als dat kan."),
        choices=AccessNeed.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": _("Kies alleen uit de lijst.")},
    )
    access_note = forms.CharField(
        label=_("Wilt u nog iets laten weten?"),
        help_text=_(
            "Bijvoorbeeld: ik neem een begeleider mee, of ik heb een dieet. "
            "Alleen de organisator leest dit."
        ),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": _(
                "Uw tekst is te lang. Gebruik hoogstens %(limit_value)d tekens. "
                "U gebruikte er %(show_value)d."
            )
        },
    )


class CancelActivityForm(Form):
    reason = forms.CharField(
        label=_("Waarom gaat de activiteit niet door?"),
        help_text=_("Dit staat in de e-mail aan iedereen die zich heeft aangemeld."),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ActivityForm(ModelForm):
    """Post or change an activity. It only validates: the view hands ``cleaned_data`` to
    ``activity_create`` or ``activity_update`` and never calls ``save()``."""

    starts_at = AmsterdamDateTimeField(
        label=_("Begint op"), help_text=_("Datum en tijd in Nederland.")
    )
    ends_at = AmsterdamDateTimeField(label=_("Eindigt op"))
    signup_deadline = AmsterdamDateTimeField(
        label=_("Aanmelden kan tot"),
        required=False,
        help_text=_("Leeg: aanmelden kan tot het begin."),
    )
    capacity = forms.IntegerField(
        label=_("Aantal plaatsen"),
        min_value=1,
        required=False,
        help_text=_("Leeg: geen maximum. Is het vol? Dan komen nieuwe mensen op de wachtlijst."),
    )

    class Meta:
        model = Activity
        fields = [
            "title",
            "kind",
            "scope",
            "council",
            "description",
            "starts_at",
            "ends_at",
            "location",
            "online_url",
            "capacity",
            "signup_deadline",
            "step_free",
            "hearing_loop",
            "sign_language",
            "accessibility_notes",
            "visibility",
        ]
        labels = {
            "title": _("Titel"),
            "kind": _("Soort activiteit"),
            "scope": _("Regionaal of landelijk?"),
            "council": _("Regio"),
            "description": _("Omschrijving"),
            "location": _("Adres of plaats"),
            "online_url": _("Link om online mee te doen"),
            "step_free": _("Drempelvrij: ook te bereiken met een rolstoel"),
            "hearing_loop": _("Er is een ringleiding"),
            "sign_language": _("Er is een tolk gebarentaal"),
            "accessibility_notes": _("Meer over toegankelijkheid"),
            "visibility": _("Wie kan deze activiteit zien?"),
        }
        help_texts = {
            "council": _("Bij een regionale activiteit: de raad van die regio."),
            "location": _("Leeg als het alleen online is."),
            "online_url": _("Begint met https://. Leeg als het niet online is."),
            "accessibility_notes": _(
                "Bijvoorbeeld: waar u kunt parkeren, hoe ver het lopen is vanaf het station."
            ),
        }
        widgets = {
            "scope": forms.RadioSelect,
            "visibility": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 6}),
            "accessibility_notes": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "title": {"required": _("Geef de activiteit een titel.")},
            "scope": {"required": _("Kies regionaal of landelijk.")},
            "online_url": {"invalid": _("Vul een link in zoals https://voorbeeld.nl.")},
        }

    def __init__(self, *args, councils=None, **kwargs):
        super().__init__(*args, **kwargs)
        if councils is not None:
            self.fields["council"].queryset = councils
        self.fields["council"].empty_label = _("Geen regio (landelijk)")
        # Radio buttons need no empty "---------" choice; nothing checked means nothing chosen.
        self.fields["scope"].choices = Activity.Scope.choices
        self.fields["starts_at"].error_messages["required"] = _("Vul in wanneer het begint.")
        self.fields["ends_at"].error_messages["required"] = _("Vul in wanneer het eindigt.")

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error(
                "ends_at",
                _("Het einde ligt vóór het begin of op hetzelfde moment. Kijk de tijden na."),
            )
        if starts and self.instance.pk is None and starts < timezone.now():
            self.add_error(
                "starts_at", _("Dit moment is al voorbij. Kies een datum in de toekomst.")
            )
        deadline = data.get("signup_deadline")
        if starts and deadline and deadline > starts:
            self.add_error("signup_deadline", _("Aanmelden moet stoppen vóór het begin."))
        if data.get("scope") == Activity.Scope.REGIONAL and not data.get("council"):
            self.add_error("council", _("Kies bij een regionale activiteit de regio."))
        if data.get("visibility") == Visibility.COUNCIL and not data.get("council"):
            self.add_error(
                "visibility",
                _("Kies eerst een regio. Anders kan niemand deze activiteit zien."),
            )
        return data
