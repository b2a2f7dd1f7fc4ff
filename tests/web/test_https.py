"""`liaison serve` speaks HTTPS when given a certificate and key, and then marks cookies Secure."""

from __future__ import annotations

import datetime as dt
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


def _self_signed(tmp: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp / "cert.pem", tmp / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_path, key_path


def test_serves_https_with_secure_cookies(db_url: str, tmp_path: Path) -> None:
    cert, key = _self_signed(tmp_path)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "LIAISON_DATABASE_URL": db_url}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "liaison.cli",
            "serve",
            "--port",
            str(port),
            "--certfile",
            str(cert),
            "--keyfile",
            str(key),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"https://127.0.0.1:{port}"
        deadline = time.time() + 30
        while True:
            try:
                httpx.get(url + "/healthz", verify=False, timeout=1)
                break
            except httpx.HTTPError:
                if time.time() > deadline:
                    raise
                time.sleep(0.2)
        with httpx.Client(verify=False) as web:
            token = re.search(r'name="csrf_token" value="([0-9a-f]+)"', web.get(url + "/login").text)
            assert token
            form = {"username": "mk.duty", "password": "Liaison-demo-2026!", "csrf_token": token.group(1)}
            r = web.post(url + "/login", data=form)
        assert r.status_code == 303
        assert "secure" in r.headers["set-cookie"].lower()
        # Direct TLS: browsers are told to use HTTPS only from now on.
        assert r.headers["strict-transport-security"] == "max-age=31536000; includeSubDomains"
        with pytest.raises(httpx.HTTPError):
            httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
