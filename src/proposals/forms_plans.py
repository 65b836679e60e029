"""Forms of the plan and proposal pages. They check the input's shape; whether a move is allowed
is decided by ``workflow.check_move`` in the service, so every refusal has the same words."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import Form

from .models import Decision, Priority
from .models import ProposalStatus as S

UNCHANGED = ""

PRIORITY_HELP = _("Nodig bij de stap naar “Geprioriteerd”.")
DECISION_HELP = _("Nodig bij de stap naar “Besloten”.")
EXPLANATION_HELP = _(
    "Nodig bij “Besloten” en bij “Afgewezen”: de uitleg van UWV bij het besluit. "
    "Bij andere stappen mag u het leeg laten."
)
PROGRESS_HELP = _(
    "Een getal van 0 tot en met 100. Alleen invullen als de voortgang verandert, bijvoorbeeld "
    "bij “In uitvoering”. Bij “Gerealiseerd” wordt het vanzelf 100."
)


class PlanForm(Form):
    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        error_messages={"required": _("Geef het plan een titel.")},
    )
    summary = forms.CharField(
        label=_("Samenvatting"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Waar gaat het plan over? Een paar zinnen is genoeg."),
    )
    owner = forms.ChoiceField(
        label=_("Van wie is het plan?"),
        help_text=_("De werkgroep of raad die de voorstellen schrijft en verstuurt."),
        error_messages={"required": _("Kies de werkgroep of raad van het plan.")},
    )
    is_public = forms.BooleanField(
        label=_("Toon dit plan op de openbare resultatenpagina"),
        required=False,
        help_text=_("Iedereen kan dan zien hoe het met de voorstellen gaat."),
    )

    def __init__(self, *args, owners: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", _("Kies…")), *owners]


class ProposalForm(Form):
    title = forms.CharField(
        label=_("Titel van het voorstel"),
        max_length=300,
        error_messages={"required": _("Geef het voorstel een titel.")},
    )
    text = forms.CharField(
        label=_("Voorstel"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Schrijf wat u UWV voorstelt en waarom."),
        error_messages={"required": _("Schrijf het voorstel in het tekstvak.")},
    )


class MoveForm(Form):
    to_status = forms.ChoiceField(
        label=_("Nieuwe status"),
        error_messages={
            "required": _("Kies de nieuwe status."),
            "invalid_choice": _("Kies een status uit de lijst."),
        },
    )
    priority = forms.ChoiceField(
        label=_("Prioriteit"),
        required=False,
        choices=[("", "—"), *Priority.choices],
        help_text=PRIORITY_HELP,
    )
    decision = forms.ChoiceField(
        label=_("Besluit van UWV"),
        required=False,
        choices=[("", "—"), *Decision.choices],
        help_text=DECISION_HELP,
    )
    text = forms.CharField(
        label=_("Toelichting"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=EXPLANATION_HELP,
    )
    progress = forms.IntegerField(
        label=_("Voortgang (%)"),
        required=False,
        help_text=PROGRESS_HELP,
        error_messages={"invalid": _("Voortgang is een getal van 0 tot en met 100.")},
    )

    def __init__(self, *args, allowed: list[str], **kwargs):
        # Its own ids: the proposal page also shows the text form, whose fields have the same
        # names, and a label must point to its own field.
        kwargs.setdefault("auto_id", "status_%s")
        super().__init__(*args, **kwargs)
        # Any status is accepted here, so a move that is not allowed gets the workflow's own
        # reason; the select only offers the allowed ones.
        self.fields["to_status"].choices = S.choices
        self.fields["to_status"].widget.choices = [("", _("Kies…"))] + [
            (value, S(value).label) for value in allowed
        ]
        for name in agency_fields_without_use(allowed):
            del self.fields[name]
        if not {S.DECIDED, S.REJECTED} & set(allowed):
            self.fields["text"].help_text = _("Een korte uitleg bij de stap, als u wilt.")


def agency_fields_without_use(allowed) -> list[str]:
    """The fields that none of the offered steps uses: a member who can only send ("Ingediend")
    sees no priority, decision or progress, which only the agency sets."""
    allowed = set(allowed)
    uses = {
        "priority": {S.PRIORITISED},
        "decision": {S.DECIDED},
        "progress": {S.IN_PROGRESS},
    }
    return [name for name, targets in uses.items() if not targets & allowed]


class ProgressForm(Form):
    progress = forms.IntegerField(
        label=_("Voortgang (%)"),
        help_text=_("Een getal van 0 tot en met 100."),
        error_messages={
            "required": _("Vul de voortgang in."),
            "invalid": _("Voortgang is een getal van 0 tot en met 100."),
        },
    )
    text = forms.CharField(
        label=_("Wat is er gebeurd?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Schrijf kort wat er gebeurd is.")},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "voortgang_%s")  # not the status form's ids (same page)
        super().__init__(*args, **kwargs)


class BulkRowForm(Form):
    """One row of the bulk update; its prefix is the proposal's number."""

    to_status = forms.ChoiceField(
        label=_("Nieuwe status"),
        required=False,
        error_messages={"invalid_choice": _("Kies een status uit de lijst.")},
    )
    text = forms.CharField(label=_("Toelichting"), required=False)
    priority = forms.ChoiceField(
        label=_("Prioriteit"), required=False, choices=[("", "—"), *Priority.choices]
    )
    decision = forms.ChoiceField(
        label=_("Besluit"), required=False, choices=[("", "—"), *Decision.choices]
    )
    progress = forms.IntegerField(
        label=_("Voortgang (%)"),
        required=False,
        error_messages={"invalid": _("Voortgang is een getal van 0 tot en met 100.")},
    )

    def __init__(self, *args, proposal, allowed: list[str], agency: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposal = proposal
        if not agency:  # priority, decision and progress are the agency's to set
            for name in ("priority", "decision", "progress"):
                del self.fields[name]
        self.fields["to_status"].choices = [(UNCHANGED, _("Ongewijzigd")), *S.choices]
        self.fields["to_status"].widget.choices = [(UNCHANGED, _("Ongewijzigd"))] + [
            (value, S(value).label) for value in allowed
        ]

    def row(self) -> dict | None:
        """The row for ``proposals_bulk_update``, or None when nothing changes. Progress counts
        only when it differs from the current figure (the field starts filled in)."""
        data = self.cleaned_data
        progress = data.get("progress")
        if progress == self.proposal.progress:
            progress = None
        if not data.get("to_status") and progress is None:
            return None
        return {
            "line": self.proposal.number,
            "proposal": self.proposal,
            "to_status": data.get("to_status", ""),
            "text": data.get("text", ""),
            "priority": data.get("priority", ""),
            "decision": data.get("decision", ""),
            "progress": progress,
        }


class ImportForm(Form):
    plan = forms.ChoiceField(
        label=_("In welk plan?"),
        required=False,
        help_text=_(
            "Kies een plan om alle regels in dat plan te zetten, bijvoorbeeld in een nieuw plan. "
            "Laat het leeg om de kolom “plan” te volgen."
        ),
        error_messages={"invalid_choice": _("Kies een plan uit de lijst.")},
    )
    file = forms.FileField(
        label=_("CSV-bestand"),
        help_text=_(
            "Een bestand met puntkomma’s of komma’s tussen de kolommen, in UTF-8. Een export "
            "van een plan kunt u zo weer inlezen."
        ),
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}),
        error_messages={
            "required": _("Kies een CSV-bestand."),
            "empty": _("Dit bestand is leeg. Kies een ander bestand."),
        },
    )

    def __init__(self, *args, plans=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].choices = [("", _("Het plan uit de kolom “plan”"))] + [
            (str(plan.pk), f"{plan.pk}: {plan.title}") for plan in plans
        ]
