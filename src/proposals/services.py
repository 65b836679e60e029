"""Plans, proposals and advices: every write in one transaction with its history row and audit
entry; owners are told by e-mail (outbox) when the agency answers, prioritises or decides."""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from common.audit import audit_log
from common.exports import FORMULA_START
from common.outbox import outbox_enqueue_template

from .models import Advice, AdviceEvent, Decision, Plan, Priority, Proposal, ProposalEvent
from .models import ProposalStatus as S
from .workflow import TransitionRefused, check_move

AGENCY_MOVES = {S.IN_REVIEW, S.PRIORITISED, S.DECIDED, S.IN_PROGRESS, S.REALISED, S.REJECTED}


class ProposalError(Exception):
    """A user-facing reason why an action is refused."""


def plan_create(
    *,
    actor,
    title: str,
    summary: str = "",
    working_group=None,
    council=None,
    is_public: bool = False,
) -> Plan:
    if bool(working_group) == bool(council):
        raise ProposalError(_("Een plan hoort bij één werkgroep of één raad."))
    if not title.strip():
        raise ProposalError(_("Geef het plan een titel."))
    with transaction.atomic():
        plan = Plan.objects.create(
            title=title.strip(),
            summary=summary,
            is_public=is_public,
            working_group=working_group,
            council=council,
            created_by=actor,
        )
        audit_log(actor=actor, action="plan.create", obj=plan)
    return plan


def proposal_add(
    *,
    actor,
    plan: Plan,
    title: str,
    text: str,
    theme: str = "",
    owner=None,
    number: int | None = None,
) -> Proposal:
    """A new concept; ``number`` keeps the number from an imported file, else the next one."""
    if not title.strip() or not text.strip():
        raise ProposalError(_("Een voorstel heeft een titel en een tekst."))
    with transaction.atomic():
        # Lock the plan, so two people adding at once do not take the same number.
        Plan.objects.select_for_update().filter(pk=plan.pk).first()
        if number is None:
            number = (Proposal.objects.filter(plan=plan).aggregate(n=Max("number"))["n"] or 0) + 1
        elif Proposal.objects.filter(plan=plan, number=number).exists():
            raise ProposalError(_("Dit plan heeft al een voorstel %(n)s.") % {"n": number})
        proposal = Proposal.objects.create(
            plan=plan,
            number=number,
            title=title.strip(),
            text=text.strip(),
            theme=theme,
            owner=owner or actor,
        )
        ProposalEvent.objects.create(
            proposal=proposal, by=actor, to_status=S.CONCEPT, text=_("Voorstel gemaakt")
        )
        audit_log(actor=actor, action="proposal.create", obj=proposal)
    return proposal


def proposal_edit_text(
    *, actor, proposal: Proposal, sides: set[str], title: str, text: str
) -> Proposal:
    """The council's own words: only the owning side, and only while still a concept."""
    if "council" not in sides:
        raise ProposalError(
            _("Alleen de raad of werkgroep zelf past de tekst van een voorstel aan.")
        )
    if proposal.status != S.CONCEPT:
        raise ProposalError(
            _("Een verstuurd voorstel verandert niet meer. Maak zo nodig een nieuw voorstel.")
        )
    with transaction.atomic():
        proposal.title, proposal.text = title.strip(), text.strip()
        proposal.save(update_fields=["title", "text"])
        audit_log(actor=actor, action="proposal.edit", obj=proposal)
    return proposal


def proposal_move(
    *,
    actor,
    proposal: Proposal,
    sides: set[str],
    to_status: str,
    text: str = "",
    priority: str = "",
    decision: str = "",
    progress: int | None = None,
    notify: bool = True,
) -> Proposal:
    """Move a proposal along its path (workflow.TRANSITIONS), with the history row."""
    with transaction.atomic():
        proposal = (
            Proposal.objects.select_for_update(of=("self",))
            .select_related("owner", "plan")
            .get(pk=proposal.pk)
        )
        try:
            check_move(
                proposal.status,
                to_status,
                sides,
                priority=priority,
                decision=decision,
                reasoning=text,
                progress=progress,
                current_decision=proposal.decision,
            )
        except TransitionRefused as refused:
            raise ProposalError(str(refused)) from refused
        if priority and priority not in Priority.values:
            raise ProposalError(_("Kies een prioriteit: hoog, middel of laag."))
        if decision and decision not in Decision.values:
            raise ProposalError(_("Kies het besluit van UWV."))
        event = ProposalEvent(
            proposal=proposal,
            by=actor,
            from_status=proposal.status,
            to_status=to_status,
            text=text.strip(),
        )
        fields = ["status", "last_change_at"]
        proposal.status = to_status
        proposal.last_change_at = timezone.now()
        if to_status == S.SUBMITTED:
            proposal.submitted_at = timezone.now()
            proposal.answer_due = timezone.localdate() + datetime.timedelta(
                weeks=settings.ADVICE_ANSWER_WEEKS
            )
            fields += ["submitted_at", "answer_due"]
        if to_status == S.PRIORITISED:
            proposal.priority = event.priority = priority
            fields.append("priority")
        if to_status == S.DECIDED or to_status == S.REJECTED and not proposal.decision:
            proposal.decision = event.decision = decision or Decision.REJECTED
            proposal.decision_reasoning = text.strip()
            fields += ["decision", "decision_reasoning"]
        if to_status == S.REALISED:
            progress = 100
        if progress is not None:
            proposal.progress = event.progress = progress
            fields.append("progress")
        proposal.save(update_fields=fields)
        event.save()
        audit_log(actor=actor, action="proposal.move", obj=proposal, details={"to": to_status})
        if notify and to_status in AGENCY_MOVES and proposal.owner and proposal.owner.email:
            outbox_enqueue_template(
                to=[proposal.owner.email],
                template="proposals/email/proposal_changed",
                context={
                    "proposal": proposal,
                    "event": event,
                    "user": proposal.owner,
                    "url": settings.SITE_URL + proposal.get_absolute_url(),
                },
                kind="proposal.changed",
            )
    return proposal


def proposal_progress(
    *, actor, proposal: Proposal, sides: set[str], progress: int, text: str
) -> Proposal:
    """An update while the agency carries a proposal out (in uitvoering)."""
    if "agency" not in sides:
        raise ProposalError(_("De voortgang zet UWV (de contactpersoon)."))
    if proposal.status != S.IN_PROGRESS:
        raise ProposalError(_("Voortgang kan alleen bij een voorstel in uitvoering."))
    if not 0 <= progress <= 100:
        raise ProposalError(_("Voortgang is een getal van 0 tot en met 100."))
    if not text.strip():
        raise ProposalError(_("Schrijf kort wat er gebeurd is."))
    with transaction.atomic():
        proposal = (
            Proposal.objects.select_for_update(of=("self",))
            .select_related("owner")
            .get(pk=proposal.pk)
        )
        proposal.progress = progress
        proposal.last_change_at = timezone.now()
        proposal.save(update_fields=["progress", "last_change_at"])
        ProposalEvent.objects.create(
            proposal=proposal,
            by=actor,
            from_status=proposal.status,
            to_status=proposal.status,
            progress=progress,
            text=text.strip(),
        )
        audit_log(
            actor=actor, action="proposal.progress", obj=proposal, details={"progress": progress}
        )
    return proposal


@dataclass
class BulkResult:
    applied: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)


def proposals_bulk_update(*, actor, rows: list[dict], sides_for) -> BulkResult:
    """Apply many moves at once (after a meeting with the agency): all, or none when any row is
    refused. ``rows``: dicts with line, proposal, to_status, text, priority, decision,
    progress. ``sides_for(plan)`` gives the actor's sides for a plan."""
    result = BulkResult()
    try:
        with transaction.atomic():
            for row in rows:
                try:
                    # Fresh from the database: an earlier row may have moved it already.
                    proposal = Proposal.objects.select_related("plan").get(pk=row["proposal"].pk)
                    if row.get("to_status") and row["to_status"] != proposal.status:
                        proposal_move(
                            actor=actor,
                            proposal=proposal,
                            sides=sides_for(proposal.plan),
                            to_status=row["to_status"],
                            text=row.get("text", ""),
                            priority=row.get("priority", ""),
                            decision=row.get("decision", ""),
                            progress=row.get("progress"),
                        )
                    elif row.get("progress") is not None:
                        proposal_progress(
                            actor=actor,
                            proposal=proposal,
                            sides=sides_for(proposal.plan),
                            progress=row["progress"],
                            text=row.get("text", ""),
                        )
                    result.applied += 1
                except ProposalError as error:
                    result.errors.append((row["line"], str(error)))
            if result.errors:
                raise _Rollback
    except _Rollback:
        result.applied = 0
    return result


class _Rollback(Exception):
    pass


# One format both ways: the plan's export reads back unchanged. The export fills every column;
# an import needs "plan" (unless a plan is chosen on the form) and "nummer"; the last two are
# there to read and are never imported.
CSV_COLUMNS = (
    "plan",
    "nummer",
    "titel",
    "voorstel",
    "status",
    "prioriteit",
    "besluit",
    "toelichting",
    "voortgang",
    "antwoord verwacht",
    "laatst bijgewerkt",
)


@dataclass
class ImportResult:
    applied: int = 0
    created: int = 0
    # (line, column, reason): every bad row, each with the column to fix.
    errors: list[tuple[int, str, str]] = field(default_factory=list)


def _uncell(text: str) -> str:
    """A cell as the export wrote it, without the quote that ``common.exports.neutralise`` put
    before text a spreadsheet would take for a formula."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_START) else text


def proposal_csv_row(proposal: Proposal) -> list:
    """A proposal as one row of ``CSV_COLUMNS``: what the plan export writes (through
    ``common.exports``, which neutralises formulas and writes dates as JJJJ-MM-DD)."""
    p = proposal
    return [
        p.plan_id,
        p.number,
        p.title,
        p.text,
        p.get_status_display(),
        p.get_priority_display(),
        p.get_decision_display(),
        p.decision_reasoning,
        _shown_progress(p),
        p.answer_due,
        timezone.localdate(p.last_change_at),
    ]


def _shown_progress(proposal: Proposal) -> int:
    return 100 if proposal.status == S.REALISED else proposal.progress


def _read_csv(content: str) -> tuple[list[str], list[tuple[int, dict]]]:
    """The header (lower case) and the rows with their row numbers as a spreadsheet shows them
    (the header is row 1), as spreadsheet programs save them: a semicolon, comma or tab between
    columns (read from the header line, which holds none of them otherwise), CRLF or LF, an
    optional BOM and an Excel "sep=;" line."""
    lines = content.lstrip("\ufeff").splitlines(keepends=True)
    delimiter = None
    if lines and len(lines[0].strip()) == 5 and lines[0].strip().lower().startswith("sep="):
        delimiter, lines = lines[0].strip()[4], lines[1:]
    if delimiter is None:
        header_line = lines[0] if lines else ""
        counts = {d: header_line.count(d) for d in ";,\t"}
        delimiter = max(counts, key=counts.get) if any(counts.values()) else ";"
    records = csv.reader(io.StringIO("".join(lines), newline=""), delimiter=delimiter)
    header = [h.strip().lower() for h in next(records, [])]
    rows = []
    for number, record in enumerate(records, start=2):
        if any(value.strip() for value in record):  # spreadsheets leave empty rows at the end
            # A line break inside a cell is LF, whether the file or a browser's form (which
            # sends CRLF) carried it.
            values = (_uncell(v.strip().replace("\r\n", "\n")) for v in record)
            rows.append((number, dict(zip(header, values, strict=False))))
    return header, rows


def _choice(value: str, choices) -> str:
    """A status, priority or decision by its code or its Dutch name, in any case."""
    by_label = {str(label).lower(): code for code, label in choices}
    value = value.strip().lower()
    return by_label.get(value, value)


def proposals_parse_csv(
    content: str, *, plans, target: Plan | None = None
) -> tuple[list[dict], list[tuple[int, str, str]]]:
    """Read a plan CSV (``CSV_COLUMNS``) into rows for ``proposals_import_rows``, and every problem
    as (row, column, reason), all rows checked. With ``target`` every row goes to that plan
    (the "plan" column is then not needed): an export read into a new plan. A number the plan
    does not have yet is a new proposal (title and text from the file, as a concept)."""
    header, records = _read_csv(content)
    needed = ["nummer"] if target else ["plan", "nummer"]
    missing = [c for c in needed if c not in header]
    if missing:
        return [], [(1, ", ".join(missing), _("Deze kolom ontbreekt in de eerste regel."))]
    plan_map = {str(p.pk): p for p in plans}
    existing = {
        (p.plan_id, p.number): p
        for p in Proposal.objects.filter(plan__in=[target] if target else list(plans))
    }
    rows, errors, seen = [], [], {}
    for line, record in records:
        row_errors = []

        def bad(column, reason, line=line, row_errors=row_errors):
            row_errors.append((line, column, reason))

        plan = target or plan_map.get(record.get("plan", ""))
        if plan is None:
            bad(
                "plan",
                _("Plan %(p)s staat niet bij de plannen die u bijwerkt.")
                % {"p": record.get("plan", "") or "–"},
            )
        number = record.get("nummer", "")
        if not number.isdigit() or int(number) == 0:
            bad("nummer", _("Vul het nummer van het voorstel in (een getal, 1 of hoger)."))
            number = None
        else:
            number = int(number)
        if plan is not None and number is not None:
            if (plan.pk, number) in seen:
                bad(
                    "nummer",
                    _("Voorstel %(n)s staat ook al op regel %(line)s.")
                    % {"n": number, "line": seen[(plan.pk, number)]},
                )
            seen.setdefault((plan.pk, number), line)
        proposal = existing.get((plan.pk, number)) if plan and number else None
        status = _choice(record.get("status", ""), S.choices)
        if status and status not in S.values:
            bad(
                "status",
                _("Status “%(s)s” bestaat niet. Kies bijvoorbeeld “In behandeling”.")
                % {"s": record.get("status", "")},
            )
        priority = _choice(record.get("prioriteit", ""), Priority.choices)
        if priority and priority not in Priority.values:
            bad("prioriteit", _("Kies Hoog, Middel of Laag."))
        decision = _choice(record.get("besluit", ""), Decision.choices)
        if decision and decision not in Decision.values:
            bad("besluit", _("Kies Aangenomen, Deels aangenomen of Afgewezen."))
        progress = record.get("voortgang", "").rstrip("%").strip()
        if progress and not (progress.isdigit() and int(progress) <= 100):
            bad("voortgang", _("Voortgang is een getal van 0 tot en met 100."))
        progress = int(progress) if progress.isdigit() else None
        new = None
        if plan is not None and number is not None and proposal is None:
            title, text = record.get("titel", ""), record.get("voorstel", "")
            if not title:
                bad(
                    "titel",
                    _("Voorstel %(n)s is nieuw in dit plan: geef het een titel.") % {"n": number},
                )
            if not text:
                bad(
                    "voorstel",
                    _("Voorstel %(n)s is nieuw in dit plan: schrijf het voorstel.") % {"n": number},
                )
            new = {"plan": plan, "number": number, "title": title, "text": text}
        if row_errors:
            errors += row_errors
            continue
        if proposal is not None:
            # What the export wrote for an unchanged proposal changes nothing.
            if status == proposal.status:
                status = ""
            if progress == _shown_progress(proposal):
                progress = None
        rows.append(
            {
                "line": line,
                "proposal": proposal,
                "new": new,
                "to_status": "" if new else status,
                "text": record.get("toelichting", ""),
                "priority": priority,
                "decision": decision,
                "progress": None if new else progress,
            }
        )
    return rows, errors


def proposals_import_rows(
    *, actor, rows: list[dict], sides_for, dry_run: bool = False
) -> ImportResult:
    """Add the new proposals and move the others, all or nothing. ``dry_run`` checks every row
    the same way and keeps nothing."""
    result = ImportResult()
    try:
        with transaction.atomic():
            moves = []
            for row in rows:
                new = row["new"]
                if new is None:
                    moves.append(row)
                elif "council" not in sides_for(new["plan"]):
                    result.errors.append(
                        (
                            row["line"],
                            "nummer",
                            _("Alleen de raad of werkgroep van het plan voegt voorstellen toe."),
                        )
                    )
                else:
                    try:
                        proposal_add(
                            actor=actor,
                            plan=new["plan"],
                            number=new["number"],
                            title=new["title"],
                            text=new["text"],
                        )
                    except ProposalError as error:
                        result.errors.append((row["line"], "nummer", str(error)))
                    else:
                        result.created += 1
            moved = proposals_bulk_update(actor=actor, rows=moves, sides_for=sides_for)
            column = {row["line"]: "status" if row["to_status"] else "voortgang" for row in moves}
            result.errors += [(line, column[line], reason) for line, reason in moved.errors]
            result.errors.sort()
            result.applied = sum(1 for r in moves if r["to_status"] or r["progress"] is not None)
            if result.errors or dry_run:
                raise _Rollback
    except _Rollback:
        if result.errors:
            result.applied = result.created = 0
    return result


# --- advices --------------------------------------------------------------------------------


def advice_create(
    *,
    actor,
    kind: str,
    title: str,
    text: str,
    councils,
    evidence: str = "",
    signal_figures: dict | None = None,
    is_public: bool = False,
) -> Advice:
    if kind not in Advice.Kind.values:
        raise ProposalError(_("Kies gevraagd of ongevraagd advies."))
    if not title.strip() or not text.strip():
        raise ProposalError(_("Een advies heeft een titel en een tekst."))
    councils = list(councils)
    if not councils:
        raise ProposalError(_("Kies de raad of raden die het advies geven."))
    with transaction.atomic():
        advice = Advice.objects.create(
            kind=kind,
            title=title.strip(),
            text=text.strip(),
            evidence=evidence,
            signal_figures=signal_figures or {},
            is_public=is_public,
            created_by=actor,
        )
        advice.councils.set(councils)
        AdviceEvent.objects.create(advice=advice, by=actor, action="create")
        audit_log(actor=actor, action="advice.create", obj=advice)
    return advice


def advice_send(
    *, actor, advice: Advice, adopted_on: datetime.date, sent_on: datetime.date | None = None
) -> Advice:
    """The council adopted and sent the advice; the agency's answer is due after the term."""
    sent_on = sent_on or timezone.localdate()
    if adopted_on > sent_on:
        raise ProposalError(_("Een advies wordt eerst vastgesteld en dan verstuurd."))
    with transaction.atomic():
        advice = Advice.objects.select_for_update().get(pk=advice.pk)
        if advice.status != Advice.Status.DRAFT:
            raise ProposalError(_("Dit advies is al verstuurd."))
        advice.adopted_on, advice.sent_on = adopted_on, sent_on
        advice.answer_due = sent_on + datetime.timedelta(weeks=settings.ADVICE_ANSWER_WEEKS)
        advice.status = Advice.Status.SENT
        advice.last_change_at = timezone.now()
        advice.save(
            update_fields=["adopted_on", "sent_on", "answer_due", "status", "last_change_at"]
        )
        AdviceEvent.objects.create(advice=advice, by=actor, action="sent")
        audit_log(actor=actor, action="advice.send", obj=advice)
    return advice


def advice_record_answer(
    *,
    actor,
    advice: Advice,
    answer_text: str,
    answered_on: datetime.date | None = None,
    answer_file=None,
) -> Advice:
    """A liaison records the agency's answer, with its letter if there is one (type and size
    are checked by the form); the council's people are told."""
    if not answer_text.strip():
        raise ProposalError(_("Vul het antwoord van UWV in."))
    with transaction.atomic():
        advice = Advice.objects.select_for_update().get(pk=advice.pk)
        if advice.status != Advice.Status.SENT:
            raise ProposalError(_("Alleen een verstuurd advies krijgt een antwoord."))
        advice.answer_text = answer_text.strip()
        advice.answered_on = answered_on or timezone.localdate()
        advice.status = Advice.Status.ANSWERED
        advice.last_change_at = timezone.now()
        fields = ["answer_text", "answered_on", "status", "last_change_at"]
        if answer_file is not None:
            advice.answer_file = answer_file
            advice.answer_file_name = Path(answer_file.name).name[:255]
            fields += ["answer_file", "answer_file_name"]
        advice.save(update_fields=fields)
        AdviceEvent.objects.create(
            advice=advice, by=actor, action="answered", text=advice.answer_text
        )
        audit_log(actor=actor, action="advice.answer", obj=advice)
        from councils.models import Membership

        to = [
            m.user
            for m in Membership.objects.active()
            .filter(council__in=advice.councils.all(), role__in=["secretary", "chair"])
            .select_related("user")
        ]
        if advice.created_by:
            to.append(advice.created_by)
        _mail_each(
            to,
            template="proposals/email/advice_answered",
            context={"advice": advice, "url": settings.SITE_URL + advice.get_absolute_url()},
            kind="advice.answered",
        )
    return advice


def advice_follow_up(*, actor, advice: Advice, follow_up: str, note: str = "") -> Advice:
    if follow_up not in Advice.FollowUp.values:
        raise ProposalError(_("Kies hoe de raad op het antwoord reageert."))
    with transaction.atomic():
        advice = Advice.objects.select_for_update().get(pk=advice.pk)
        if advice.status != Advice.Status.ANSWERED:
            raise ProposalError(_("Reageren kan als UWV heeft geantwoord."))
        advice.follow_up, advice.follow_up_note = follow_up, note.strip()
        advice.status = (
            Advice.Status.SENT if follow_up == Advice.FollowUp.FOLLOW_UP else Advice.Status.CLOSED
        )
        if follow_up == Advice.FollowUp.FOLLOW_UP:  # a new answer is due, with new reminders
            advice.answer_due = timezone.localdate() + datetime.timedelta(
                weeks=settings.ADVICE_ANSWER_WEEKS
            )
            advice.reminded_before_at = advice.reminded_overdue_at = None
        advice.last_change_at = timezone.now()
        advice.save(
            update_fields=[
                "follow_up",
                "follow_up_note",
                "status",
                "answer_due",
                "last_change_at",
                "reminded_before_at",
                "reminded_overdue_at",
            ]
        )
        AdviceEvent.objects.create(
            advice=advice, by=actor, action=f"follow_up:{follow_up}", text=note.strip()
        )
        audit_log(actor=actor, action="advice.follow_up", obj=advice)
    return advice


# --- reminders ------------------------------------------------------------------------------


def _mail_each(users, *, template: str, context: dict, kind: str) -> None:
    """One mail per person, so each is greeted by name ("Beste Anna,"); a person with two
    roles (liaison and secretary) gets it once."""
    seen = set()
    for user in sorted(users, key=lambda u: u.email):
        if user.email and user.email not in seen:
            seen.add(user.email)
            outbox_enqueue_template(
                to=[user.email], template=template, context={**context, "user": user}, kind=kind
            )


REMIND_DAYS_BEFORE = 7


def reminders_send(*, today: datetime.date | None = None) -> dict:
    """Before a due date the liaisons are reminded; when it passes, liaisons and the owning
    secretaries. Each reminder is sent once (its time is recorded)."""
    from django.contrib.auth import get_user_model

    from accounts.roles import LIAISONS
    from councils.models import Membership

    today = today or timezone.localdate()
    soon = today + datetime.timedelta(days=REMIND_DAYS_BEFORE)
    liaisons = [
        u for u in get_user_model().objects.filter(groups__name=LIAISONS, is_active=True) if u.email
    ]
    sent = {"before": 0, "overdue": 0}

    def secretaries(council_ids):
        return [
            m.user
            for m in Membership.objects.active()
            .filter(council_id__in=council_ids, role__in=["secretary", "chair"])
            .select_related("user")
            if m.user.email
        ]

    with transaction.atomic():
        items = [
            *Proposal.objects.filter(
                status__in=[S.SUBMITTED, S.IN_REVIEW, S.PRIORITISED], answer_due__isnull=False
            ).select_related("plan"),
            *Advice.objects.filter(status=Advice.Status.SENT, answer_due__isnull=False),
        ]
        for item in items:
            if (
                item.answer_due <= soon
                and item.answer_due >= today
                and item.reminded_before_at is None
                and liaisons
            ):
                _mail_each(
                    liaisons,
                    template="proposals/email/due_soon",
                    context={"item": item, "url": settings.SITE_URL + item.get_absolute_url()},
                    kind="due.soon",
                )
                item.reminded_before_at = timezone.now()
                item.save(update_fields=["reminded_before_at"])
                sent["before"] += 1
            elif item.answer_due < today and item.reminded_overdue_at is None:
                if isinstance(item, Proposal):
                    council_ids = [item.plan.council_id] if item.plan.council_id else []
                else:
                    council_ids = list(item.councils.values_list("pk", flat=True))
                _mail_each(
                    [*liaisons, *secretaries(council_ids)],
                    template="proposals/email/overdue",
                    context={"item": item, "url": settings.SITE_URL + item.get_absolute_url()},
                    kind="overdue",
                )
                item.reminded_overdue_at = timezone.now()
                item.save(update_fields=["reminded_overdue_at"])
                sent["overdue"] += 1
    return sent


def advice_attachment_add(*, actor, advice: Advice, title: str, file):
    """A document with the advice (the letter, a report). Type and size are checked by the form."""
    from .models import AdviceAttachment

    if not title.strip():
        raise ProposalError(_("Geef de bijlage een titel."))
    with transaction.atomic():
        attachment = AdviceAttachment.objects.create(advice=advice, title=title.strip(), file=file)
        AdviceEvent.objects.create(advice=advice, by=actor, action="attachment", text=title.strip())
        audit_log(actor=actor, action="advice.attachment", obj=advice)
    return attachment
