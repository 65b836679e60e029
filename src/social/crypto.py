"""Channel credentials, encrypted at rest with Fernet (AES-128-CBC + HMAC-SHA256, from the
`cryptography` package). `SOCIAL_CREDENTIALS_KEYS` holds one or more keys: the first encrypts,
all decrypt (MultiFernet), so a key can be rotated with `manage.py social_rotate_keys`. Without
keys we derive one from SECRET_KEY with HKDF; then changing SECRET_KEY means connecting the
channels again."""

from __future__ import annotations

import base64
import json

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings


class CredentialsUnreadable(Exception):
    """The stored credentials cannot be decrypted with the configured keys."""


def _derived_key() -> bytes:
    hkdf = HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=b"raadsplein",
        info=b"social channel credentials",
    )
    return base64.urlsafe_b64encode(hkdf.derive(settings.SECRET_KEY.encode()))


def _fernet() -> MultiFernet:
    keys = [key.strip() for key in settings.SOCIAL_CREDENTIALS_KEYS if key.strip()]
    return MultiFernet([Fernet(key) for key in keys] or [Fernet(_derived_key())])


def encrypt(credentials: dict) -> str:
    return _fernet().encrypt(json.dumps(credentials, sort_keys=True).encode()).decode()


def decrypt(token: str) -> dict:
    try:
        return json.loads(_fernet().decrypt(token.encode()))
    except (InvalidToken, ValueError) as error:
        raise CredentialsUnreadable from error


def rotate(token: str) -> str:
    """Re-encrypt with the first key."""
    return _fernet().rotate(token.encode()).decode()
