from __future__ import annotations

import pytest
from django.core.files.storage import FileSystemStorage


@pytest.fixture(autouse=True)
def private_storage(monkeypatch, tmp_path):
    """Each test keeps its documents in its own folder (the field's storage is made once)."""
    from dossiers.models import DocumentVersion

    storage = FileSystemStorage(location=str(tmp_path / "private"))
    monkeypatch.setattr(DocumentVersion._meta.get_field("file"), "storage", storage)
    return storage
