from __future__ import annotations

import re

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from common import taxonomy
from common.forms import Form
from councils.models import Membership

MAX_TOPICS_PER_KIND = 3
PHONE_RE = re.compile(r"^\+?[0-9][0-9 ()-]{5,30}$")


class InvitationForm(Form):
    email = forms.EmailField(label=_("E-mailadres"), max_length=254)
    role = forms.ChoiceField(
        label=_("Rol in de raad"), choices=Membership.Role.choices, initial=Membership.Role.MEMBER
    )


class AcceptInvitationForm(Form):
    first_name = forms.CharField(label=_("Voornaam"), max_length=150)
    last_name = forms.CharField(label=_("Achternaam"), max_length=150)
    password1 = forms.CharField(
        label=_("Kies een wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Minstens 10 tekens. Niet alleen cijfers."),
    )
    password2 = forms.CharField(
        label=_("Typ het wachtwoord nog een keer"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        self.email = email
        super().__init__(*args, **kwargs)
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("De twee wachtwoorden zijn niet gelijk."))
        elif p1:
            from accounts.models import User

            probe = User(
                email=self.email,
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
            )
            try:
                password_validation.validate_password(p1, probe)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class FirstBoxCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes whose error in the error summary links to the first box (Django gives a
    group of boxes no id to link to)."""

    def id_for_label(self, id_, index="0"):
        return super().id_for_label(id_, index)


def _topics_field(axis: str, label, help_text):
    return forms.MultipleChoiceField(
        label=label,
        choices=lambda: [(f"{axis}:{code}", name) for code, name in taxonomy.choices(axis)],
        widget=FirstBoxCheckboxes,
        required=False,
        help_text=help_text,
    )


class DirectoryProfileForm(Form):
    """A member's own entry in the member directory (ledenoverzicht)."""

    regelingen = _topics_field(
        "regeling",
        _("Vraag mij over deze regelingen"),
        _(
            "Kies er hoogstens 3. Dan kunnen andere leden u vinden als ze hier iets over "
            "willen weten."
        ),
    )
    onderwerpen = _topics_field(
        "onderwerp",
        _("Vraag mij over deze onderwerpen"),
        _("Kies er hoogstens 3."),
    )
    show_email = forms.BooleanField(
        label=_("Laat mijn e-mailadres zien aan leden van alle raden"),
        required=False,
    )
    show_phone = forms.BooleanField(
        label=_("Laat mijn telefoonnummer zien aan leden van alle raden"),
        required=False,
    )
    phone = forms.CharField(
        label=_("Telefoonnummer"),
        max_length=32,
        required=False,
        help_text=_(
            "Alleen nodig als u uw telefoonnummer wilt laten zien. Bijvoorbeeld 06 12345678."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].required_when = _("verplicht als u uw nummer wilt laten zien")

    @classmethod
    def initial_for(cls, user, topics: list[str]) -> dict:
        return {
            "regelingen": [t for t in topics if t.startswith("regeling:")],
            "onderwerpen": [t for t in topics if t.startswith("onderwerp:")],
            "show_email": user.directory_show_email,
            "show_phone": bool(user.directory_phone),
            "phone": user.directory_phone,
        }

    def clean_regelingen(self):
        return self._at_most(self.cleaned_data["regelingen"], _("Kies hoogstens 3 regelingen."))

    def clean_onderwerpen(self):
        return self._at_most(self.cleaned_data["onderwerpen"], _("Kies hoogstens 3 onderwerpen."))

    @staticmethod
    def _at_most(values, message):
        if len(values) > MAX_TOPICS_PER_KIND:
            raise forms.ValidationError(message)
        return values

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and not PHONE_RE.match(phone):
            raise forms.ValidationError(
                _("Vul een telefoonnummer in met alleen cijfers, spaties, een streepje of een +.")
            )
        return phone

    def clean(self):
        data = super().clean()
        if data.get("show_phone") and not data.get("phone") and "phone" not in self.errors:
            self.add_error(
                "phone", _("Vul uw telefoonnummer in, of zet het vinkje bij telefoonnummer uit.")
            )
        if not data.get("show_phone"):
            # Not shown, so not kept (collect the least).
            data["phone"] = ""
        return data

    @property
    def topics(self) -> list[str]:
        return [*self.cleaned_data["regelingen"], *self.cleaned_data["onderwerpen"]]
