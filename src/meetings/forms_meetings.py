"""Forms for the meeting pages. They check the input; the services decide what is allowed and
raise ``MeetingError`` with a message the person can act on."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import DOCUMENT_TYPES, Form, OwnIdsMixin, validate_upload
from councils.models import Council
from dossiers.models import Dossier

from .models import AccessNeed, ActionItem, Meeting, MeetingInvitation, NationalRepresentative

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class DateTimeLocalInput(forms.DateTimeInput):
    """The browser's date-and-time picker; the time is read in Europe/Amsterdam (TIME_ZONE)."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=DATETIME_FORMAT)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _datetime_field(label, help_text=""):
    return forms.DateTimeField(
        label=label,
        help_text=help_text,
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M"],
        widget=DateTimeLocalInput(),
        error_messages={
            "required": _("Vul een datum en tijd in."),
            "invalid": _("Vul een datum en tijd in zoals 15-03-2027 14:00."),
        },
    )


class _TimesMixin:
    """End after start, said at the end field (the service checks it too)."""

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("Het einde moet na het begin liggen."))
        return data


class MeetingForm(_TimesMixin, Form):
    kind = forms.ChoiceField(
        label=_("Soort overleg"),
        choices=Meeting.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies welke soort overleg het is."),
            "invalid_choice": _("Kies een soort overleg die u mag plannen."),
        },
    )
    council = forms.ModelChoiceField(
        label=_("Organiserende raad"),
        queryset=Council.objects.none(),
        empty_label=None,
        error_messages={"required": _("Kies de raad die het overleg organiseert.")},
    )
    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        error_messages={"required": _("Geef het overleg een titel.")},
    )
    starts_at = _datetime_field(_("Begint op"))
    ends_at = _datetime_field(_("Eindigt op"))
    location = forms.CharField(
        label=_("Plaats"),
        required=False,
        max_length=300,
        help_text=_("Adres en zaal. Zeg ook of de zaal drempelvrij is."),
    )
    online_url = forms.URLField(
        label=_("Link voor online meedoen"),
        required=False,
        assume_scheme="https",
        error_messages={"invalid": _("Vul een link in zoals https://voorbeeld.nl/overleg.")},
    )
    description = forms.CharField(
        label=_("Omschrijving"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
    )
    guest_councils = forms.ModelMultipleChoiceField(
        label=_("Andere districtsraden"),
        queryset=Council.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Alleen bij een kennismakingssessie: kies de raden die meedoen."),
    )

    def __init__(self, *args, councils, districts, kinds=None, **kwargs):
        super().__init__(*args, **kwargs)
        if kinds is not None:
            # The national meeting only for those who may plan it (permissions).
            self.fields["kind"].choices = [c for c in Meeting.Kind.choices if c[0] in kinds]
        self.fields["council"].queryset = councils
        self.fields["guest_councils"].queryset = districts
        if len(councils) == 1:
            self.fields["council"].initial = councils[0].pk

    def clean(self):
        data = super().clean()
        if data.get("kind") != Meeting.Kind.INTRODUCTION:
            # Other councils take part only in an introduction session.
            data["guest_councils"] = []
        elif data.get("council") is not None and "guest_councils" in data:
            involved = {data["council"], *data["guest_councils"]}
            districts = [c for c in involved if c.kind == Council.Kind.DISTRICT]
            if len(districts) < 2:
                self.add_error(
                    "guest_councils",
                    _(
                        "Bij een kennismakingssessie horen twee of meer districtsraden. "
                        "Kies minstens één andere districtsraad."
                    ),
                )
        return data


class RescheduleForm(_TimesMixin, Form):
    starts_at = _datetime_field(_("Nieuwe begintijd"))
    ends_at = _datetime_field(_("Nieuwe eindtijd"))
    location = forms.CharField(label=_("Plaats"), required=False, max_length=300)
    online_url = forms.URLField(
        label=_("Link voor online meedoen"),
        required=False,
        assume_scheme="https",
        error_messages={"invalid": _("Vul een link in zoals https://voorbeeld.nl/overleg.")},
    )


class CancelForm(OwnIdsMixin, Form):
    id_prefix = "cancel"

    reason = forms.CharField(
        label=_("Waarom gaat het overleg niet door?"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Dit staat in het bericht aan iedereen die is uitgenodigd."),
    )


class RsvpForm(OwnIdsMixin, Form):
    id_prefix = "rsvp"

    rsvp = forms.ChoiceField(
        label=_("Komt u?"),
        choices=[
            (value, label)
            for value, label in MeetingInvitation.Rsvp.choices
            if value != MeetingInvitation.Rsvp.PENDING
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies of u komt.")},
    )
    access_needs = forms.MultipleChoiceField(
        label=_("Wat heeft u nodig om mee te doen?"),
        choices=AccessNeed.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Alleen de secretaris en de voorzitter zien dit."),
    )
    access_note = forms.CharField(
        label=_("Toelichting"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Bijvoorbeeld: ik kom met een begeleider."),
    )


class DocumentForm(OwnIdsMixin, Form):
    id_prefix = "document"

    title = forms.CharField(
        label=_("Titel van het stuk"),
        max_length=200,
        error_messages={"required": _("Geef het stuk een titel.")},
    )
    file = forms.FileField(
        label=_("Bestand"),
        help_text=_(
            "PDF, Word (docx), OpenDocument (odt), Excel (xlsx) of tekst (txt). Hoogstens 10 MB."
        ),
        widget=forms.FileInput(attrs={"accept": ",".join(DOCUMENT_TYPES)}),
        error_messages={
            "required": _("Kies een bestand."),
            "empty": _("Dit bestand is leeg. Kies een ander bestand."),
        },
    )

    def clean_file(self):
        return validate_upload(self.cleaned_data["file"], types=DOCUMENT_TYPES)


class MinutesForm(OwnIdsMixin, Form):
    id_prefix = "minutes"

    text = forms.CharField(
        label=_("Notulen"),
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=50000,
        error_messages={"required": _("Schrijf de notulen in het tekstvak.")},
    )


class AgendaItemForm(OwnIdsMixin, Form):
    id_prefix = "agenda"

    title = forms.CharField(
        label=_("Onderwerp"),
        max_length=200,
        error_messages={"required": _("Geef het agendapunt een onderwerp.")},
    )
    description = forms.CharField(
        label=_("Toelichting"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    minutes_planned = forms.IntegerField(
        label=_("Hoeveel minuten?"),
        required=False,
        min_value=1,
        max_value=600,
        error_messages={"invalid": _("Vul een aantal minuten in, bijvoorbeeld 15.")},
    )
    dossier = forms.ModelChoiceField(
        label=_("Dossier op Raadsplein"),
        help_text=_(
            "Gaat het agendapunt over een dossier? Dan komt dit overleg ook in dat dossier."
        ),
        queryset=Dossier.objects.none(),
        required=False,
        empty_label=_("Geen dossier op Raadsplein"),
    )
    dossier_ref = forms.CharField(
        label=_("Of een ander dossier"),
        required=False,
        max_length=300,
        help_text=_("De naam of het nummer van het dossier, als het agendapunt daarover gaat."),
    )

    def __init__(self, *args, dossiers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if dossiers is not None:
            self.fields["dossier"].queryset = dossiers
        self.fields["dossier"].label_from_instance = lambda d: f"{d.title} ({d.council.name})"


class AgendaMoveForm(Form):
    direction = forms.TypedChoiceField(
        choices=[("up", _("Omhoog")), ("down", _("Omlaag"))],
        coerce=lambda value: -1 if value == "up" else 1,
    )


class ActionItemForm(OwnIdsMixin, Form):
    id_prefix = "action"

    title = forms.CharField(
        label=_("Wat moet er gebeuren?"),
        max_length=300,
        error_messages={"required": _("Beschrijf de actie.")},
    )
    owner = forms.ModelChoiceField(
        label=_("Wie doet het?"),
        queryset=None,
        help_text=_("Iemand die voor dit overleg is uitgenodigd."),
        error_messages={
            "required": _("Kies wie de actie doet."),
            "invalid_choice": _("Kies iemand die voor dit overleg is uitgenodigd."),
        },
    )
    due_date = forms.DateField(
        label=_("Klaar op"),
        widget=DateInput(),
        input_formats=["%Y-%m-%d", "%d-%m-%Y"],
        error_messages={
            "required": _("Vul de datum in waarop het klaar moet zijn."),
            "invalid": _("Vul een datum in zoals 15-03-2027."),
        },
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people
        self.fields["owner"].label_from_instance = lambda user: user.get_full_name() or user.email


class ActionStatusForm(Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionItem.Status.choices)


class AttendanceForm(OwnIdsMixin, Form):
    id_prefix = "attendance"

    present = forms.ModelMultipleChoiceField(
        label=_("Wie was er?"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Zet een vinkje bij iedereen die er was."),
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = people
        self.fields["present"].label_from_instance = lambda user: user.get_full_name() or user.email


class GuestRequestForm(OwnIdsMixin, Form):
    id_prefix = "guest"

    council = forms.ModelChoiceField(
        label=_("Namens welke raad?"),
        queryset=None,
        empty_label=None,
        error_messages={"required": _("Kies namens welke raad u wilt aanschuiven.")},
    )
    reason = forms.CharField(
        label=_("Waarom wilt u aanschuiven?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Schrijf kort waarom u wilt aanschuiven.")},
    )

    def __init__(self, data=None, *args, councils, **kwargs):
        first = list(councils[:2])
        if data is not None and not data.get("council") and len(first) == 1:
            # One district: there is nothing to choose, so nothing has to be sent.
            data = data.copy()
            data["council"] = first[0].pk
        super().__init__(data, *args, **kwargs)
        self.fields["council"].queryset = councils
        if first:
            self.fields["council"].initial = first[0].pk


class GuestDecisionForm(Form):
    decision = forms.ChoiceField(
        label=_("Besluit"),
        choices=[("approve", _("Goedkeuren")), ("decline", _("Afwijzen"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies goedkeuren of afwijzen.")},
    )
    note = forms.CharField(
        label=_("Toelichting"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Bij afwijzen verplicht. Het lid krijgt dit te lezen."),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "decline" and not data.get("note", "").strip():
            self.add_error("note", _("Schrijf kort waarom u het verzoek afwijst."))
        return data


class RepresentativeForm(Form):
    membership = forms.ModelChoiceField(
        label=_("Wie?"),
        queryset=None,
        error_messages={
            "required": _("Kies een lid van de raad."),
            "invalid_choice": _("Kies een lid van een raad waarvoor u dit mag regelen."),
        },
    )
    role = forms.ChoiceField(
        label=_("Als"),
        choices=NationalRepresentative.Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies vertegenwoordiger of plaatsvervanger.")},
    )

    def __init__(self, *args, memberships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = memberships
        self.fields["membership"].label_from_instance = lambda m: (
            f"{m.user.get_full_name() or m.user.email} ({m.council.name})"
        )
