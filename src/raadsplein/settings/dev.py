"""Local development (``make run``): debug on, mail printed to the console."""

from .base import *  # noqa: F403

DEBUG = env.bool("DEBUG", default=True)
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
