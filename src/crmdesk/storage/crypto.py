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
import struct
from collections.abc import Mapping
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)

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


# ---------------------------------------------------------------------------
# User key pairs and scope-key grants (schema 0005)
# ---------------------------------------------------------------------------

_PRIVATE_AAD = b"crmdesk-user-keys:"
_GRANT_INFO = b"crmdesk key grant v1"
_FIELD_V2 = b"\x02"
_KEY_ID = struct.Struct(">I")


@dataclass(frozen=True)
class UserKeyPair:
    """A user's X25519 (receive scope keys) and Ed25519 (sign audit entries) keys."""

    box_private: bytes
    sign_private: bytes

    @classmethod
    def generate(cls) -> UserKeyPair:
        return cls(_raw_private(X25519PrivateKey.generate()),
                   _raw_private(Ed25519PrivateKey.generate()))

    @property
    def box_public(self) -> bytes:
        return _raw_public(X25519PrivateKey.from_private_bytes(self.box_private).public_key())

    @property
    def sign_public(self) -> bytes:
        return _raw_public(Ed25519PrivateKey.from_private_bytes(self.sign_private).public_key())

    def seal(self, kek: bytes, user_id: int) -> bytes:
        """The private halves sealed under the password's key-encryption key."""
        return seal(kek, self.box_private + self.sign_private,
                    _PRIVATE_AAD + str(user_id).encode("ascii"))

    @classmethod
    def open(cls, kek: bytes, sealed: bytes, user_id: int) -> UserKeyPair:
        raw = open_sealed(kek, sealed, _PRIVATE_AAD + str(user_id).encode("ascii"))
        if len(raw) != 64:
            raise CryptoError("user keys have the wrong length")
        return cls(raw[:32], raw[32:])


def _raw_private(key: X25519PrivateKey | Ed25519PrivateKey) -> bytes:
    return key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())


def _raw_public(key: X25519PublicKey | Ed25519PublicKey) -> bytes:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def fingerprint(public: bytes) -> str:
    """A short, stable name of a public key (hex of its SHA-256, 16 characters)."""
    return hashlib.sha256(public).hexdigest()[:16]


def _grant_aad(scope_key_id: int, user_key_id: int) -> bytes:
    return b"crmdesk-grant:" + _KEY_ID.pack(scope_key_id) + _KEY_ID.pack(user_key_id)


def wrap_for(box_public: bytes, scope_key: bytes, scope_key_id: int, user_key_id: int) -> bytes:
    """Seal *scope_key* so that only the holder of *box_public*'s private key opens it:
    an ephemeral X25519 agreement, HKDF, AES-GCM (the ids bound as associated data)."""
    ephemeral = X25519PrivateKey.generate()
    eph_public = _raw_public(ephemeral.public_key())
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(box_public))
    key = _hkdf(shared, _GRANT_INFO + eph_public + box_public)
    return eph_public + seal(key, scope_key, _grant_aad(scope_key_id, user_key_id))


def unwrap_grant(pair: UserKeyPair, wrapped: bytes, scope_key_id: int, user_key_id: int) -> bytes:
    eph_public, sealed = wrapped[:32], wrapped[32:]
    try:
        shared = X25519PrivateKey.from_private_bytes(pair.box_private).exchange(
            X25519PublicKey.from_public_bytes(eph_public))
    except ValueError as exc:
        raise CryptoError("damaged key grant") from exc
    key = _hkdf(shared, _GRANT_INFO + eph_public + pair.box_public)
    return open_sealed(key, sealed, _grant_aad(scope_key_id, user_key_id))


def sign(sign_private: bytes, data: bytes) -> bytes:
    return Ed25519PrivateKey.from_private_bytes(sign_private).sign(data)


def verify_signature(public: bytes, signature: bytes, data: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True


def legacy_index_key(data_key: bytes) -> bytes:
    """The blind-index key a file of schema 0004 derived from its one data key: kept at
    the split, so the stored blind indexes stay valid."""
    return _hkdf(data_key, b"crmdesk blind index v1")


def blob_key_id(blob: bytes) -> int | None:
    """The scope key a stored value was encrypted with (None: a value of the one
    data key of a file not split yet)."""
    if len(blob) >= 5 and blob[:1] == _FIELD_V2:
        return int(_KEY_ID.unpack(blob[1:5])[0])
    return None


def key_id_prefix(scope_key_id: int) -> bytes:
    """The first bytes of every value encrypted under a scope key (to find them)."""
    return _FIELD_V2 + _KEY_ID.pack(scope_key_id)


class KeyMissing(CryptoError):
    """The value is encrypted under a key this user does not hold."""


class Keyring:
    """The keys of a logged-in user: the scope keys granted to them, the blind-index
    key, and their own signing key.

    A value is encrypted under the current key of a *scope* (``owner:<id>``,
    ``unowned``, ``shared``) and bound to its *place*: ``table.field#row id``
    (e.g. ``customers.id_number#42``), so a value moved to another row or field, or
    replayed from an older row, fails to decrypt.  A file not split yet (schema 0004
    data, before its first administrator login) still has its one *legacy* data key.
    """

    def __init__(self, *, index_key: bytes | None = None,
                 scope_keys: Mapping[int, bytes] | None = None,
                 current: Mapping[str, int] | None = None,
                 user_key_id: int | None = None, pair: UserKeyPair | None = None,
                 legacy_key: bytes | None = None) -> None:
        self.index_key = index_key if index_key is not None else (
            legacy_index_key(legacy_key) if legacy_key is not None else None)
        self.scope_keys: dict[int, bytes] = dict(scope_keys or {})
        self.current: dict[str, int] = dict(current or {})
        self.signer_key_id = user_key_id
        self.pair = pair
        self.legacy_key = legacy_key
        self._aeads: dict[int, AESGCM] = {}
        self._legacy_aead = (AESGCM(_hkdf(legacy_key, b"crmdesk field encryption v1"))
                             if legacy_key is not None else None)

    # -- what this keyring can do ------------------------------------------------
    @property
    def split(self) -> bool:
        """Keys per scope (False: the one data key of a file not split yet)."""
        return self.legacy_key is None

    def holds(self, scope: str) -> bool:
        return self.legacy_key is not None or scope in self.current

    def add(self, scope: str | None, key_id: int, key: bytes, *, current: bool = True) -> None:
        if len(key) != DATA_KEY_BYTES:
            raise CryptoError("scope key has the wrong length")
        self.scope_keys[key_id] = key
        if scope is not None and current:
            self.current[scope] = key_id

    def state(self) -> dict[str, object]:
        """Everything needed to rebuild this keyring in another process (picklable)."""
        return {"index_key": self.index_key, "scope_keys": dict(self.scope_keys),
                "current": dict(self.current), "user_key_id": self.signer_key_id,
                "pair": self.pair, "legacy_key": self.legacy_key}

    @classmethod
    def from_state(cls, state: Mapping[str, object]) -> Keyring:
        return cls(**state)  # type: ignore[arg-type]

    # -- values ----------------------------------------------------------------------
    def _aead(self, key_id: int) -> AESGCM:
        aead = self._aeads.get(key_id)
        if aead is None:
            key = self.scope_keys.get(key_id)
            if key is None:
                raise KeyMissing(f"no key {key_id}")
            aead = self._aeads[key_id] = AESGCM(key)
        return aead

    @staticmethod
    def _aad(key_id: int, place: str) -> bytes:
        return b"crmdesk-field-v2:" + _KEY_ID.pack(key_id) + place.encode("utf-8")

    def encrypt(self, plaintext: str, scope: str, place: str) -> bytes:
        """Encrypt a value under *scope*'s current key, bound to *place*."""
        if self._legacy_aead is not None:
            nonce = os.urandom(NONCE_BYTES)
            return _BLOB_VERSION + nonce + self._legacy_aead.encrypt(
                nonce, plaintext.encode("utf-8"), _legacy_purpose(place))
        key_id = self.current.get(scope)
        if key_id is None:
            raise KeyMissing(f"no key for {scope}")
        nonce = os.urandom(NONCE_BYTES)
        return (_FIELD_V2 + _KEY_ID.pack(key_id) + nonce
                + self._aead(key_id).encrypt(nonce, plaintext.encode("utf-8"),
                                             self._aad(key_id, place)))

    def decrypt(self, blob: bytes, place: str) -> str:
        key_id = blob_key_id(blob)
        if key_id is None:
            if self._legacy_aead is None or blob[:1] != _BLOB_VERSION:
                raise CryptoError("not an encrypted value of this file")
            return self._open(self._legacy_aead, blob[1:], _legacy_purpose(place))
        return self._open(self._aead(key_id), blob[5:], self._aad(key_id, place))

    @staticmethod
    def _open(aead: AESGCM, body: bytes, aad: bytes) -> str:
        if len(body) < NONCE_BYTES + 16:
            raise CryptoError("not an encrypted value")
        try:
            return aead.decrypt(body[:NONCE_BYTES], body[NONCE_BYTES:], aad).decode("utf-8")
        except InvalidTag as exc:
            raise CryptoError("wrong key, or a value moved or tampered with") from exc

    def can_decrypt(self, blob: bytes) -> bool:
        key_id = blob_key_id(blob)
        return self._legacy_aead is not None if key_id is None else key_id in self.scope_keys

    def blind_index(self, normalized: str, purpose: str) -> bytes:
        """Keyed hash of an already-normalised value, for exact-match lookup."""
        if self.index_key is None:
            raise KeyMissing("no blind-index key")
        mac = hmac.new(self.index_key, purpose.encode("utf-8") + b"\x00"
                       + normalized.encode("utf-8"), hashlib.sha256)
        return mac.digest()[:BLIND_INDEX_BYTES]

    # -- signing -----------------------------------------------------------------------
    def sign(self, data: bytes) -> bytes:
        if self.pair is None:
            raise KeyMissing("no signing key")
        return sign(self.pair.sign_private, data)


def _legacy_purpose(place: str) -> bytes:
    """A schema-0004 value was bound to its field only (``customers.id_number``)."""
    return place.split("#", 1)[0].encode("utf-8")
