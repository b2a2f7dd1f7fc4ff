"""Attachment storage: content-addressed files with size limits and type checks.

The type is decided from the file's first bytes, not from its name or the browser's claim, so an
executable renamed to ``.pdf`` is refused. Files are written to a temporary name and renamed into place,
so a crash never leaves a half-written blob under its final name.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.orm import Session

from liaison.cases.models import Blob
from liaison.core.config import get_settings
from liaison.core.errors import InvalidInput
from liaison.core.i18n import _

ALLOWED = {
    "application/pdf": (b"%PDF-",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/gif": (b"GIF87a", b"GIF89a"),
    "image/tiff": (b"II*\x00", b"MM\x00*"),
    # Office Open XML and OpenDocument files are zip archives.
    "application/zip": (b"PK\x03\x04",),
}


def sniff(data: bytes) -> str | None:
    for content_type, magics in ALLOWED.items():
        if any(data.startswith(m) for m in magics):
            return content_type
    if b"\x00" not in data[:4096]:
        try:
            data[:65536].decode("utf-8")
            return "text/plain"
        except UnicodeDecodeError:
            return None
    return None


def blob_path(sha256: str) -> Path:
    return get_settings().blob_dir / sha256[:2] / sha256


def store(session: Session, filename: str, data: bytes) -> Blob:
    limit = get_settings().max_attachment_bytes
    if not data:
        raise InvalidInput(_("The attachment is empty."), fields={"attachment": _("Empty file")})
    if len(data) > limit:
        raise InvalidInput(
            _("The attachment is too large."),
            fields={"attachment": _("At most %(mb)s MB per file.") % {"mb": limit // (1024 * 1024)}},
        )
    content_type = sniff(data)
    if content_type is None:
        raise InvalidInput(
            _("This type of file is not accepted."),
            fields={"attachment": _("Accepted: PDF, PNG, JPEG, GIF, TIFF, text, office documents.")},
        )
    digest = hashlib.sha256(data).hexdigest()
    blob = session.get(Blob, digest)
    path = blob_path(digest)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    if blob is None:
        blob = Blob(sha256=digest, size=len(data), content_type=content_type)
        session.add(blob)
    return blob


def read(sha256: str) -> bytes:
    return blob_path(sha256).read_bytes()


def remove_file(sha256: str) -> None:
    blob_path(sha256).unlink(missing_ok=True)


_REMOVE_KEY = "liaison_blobs_to_remove"


def remove_after_commit(session: Session, shas: list[str]) -> None:
    """Delete files only once the erasure has committed; a rollback keeps them."""
    session.info.setdefault(_REMOVE_KEY, []).extend(shas)


@event.listens_for(Session, "after_commit")
def _remove_files(session: Session) -> None:
    for sha in session.info.pop(_REMOVE_KEY, []):
        remove_file(sha)


@event.listens_for(Session, "after_rollback")
def _keep_files(session: Session) -> None:
    session.info.pop(_REMOVE_KEY, None)
