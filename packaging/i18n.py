"""Maintain the translation catalogues (resources/i18n/<group>_zh_CN.ts).

The sources are split into groups, one catalogue each, so that work on
different areas does not collide in one huge file.

    python packaging/i18n.py update          refresh every .ts from the sources
    python packaging/i18n.py missing [GROUP] print untranslated entries as JSON
    python packaging/i18n.py apply FILE.json fill translations: {"Context": {"source": "译文"}}
    python packaging/i18n.py check           exit 1 when anything is missing or unfinished

``update`` keeps existing translations (lupdate merges) and drops obsolete ones.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "crmdesk"
I18N = ROOT / "resources" / "i18n"
LANGUAGES = ("zh_CN",)

#: group -> path patterns (relative to src/crmdesk); first matching group wins
GROUPS: dict[str, tuple[str, ...]] = {
    "backup": ("storage/backup*.py", "storage/file_lock.py", "core/services/backups.py",
               "ui/dialogs/backup*.py", "ui/dialogs/restore*.py"),
    "exchange": ("exchange/**/*.py", "ui/dialogs/import*.py", "ui/dialogs/export*.py",
                 "ui/dialogs/duplicate*.py", "ui/dialogs/merge*.py"),
    "reports": ("reports/**/*.py", "core/analytics/*.py", "ui/views/dashboard*.py",
                "ui/views/reports*.py", "ui/dialogs/report*.py", "ui/dialogs/print*.py"),
    "cli": ("cli/*.py",),
    "ui": ("ui/**/*.py",),
    "core": ("**/*.py",),
}


def group_files() -> dict[str, list[Path]]:
    assigned: dict[Path, str] = {}
    for group, patterns in GROUPS.items():
        for pattern in patterns:
            for path in sorted(SRC.glob(pattern)):
                assigned.setdefault(path, group)
    result: dict[str, list[Path]] = {g: [] for g in GROUPS}
    for path, group in assigned.items():
        result[group].append(path)
    return {g: sorted(files) for g, files in result.items() if files}


def ts_path(group: str, lang: str) -> Path:
    return I18N / f"{group}_{lang}.ts"


def lupdate_bin() -> str:
    candidate = Path(sys.executable).parent / "pyside6-lupdate"
    return str(candidate) if candidate.exists() else "pyside6-lupdate"


def run_lupdate(files: list[Path], ts: Path) -> None:
    with tempfile.NamedTemporaryFile("w", suffix=".lst", delete=False) as lst:
        lst.write("\n".join(str(f) for f in files))
    subprocess.run([lupdate_bin(), "-silent", "-no-obsolete", "-locations", "none",
                    f"@{lst.name}", "-ts", str(ts)], check=True)
    Path(lst.name).unlink()


def update() -> None:
    groups = group_files()
    for group, files in groups.items():
        for lang in LANGUAGES:
            ts = ts_path(group, lang)
            run_lupdate(files, ts)
            tree = ET.parse(ts)
            tree.getroot().set("language", lang)
            tree.write(ts, encoding="utf-8", xml_declaration=True)
    for stale in I18N.glob("*.ts"):
        if stale.name.split("_")[0] not in groups:
            stale.unlink()


def entries(ts: Path) -> list[tuple[str, str, ET.Element]]:
    root = ET.parse(ts).getroot()
    found = []
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            found.append((name, message.findtext("source") or "", message))
    return found


def _unfinished(message: ET.Element) -> bool:
    translation = message.find("translation")
    if translation is None:
        return True
    if translation.get("type") in ("unfinished", "obsolete", "vanished"):
        return True
    if message.get("numerus") == "yes":
        return not all((f.text or "").strip() for f in translation.iter("numerusform"))
    return not (translation.text or "").strip()


def missing(only: str | None = None) -> dict[str, dict[str, str]]:
    result: dict[str, dict[str, str]] = {}
    for lang in LANGUAGES:
        for ts in sorted(I18N.glob(f"*_{lang}.ts")):
            if only and not ts.name.startswith(only + "_"):
                continue
            for context, source, message in entries(ts):
                if _unfinished(message):
                    result.setdefault(context, {})[source] = ""
    return result


def apply(path: Path) -> int:
    wanted: dict[str, dict[str, str]] = json.loads(path.read_text("utf-8"))
    filled = 0
    for lang in LANGUAGES:
        for ts in sorted(I18N.glob(f"*_{lang}.ts")):
            tree = ET.parse(ts)
            changed = False
            for context in tree.getroot().iter("context"):
                name = context.findtext("name") or ""
                for message in context.iter("message"):
                    text = wanted.get(name, {}).get(message.findtext("source") or "")
                    if not text:
                        continue
                    translation = message.find("translation")
                    if translation is None:
                        translation = ET.SubElement(message, "translation")
                    if message.get("numerus") == "yes":
                        for child in list(translation):
                            translation.remove(child)
                        ET.SubElement(translation, "numerusform").text = text
                        translation.text = None
                    else:
                        translation.text = text
                    translation.attrib.pop("type", None)
                    changed = True
                    filled += 1
            if changed:
                tree.write(ts, encoding="utf-8", xml_declaration=True)
    return filled


def check() -> list[str]:
    """Problems: sources whose strings are not in the catalogue, or untranslated."""
    problems = []
    groups = group_files()
    with tempfile.TemporaryDirectory() as tmp:
        for group, files in groups.items():
            fresh = Path(tmp) / f"{group}.ts"
            run_lupdate(files, fresh)
            wanted = {(c, s) for c, s, _ in entries(fresh)}
            for lang in LANGUAGES:
                ts = ts_path(group, lang)
                if not ts.exists():
                    problems.append(f"{ts.name} is missing (run: make i18n-update)")
                    continue
                have = {(c, s): m for c, s, m in entries(ts)}
                for key in sorted(wanted - have.keys()):
                    problems.append(f"{ts.name}: not in catalogue: {key[0]}: {key[1]!r}")
                for key in sorted(wanted & have.keys()):
                    if _unfinished(have[key]):
                        problems.append(f"{ts.name}: untranslated: {key[0]}: {key[1]!r}")
    return problems


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("update", "missing", "apply", "check"):
        print(__doc__)
        return 2
    if argv[0] == "update":
        update()
    elif argv[0] == "missing":
        print(json.dumps(missing(argv[1] if len(argv) > 1 else None), ensure_ascii=False,
                         indent=1))
    elif argv[0] == "apply":
        print(f"filled {apply(Path(argv[1]))} translations")
    else:
        problems = check()
        for p in problems:
            print(p)
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
