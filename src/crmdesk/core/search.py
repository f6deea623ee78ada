"""The search index and its queries.

One row of ``search_docs`` per searchable record (customer, contact,
opportunity, ticket) holds its display title and the lower-cased text people
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
to be supersets.  On PostgreSQL the backend searches ``body`` directly.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, cast

from pypinyin import Style, lazy_pinyin
from sqlalchemy import Table, delete, func, select, text
from sqlalchemy.orm import Session

from crmdesk.core.models import Customer, SearchDoc
from crmdesk.core.permissions import Actor, customer_scope
from crmdesk.storage.backends import PreparedRows, backend_of

KINDS = ("customer", "contact", "opportunity", "ticket")
KIND_ORDER = {kind: i for i, kind in enumerate(KINDS)}
NOTES_MARK = "\x1e"
NOTES_CHARS = 200
CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
CJK_ONLY = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+$")
WORD = re.compile(r"[0-9a-z]+")
PHONE_LIKE = re.compile(r"^[+\d][\d\s\-()]*$")

# Surnames whose reading differs from the character's usual one.
SURNAME_READINGS = {
    "单": "shan", "曾": "zeng", "解": "xie", "仇": "qiu", "朴": "piao", "查": "zha",
    "区": "ou", "乐": "yue", "缪": "miao", "覃": "qin", "翟": "zhai", "盖": "ge", "葛": "ge",
    "尉": "yu", "长": "chang", "种": "chong", "冼": "xian", "召": "shao", "繁": "po",
    "牟": "mu", "秘": "bi", "万": "wan", "黑": "he", "重": "chong", "折": "she",
}


def normalize(value: str) -> str:
    """Full-width to half-width, lower case, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFKC", value).lower().split())


@lru_cache(maxsize=200_000)
def pinyin_keys(name: str) -> str:
    """``张三丰`` -> ``zhangsanfeng zsf`` (plus the surname reading when it differs)."""
    if not name or not CJK_RUN.search(name):
        return ""
    syllables = [s for s in lazy_pinyin(name, style=Style.NORMAL, errors="ignore") if s]
    if not syllables:
        return ""
    keys = ["".join(syllables), "".join(s[0] for s in syllables)]
    surname = SURNAME_READINGS.get(name[0])
    if surname and syllables[0] != surname:
        alt = [surname, *syllables[1:]]
        keys += ["".join(alt), "".join(s[0] for s in alt)]
    return " ".join(dict.fromkeys(k.lower() for k in keys))


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


def index(session: Session, doc: DocInput) -> None:
    """Add or refresh one record in the index (same transaction as the write)."""
    backend = backend_of(session)
    keys = doc.keys()
    body = doc.body(keys)
    row = session.execute(select(SearchDoc).where(
        SearchDoc.kind == doc.kind, SearchDoc.ref_id == doc.ref_id)).scalar_one_or_none()
    if row is not None:
        if row.body == body and row.title == doc.title and row.subtitle == doc.subtitle \
                and row.customer_id == doc.customer_id and row.code == doc.code:
            return
        old_body, old_keys = row.body, row.keys or ""
        backend.index_remove(session, [(row.id, *_index_texts(old_body, old_keys))])
    else:
        row = SearchDoc(kind=doc.kind, ref_id=doc.ref_id)
        session.add(row)
    row.customer_id = doc.customer_id
    row.code = doc.code
    row.title = doc.title[:200]
    row.subtitle = (doc.subtitle or "")[:200] or None
    row.keys = keys[:400] or None
    row.body = body
    session.flush()
    backend.index_add(session, [(row.id, *_index_texts(body, keys))])


def remove(session: Session, kind: str, ref_ids: Iterable[int]) -> None:
    ids = list(ref_ids)
    if not ids:
        return
    backend = backend_of(session)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        rows = session.execute(select(SearchDoc).where(
            SearchDoc.kind == kind, SearchDoc.ref_id.in_(chunk))).scalars().all()
        backend.index_remove(session, [(r.id, *_index_texts(r.body, r.keys or "")) for r in rows])
        for r in rows:
            session.delete(r)
    session.flush()


@dataclass
class PreparedDoc:
    row: dict[str, Any]
    tri: str
    short: str


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
             "body": body}, *_index_texts(body, keys)))
    return prepared


def write_prepared(session: Session, prepared: Sequence[PreparedDoc]) -> None:
    """The database half of bulk indexing: new rows with explicit ids, then FTS."""
    if not prepared:
        return
    backend = backend_of(session)
    start = int(session.execute(text("SELECT coalesce(max(id), 0) FROM search_docs"))
                .scalar_one()) + 1
    columns = ["id", *prepared[0].row]
    values = [(start + i, *p.row.values()) for i, p in enumerate(prepared)]
    backend.insert_prepared(session, cast(Table, SearchDoc.__table__),
                            PreparedRows(columns, values))
    backend.index_add(session, [(start + i, p.tri, p.short) for i, p in enumerate(prepared)])


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


def _match_sql(session: Session, p: Plan) -> tuple[str, dict[str, Any]]:
    return backend_of(session).match_clause(p.query, p.short)


def matching_ids_subquery(session: Session, kind: str, raw: str) -> Any:
    """Ref ids of *kind* whose text contains *raw* (for datasheet quick filters)."""
    p = plan(raw)
    if p is None:
        return select(SearchDoc.ref_id).where(SearchDoc.kind == kind)
    clause, params = _match_sql(session, p)
    return (select(SearchDoc.ref_id)
            .where(SearchDoc.kind == kind, text(clause).bindparams(**params),
                   SearchDoc.body.contains(p.query, autoescape=True)))


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


def search(session: Session, actor: Actor, raw: str, *, limit: int = 30,
           kinds: Sequence[str] = KINDS, candidates: int = 200) -> list[Hit]:
    """Records matching *raw* that the actor may see, best match first."""
    p = plan(raw)
    if p is None:
        return []
    clause, params = _match_sql(session, p)
    cols = (SearchDoc.id, SearchDoc.kind, SearchDoc.ref_id, SearchDoc.customer_id,
            SearchDoc.code, SearchDoc.title, SearchDoc.subtitle, SearchDoc.keys)
    base = (select(*cols).join(Customer, Customer.id == SearchDoc.customer_id)
            .where(Customer.deleted_at.is_(None), customer_scope(actor),
                   SearchDoc.body.contains(p.query, autoescape=True)))
    if set(kinds) != set(KINDS):
        # through a function: an index on kind would make the planner scan every
        # document of that kind instead of starting from the full-text match
        base = base.where(func.lower(SearchDoc.kind).in_(list(kinds)))
    found: dict[int, Any] = {}
    # Titles starting with the query first: they are what people usually mean.
    prefix = raw.strip()
    if prefix:
        for row in session.execute(base.where(
                SearchDoc.title >= prefix, SearchDoc.title < prefix + "\U0010ffff")
                .limit(limit)):
            found[row.id] = row
    for row in session.execute(base.where(text(clause).bindparams(**params))
                               .limit(candidates)):
        found.setdefault(row.id, row)
    hits = [Hit(r.kind, r.ref_id, r.customer_id, r.code, r.title, r.subtitle,
                _score(p, r.title, r.code, r.keys)) for r in found.values()]
    hits.sort(key=lambda h: (h.score, KIND_ORDER.get(h.kind, 9), len(h.title), h.ref_id))
    return hits[:limit]


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
