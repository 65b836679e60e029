"""Forms for advices. They check the input; the services decide what is allowed and raise
``ProposalError`` with a message the person can act on."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import DOCUMENT_TYPES, Form, OwnIdsMixin, validate_upload
from common.taxonomy import choices
from councils.models import Council

from .models import Advice

ATTACHMENT_TYPES = {k: DOCUMENT_TYPES[k] for k in (".pdf", ".docx", ".odt")}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class AdviceForm(Form):
    kind = forms.ChoiceField(
        label=_("Soort advies"),
        choices=Advice.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies gevraagd of ongevraagd advies.")},
    )
    title = forms.CharField(
        label=_("Titel"),
        max_length=300,
        error_messages={"required": _("Geef het advies een titel.")},
    )
    text = forms.CharField(
        label=_("Het advies"),
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={"required": _("Schrijf het advies in het tekstvak.")},
    )
    councils = forms.ModelMultipleChoiceField(
        label=_("Welke raad of raden geven dit advies?"),
        queryset=Council.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies de raad of raden die het advies geven.")},
    )
    evidence = forms.CharField(
        label=_("Onderbouwing"),
        help_text=_("Welke dossiers of ervaringen van cliënten laten zien dat dit nodig is?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    figures_onderwerp = forms.ChoiceField(
        label=_("Cijfers uit signalen: onderwerp"),
        required=False,
        help_text=_(
            "Wilt u cijfers uit de signalen bij het advies zetten? Kies dan een onderwerp of "
            "regeling. Wij bewaren de cijfers van vandaag bij het advies."
        ),
    )
    figures_regeling = forms.ChoiceField(label=_("Cijfers uit signalen: regeling"), required=False)
    figures_months = forms.TypedChoiceField(
        label=_("Cijfers uit signalen: periode"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", _("Geen cijfers")), (6, _("6 maanden")), (12, _("12 maanden"))],
    )
    is_public = forms.BooleanField(
        label=_("Toon dit advies op de openbare resultatenpagina"), required=False
    )

    def __init__(self, *args, councils=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["councils"].queryset = councils if councils is not None else Council.objects
        self.fields["figures_onderwerp"].choices = [("", _("Alle onderwerpen"))] + choices(
            "onderwerp"
        )
        self.fields["figures_regeling"].choices = [("", _("Alle regelingen"))] + choices("regeling")


class AttachmentForm(OwnIdsMixin, Form):
    id_prefix = "attachment"

    title = forms.CharField(
        label=_("Titel van de bijlage"),
        max_length=200,
        error_messages={"required": _("Geef de bijlage een titel.")},
    )
    file = forms.FileField(
        label=_("Bestand"),
        help_text=_("PDF, Word (docx) of OpenDocument (odt). Hoogstens 10 MB."),
        widget=forms.FileInput(attrs={"accept": ",".join(ATTACHMENT_TYPES)}),
        error_messages={
            "required": _("Kies een bestand."),
            "empty": _("Dit bestand is leeg. Kies een ander bestand."),
        },
    )

    def clean_file(self):
        return validate_upload(self.cleaned_data["file"], types=ATTACHMENT_TYPES)


class SendForm(OwnIdsMixin, Form):
    id_prefix = "send"

    adopted_on = forms.DateField(
        label=_("Vastgesteld door de raad op"),
        widget=DateInput,
        error_messages={
            "required": _("Vul de datum in waarop de raad het advies vaststelde."),
            "invalid": _("Vul een datum in zoals 15-03-2026."),
        },
    )
    sent_on = forms.DateField(
        label=_("Verstuurd naar UWV op"),
        widget=DateInput,
        help_text=_("UWV antwoordt binnen %(weeks)s weken na deze datum."),
        error_messages={
            "required": _("Vul de datum in waarop het advies naar UWV ging."),
            "invalid": _("Vul een datum in zoals 15-03-2026."),
        },
    )

    def __init__(self, *args, weeks: int = 6, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sent_on"].help_text = self.fields["sent_on"].help_text % {"weeks": weeks}


class AnswerForm(OwnIdsMixin, Form):
    id_prefix = "answer"

    answer_text = forms.CharField(
        label=_("Antwoord van UWV"),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Vul het antwoord van UWV in.")},
    )
    answered_on = forms.DateField(
        label=_("Beantwoord op"),
        widget=DateInput,
        required=False,
        help_text=_("Leeg laten is vandaag."),
        error_messages={"invalid": _("Vul een datum in zoals 15-03-2026.")},
    )
    answer_file = forms.FileField(
        label=_("Brief van UWV"),
        required=False,
        help_text=_(
            "Stuurde UWV een brief? Voeg die dan toe. PDF, Word (docx) of OpenDocument (odt). "
            "Hoogstens 10 MB. Alleen wie het advies mag zien, kan de brief openen."
        ),
        widget=forms.FileInput(attrs={"accept": ",".join(ATTACHMENT_TYPES)}),
        error_messages={"empty": _("Dit bestand is leeg. Kies een ander bestand.")},
    )

    def clean_answer_file(self):
        upload = self.cleaned_data.get("answer_file")
        return validate_upload(upload, types=ATTACHMENT_TYPES) if upload else None


class FollowUpForm(OwnIdsMixin, Form):
    id_prefix = "follow_up"

    follow_up = forms.ChoiceField(
        label=_("Wat vindt de raad van het antwoord?"),
        choices=Advice.FollowUp.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies hoe de raad op het antwoord reageert.")},
    )
    note = forms.CharField(
        label=_("Toelichting"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )


class PulseFilterForm(Form):
    raad = forms.ChoiceField(label=_("Raad"), required=False)

    def __init__(self, *args, councils=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["raad"].choices = [
            ("", _("Alle raden en landelijk")),
            ("landelijk", _("Landelijk (werkgroepen)")),
        ] + [(c.slug, c.name) for c in councils]
