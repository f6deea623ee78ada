"""Generated bad files: import sources, databases, backups; and the command line filter.

Real files (a CSV, a workbook with merged cells and formulas, one with 10,000
columns, a vCard file, a .crmdb, a backup) are mutated (truncated, bytes flipped,
re-encoded, line ends and control characters mixed in) and opened.  Each must
open, or be refused with an ExchangeError / DatabaseFileError / BackupError (a
KnownError); a refused import changes no row.
"""

from __future__ import annotations

import io
import random
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmdesk import cli
from crmdesk.core.fields import FIELDS
from crmdesk.core.services import backups, custom_fields
from crmdesk.errors import KnownError
from crmdesk.exchange import importer
from crmdesk.exchange.mapping import guess_mapping
from crmdesk.exchange.sources import open_source
from crmdesk.storage.database import open_database, remove_database_files
from tests.conftest import PASSWORD, PG_URL, fuzz_examples, generated_case
from tests.unit.test_fuzz_services import table_checksum

CSV_TEXT = ("客户名称,手机,邮箱,城市,生日,备注\n"
            "王一,13812345678,a@example.com,北京,1990-05-01,\"多行\n备注\"\n"
            "李二,13812345679,b@example.com,上海,1988-02-30,=1+1\n")
VCARD_TEXT = ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:王一\r\nTEL;TYPE=CELL:13812345678\r\n"
              "EMAIL:a@example.com\r\nORG:某公司;销售部\r\nBDAY:1990-05-01\r\nEND:VCARD\r\n"
              "BEGIN:VCARD\r\nVERSION:2.1\r\nN:李;二;;;\r\nTEL;CELL:13812345679\r\n"
              "ADR;HOME:;;路1号;北京;北京;100000;中国\r\nEND:VCARD\r\n")


def _workbook(kind: str) -> bytes:
    book = openpyxl.Workbook()
    ws = book.active
    if kind == "wide":  # 10,000 columns
        ws.append([f"列{i}" for i in range(10_000)])
        ws.append(["x"] * 10_000)
    else:
        ws.append(["报表标题"])
        ws.append(["客户名称", "手机", "金额", "生日"])
        ws.append(["王一", 13812345678, "=1/0", "=TODAY()"])
        ws.append(["李二", "13812345679", 1e308, "1990-05-01"])
        ws.merge_cells("A1:D1")
        ws.merge_cells("A3:A4")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def originals() -> dict[str, bytes]:
    return {
        ".csv": CSV_TEXT.encode("utf-8"),
        ".tsv": CSV_TEXT.replace(",", "\t").encode("utf-16"),
        ".txt": CSV_TEXT.replace("\n", "\r").encode("gb18030"),
        ".vcf": VCARD_TEXT.encode("utf-8"),
        ".xlsx": _workbook("merged"),
        ".xls": _workbook("wide"),  # a workbook under another spreadsheet suffix
    }


@st.composite
def mutated(draw: st.DrawFn, data: bytes) -> bytes:
    """*data* truncated, with bytes flipped, inserted or re-encoded."""
    how = draw(st.sampled_from(["truncate", "flip", "insert", "reencode", "garbage", "keep"]))
    rnd = random.Random(draw(st.integers(0, 2**32)))
    if how == "truncate":
        return data[:draw(st.integers(0, len(data)))]
    if how == "flip":
        out = bytearray(data)
        for _ in range(draw(st.integers(1, 20))):
            out[rnd.randrange(len(out))] ^= 1 << rnd.randrange(8)
        return bytes(out)
    if how == "insert":
        out = bytearray(data)
        piece = draw(st.sampled_from([b"\r", b"\x00", b'"', b"\n\r", b"\xff\xfe", b",,,,",
                                      b"\t", b"=HYPERLINK(\"x\")", b"\x1a"]))
        for _ in range(draw(st.integers(1, 10))):
            at = rnd.randrange(len(out) + 1)
            out[at:at] = piece
        return bytes(out)
    if how == "reencode":
        text = data.decode("utf-8", errors="replace")
        return text.encode(draw(st.sampled_from(["gbk", "utf-16-le", "latin-1", "utf-32"])),
                           errors="replace")
    if how == "garbage":
        return draw(st.binary(max_size=2000))
    return data


def test_import_sources_open_or_refuse(originals, db, users, db_path: Path,  # type: ignore[no-untyped-def]
                                       tmp_path: Path) -> None:
    with db.session() as s:
        defs = {e: custom_fields.definitions(s, e) for e in ("customer", "contact")}
    state: dict[str, Any] = {"checksum": table_checksum(db_path)}

    @settings(max_examples=fuzz_examples(350))
    @given(suffix=st.sampled_from(sorted(originals)), data=st.data(),
           entity=st.sampled_from(["customer", "contact"]), run=st.integers(0, 9))
    def run_case(suffix: str, data: st.DataObject, entity: str, run: int) -> None:
        generated_case()
        content = data.draw(mutated(originals[suffix]))
        path = tmp_path / f"source{suffix}"
        path.write_bytes(content)
        try:
            source = open_source(path)
            rows = list(source.rows())
            mapping = guess_mapping(entity, source.headers, defs[entity], source.hints)
        except KnownError as exc:
            assert exc.message and "\n" not in exc.message
            return
        assert all(len(values) == len(source.headers) for _, values in rows)
        if run:  # a real import, now and then (it is slower)
            return
        try:
            importer.run_import(db, users.admin, source, mapping,
                                importer.ImportOptions(mode="all-or-nothing"))
        except KnownError as exc:
            assert exc.message
            assert table_checksum(db_path) == state["checksum"], "a refused import wrote"
            return
        state["checksum"] = table_checksum(db_path)

    run_case()


def test_damaged_databases_are_refused(template_path: Path, tmp_path: Path) -> None:
    original = template_path.read_bytes()

    @settings(max_examples=fuzz_examples(250))
    @given(content=mutated(original), pages=st.integers(0, 3), seed=st.integers(0, 2**32))
    def run_case(content: bytes, pages: int, seed: int) -> None:
        generated_case()
        path = tmp_path / "fuzz.crmdb"
        remove_database_files(path)
        out = bytearray(content)
        rnd = random.Random(seed)
        for _ in range(pages if len(out) > 8192 else 0):  # whole pages of garbage
            start = rnd.randrange(1, len(out) // 4096) * 4096
            out[start:start + 4096] = rnd.randbytes(4096)
        path.write_bytes(bytes(out))
        try:
            database = open_database(path)
        except KnownError as exc:
            assert exc.message and "\n" not in exc.message
            return
        try:
            with database.session() as s:
                from sqlalchemy import text

                for table in ("users", "customers", "settings", "audit_log"):
                    s.execute(text(f"SELECT * FROM {table}")).fetchall()  # noqa: S608
        except KnownError as exc:
            assert "damaged" in exc.message
        finally:
            database.close()

    run_case()


def test_damaged_backups_are_refused(db, users, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    info = backups.create_backup(db, users.admin, folder=tmp_path / "backups")
    original = info.path.read_bytes()
    target = tmp_path / "fuzz.crmbak"

    @settings(max_examples=fuzz_examples(120))
    @given(content=mutated(original))
    def run_case(content: bytes) -> None:
        generated_case()
        target.write_bytes(content)
        try:
            backups.verify_backup(target)
        except KnownError as exc:
            assert exc.message and "\n" not in exc.message.strip()
            return
        assert content == original or len(content) >= len(original) // 2

    run_case()


_FIELD_NAMES = sorted({spec.key for specs in FIELDS.values() for spec in specs})
_filters = st.one_of(
    st.text(max_size=40),
    st.builds(lambda f, op, v: f"{f}{op}{v}",
              st.one_of(st.sampled_from(_FIELD_NAMES + [
                  "__class__", "metadata", "id_number_bidx", "deleted_at", "registry",
                  "customer.name", "customer.__table__", "id", ""]), st.text(max_size=10)),
              st.sampled_from(["=", "!=", ">=", "<=", ">", "<", "~", "==", "=~", ""]),
              st.one_of(st.text(max_size=20), st.sampled_from([
                  "2026-01-01", "0001-01-01", "1e999999", "inf", "staff1", "False", "是", "",
                  "9999-12-31T23:59:59-14:00", "None", "null", "%", "_", "'", "\\"]))),
)


def test_the_command_line_filter_parser(db_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CRMDESK_PASSWORD", PASSWORD)
    if PG_URL:  # the server database itself
        work = db_path
    else:
        work = db_path.with_name("cli.crmdb")
        shutil.copyfile(db_path, work)
    assert cli.main(["list", str(work), "customer", "--filter", "name~王",
                     "--user", "admin"]) == 0  # the command itself works

    @settings(max_examples=fuzz_examples(150))
    @given(entity=st.sampled_from(sorted(FIELDS)), flt=_filters,
           sort=st.one_of(st.none(), st.sampled_from(_FIELD_NAMES + ["__class__", "-name"])))
    def run_case(entity: str, flt: str, sort: str | None) -> None:
        generated_case()
        argv = ["--lang", "en", "list", str(work), entity, "--filter", flt, "--user", "admin"]
        if sort:
            argv[-2:-2] = [f"--sort={sort}"]
        capsys.readouterr()
        try:
            code = cli.main(argv)
        except SystemExit as exc:  # argparse: a usage line, exit 2
            code = int(exc.code or 0)
        err = capsys.readouterr().err
        assert code in (0, 2), err
        assert "Traceback" not in err and "unexpected error" not in err, err

    run_case()
