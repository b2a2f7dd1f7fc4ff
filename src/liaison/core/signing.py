"""Ed25519 key files, shared by the signed offline replica and the signed audit checkpoints.

Both sign with a private key that stays with an operator (never in the database) and verify with a public
key given as a PEM file or as the base64 of its 32 raw bytes. Each caller passes its own error class and
the command that makes its keys, so the message a person reads names the right tool.
"""

from __future__ import annotations

import base64
import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey


def write_key_pair(
    private_path: Path, public_path: Path, *, overwrite: bool, error: type[Exception]
) -> Ed25519PrivateKey:
    """Write a new key pair; the private key readable by its owner only."""
    if private_path.exists() and not overwrite:
        raise error(f"{private_path} exists; refusing to overwrite a signing key (use --force).")
    private_path.parent.mkdir(parents=True, exist_ok=True)
    public_path.parent.mkdir(parents=True, exist_ok=True)
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    fd = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fp:
        fp.write(pem)
    public = key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    public_path.write_bytes(public)
    return key


def public_key_text(key: Ed25519PublicKey) -> str:
    return base64.b64encode(key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)).decode()


def load_private_key(path: Path, *, error: type[Exception], keygen_command: str) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except FileNotFoundError:
        raise error(f"No signing key at {path}: create one with '{keygen_command}'.") from None
    except (ValueError, TypeError) as exc:
        raise error(f"{path} is not a PEM private key: {exc}") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise error(f"{path} is not an Ed25519 key.")
    return key


def load_public_key(spec: str, *, error: type[Exception]) -> Ed25519PublicKey:
    """A PEM file, or the key itself as base64 of its 32 raw bytes (as ``keygen`` prints it)."""
    path = Path(spec)
    try:
        if path.is_file():
            key = serialization.load_pem_public_key(path.read_bytes())
        else:
            key = Ed25519PublicKey.from_public_bytes(base64.b64decode(spec, validate=True))
    except (ValueError, TypeError, OSError):
        raise error(f"{spec!r} is neither a public-key file nor a base64 Ed25519 public key.") from None
    if not isinstance(key, Ed25519PublicKey):
        raise error(f"{spec} is not an Ed25519 public key.")
    return key
