"""Log-ins are recorded in the audit log. Django's auth signals are the only hook allauth and the
admin both pass through, which is why this one side effect lives in a receiver (STYLE.md rule 5)."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from common.audit import audit_log


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs):
    audit_log(actor=user, action="login", obj=user)


@receiver(user_logged_out)
def audit_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_log(actor=user, action="logout", obj=user)


@receiver(user_login_failed)
def audit_login_failed(sender, credentials, request=None, **kwargs):
    audit_log(actor=None, action="login.failed")
