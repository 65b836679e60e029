"""Log-ins are recorded in the audit log. Django's auth signals are the only hook allauth and the
admin both pass through, which is why this side effect lives in a receiver (STYLE.md rule 5), as
does noting the fresh session as renewed."""

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


@receiver(user_logged_in)
def note_session_renewed(sender, request, user, **kwargs):
    """Logging in saves the session anyway: note it as renewed, so the first page after it does
    not write the session row a second time (accounts.middleware.IdleSessionMiddleware)."""
    import time

    from .middleware import LAST_SEEN_KEY

    session = getattr(request, "session", None)
    if session is not None:
        session[LAST_SEEN_KEY] = time.time()
