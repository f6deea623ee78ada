"""The search index and its queries.

One row of ``search_docs`` per searchable record (customer, contact,
opportunity, ticket, task) holds its display title and the lower-cased text people
type: names, company, phones (as digits), e-mails, address, tags, pinyin (full
and initials) and the start of the notes.  On SQLite two FTS5 indexes answer
queries fast on a million records:

* ``search_tri`` (trigram tokenizer): any substring of three or more
  characters, Chinese or not (``张三丰``, ``sanfeng``, ``5678``, ``@qq.com``);
* ``search_short`` (``unicode61`` over tokens computed here): every single
  Chinese character and every pair of adjacent characters as tokens, and the
  latin words, for one- and two-character queries (``张``, ``三丰``, ``zs``),
  which a trigram index cannot answer.

Every candidate is verified against the text itself, so the indexes only need
to be supersets.  Each full-text row also holds hidden words (private-use
characters that normalised text never contains): its owners' and its kind's
(``storage.backends``).  On PostgreSQL the backend searches ``body`` directly.

Visibility is part of the index: each document holds the owner of its
customer (``search_docs.owner_id``, and a word of the full-text rows), so a
search by a user who sees 1 % of the customers intersects the match with that
owner's documents inside the index, instead of reading every match and
dropping 99 % of them.  The customer's scope is still checked on what comes
back.  When a customer changes hands, its documents follow in the same
transaction (:func:`refresh_owners`, called on every flush that changes an owner).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple, cast

from sqlalchemy import (
    ColumnElement,
    Table,
    and_,
    bindparam,
    delete,
    event,
    exists,
    func,
    inspect,
    null,
    or_,
    select,
    text,
)
from sqlalchemy.orm import Session, UOWTransaction

from crmdesk.core.filters import QuickMatch
from crmdesk.core.lookup import fits_text
from crmdesk.core.models import Customer, SearchDoc
from crmdesk.core.paging import PAGE
from crmdesk.core.permissions import Actor, owner_scope, visible_owner_ids
from crmdesk.storage.backends import Backend, IndexRow, PreparedRows, backend_of

KINDS = ("customer", "contact", "opportunity", "ticket", "task")
KIND_ORDER = {kind: i for i, kind in enumerate(KINDS)}
NOTES_MARK = "\x1e"
NOTES_CHARS = 200
CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
CJK_ONLY = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+$")
WORD = re.compile(r"[0-9a-z]+")
PHONE_LIKE = re.compile(r"^[+\d][\d\s\-()]*$")
# Private use characters: the index's owner words are made of them (storage.backends)
PRIVATE_USE = dict.fromkeys(range(0xE000, 0xF900))
PRIVATE_RUN = re.compile("[\ue000-\uf8ff]+")

# Surnames whose reading differs from the character's usual one.
SURNAME_READINGS = {
    "单": "shan", "曾": "zeng", "解": "xie", "仇": "qiu", "朴": "piao", "查": "zha",
    "区": "ou", "乐": "yue", "缪": "miao", "覃": "qin", "翟": "zhai", "盖": "ge", "葛": "ge",
    "尉": "yu", "长": "chang", "种": "chong", "冼": "xian", "召": "shao", "繁": "po",
    "牟": "mu", "秘": "bi", "万": "wan", "黑": "he", "重": "chong", "折": "she",
}


def normalize(value: str) -> str:
    """Full-width to half-width, lower case, spaces collapsed (private use characters,
    which no keyboard types and the index uses for its owner words, dropped)."""
    text = unicodedata.normalize("NFKC", value).lower()
    if PRIVATE_RUN.search(text):  # rare: a search of the text beats a translation of it
        text = PRIVATE_RUN.sub("", text)
    return " ".join(text.split())


@lru_cache(maxsize=200_000)
def pinyin_keys(name: str) -> str:
    """``张三丰`` -> ``zhangsanfeng zsf`` (plus the surname reading when it differs)."""
    if not name or not CJK_RUN.search(name):
        return ""
    # lazy_pinyin(name, style=Style.NORMAL, errors="ignore"), word by word of its own
    # segmentation: a word's syllables do not depend on its neighbours, and the same
    # surnames and given names come again and again (an import of a million names)
    return keys_of_syllables(name, [s for word in _segmenter().seg(name)
                                    for s in _word_syllables(word) if s])


def keys_of_syllables(name: str, syllables: Sequence[str]) -> str:
    """:func:`pinyin_keys` of *name* given its syllables: full and initials, and the
    same with the surname's own reading where the phrase reading differs."""
    if not syllables:
        return ""
    keys = ["".join(syllables), "".join(s[0] for s in syllables)]
    surname = SURNAME_READINGS.get(name[0])
    if surname and syllables[0] != surname:
        alt = [surname, *syllables[1:]]
        keys += ["".join(alt), "".join(s[0] for s in alt)]
    return " ".join(dict.fromkeys(k.lower() for k in keys))


@lru_cache(maxsize=1)
def _segmenter() -> Any:
    """What ``pypinyin.lazy_pinyin`` uses with its default options (imported when first
    needed: its phrase dictionary takes a quarter second to load at start-up)."""
    from pypinyin.converter import UltimateConverter
    from pypinyin.core import Pinyin

    return Pinyin(UltimateConverter(v_to_u=False, neutral_tone_with_five=False,
                                    tone_sandhi=False))


@lru_cache(maxsize=50_000)
def _word_syllables(word: str) -> tuple[str, ...]:
    """The plain syllables of one word of the segmentation (see :func:`pinyin_keys`)."""
    from pypinyin import Style

    converted = _segmenter()._converter.convert(word, Style.NORMAL, False, "ignore",
                                                strict=True)
    return tuple(s for item in converted for s in item)


def short_tokens(main_text: str, keys: str) -> str:
    """Tokens for the short-query index: CJK characters and pairs, latin words."""
    tokens: dict[str, None] = {}
    for run in CJK_RUN.findall(main_text):
        for i, ch in enumerate(run):
            tokens[ch] = None
            if i + 1 < len(run):
                tokens[run[i : i + 2]] = None
    for word in WORD.findall(main_text):
        tokens[word] = None
    for word in keys.split():
        tokens[word] = None
    return " ".join(tokens)


@dataclass
class DocInput:
    """What a service hands over to index one record."""

    kind: str
    ref_id: int
    customer_id: int | None
    code: str | None
    title: str
    subtitle: str | None
    texts: Sequence[str | None]
    pinyin_of: Sequence[str | None] = ()
    notes: str | None = None
    #: a document without a customer (an owner-type designed record): its owner, whose
    #: visibility it takes (``owner_scope``: the owner, their manager, administrators)
    owner_id: int | None = None
    #: the user the record belongs to besides its customer (``personal_columns``: a
    #: ticket's assignee, an opportunity's owner), an owner word of the document too
    personal_id: int | None = None

    def keys(self) -> str:
        parts = [pinyin_keys(n) for n in self.pinyin_of if n]
        return " ".join(p for p in parts if p)

    def body(self, keys: str) -> str:
        main = normalize(" ".join(t for t in (self.title, *self.texts) if t))
        body = f"{main} {keys}".strip()
        if self.notes:
            body += NOTES_MARK + normalize(self.notes[:NOTES_CHARS])
        return body


def _index_texts(body: str, keys: str) -> tuple[str, str]:
    main = body.split(NOTES_MARK, 1)[0]
    return body, short_tokens(main, keys)


def stored_index_texts(body: str, keys: str | None) -> tuple[str, str]:
    """The trigram and short-token texts of a stored document (without its owner)."""
    return _index_texts(body, keys or "")


def _index_row(doc_id: int, body: str, keys: str | None, owner_id: int | None, kind: str,
               ref_id: int, personal_id: int | None) -> IndexRow:
    return (doc_id, *_index_texts(body, keys or ""), owner_id, kind, ref_id, personal_id)


def _owner_of(session: Session, customer_id: int | None) -> int | None:
    if customer_id is None:
        return None
    return session.execute(select(Customer.owner_id).where(
        Customer.id == customer_id)).scalar_one_or_none()


def index(session: Session, doc: DocInput) -> None:
    """Add or refresh one record in the index (same transaction as the write)."""
    backend = backend_of(session)
    keys = doc.keys()
    body = doc.body(keys)
    owner_id = _owner_of(session, doc.customer_id) if doc.customer_id is not None \
        else doc.owner_id
    row = session.execute(select(SearchDoc).where(
        SearchDoc.kind == doc.kind, SearchDoc.ref_id == doc.ref_id)).scalar_one_or_none()
    if row is not None:
        if row.body == body and row.title == doc.title and row.subtitle == doc.subtitle \
                and row.customer_id == doc.customer_id and row.code == doc.code \
                and row.owner_id == owner_id and row.personal_id == doc.personal_id:
            return
        backend.index_remove(session, [_index_row(row.id, row.body, row.keys, row.owner_id,
                                                  row.kind, row.ref_id, row.personal_id)])
    else:
        row = SearchDoc(kind=doc.kind, ref_id=doc.ref_id)
        session.add(row)
    row.customer_id = doc.customer_id
    row.owner_id = owner_id
    row.personal_id = doc.personal_id
    row.code = doc.code
    row.title = doc.title[:200]
    row.subtitle = (doc.subtitle or "")[:200] or None
    row.keys = keys[:400] or None
    row.body = body
    session.flush()
    backend.index_add(session, [_index_row(row.id, body, keys, owner_id, doc.kind, doc.ref_id,
                                           doc.personal_id)])


def remove(session: Session, kind: str, ref_ids: Iterable[int]) -> None:
    ids = list(ref_ids)
    if not ids:
        return
    backend = backend_of(session)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        rows = session.execute(select(SearchDoc).where(
            SearchDoc.kind == kind, SearchDoc.ref_id.in_(chunk))).scalars().all()
        backend.index_remove(session, [_index_row(r.id, r.body, r.keys, r.owner_id, r.kind,
                                                  r.ref_id, r.personal_id) for r in rows])
        for r in rows:
            session.delete(r)
    session.flush()


REFRESH_BATCH = 2000


def refresh_owners(session: Session, customer_ids: Iterable[int] | None = None) -> int:
    """Give the documents of these customers (``None``: all) their customer's current
    owner, in the index too; returns how many documents changed.

    Runs inside a flush as well (see :func:`_owners_changed`), so it uses Core
    statements only.
    """
    conn = session.connection()
    docs = cast(Table, SearchDoc.__table__)
    current = (select(Customer.owner_id).where(Customer.id == docs.c.customer_id)
               .scalar_subquery())
    stmt = (select(docs.c.id, docs.c.body, docs.c["keys"].label("doc_keys"), docs.c.owner_id,
                   docs.c.kind, docs.c.ref_id, docs.c.personal_id, current.label("new_owner"))
            .where(docs.c.customer_id.is_not(None),
                   func.coalesce(docs.c.owner_id, 0) != func.coalesce(current, 0))
            .order_by(docs.c.id))
    wanted = None if customer_ids is None else sorted(set(customer_ids))
    chunks = [None] if wanted is None else [
        wanted[i : i + 500] for i in range(0, len(wanted), 500)]
    changed = 0
    for chunk in chunks:
        last = 0
        while True:
            part = stmt.where(docs.c.id > last).limit(REFRESH_BATCH)
            if chunk is not None:
                part = part.where(docs.c.customer_id.in_(chunk))
            rows = conn.execute(part).all()
            if not rows:
                break
            give_owners(session, rows, [(r.new_owner, r.personal_id) for r in rows])
            changed += len(rows)
            last = rows[-1].id
    return changed


def give_owners(session: Session, rows: Sequence[Any],
                owners: Sequence[tuple[int | None, int | None]]) -> None:
    """Give stored documents (*rows*: id, body, doc_keys, owner_id, kind, ref_id,
    personal_id, the last two as their full-text rows hold them) new ``(owner, personal
    user)`` pairs: the columns, and the owner words of their full-text rows (Core
    statements only: this runs inside a flush too, and in revision 0023)."""
    backend = backend_of(session)
    docs = cast(Table, SearchDoc.__table__)
    backend.index_remove(session, [_index_row(r.id, r.body, r.doc_keys, r.owner_id, r.kind,
                                              r.ref_id, r.personal_id) for r in rows])
    session.connection().execute(
        docs.update().where(docs.c.id == bindparam("doc_id"))
        .values(owner_id=bindparam("owner"), personal_id=bindparam("personal")),
        [{"doc_id": r.id, "owner": owner, "personal": personal}
         for r, (owner, personal) in zip(rows, owners, strict=True)])
    backend.index_add(session, [_index_row(r.id, r.body, r.doc_keys, owner, r.kind, r.ref_id,
                                           personal)
                                for r, (owner, personal) in zip(rows, owners, strict=True)])


def refresh_personal(session: Session, kind: str, personal_column: Any,
                     customer_ids: Iterable[int]) -> int:
    """Give the *kind* documents of these customers their record's current personal
    user (*personal_column*, e.g. ``Ticket.assignee_id``), in the index too, after a
    bulk write changed it without the service (a handover); returns how many changed."""
    conn = session.connection()
    docs = cast(Table, SearchDoc.__table__)
    records = personal_column.table
    current = (select(personal_column).where(records.c.id == docs.c.ref_id)
               .scalar_subquery())
    stmt = (select(docs.c.id, docs.c.body, docs.c["keys"].label("doc_keys"), docs.c.owner_id,
                   docs.c.kind, docs.c.ref_id, docs.c.personal_id,
                   current.label("new_personal"))
            .where(docs.c.kind == kind,
                   func.coalesce(docs.c.personal_id, 0) != func.coalesce(current, 0)))
    wanted = sorted(set(customer_ids))
    changed = 0
    for start in range(0, len(wanted), 500):
        rows = conn.execute(stmt.where(docs.c.customer_id.in_(wanted[start : start + 500])))\
            .all()
        if rows:
            give_owners(session, rows, [(r.owner_id, r.new_personal) for r in rows])
        changed += len(rows)
    return changed


def reindex_stored(session: Session, *, batch: int = 5000) -> int:
    """Refill the full-text index from the stored documents, each with its customer's
    current owner (after a change of what the index holds: migrations, bulk
    reassignments); returns the number of documents."""
    backend = backend_of(session)
    conn = session.connection()
    docs = cast(Table, SearchDoc.__table__)
    backend.rebuild_index(session)
    current = select(Customer.owner_id).where(
        Customer.id == docs.c.customer_id).scalar_subquery()
    # only the documents whose owner changed: a rewritten row costs every index of it
    # (on PostgreSQL the trigram index of its whole body)
    conn.execute(docs.update().where(docs.c.customer_id.is_not(None),
                                     docs.c.owner_id.is_distinct_from(current))
                 .values(owner_id=current))
    # (a migration before revision 0023 runs this too: no personal users yet)
    personal = docs.c.personal_id if any(
        c["name"] == "personal_id" for c in inspect(conn).get_columns("search_docs")) \
        else null().label("personal_id")
    done = last = 0
    while True:
        rows = conn.execute(select(docs.c.id, docs.c.body, docs.c["keys"].label("doc_keys"),
                                   docs.c.owner_id, docs.c.kind, docs.c.ref_id, personal)
                            .where(docs.c.id > last).order_by(docs.c.id).limit(batch)).all()
        if not rows:
            return done
        backend.index_add(session, [_index_row(r.id, r.body, r.doc_keys, r.owner_id, r.kind,
                                               r.ref_id, r.personal_id) for r in rows])
        done += len(rows)
        last = rows[-1].id


@event.listens_for(Session, "after_flush")
def _owners_changed(session: Session, _flush: UOWTransaction) -> None:
    """A customer changed hands (edit, reassign, handover, merge): its documents
    follow in the same transaction, so search never shows them to the old owner's
    team only."""
    moved = [obj.id for obj in session.dirty if isinstance(obj, Customer)
             and inspect(obj).attrs.owner_id.history.has_changes()]
    if moved:
        refresh_owners(session, moved)


@dataclass
class PreparedDoc:
    row: dict[str, Any]
    tri: str
    short: str
    owner_id: int | None = None  # a document without a customer: its own owner


def prepare(docs: Sequence[DocInput]) -> list[PreparedDoc]:
    """The CPU-heavy half of bulk indexing (pinyin, tokens); needs no database."""
    prepared = []
    for doc in docs:
        keys = doc.keys()
        body = doc.body(keys)
        prepared.append(PreparedDoc(
            {"kind": doc.kind, "ref_id": doc.ref_id, "customer_id": doc.customer_id,
             "code": doc.code, "title": doc.title[:200],
             "subtitle": (doc.subtitle or "")[:200] or None, "keys": keys[:400] or None,
             "body": body, "personal_id": doc.personal_id}, *_index_texts(body, keys),
            doc.owner_id))
    return prepared


class CodelessDoc(NamedTuple):
    """A search document prepared before its record's code is known (an import stages
    its new customers in a second process; only the writer numbers them).  The code is
    the first of the texts, as in ``customer_doc``: :func:`with_code` puts it there and
    gives exactly what :func:`prepare` gives for the whole document (tested), with the
    costly part (pinyin, normalising, tokens) done here."""

    kind: str
    ref_id: int
    customer_id: int | None
    title: str
    subtitle: str | None
    keys: str
    head: str  # the normalised title
    tail: str  # the normalised texts after the code
    notes: str  # NOTES_MARK and the start of the notes, or ""
    short_head: str  # short tokens before the code's words
    short_tail: str  # short tokens after them


def prepare_codeless(doc: DocInput, keys: str | None = None) -> CodelessDoc:
    """The CPU-heavy half of :func:`prepare` for a document whose code (the first of its
    texts, ``None`` in *doc*) comes later: see :class:`CodelessDoc`.  *keys*: its
    ``doc.keys()`` when known already (computed while checking)."""
    assert doc.code is None and doc.texts and doc.texts[0] is None, "the code comes later"
    if keys is None:
        keys = doc.keys()
    # Each text on its own: normalising and tokenising a text does not depend on its
    # neighbours (no pattern spans the spaces between them; normalising keeps a space
    # a space), and the same city, province or company comes again and again.
    first = _text_part(doc.title) if doc.title else _NO_PART
    parts = [_text_part(t) for t in doc.texts[1:] if t]
    head = first[0]
    tail = " ".join([p[0] for p in parts if p[0]])
    key_cjk, key_words = _key_part(keys)
    # short_tokens(main, keys) of the text without the code, split where the code's
    # words go: CJK tokens of every part, then words of the title | the code's words |
    # words of the rest and the keys, then the keys (neither pattern spans a space)
    tokens: dict[str, None] = dict(first[1])
    for part in parts:
        tokens.update(part[1])
    tokens.update(key_cjk)
    tokens.update(first[2])
    before = len(tokens)
    for part in parts:
        tokens.update(part[2])
    tokens.update(key_words)
    listed = list(tokens)
    notes = NOTES_MARK + normalize(doc.notes[:NOTES_CHARS]) if doc.notes else ""
    return CodelessDoc(doc.kind, doc.ref_id, doc.customer_id, doc.title[:200],
                       (doc.subtitle or "")[:200] or None, keys, head, tail, notes,
                       " ".join(listed[:before]), " ".join(listed[before:]))


#: a text: normalised, its CJK tokens, its latin words (dicts used as ordered sets)
_Part = tuple[str, dict[str, None], dict[str, None]]
_NO_PART: _Part = ("", {}, {})


@lru_cache(maxsize=100_000)
def _text_part(text: str) -> _Part:
    """A text of a document normalised and tokenised (callers only read the result)."""
    normal = normalize(text)
    cjk: dict[str, None] = {}
    if not normal.isascii():
        for run in CJK_RUN.findall(normal):
            cjk.update(_run_tokens(run))
    return normal, cjk, dict.fromkeys(WORD.findall(normal))


@lru_cache(maxsize=100_000)
def _key_part(keys: str) -> tuple[dict[str, None], dict[str, None]]:
    """The pinyin keys' CJK tokens (none, as a rule) and words, then the keys themselves."""
    cjk: dict[str, None] = {}
    if not keys.isascii():
        for run in CJK_RUN.findall(keys):
            cjk.update(_run_tokens(run))
    words = dict.fromkeys(WORD.findall(keys))
    words.update(dict.fromkeys(keys.split()))
    return cjk, words


@lru_cache(maxsize=50_000)
def _run_tokens(run: str) -> dict[str, None]:
    """The short tokens of a run of Chinese characters: each character, then the pair
    it starts (the last one's "pair" is itself); cities and companies come again and
    again (callers only read the result)."""
    return dict.fromkeys([run[i : i + n] for i in range(len(run)) for n in (1, 2)])


def clear_text_caches() -> None:
    """Forget the pinyin and the tokens of the texts seen (an import of a hundred
    thousand customers fills these caches with hundreds of megabytes)."""
    for cached in (pinyin_keys, _word_syllables, _text_part, _key_part, _run_tokens):
        cached.cache_clear()


def _has_token(tokens: str, word: str) -> bool:
    """Whether *word* is one of the space-separated *tokens*."""
    return word in tokens and f" {word} " in f" {tokens} "


def coded_texts(doc: CodelessDoc, code: str) -> tuple[str, str]:
    """The body and short tokens of *doc* completed with *code* (see :func:`with_code`)."""
    if code.isascii() and code.isalnum():  # C000123: itself in lower case, one word
        code_text = code.lower()
        words: list[str] = [code_text]
        chinese = False
    else:
        code_text = normalize(code)
        words = WORD.findall(code_text)
        chinese = CJK_RUN.search(code_text) is not None
    main = " ".join([p for p in (doc.head, code_text, doc.tail) if p])
    body = f"{main} {doc.keys}".strip() + doc.notes
    if not chinese and not any(_has_token(doc.short_head, w) or _has_token(doc.short_tail, w)
                               for w in words):
        short = " ".join([p for p in (doc.short_head, *dict.fromkeys(words), doc.short_tail)
                          if p])
    else:  # the code's tokens are not new ones after the title's words: the long way
        short = _index_texts(body, doc.keys)[1]
    return body, short


def with_code(doc: CodelessDoc, code: str) -> PreparedDoc:
    """*doc* completed with its record's *code*: what :func:`prepare` gives for it."""
    body, short = coded_texts(doc, code)
    return PreparedDoc(
        {"kind": doc.kind, "ref_id": doc.ref_id, "customer_id": doc.customer_id,
         "code": code, "title": doc.title, "subtitle": doc.subtitle,
         "keys": doc.keys[:400] or None, "body": body, "personal_id": None}, body, short)


_DOC_COLUMNS = ["id", "kind", "ref_id", "customer_id", "code", "title", "subtitle", "keys",
                "body", "owner_id"]


def write_coded(session: Session, docs: Sequence[CodelessDoc], codes: Sequence[str],
                owners: Sequence[int | None]) -> None:
    """Write staged documents with their records' *codes* and customers' *owners*: what
    :func:`write_prepared` of their :func:`with_code` writes, without the objects in
    between (an import writes a hundred thousand)."""
    if not docs:
        return
    backend = backend_of(session)
    start = int(session.execute(text("SELECT coalesce(max(id), 0) FROM search_docs"))
                .scalar_one()) + 1
    rows: list[tuple[Any, ...]] = []
    entries: list[IndexRow] = []
    for doc_id, doc, code, owner in zip(range(start, start + len(docs)), docs, codes, owners,
                                        strict=True):
        body, short = coded_texts(doc, code)
        rows.append((doc_id, doc.kind, doc.ref_id, doc.customer_id, code, doc.title,
                     doc.subtitle, doc.keys[:400] or None, body, owner))
        entries.append((doc_id, body, short, owner, doc.kind, doc.ref_id, None))
    backend.insert_prepared(session, cast(Table, SearchDoc.__table__),
                            PreparedRows(_DOC_COLUMNS, rows))
    backend.index_add(session, entries)


def _owners(session: Session, customer_ids: Iterable[int | None]) -> dict[int, int | None]:
    wanted = sorted({c for c in customer_ids if c is not None})
    found: dict[int, int | None] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        found.update((r[0], r[1]) for r in session.execute(
            select(Customer.id, Customer.owner_id).where(Customer.id.in_(chunk))))
    return found


def write_prepared(session: Session, prepared: Sequence[PreparedDoc],
                   owners_of_customers: Sequence[int | None] | None = None) -> None:
    """The database half of bulk indexing: new rows with explicit ids, then FTS.

    The customers must be written already: each document holds its customer's owner
    (*owners_of_customers*: the caller knows them, one per document, in order).
    """
    if not prepared:
        return
    backend = backend_of(session)
    start = int(session.execute(text("SELECT coalesce(max(id), 0) FROM search_docs"))
                .scalar_one()) + 1
    if owners_of_customers is not None:
        assert len(owners_of_customers) == len(prepared)
        doc_owners = list(owners_of_customers)
    else:
        owners = _owners(session, (p.row["customer_id"] for p in prepared))
        doc_owners = [owners.get(p.row["customer_id"]) if p.row["customer_id"] is not None
                      else p.owner_id for p in prepared]
    columns = ["id", *prepared[0].row, "owner_id"]
    values = [(start + i, *p.row.values(), doc_owners[i]) for i, p in enumerate(prepared)]
    backend.insert_prepared(session, cast(Table, SearchDoc.__table__),
                            PreparedRows(columns, values))
    backend.index_add(session, [(start + i, p.tri, p.short, doc_owners[i], p.row["kind"],
                                 p.row["ref_id"], p.row.get("personal_id"))
                                for i, p in enumerate(prepared)])


def index_many(session: Session, docs: Sequence[DocInput]) -> None:
    """Bulk-add new records (demo data, imports)."""
    write_prepared(session, prepare(docs))


# ---------------------------------------------------------------------------
# Queries
# ---------------------------------------------------------------------------

@dataclass
class Plan:
    query: str  # what must be a substring of body
    short: str | None  # FTS5 expression for the short index (1-2 characters)


def plan(raw: str) -> Plan | None:
    q = normalize(raw)
    if not q:
        return None
    if PHONE_LIKE.match(q) and sum(c.isdigit() for c in q) >= 3:
        q = re.sub(r"\D", "", q)
    elif re.fullmatch(r"[a-z ]+", q):
        q = q.replace(" ", "")  # "zhang san feng" -> "zhangsanfeng"
    if len(q) >= 3:
        return Plan(q, None)
    quoted = '"' + q.replace('"', '""') + '"'
    if CJK_ONLY.match(q):
        return Plan(q, quoted)
    return Plan(q, quoted + "*")


def _match_sql(session: Session, p: Plan, owners: Sequence[int] | None = None,
               candidates: int | None = None) -> tuple[str, dict[str, Any]]:
    backend = backend_of(session)
    backend.plan_for_values(session)  # the clause runs in this transaction
    return backend.match_clause(p.query, p.short, owners, candidates)


#: matches (visible to the actor) up to which a quick filter starts from the full-text
#: index; with more, the list's own order leads and each row's document is checked.
#: About where both cost the same on a million customers: listing n matches reads n
#: documents, a newest-first page of PAGE rows reads PAGE x documents / n of them
#: (measured with pages of 200 rows; with pages of 100 the break-even is about 7,000 on
#: a million customers and 22,000 on ten million: SQLite does not estimate a table's
#: rows, and a threshold too low costs more than one too high).  A server's own figure
#: is ``Backend.quick_probe``.
QUICK_PROBE = 10_000

#: Where the backend can estimate a table's rows (PostgreSQL), the break-even follows
#: the list instead of one figure.  Listing the n matches costs n reads; the list's own
#: order reads about PAGE x rows / n rows to fill a page.  Both cost the same at
#: n = sqrt(QUICK_SLOPE x rows) for an administrator (8,700 on a million customers;
#: QUICK_SLOPE is 0.75 x PAGE: a row read in the list's order costs 3/4 of a match
#: listed, measured with pages of 200 rows).
#: An actor who sees a share s of the customers has s x as many matches, but each
#: costs more to list (the index intersects the owners) and the list's order skips
#: the others' rows cheaply: the break-even measured per filter on the 1M team file
#: (issue 18) was 4,000-6,500 for a manager's 10 % of the customers and ~4,000 for
#: 5 % of the contacts, which s ** 0.25 x the administrator's figure follows (those
#: with pages of 200 rows; each is sqrt(2) less with pages of 100).  Kept within
#: QUICK_RANGE.
QUICK_SLOPE = 3 * PAGE // 4
QUICK_RANGE = (500, 15_000)

#: SQLite, for an actor who sees few customers (counted by ``for_lists``): their
#: customers list reads them newest first through the owner index, about PAGE x R / n
#: rows for a page when n of their R customers match, so listing the n matches costs
#: as much at n = sqrt(QUICK_FEW_SLOPE x R), measured per filter at ten million
#: customers with pages of 200 rows (a 0.1 % staff member's 有限公司: 5,574 of 10,000
#: customers, 134 ms listed, 15 ms in the list's order; 北京: 1,026, about even:
#: QUICK_FEW_SLOPE was 81, 0.405 x the page).  Their other lists read all of their
#: customers' records either way: the matches are always shorter.
QUICK_FEW_SLOPE = 81 * PAGE // 200


def quick_threshold(session: Session, actor: Actor, id_column: Any,
                    owners: Sequence[int] | None = None) -> int:
    """Matches of a quick filter up to which its list starts from them (see above);
    *owners* as :func:`permissions.visible_owner_ids` gives them for *actor*."""
    backend = backend_of(session)
    rows = backend.table_rows(session, id_column.table.name)
    low, high = QUICK_RANGE
    if rows is None:
        probe = QUICK_PROBE if backend.quick_probe is None else backend.quick_probe
        if actor.customers_seen is None:
            return probe
        if id_column.table.name != Customer.__tablename__:
            return high
        return max(low, min(probe, int(math.sqrt(QUICK_FEW_SLOPE * actor.customers_seen))))
    if actor.customer_ids is not None:
        # a few customers' records are listed from those customers either way: their
        # matches, never more than their records, are always the shorter read
        return high
    share = None if owners is None else backend.owner_share(session, owners)
    if share is None:
        share = 1.0
    return max(low, min(high, int(math.sqrt(QUICK_SLOPE * rows) * share ** 0.25)))


_LATIN_START = re.compile(r"^[0-9a-z]{1,2}$")


def _holds(backend: Backend, p: Plan) -> ColumnElement[bool]:
    """A document's own check, exactly what the index matches for *p*: three or more
    characters anywhere in the body; one or two Chinese characters in the text before
    the notes (its short tokens); one or two letters or digits at the start of one of
    its words there (a token's prefix: ``wl`` finds 王丽's initials, not "bowling").
    A quick filter read in the list's own order then gives the rows the index would."""
    anywhere = SearchDoc.body.contains(p.query, autoescape=True)
    if p.short is None:
        return anywhere
    # the plain test first: most rows fail it, and it costs a tenth of the others
    main = backend.text_before(SearchDoc.body, NOTES_MARK)
    if CJK_ONLY.match(p.query):
        return and_(anywhere, main.contains(p.query, autoescape=True))
    if _LATIN_START.match(p.query):
        return and_(anywhere, backend.starts_a_word(main, p.query))
    return anywhere


def matching_condition(session: Session, kind: str, raw: str, actor: Actor,
                       id_column: Any) -> ColumnElement[bool]:
    """The condition of :func:`matching_plan`."""
    return matching_plan(session, kind, raw, actor, id_column).condition


def matching_plan(session: Session, kind: str, raw: str, actor: Actor,
                  id_column: Any) -> QuickMatch:
    """The datasheet quick filter: records of *kind* (ids in *id_column*) whose text
    contains *raw*.

    A word few of the actor's documents hold (a name, a phone number, anything a
    staff member types) is answered by the index: its matches are listed, then
    sorted.  A word many hold (an administrator's ``王``) would list a hundred
    thousand matches for a page of PAGE rows: there the list reads its rows in its own
    order and checks each one's document, which finds a page within a few
    thousand rows.  Both give the same rows.  *actor* as :func:`permissions.for_lists`
    returns it (how many customers it sees decides the break-even).

    The index holds a document's personal user (a ticket's assignee) beside its
    customer's owner (revision 0023), so the actor's own records on other people's
    customers are among its matches; the list's scope decides the rest.
    """
    p = plan(raw)
    if p is None:  # nothing left to look for (blank, private use characters): all of them
        return QuickMatch(id_column.in_(select(SearchDoc.ref_id).where(SearchDoc.kind == kind)))
    owners = visible_owner_ids(session, actor)
    backend = backend_of(session)
    threshold = quick_threshold(session, actor, id_column, owners)
    check = select(SearchDoc.id).where(
        SearchDoc.kind == kind, SearchDoc.ref_id == id_column, _holds(backend, p))
    if backend.name == "postgresql":
        # OFFSET 0 keeps PostgreSQL from turning this into a join that reads every
        # document holding 王 (it guesses LIKE '%王%' rare): each row is checked in the
        # list's order instead, as on SQLite (700 ms -> ms, issue 18)
        check = check.offset(0)
    # the matches of this kind, read once (a server: up to the threshold and one;
    # SQLite: None beyond the threshold)
    refs = backend.matching_refs(session, p.query, p.short, owners, kind, threshold + 1)
    if refs is None or len(refs) > threshold:
        # every row's own document: the owners play no part
        return QuickMatch(exists(check))
    # on SQLite the matches lead (on a server the planner's statistics decide)
    return QuickMatch(backend.among(id_column, refs, "quick_refs"), backend.name == "sqlite")


#: documents the full-text index hands to one search (each then verified and scoped):
#: with the owners in the index nearly all of them are the actor's, and a search
#: shows the best of the first 200 that pass
FTS_CANDIDATES = 1000


@dataclass
class Hit:
    kind: str
    ref_id: int
    customer_id: int | None
    code: str | None
    title: str
    subtitle: str | None
    score: int


def _score(p: Plan, title: str, code: str | None, keys: str | None) -> int:
    q = p.query
    t = normalize(title)
    if t == q or (code and code.lower() == q):
        return 0
    if t.startswith(q):
        return 1
    key_words = (keys or "").split()
    if q in key_words:
        return 2
    if any(k.startswith(q) for k in key_words):
        return 3
    if q in t:
        return 4
    return 5


def owner_kinds() -> list[str]:
    """The kinds whose documents have no customer but an owner: the file's designed
    record types that belong to owners."""
    from crmdesk.core.record_types import active_types

    return [t.key for t in active_types() if t.belongs_to == "owner"]


def search(session: Session, actor: Actor, raw: str, *, limit: int = 30,
           kinds: Sequence[str] | None = None, candidates: int = 200) -> list[Hit]:
    """Records matching *raw* that the actor may see, best match first (*kinds*: only
    these; default: every kind, the designed record types too).

    A document of a customer's record is visible with its customer (live, in the
    actor's scope) or with its personal user (``personal_id``: a ticket assigned to
    the actor on someone else's customer); a document of an owner-type record (no
    customer) with its owner (``owner_scope`` on the document's ``owner_id``), never
    to anyone else."""
    p = plan(raw) if fits_text(raw) else None  # no document holds a NUL
    if p is None:
        return []
    # Whose documents the actor may see: the index holds each document's owner, so
    # the match itself is narrowed to them (a user with 1 % of the customers reads
    # 1 % of the matches); the customer's scope is still checked on what comes back.
    owners = visible_owner_ids(session, actor)
    clause, params = _match_sql(session, p, owners, FTS_CANDIDATES)
    cols = (SearchDoc.id, SearchDoc.kind, SearchDoc.ref_id, SearchDoc.customer_id,
            SearchDoc.code, SearchDoc.title, SearchDoc.subtitle, SearchDoc.keys)
    # The owner through an expression: with the owner index at hand, SQLite would start
    # from the actor's 10,000 customers and probe each against every full-text match
    # (10,000 x 100,000 probes: the 16-31 s searches of staff).  The match leads.
    visible = [
        # a customer's record: with its customer
        and_(Customer.id.is_not(None), Customer.deleted_at.is_(None),
             owner_scope(actor, Customer.owner_id + 0)),
        # or with its personal user (a ticket's assignee), as ``child_scope`` shows it
        and_(SearchDoc.personal_id.is_not(None),
             owner_scope(actor, SearchDoc.personal_id + 0))]
    if actor.is_admin:  # and a task of no customer and nobody's (the task list shows it)
        visible.append(and_(SearchDoc.customer_id.is_(None),
                            func.lower(SearchDoc.kind) == "task"))
    by_owner = [k for k in owner_kinds() if kinds is None or k in kinds]
    if by_owner:  # owner-type records: no customer, the document's owner decides
        visible.append(and_(SearchDoc.customer_id.is_(None),
                            func.lower(SearchDoc.kind).in_(by_owner),
                            owner_scope(actor, SearchDoc.owner_id + 0)))
    base = (select(*cols).outerjoin(Customer, Customer.id == SearchDoc.customer_id)
            .where(or_(*visible), SearchDoc.body.contains(p.query, autoescape=True)))
    if kinds is not None and set(kinds) != set(KINDS):
        # through a function: an index on kind would make the planner scan every
        # document of that kind instead of starting from the full-text match
        base = base.where(func.lower(SearchDoc.kind).in_(list(kinds)))
    found: dict[int, Any] = {}
    # Titles starting with the query first: they are what people usually mean.
    prefix = raw.strip().translate(PRIVATE_USE)
    if prefix:
        starting = base.where(SearchDoc.title >= prefix, SearchDoc.title < prefix + "\U0010ffff")
        if owners is not None:  # ix_search_docs_owner_title: that owner's titles only
            starting = starting.where(SearchDoc.owner_id.in_(owners))
        for row in session.execute(starting.limit(limit)):
            found[row.id] = row
    matched = base.where(text(clause).bindparams(**params)).limit(candidates)
    if backend_of(session).name == "sqlite":
        # the newest of the index's candidates (SQLite walks the IN list backwards, no
        # sort); a server takes them as its plan finds them
        matched = matched.order_by(SearchDoc.id.desc())
    for row in session.execute(matched):
        found.setdefault(row.id, row)
    hits = [Hit(r.kind, r.ref_id, r.customer_id, r.code, r.title, r.subtitle,
                _score(p, r.title, r.code, r.keys)) for r in found.values()]
    hits.sort(key=lambda h: (h.score, KIND_ORDER.get(h.kind, 9), len(h.title), h.ref_id))
    from crmdesk.core.exact_lookup import exact_hits  # ID numbers, by the blind index

    return [*exact_hits(session, actor, raw, kinds), *hits][:limit]


def rebuild(session: Session, docs: Iterable[DocInput]) -> None:
    """Drop the whole index and rebuild it from *docs* (all records)."""
    backend_of(session).rebuild_index(session)
    session.execute(delete(SearchDoc))
    batch: list[DocInput] = []
    for doc in docs:
        batch.append(doc)
        if len(batch) >= 5000:
            index_many(session, batch)
            batch.clear()
    index_many(session, batch)
