"""Desktop integration: `make install-desktop` (packaging/desktop/install.sh) puts the menu
entry, the icons and the file types into the user's XDG data folder."""

from __future__ import annotations

import configparser
import os
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DESKTOP = ROOT / "packaging" / "desktop"
ICONS = ROOT / "resources" / "icons" / "app"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
MIME_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"


def install(tmp_path: Path, program: str) -> Path:
    home = tmp_path / "home"
    data = tmp_path / "xdg-data"
    env = {**os.environ, "HOME": str(home), "XDG_DATA_HOME": str(data)}
    result = subprocess.run(["sh", str(DESKTOP / "install.sh"), program], env=env,
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    return data


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", head[16:24])
    return width, height


def test_icon_set_is_complete() -> None:
    for size in SIZES:
        assert png_size(ICONS / f"crmdesk-{size}.png") == (size, size)
    ico = (ICONS / "crmdesk.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind) == (0, 1) and count >= 6  # 16 ... 256 px for Windows


def test_install_puts_files_in_the_users_folders(tmp_path: Path) -> None:
    program = "/opt/crm desk/crmdesk"  # a path with a space is quoted in Exec
    data = install(tmp_path, program)
    entry = data / "applications" / "crmdesk.desktop"
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(entry, encoding="utf-8")
    section = parser["Desktop Entry"]
    assert section["Exec"] == f'"{program}" %f'
    assert section["Icon"] == "crmdesk"
    assert "application/x-crmdesk-database" in section["MimeType"].split(";")
    assert section["GenericName[zh_CN]"] == "客户管理系统"
    for size in SIZES:
        icon = data / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "crmdesk.png"
        assert png_size(icon) == (size, size)
    assert (data / "mime" / "packages" / "crmdesk.xml").exists()
    assert not (tmp_path / "home" / ".local" / "bin").exists()  # a program was given
    if shutil.which("update-mime-database"):  # the MIME database was rebuilt
        globs = (data / "mime" / "globs2").read_text("utf-8")
        assert "application/x-crmdesk-database:*.crmdb" in globs
        assert "application/x-crmdesk-backup:*.crmbak" in globs


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None,
                    reason="desktop-file-utils is not installed")
def test_desktop_entry_validates(tmp_path: Path) -> None:
    data = install(tmp_path, "/usr/local/bin/crmdesk")
    result = subprocess.run(["desktop-file-validate",
                             str(data / "applications" / "crmdesk.desktop")],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def test_mime_types_parse() -> None:
    root = ET.parse(DESKTOP / "crmdesk-mime.xml").getroot()
    assert root.tag == f"{MIME_NS}mime-info"
    types = {t.get("type"): t for t in root.iter(f"{MIME_NS}mime-type")}
    assert set(types) == {"application/x-crmdesk-database", "application/x-crmdesk-backup"}
    globs = {t: [g.get("pattern") for g in e.iter(f"{MIME_NS}glob")] for t, e in types.items()}
    assert globs == {"application/x-crmdesk-database": ["*.crmdb"],
                     "application/x-crmdesk-backup": ["*.crmbak"]}
    match = next(types["application/x-crmdesk-backup"].iter(f"{MIME_NS}match"))
    from crmdesk.storage.backup_format import MAGIC

    # the magic, as shared-mime-info reads its escapes, is the start of every backup
    assert MAGIC.startswith(match.get("value", "").encode().decode("unicode_escape")
                            .encode("latin-1"))


def test_without_a_program_the_checkout_is_used(tmp_path: Path) -> None:
    """No argument: dist/crmdesk when built (copied to ~/.local/bin), else .venv/bin/crmdesk."""
    home = tmp_path / "home"
    data = tmp_path / "xdg-data"
    env = {**os.environ, "HOME": str(home), "XDG_DATA_HOME": str(data)}
    result = subprocess.run(["sh", str(DESKTOP / "install.sh")], env=env, capture_output=True,
                            text=True, timeout=60, check=False)
    if not (ROOT / "dist" / "crmdesk").exists() and not (ROOT / ".venv" / "bin" / "crmdesk").exists():
        assert result.returncode == 2
        return
    assert result.returncode == 0, result.stderr
    exec_line = next(line for line in (data / "applications" / "crmdesk.desktop")
                     .read_text("utf-8").splitlines() if line.startswith("Exec="))
    program = exec_line.removeprefix("Exec=").removesuffix(" %f").strip('"')
    assert Path(program).is_absolute() and os.access(program, os.X_OK)
