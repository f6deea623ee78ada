"""Keys and field encryption.

* Every database has one random 256-bit **data key**.  It is never stored in the
  clear: each user holds a copy wrapped (AES-GCM) under a key derived from their
  password with scrypt and a random salt.
* One scrypt derivation per password gives 64 bytes: the first half yields the
  password verifier (hashed again), the second half is the key-encryption key.
  So a login costs one derivation and the verifier reveals nothing about the KEK.
* From the data key, HKDF derives the field-encryption key (AES-256-GCM, random
  96-bit nonce per value) and the blind-index key (HMAC-SHA256, truncated to
  16 bytes) used for exact lookups on encrypted fields.

The column values are encrypted in the service layer with the acting user's
:class:`Keyring`, because the key exists only after that user logged in.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

DATA_KEY_BYTES = 32
SALT_BYTES = 16
NONCE_BYTES = 12
BLIND_INDEX_BYTES = 16
_BLOB_VERSION = b"\x01"


class CryptoError(Exception):
    """Decryption failed: wrong key or tampered data."""


@dataclass(frozen=True)
class KdfParams:
    """scrypt cost parameters; stored beside every derived secret."""

    n: int = 2**17
    r: int = 8
    p: int = 1

    def encode(self) -> str:
        return f"scrypt:n={self.n},r={self.r},p={self.p}"

    @classmethod
    def decode(cls, text: str) -> KdfParams:
        algo, _, rest = text.partition(":")
        if algo != "scrypt":
            raise CryptoError(f"unknown key derivation {algo!r}")
        values = dict(part.split("=", 1) for part in rest.split(","))
        return cls(n=int(values["n"]), r=int(values["r"]), p=int(values["p"]))

    def weaker_than(self, other: KdfParams) -> bool:
        """Does a hash made with these parameters cost less to guess than with *other*?"""
        return self.n * self.r * self.p < other.n * other.r * other.p


def _default_kdf() -> KdfParams:
    """The cost of new password hashes: scrypt N=2^17, r=8, p=1 (128 MiB, about 0.5 s on
    a 2-core office PC).  A test suite may lower it for the processes it starts by
    setting ``CRMDESK_TEST_KDF`` (e.g. ``scrypt:n=1024,r=8,p=1``); it changes only the
    hashes such a process writes, and logins there then upgrade nothing."""
    override = os.environ.get("CRMDESK_TEST_KDF")
    if override:
        try:
            return KdfParams.decode(override)
        except (CryptoError, KeyError, ValueError):
            pass
    return KdfParams()


#: Cost used for new and changed passwords; an older, cheaper hash is upgraded to it at
#: the next successful login (see ``accounts.login``).
DEFAULT_KDF = _default_kdf()

#: scrypt needs 128 * r * n bytes (128 MiB at the default cost); the limit leaves room.
SCRYPT_MAXMEM = 512 * 1024 * 1024


def new_salt() -> bytes:
    return os.urandom(SALT_BYTES)


def new_data_key() -> bytes:
    return os.urandom(DATA_KEY_BYTES)


def derive_password_keys(password: str, salt: bytes, params: KdfParams) -> tuple[bytes, bytes]:
    """Return ``(verifier, kek)`` for *password*: one scrypt derivation."""
    raw = hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=params.n, r=params.r, p=params.p,
        maxmem=SCRYPT_MAXMEM, dklen=64,
    )
    verifier = hashlib.sha256(b"crmdesk-verifier\x00" + raw[:32]).digest()
    return verifier, raw[32:]


def verifier_matches(expected: bytes, actual: bytes) -> bool:
    return hmac.compare_digest(expected, actual)


def seal(key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    """AES-GCM encrypt: version byte + nonce + ciphertext-and-tag."""
    nonce = os.urandom(NONCE_BYTES)
    return _BLOB_VERSION + nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def open_sealed(key: bytes, blob: bytes, aad: bytes) -> bytes:
    if not blob or blob[:1] != _BLOB_VERSION or len(blob) < 1 + NONCE_BYTES + 16:
        raise CryptoError("not an encrypted value")
    nonce, body = blob[1 : 1 + NONCE_BYTES], blob[1 + NONCE_BYTES :]
    try:
        return AESGCM(key).decrypt(nonce, body, aad)
    except InvalidTag as exc:
        raise CryptoError("wrong key or tampered value") from exc


def wrap_data_key(kek: bytes, data_key: bytes, username: str) -> bytes:
    return seal(kek, data_key, b"crmdesk-data-key:" + username.encode("utf-8"))


def unwrap_data_key(kek: bytes, wrapped: bytes, username: str) -> bytes:
    return open_sealed(kek, wrapped, b"crmdesk-data-key:" + username.encode("utf-8"))


def _hkdf(key: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(key)


class Keyring:
    """The unwrapped data key of a logged-in user and the keys derived from it."""

    def __init__(self, data_key: bytes) -> None:
        if len(data_key) != DATA_KEY_BYTES:
            raise CryptoError("data key has the wrong length")
        self.data_key = data_key
        self._field_key = _hkdf(data_key, b"crmdesk field encryption v1")
        self._index_key = _hkdf(data_key, b"crmdesk blind index v1")
        self._aead = AESGCM(self._field_key)

    def encrypt(self, plaintext: str, purpose: str) -> bytes:
        """Encrypt a field value; *purpose* (e.g. ``customers.id_number``) is bound as AAD."""
        nonce = os.urandom(NONCE_BYTES)
        return _BLOB_VERSION + nonce + self._aead.encrypt(
            nonce, plaintext.encode("utf-8"), purpose.encode("utf-8"))

    def decrypt(self, blob: bytes, purpose: str) -> str:
        return open_sealed(self._field_key, blob, purpose.encode("utf-8")).decode("utf-8")

    def blind_index(self, normalized: str, purpose: str) -> bytes:
        """Keyed hash of an already-normalised value, for exact-match lookup."""
        mac = hmac.new(self._index_key, purpose.encode("utf-8") + b"\x00"
                       + normalized.encode("utf-8"), hashlib.sha256)
        return mac.digest()[:BLIND_INDEX_BYTES]
