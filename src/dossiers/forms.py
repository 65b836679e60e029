"""Forms for dossiers. They check the input; the services decide what is allowed and raise
``DossierError`` with a message the member can act on."""

from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from common.forms import DOCUMENT_TYPES, MAX_UPLOAD_SIZE, Form, OwnIdsMixin, validate_upload
from common.models import Visibility
from common.taxonomy import choices
from councils.models import Council

from . import links as link_registry
from .models import DigestPreference, DossierDocument, DossierStatus

UPLOAD_TYPES = {k: DOCUMENT_TYPES[k] for k in (".pdf", ".docx", ".odt", ".txt")}
MAX_SIZE = MAX_UPLOAD_SIZE

VISIBILITY_HELP = _(
    "Alleen de eigen raad: de raad die het dossier trekt en de raden die meedoen. "
    "Alle raden: alle raden en werkgroepen. Openbaar: ook bezoekers van de website via zoeken."
)


def _theme_fields(form):
    form.fields["regeling"].choices = [("", _("Geen regeling"))] + choices("regeling")
    form.fields["onderwerp"].choices = [("", _("Geen onderwerp"))] + choices("onderwerp")


class DossierFieldsForm(Form):
    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        error_messages={"required": _("Geef het dossier een titel.")},
    )
    summary = forms.CharField(
        label=_("Samenvatting"),
        help_text=_("In een paar zinnen: waar gaat het over en wat wil de raad bereiken?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Schrijf in een paar zinnen waar het dossier over gaat.")},
    )
    regeling = forms.ChoiceField(label=_("Regeling"), required=False)
    onderwerp = forms.ChoiceField(label=_("Onderwerp"), required=False)
    visibility = forms.ChoiceField(
        label=_("Wie mag het dossier zien?"),
        choices=Visibility.choices,
        initial=Visibility.COUNCILS,
        widget=forms.RadioSelect,
        help_text=VISIBILITY_HELP,
        error_messages={"required": _("Kies wie het dossier mag zien.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _theme_fields(self)


class StartForm(DossierFieldsForm):
    council = forms.ModelChoiceField(
        label=_("Voor welke raad start u het dossier?"),
        queryset=Council.objects.none(),
        empty_label=None,
        error_messages={"required": _("Kies uw raad.")},
    )
    field_order = ["title", "summary", "council", "regeling", "onderwerp", "visibility"]
    only_council = None

    def __init__(self, *args, councils=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = councils if councils is not None else Council.objects
        if councils is not None and len(councils) == 1:
            # One council: nothing to choose.
            self.only_council = councils[0]
            self.fields["council"].widget = forms.HiddenInput()
            self.fields["council"].initial = self.only_council.pk
            self.fields["council"].required = False
        self.fields["title"].widget.attrs["autocomplete"] = "off"
        # With JavaScript (htmx) the similar dossiers follow what is typed; without it the
        # first submit shows them.
        similar_url = reverse("dossiers:similar")
        for name, other in (("title", "summary"), ("summary", "title")):
            self.fields[name].widget.attrs.update(
                {
                    "hx-get": similar_url,
                    "hx-trigger": "input changed delay:600ms",
                    "hx-target": "#vergelijkbaar",
                    "hx-include": f"[name='{other}']",
                    "hx-sync": "closest form:replace",
                }
            )

    def clean_council(self):
        return self.cleaned_data.get("council") or self.only_council


class EditForm(OwnIdsMixin, DossierFieldsForm):
    id_prefix = "edit"
    councils = forms.ModelMultipleChoiceField(
        label=_("Raden die meedoen"),
        help_text=_("De raad die het dossier trekt, doet altijd mee."),
        queryset=Council.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, dossier, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["councils"].queryset = Council.objects.filter(is_active=True).exclude(
            pk=dossier.council_id
        )


class StatusForm(OwnIdsMixin, Form):
    id_prefix = "status"
    status = forms.ChoiceField(choices=DossierStatus.choices, widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Toelichting"),
        help_text=_("Bijvoorbeeld wat het dossier heeft opgeleverd."),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class NoteForm(OwnIdsMixin, Form):
    id_prefix = "note"
    text = forms.CharField(
        label=_("Notitie"),
        help_text=_("Wat is er gebeurd of besproken? Schrijf geen gegevens van cliënten op."),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Schrijf eerst iets in de notitie.")},
    )


def _upload_help():
    from django.template.defaultfilters import filesizeformat

    return _("Een PDF-, DOCX-, ODT- of TXT-bestand van hoogstens %(max)s.") % {
        "max": filesizeformat(MAX_SIZE)
    }


class _UploadMixin:
    def clean_file(self):
        return validate_upload(self.cleaned_data["file"], types=UPLOAD_TYPES, max_size=MAX_SIZE)


class DocumentForm(OwnIdsMixin, _UploadMixin, Form):
    id_prefix = "doc"
    title = forms.CharField(
        label=_("Titel van het stuk"),
        max_length=200,
        error_messages={"required": _("Geef het stuk een titel.")},
    )
    file = forms.FileField(
        label=_("Bestand"),
        error_messages={"required": _("Kies een bestand."), "empty": _("Dit bestand is leeg.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _upload_help()
        self.fields["file"].widget.attrs["accept"] = ",".join(UPLOAD_TYPES)


class VersionForm(OwnIdsMixin, _UploadMixin, Form):
    id_prefix = "version"
    document = forms.ModelChoiceField(
        label=_("Van welk stuk is dit een nieuwe versie?"),
        queryset=DossierDocument.objects.none(),
        empty_label=_("Kies een stuk"),
        error_messages={"required": _("Kies het stuk.")},
    )
    file = forms.FileField(
        label=_("Nieuw bestand"),
        error_messages={"required": _("Kies een bestand."), "empty": _("Dit bestand is leeg.")},
    )
    note = forms.CharField(label=_("Wat is er veranderd?"), required=False, max_length=300)

    def __init__(self, *args, dossier, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = DossierDocument.objects.filter(dossier=dossier)
        self.fields["file"].help_text = _upload_help()
        self.fields["file"].widget.attrs["accept"] = ",".join(UPLOAD_TYPES)


class LinkForm(OwnIdsMixin, Form):
    id_prefix = "link"
    kind = forms.ChoiceField(
        label=_("Wat wilt u koppelen?"),
        error_messages={"required": _("Kies wat u wilt koppelen.")},
    )
    reference = forms.CharField(
        label=_("Kenmerk of link"),
        help_text=_(
            "Een signaal: het kenmerk, zoals S-2026-000123. Een vergadering of advies: "
            "de link naar de pagina, of het nummer."
        ),
        max_length=300,
        error_messages={"required": _("Vul het kenmerk of de link in.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (code, kind.label) for code, kind in sorted(link_registry.link_kinds().items())
        ]


class JoinForm(Form):
    council = forms.ModelChoiceField(
        label=_("Namens welke raad doet u mee?"),
        queryset=Council.objects.none(),
        required=False,
    )

    def __init__(self, *args, councils=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = councils if councils is not None else Council.objects


class DigestForm(Form):
    frequency = forms.ChoiceField(
        label=_("Hoe vaak wilt u e-mail over de dossiers die u volgt?"),
        choices=DigestPreference.Frequency.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "In de e-mail staat wat anderen in die dossiers hebben toegevoegd. Wat u zelf "
            "toevoegt, staat er niet in."
        ),
        error_messages={"required": _("Kies hoe vaak u e-mail wilt krijgen.")},
    )


class FilterForm(Form):
    """The list filters; unknown values are ignored rather than refused."""

    status = forms.ChoiceField(label=_("Status"), required=False)
    onderwerp = forms.ChoiceField(label=_("Onderwerp"), required=False)
    regeling = forms.ChoiceField(label=_("Regeling"), required=False)
    raad = forms.TypedChoiceField(label=_("Raad"), required=False, coerce=int, empty_value=None)
    mijn = forms.BooleanField(label=_("Alleen dossiers van mijn raad"), required=False)
    gevolgd = forms.BooleanField(label=_("Alleen dossiers die ik volg"), required=False)

    def __init__(self, *args, councils=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Alle"))] + list(DossierStatus.choices)
        self.fields["onderwerp"].choices = [("", _("Alle onderwerpen"))] + choices("onderwerp")
        self.fields["regeling"].choices = [("", _("Alle regelingen"))] + choices("regeling")
        self.fields["raad"].choices = [("", _("Alle raden"))] + list(councils)
