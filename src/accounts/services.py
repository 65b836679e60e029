"""Account actions: invitations and accepting them. Each write runs in one transaction, writes
the audit log and sends its mail through the outbox after commit."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from common.audit import audit_log
from common.outbox import outbox_enqueue_template
from councils.models import Council, Membership, WorkingGroupMembership
from councils.services import membership_start

from .models import Invitation, MemberTopic

User = get_user_model()


class InvitationError(Exception):
    """A user-facing reason why an invitation cannot be used."""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_create(
    *, inviter, council: Council, email: str, role: str
) -> tuple[Invitation, str]:
    """Invite a person to a council with a role. Returns the invitation and its one-time token."""
    email = email.strip().lower()
    if role not in Membership.Role.values:
        raise InvitationError(_("Kies een rol."))
    if Membership.objects.active().filter(council=council, user__email__iexact=email).exists():
        raise InvitationError(_("Deze persoon is al lid van deze raad."))
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        # An earlier open invitation for the same address and council is replaced by this one.
        Invitation.objects.filter(
            council=council, email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True
        ).update(revoked_at=timezone.now())
        invitation = Invitation.objects.create(
            email=email,
            council=council,
            role=role,
            invited_by=inviter,
            token_hash=_hash(token),
            expires_at=timezone.now() + timedelta(days=settings.INVITATION_EXPIRY_DAYS),
        )
        audit_log(
            actor=inviter,
            action="invitation.create",
            obj=invitation,
            personal_data=True,
            details={"council": council.pk, "role": role},
        )
        outbox_enqueue_template(
            to=[email],
            template="accounts/email/invitation",
            context={
                "invitation": invitation,
                "council": council,
                "role": Membership.Role(role).label,
                "inviter": inviter,
                "url": settings.SITE_URL + reverse("accounts:invitation_accept", args=[token]),
                "days": settings.INVITATION_EXPIRY_DAYS,
            },
            kind="invitation",
        )
    return invitation, token


def invitation_for_token(token: str) -> Invitation:
    """The open invitation for a token, or InvitationError saying why it cannot be used."""
    invitation = (
        Invitation.objects.select_related("council", "invited_by")
        .filter(token_hash=_hash(token))
        .first()
    )
    if invitation is None or invitation.revoked_at:
        raise InvitationError(_("Deze uitnodiging bestaat niet (meer)."))
    if invitation.accepted_at:
        raise InvitationError(_("Deze uitnodiging is al gebruikt. U kunt inloggen."))
    if invitation.expires_at <= timezone.now():
        raise InvitationError(
            _("Deze uitnodiging is verlopen. Vraag de secretaris om een nieuwe uitnodiging.")
        )
    return invitation


def invitation_accept(
    *, token: str, user=None, first_name: str = "", last_name: str = "", password: str = ""
):
    """Accept an invitation: with ``user`` (already logged in with the invited address), or by
    creating the account. Adds the membership. All or nothing."""
    with transaction.atomic():
        invitation = invitation_for_token(token)
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at:  # accepted in a concurrent request
            raise InvitationError(_("Deze uitnodiging is al gebruikt. U kunt inloggen."))
        if user is None:
            if User.objects.filter(email__iexact=invitation.email).exists():
                raise InvitationError(_("Er is al een account met dit e-mailadres. Log eerst in."))
            user = User.objects.create_user(
                email=invitation.email,
                password=password,
                first_name=first_name.strip(),
                last_name=last_name.strip(),
            )
            audit_log(
                actor=user,
                action="user.create",
                obj=user,
                personal_data=True,
                details={"via": "invitation", "invitation": invitation.pk},
            )
        elif user.email.lower() != invitation.email.lower():
            raise InvitationError(
                _("Deze uitnodiging is voor een ander e-mailadres dan waarmee u bent ingelogd.")
            )
        membership_start(actor=user, user=user, council=invitation.council, role=invitation.role)
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        audit_log(actor=user, action="invitation.accept", obj=invitation)
    return user


def invitation_revoke(*, actor, invitation: Invitation) -> None:
    with transaction.atomic():
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        audit_log(actor=actor, action="invitation.revoke", obj=invitation)


def member_directory_profile_set(
    *, actor, user, topics: list[str], show_email: bool, phone: str
) -> list[str]:
    """A member's own entry in the member directory: the topics to be asked about, and which
    contact ways other members may see. Returns what changed (field names), which the audit
    entry records; the phone number itself is not written to the log."""
    phone = phone.strip()
    topics = sorted(set(topics))
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        before_topics = sorted(MemberTopic.objects.filter(user=user).values_list("code", flat=True))
        changed = []
        if user.directory_show_email != show_email:
            user.directory_show_email = show_email
            changed.append("directory_show_email")
        if user.directory_phone != phone:
            user.directory_phone = phone
            changed.append("directory_phone")
        shows_contact = show_email or bool(phone)
        if changed:
            user.directory_consent_at = timezone.now() if shows_contact else None
            user.save(update_fields=[*changed, "directory_consent_at"])
        if before_topics != topics:
            MemberTopic.objects.filter(user=user).exclude(code__in=topics).delete()
            MemberTopic.objects.bulk_create(
                [MemberTopic(user=user, code=code) for code in topics if code not in before_topics]
            )
            changed.append("topics")
        if changed:
            details = {"changed": changed}
            if "topics" in changed:
                details["topics"] = {"before": before_topics, "after": topics}
            if "directory_show_email" in changed:
                details["show_email"] = show_email
            if "directory_phone" in changed:
                details["show_phone"] = bool(phone)
            audit_log(
                actor=actor,
                action="user.directory_profile.change",
                obj=user,
                personal_data="directory_phone" in changed or "directory_show_email" in changed,
                details=details,
            )
    return changed


def member_directory_leavers_forget(*, on=None) -> int:
    """People who no longer sit on any council or working group are not in the member
    directory, so what they shared for it is not kept either: their phone number, their consent
    to show their address and their topics. Returns how many people were forgotten."""
    on = on or timezone.localdate()
    sitting = set(Membership.objects.active(on).values_list("user_id", flat=True)) | set(
        WorkingGroupMembership.objects.active(on).values_list("user_id", flat=True)
    )
    with transaction.atomic():
        leavers = list(
            User.objects.filter(
                Q(directory_show_email=True)
                | ~Q(directory_phone="")
                | Q(pk__in=MemberTopic.objects.values("user_id"))
            )
            .exclude(pk__in=sitting)
            .select_for_update()
        )
        for user in leavers:
            user.directory_show_email = False
            user.directory_phone = ""
            user.directory_consent_at = None
            user.save(
                update_fields=["directory_show_email", "directory_phone", "directory_consent_at"]
            )
            audit_log(
                actor=None,
                action="user.directory_profile.forget",
                obj=user,
                personal_data=True,
                details={"reason": "no longer a member"},
            )
        MemberTopic.objects.filter(user__in=[u.pk for u in leavers]).delete()
    return len(leavers)
