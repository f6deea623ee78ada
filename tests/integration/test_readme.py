"""The README is a test: every ``crmdesk ...`` example runs, in order, as printed.

How an example in README.md becomes a command line (the rule is this file's, the
README says the same in one line: ``[...]`` optional, ``a|b`` alternatives):

* Examples are the lines of fenced code blocks that hold a ``crmdesk`` command
  (what comes before ``crmdesk`` on the line, e.g. crontab times and
  ``VAR=...``, is dropped; a trailing ``\\`` continues the line; `` #`` starts a
  comment), and the inline code spans ``crmdesk COMMAND FILE ...`` of the text.
  Spans that only name a command (```crmdesk verify```) are prose.
* ``[...]`` optional parts are left out; ``a|b|c`` runs the first alternative.
* Placeholders and the few names only a real office has are replaced as
  :data:`SUBSTITUTIONS` says; ``crmdesk`` and ``crmdesk FILE.crmdb`` open the
  window and are not run.
* The input files the import examples read are made here, as a user would
  have them (:func:`make_input_files`); the custom field ``vip_level`` the
  export example names is defined as an administrator does it in the window.
* Examples on a server URL (``postgresql+psycopg://...``) need a server and are
  not run here: ``tests/unit/test_server_backups.py`` runs the same command forms
  against ``CRMDESK_TEST_PG_URL``.
* Passwords come from ``CRMDESK_PASSWORD``/``CRMDESK_NEW_PASSWORD``, as in a
  script. Each example must exit 0, without a traceback and without a usage
  error: an example that cannot run as printed fails the test.

The commands run in-process (``crmdesk.cli.main``) for speed.
"""

from __future__ import annotations

import csv
import json
import re
import shlex
from collections.abc import Callable
from pathlib import Path

import pytest

from crmdesk import cli

README = Path(__file__).resolve().parents[2] / "README.md"
PASSWORD = "Shop-2024pw"

#: placeholder or real-office name -> what the test writes instead (on whole words)
SUBSTITUTIONS: dict[str, str] = {
    "100000": "200",               # demo size: a small demo keeps the test fast
    "/data/shop.crmdb": "shop.crmdb",  # the crontab example's folder
    "backup-admin": "boss",        # the crontab example's backup user
    "FILE": "shop.crmdb",
    "N": "100",
    "U": "boss",
    "USER": "wang",
    "DATE": "2024-01-01",
    "OUT.pdf": "out.pdf",
}
#: NAME in a synopsis, per command
NAMES = {"analytics": "kpi", "report": "sales"}


def _strip_comment(line: str) -> str:
    return re.split(r"\s#", line, maxsplit=1)[0].rstrip()


def examples(text: str) -> list[str]:
    """The ``crmdesk`` examples of *text*, in order, as printed (one string each)."""
    found: list[tuple[int, str]] = []
    for block in re.finditer(r"```[a-z]*\n(.*?)```", text, re.S):
        joined = re.sub(r"\\\n\s*", " ", block.group(1))
        offset = block.start()
        for line in joined.splitlines():
            line = _strip_comment(line)
            m = re.search(r"(?:^|\s)(crmdesk(?:\s.*)?)$", line)
            if m and not line.lstrip().startswith(("#", "from ", "import ")):
                found.append((offset, m.group(1).strip()))
            offset += 1
    prose = re.sub(r"```.*?```", lambda m: " " * len(m.group(0)), text, flags=re.S)
    for span in re.finditer(r"`(crmdesk [^`]+)`", prose):
        words = span.group(1).split()
        if len(words) >= 3 and ("FILE" in words or any(w.endswith(".crmdb") for w in words)):
            found.append((span.start(), " ".join(words)))
    return [command for _, command in sorted(found, key=lambda item: item[0])]


def to_argv(example: str) -> list[str] | None:
    """The argv an example runs (None: it opens the window)."""
    text = re.sub(r"\[[^\]]*\]", " ", example)
    words = shlex.split(text)[1:]
    if not words or (len(words) == 1 and words[0].endswith(".crmdb")):
        return None
    argv = []
    for word in words:
        word = word.split("|", 1)[0] if "|" in word and not word.startswith("-") else word
        argv.append(SUBSTITUTIONS.get(word, word))
    if "NAME" in argv:
        argv[argv.index("NAME")] = NAMES[argv[0]]
    return argv


def make_input_files(folder: Path) -> None:
    """The files the import examples read: what an office has at hand."""
    from openpyxl import Workbook

    surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
    given = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚"
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["姓名", "手机", "城市", "会员等级"])
    for n in range(400):  # C000002 ... C000401 (C000001 is made by `crmdesk add`)
        name = surnames[n % 20] + given[(n // 20) % 20] + given[(n * 7) % 20]
        sheet.append([f"{name}{n}", f"139{n:08d}", "北京市" if n < 40 else "上海市",
                      "金卡" if n % 3 == 0 else ""])
    book.save(folder / "客户名单.xlsx")
    with open(folder / "contacts.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["客户", "姓名", "手机", "职务"])
        writer.writerow(["C000002", "赵助理", "13700000001", "采购"])
        writer.writerow(["C000003", "钱经理", "13700000002", "经理"])
    with open(folder / "google.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["Name", "Given Name", "Family Name", "Phone 1 - Type",
                         "Phone 1 - Value", "E-mail 1 - Type", "E-mail 1 - Value", "Labels"])
        writer.writerow(["孙七", "七", "孙", "Mobile", "+86 136 0000 0001", "* Home",
                         "sunqi@example.com", "* myContacts ::: 客户"])
    (folder / "phone.vcf").write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:周八\r\nN:周;八;;;\r\n"
        "TEL;TYPE=CELL:13500000001\r\nEND:VCARD\r\n", encoding="utf-8")
    with open(folder / "名单.csv", "w", encoding="gbk", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["客户名称", "手机号码"])
        writer.writerow(["吴九", "13300000001"])
    survey = Workbook()  # a returned satisfaction survey (ticket number, score, comment)
    page = survey.active
    assert page is not None
    page.append(["工单编号", "满意度评分", "意见"])
    page.append(["T000001", 5, "处理及时"])
    survey.save(folder / "回访.xlsx")
    (folder / "卡纸.md").write_text(
        "## 打印机卡纸\n\n1. 关闭电源\n2. 打开后盖，**慢慢**取出纸张\n", encoding="utf-8")
    # the files the README writes itself (cat > NAME <<'EOF' ... EOF)
    for name, body in re.findall(r"cat > (\S+) <<'EOF'\n(.*?)\nEOF\n",
                                 README.read_text(encoding="utf-8"), re.S):
        (folder / name).write_text(body + "\n", encoding="utf-8")
    (folder / "月报.json").write_text(json.dumps(
        {"columns": {"客户名称": "name", "手机号码": "mobile"}}, ensure_ascii=False),
        encoding="utf-8")


def define_custom_field(folder: Path) -> None:
    """What boss does in Administration > Settings > Custom fields."""
    from crmdesk.core.services import accounts, custom_fields
    from crmdesk.storage.database import open_database

    db = open_database(folder / "shop.crmdb")
    try:
        with db.transaction() as s:
            boss = accounts.login(s, "boss", PASSWORD)
            custom_fields.create_definition(s, boss, "customer", "vip_level", "会员等级", "text")
    finally:
        db.close()


#: setup done after an example (by the start of its argv)
AFTER: dict[tuple[str, ...], Callable[[Path], None]] = {
    ("init", "shop.crmdb"): define_custom_field}


def _newest_backup(folder: Path) -> str:
    backups = sorted((folder / "backups").glob("*.crmbak"), key=lambda p: p.stat().st_mtime)
    assert backups, "the backup example made no backup"
    return str(backups[-1])


def test_examples_are_found() -> None:
    found = examples(README.read_text(encoding="utf-8"))
    commands = {(to_argv(e) or ["(window)"])[0] for e in found}
    assert {"init", "demo", "add", "edit", "delete", "list", "show", "search", "import",
            "export", "duplicates", "report", "analytics", "backup", "verify", "restore",
            "setting", "user", "(window)"} <= commands
    assert to_argv("crmdesk recycle list|restore|purge shop.crmdb [KIND ID] --user boss") == [
        "recycle", "list", "shop.crmdb", "--user", "boss"]


@pytest.mark.sqlite_only("the README's examples create and use their own .crmdb files "
                        "(the server forms: tests/unit/test_server_backups.py)")
def test_every_readme_example_runs_as_printed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CRMDESK_PASSWORD", PASSWORD)
    monkeypatch.setenv("CRMDESK_NEW_PASSWORD", PASSWORD)
    monkeypatch.setenv("CRMDESK_BACKUP_PASSWORD", PASSWORD)
    make_input_files(tmp_path)
    ran = 0
    demos: set[str] = set()  # files made by `crmdesk demo`: their users' password is demo1234
    for example in examples(README.read_text(encoding="utf-8")):
        argv = to_argv(example)
        if argv is None or any(word.startswith("postgresql") for word in argv):
            continue  # the window, or a server (see the module's docstring)
        argv = [_newest_backup(tmp_path) if word == "BACKUP.crmbak" else word
                for word in argv]
        if argv[0] == "demo" and "--password" not in argv:
            demos.add(argv[1])
        monkeypatch.setenv("CRMDESK_PASSWORD", "demo1234" if demos & set(argv[1:])
                           and argv[0] != "demo" else PASSWORD)
        try:
            code = cli.main(argv)
        except SystemExit as exc:  # a usage error: the example cannot run as printed
            code = exc.code if isinstance(exc.code, int) else 2
        out, err = capsys.readouterr()
        assert code == 0 and "Traceback" not in err, (
            f"README example failed (exit {code}):\n  {example}\n  ran: crmdesk "
            f"{' '.join(argv)}\n{err}{out[-2000:]}")
        for start, setup in AFTER.items():
            if tuple(argv[:len(start)]) == start:
                setup(tmp_path)
        ran += 1
    assert ran >= 40
