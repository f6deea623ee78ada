"""The demo's search documents, made fast: exactly what :func:`crmdesk.core.search.prepare`
makes of the services' documents (``customer_doc``, ``contact_doc``, ``opportunity_doc``,
``ticket_doc``, ``task_doc``), tested so in ``tests/unit/test_demo_rows.py``.

The demo recombines a few thousand names, companies, streets and places, so the costly
steps of a document are done once per distinct part and remembered: the pinyin keys of
a person's name (from those of its surname and given name, see :class:`NameKeys`), the
normalised text of each part and its short tokens.  A document's body is then the
normalised parts joined by spaces (each part is normalised alone: the same as
normalising the joined text, because no part is blank and no part begins with a
character that NFKC would join to the space before it), and its short tokens are the
parts' tokens in the order :func:`search.short_tokens` finds them in the joined text
(every CJK run first, then every latin word, then the keys: neither pattern spans a
space).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from crmdesk.core import search
from crmdesk.core.search import CJK_RUN, NOTES_CHARS, NOTES_MARK, WORD, PreparedDoc, normalize

#: remembered parts (cleared when full: the addresses are mostly new ones)
CACHE_LIMIT = 400_000

_Part = tuple[str, Sequence[str], list[str]]


class NameKeys:
    """:func:`search.pinyin_keys` of a surname + given name, from the pinyin of each part
    (computed once per part).  Where a word of the pinyin dictionary might span the two
    parts (its reading could then differ from the parts' readings), the whole name is
    converted instead."""

    def __init__(self) -> None:
        self._syllables: dict[str, list[str]] = {}
        self._known: dict[tuple[str, str], str] = {}
        self._phrases: Any = None

    def _of(self, part: str) -> list[str]:
        found = self._syllables.get(part)
        if found is None:
            from pypinyin import Style, lazy_pinyin

            found = [s for s in lazy_pinyin(part, style=Style.NORMAL, errors="ignore") if s]
            self._syllables[part] = found
        return found

    def __call__(self, surname: str, given: str) -> str:
        key = (surname, given)
        found = self._known.get(key)
        if found is not None:
            return found
        if self._phrases is None:
            from pypinyin.seg.mmseg import p_set

            self._phrases = p_set  # every start of a word of the dictionary
        name = surname + given
        if not CJK_RUN.fullmatch(name) or any(
                surname[i:] + given[:1] in self._phrases for i in range(len(surname))):
            found = search.pinyin_keys(name)
        else:
            found = search.keys_of_syllables(name, self._of(surname) + self._of(given))
        self._known[key] = found
        return found


class DocMaker:
    """Prepared search documents of the demo's records (see the module docstring)."""

    def __init__(self) -> None:
        #: a part -> its normalised text, CJK tokens (characters and pairs), latin words
        self._parts: dict[str, _Part] = {}
        self._notes: dict[str, str] = {}

    def part(self, text: str) -> _Part:
        """A part's normalised text and tokens (remembered unless it is plain ASCII: the
        phones, e-mails and codes, mostly new ones, cost little)."""
        if text.isascii():  # NFKC keeps ASCII as it is
            if text.isalnum():  # digits, codes: one word
                normalized = text.lower()
                return normalized, (), [normalized]
            normalized = " ".join(text.lower().split())
            return normalized, (), WORD.findall(normalized)
        found = self._parts.get(text)
        if found is None:
            if len(self._parts) > CACHE_LIMIT:
                self._parts.clear()
            normalized = normalize(text)
            cjk: list[str] = []
            for run in CJK_RUN.findall(normalized):
                for i in range(len(run)):
                    cjk.append(run[i])
                    if i + 1 < len(run):
                        cjk.append(run[i : i + 2])
            found = self._parts[text] = (normalized, cjk, WORD.findall(normalized))
        return found

    def doc(self, kind: str, ref_id: int, customer_id: int | None, code: str | None,
            title: str, subtitle: str | None, parts: Sequence[str | None], keys: str,
            notes: str | None = None, personal_id: int | None = None) -> PreparedDoc:
        """What :func:`search.prepare` gives for ``DocInput(kind, ref_id, customer_id,
        code, title, subtitle, texts, notes=notes, personal_id=personal_id)`` whose
        pinyin keys are *keys*: *parts* is the title and the texts, in order."""
        part = self.part
        made = [part(p) for p in parts if p]
        main = " ".join([m[0] for m in made])
        body = f"{main} {keys}".strip() if keys else main
        if notes:
            mark = self._notes.get(notes)
            if mark is None:
                mark = self._notes[notes] = NOTES_MARK + normalize(notes[:NOTES_CHARS])
            body += mark
        tokens: list[str] = []
        for m in made:
            tokens += m[1]
        for m in made:
            tokens += m[2]
        if keys:
            tokens += WORD.findall(keys)
            tokens += keys.split()
        return PreparedDoc(
            {"kind": kind, "ref_id": ref_id, "customer_id": customer_id, "code": code,
             "title": title[:200], "subtitle": (subtitle or "")[:200] or None,
             "keys": keys[:400] or None, "body": body, "personal_id": personal_id}, body,
            " ".join(dict.fromkeys(tokens)))
