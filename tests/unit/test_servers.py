"""Server addresses, the keyring and the connection test (``storage/servers.py``):
the password lives in the keyring only and never shows in a message."""

from __future__ import annotations

import importlib.util
from typing import Any

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from keyring.errors import PasswordDeleteError
from sqlalchemy.engine import make_url

from crmdesk.storage import servers
from crmdesk.storage.servers import (
    KeyringError,
    NoSuchDatabaseError,
    ServerAddress,
    ServerLoginError,
    ServerUnreachableError,
)
from tests.conftest import PASSWORD, PG_URL, needs_driver

SECRET = "s3cret-Server-pw"


class MemoryKeyring(KeyringBackend):
    """A keyring held in memory, for tests."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.passwords.pop((service, username), None) is None:
            raise PasswordDeleteError(username)


def test_an_address_is_shown_and_stored_without_a_password() -> None:
    shop = ServerAddress("crm-server", "shop", "crm")
    assert shop.label == "crm@crm-server/shop"
    assert ServerAddress("h", "d", "u", 5433).label == "u@h:5433/d"
    assert ServerAddress.from_record(shop.record()) == shop
    assert "password" not in shop.record()
    assert shop.url() == "postgresql+psycopg://crm@crm-server:5432/shop"
    assert ServerAddress.from_url(shop.url(SECRET)) == shop
    assert ServerAddress.from_url("shop.crmdb") is None
    assert ServerAddress.from_record({"kind": "server", "host": "h"}) is None


def test_the_keyring_keeps_the_password_and_fills_a_url(memory_keyring: MemoryKeyring) -> None:
    shop = ServerAddress("crm-server", "shop", "crm")
    assert servers.keyring_available()
    assert servers.stored_password(shop) is None
    servers.store_password(shop, SECRET)
    assert memory_keyring.passwords == {("crmdesk", "crm@crm-server:5432/shop"): SECRET}
    assert servers.with_stored_password(make_url(shop.url())).password == SECRET
    given = make_url(shop.url("other"))  # a password in the URL wins
    assert servers.with_stored_password(given).password == "other"
    servers.forget_password(shop)
    servers.forget_password(shop)  # none left: nothing happens
    assert servers.with_stored_password(make_url(shop.url())).password is None


def test_without_a_keyring_nothing_is_stored() -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        shop = ServerAddress("crm-server", "shop", "crm")
        assert not servers.keyring_available()
        with pytest.raises(KeyringError, match="no password keyring"):
            servers.store_password(shop, SECRET)
        assert servers.stored_password(shop) is None
    finally:
        keyring.set_keyring(previous)


@pytest.mark.parametrize(("reason", "kind"), [
    ('connection to server at "10.0.0.1", port 5432 failed: FATAL:  password '
     'authentication failed for user "crm"', ServerLoginError),
    ("connection failed: fe_sendauth: no password supplied", ServerLoginError),
    ('FATAL:  database "shop" does not exist', NoSuchDatabaseError),
    ("connection refused", ServerUnreachableError),
    ("failed to resolve host 'nohost': Name or service not known", ServerUnreachableError),
])
def test_each_connection_failure_is_named(reason: str, kind: type) -> None:
    url = make_url(f"postgresql+psycopg://crm:{SECRET}@10.0.0.1/shop")
    error = servers.connection_error(Exception(f"{reason} ({SECRET})"), url)
    assert isinstance(error, kind)
    assert SECRET not in error.message


HAS_DRIVER = importlib.util.find_spec("psycopg") is not None


@needs_driver
def test_an_unreachable_server_is_named(memory_keyring: MemoryKeyring) -> None:
    with pytest.raises(ServerUnreachableError, match=r"127\.0\.0\.1 \(port 1\)"):
        servers.probe(f"postgresql+psycopg://crm:{SECRET}@127.0.0.1:1/shop")


@pytest.mark.skipif(HAS_DRIVER, reason="the PostgreSQL driver is installed here")
def test_a_missing_driver_says_what_to_install(memory_keyring: MemoryKeyring) -> None:
    with pytest.raises(servers.ServerError, match=r"crmdesk\[postgres\]") as raised:
        servers.probe(f"postgresql+psycopg://crm:{SECRET}@127.0.0.1:1/shop")
    assert SECRET not in raised.value.message


@pytest.mark.skipif(not PG_URL, reason="needs a PostgreSQL server (CRMDESK_TEST_PG_URL)")
def test_commands_take_the_password_from_the_keyring(
        db: Any, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    from crmdesk import cli

    assert PG_URL is not None
    url = make_url(PG_URL)
    address = ServerAddress.from_url(url)
    assert address is not None
    without = address.url()
    monkeypatch.setenv("CRMDESK_PASSWORD", PASSWORD)
    code = cli.main(["--lang", "en", "list", without, "customer", "--user", "admin"])
    assert code == 2 and "asks for the password" in capsys.readouterr().err  # none given
    servers.store_password(address, url.password or "")
    assert servers.probe(without) == servers.CRMDESK
    code = cli.main(["--lang", "en", "list", without, "customer", "--user", "admin"])
    assert code == 0, capsys.readouterr().err
