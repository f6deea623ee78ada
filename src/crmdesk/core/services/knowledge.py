"""The knowledge base: articles, their search, suggestions for a ticket and usage.

* **Who**: administrators and managers write (``knowledge.manage``): create, edit,
  publish, take back to draft, retire (soft delete) and restore.  Everyone reads
  published articles; drafts are seen by writers only.
* **Search**: each article is a document of the one search index
  (``core/search.py``, kind ``article``, no customer, so no owner): title, code,
  category, tags and the start of the body, with the pinyin (full and initials) of
  the title and tags, so the same Chinese, pinyin and one- or two-character queries
  as for customers find it.  The knowledge base is small next to the customers, so a
  query reads the article documents (their ``(kind, ref_id)`` index) and checks the
  text of each, instead of asking the full-text index for every document holding
  ``机`` and dropping the customers among them.  Visibility is checked on the
  article itself (published, or a writer).
* **Suggestions**: the words of a ticket's subject (latin words, and each pair of
  adjacent Chinese characters) are searched; an article matching more of them
  (a match in its title counts double) comes first.
* **Links**: :func:`link` records which article answered which ticket, by whom and
  when (audited on the ticket); :func:`most_used` counts them per article over a
  period, for the tickets the reader may see.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crmdesk.core import search
from crmdesk.core.lookup import fits_text, get_row, row_limit, shown_text
from crmdesk.core.markup import plain_text
from crmdesk.core.models import Article, SearchDoc, Ticket, TicketArticle, User, utcnow
from crmdesk.core.permissions import Actor, can, require
from crmdesk.core.services import accounts, audit
from crmdesk.core.services.records import format_code, reserve_numbers
from crmdesk.core.services.tickets import tickets
from crmdesk.errors import ConflictError, FieldError, NotFound, ValidationError
from crmdesk.i18n import QT_TRANSLATE_NOOP, render

WRITE = "knowledge.manage"
CODE_PREFIX = "KB"
MAX_TAGS = 20
SUGGEST_WORDS = 40  # subject words searched at most


@dataclass(frozen=True)
class ArticleSummary:
    """An article as lists show it."""

    id: int
    code: str
    title: str
    category: str | None
    tags: tuple[str, ...]
    status: str  # draft | published
    author: str
    updated_at: datetime
    version: int
    retired: bool = False
    score: int = 0  # suggestions: how well it matches (higher first)


@dataclass(frozen=True)
class LinkedArticle:
    """An article used for a ticket: who linked it and when."""

    article: ArticleSummary
    user: str
    at: datetime


@dataclass(frozen=True)
class UsageRow:
    """How often an article was used for tickets in a period."""

    article_id: int
    code: str
    title: str
    category: str | None
    uses: int
    last_used: datetime | None
    drill: None = None  # (an analysis row: no datasheet to drill into)


def _field(key: str) -> str:
    labels = {
        "title": QT_TRANSLATE_NOOP("Field", "Title"),
        "body": QT_TRANSLATE_NOOP("Field", "Text"),
        "category": QT_TRANSLATE_NOOP("Field", "Category"),
        "tags": QT_TRANSLATE_NOOP("Field", "Tags"),
    }
    return render("Field", labels[key])


def _problem(key: str, text: str, **params: object) -> FieldError:
    shown = _field(key)
    return FieldError(key, shown, render("Validation", text, label=shown, **params))


def is_writer(actor: Actor) -> bool:
    return can(actor, WRITE)


def split_tags(tags: str | list[str] | tuple[str, ...] | None) -> list[str]:
    """Tags from a list or a comma-separated text (Chinese commas too), each once."""
    items = tags if isinstance(tags, list | tuple) else re.split(r"[,，、;；]", tags or "")
    return list(dict.fromkeys(t.strip() for t in items if t and t.strip()))


def _clean(title: str | None, body: str | None, category: str | None,
           tags: Any) -> dict[str, Any]:
    errors = []
    title = " ".join((title or "").split())
    if not title:
        errors.append(_problem("title", QT_TRANSLATE_NOOP(
            "Validation", "{label} is required: please fill it in.")))
    elif len(title) > 200:
        errors.append(_problem("title", QT_TRANSLATE_NOOP(
            "Validation", "{label} is too long: at most {n} characters."), n=200))
    body = (body or "").strip()
    if not body:
        errors.append(_problem("body", QT_TRANSLATE_NOOP(
            "Validation", "{label} is required: please fill it in.")))
    category = " ".join((category or "").split()) or None
    if category and len(category) > 60:
        errors.append(_problem("category", QT_TRANSLATE_NOOP(
            "Validation", "{label} is too long: at most {n} characters."), n=60))
    tag_list = split_tags(tags)
    joined = ", ".join(tag_list)
    if len(tag_list) > MAX_TAGS or len(joined) > 400:
        errors.append(_problem("tags", QT_TRANSLATE_NOOP(
            "Validation", "{label}: at most {n} tags, separated by commas."), n=MAX_TAGS))
    if errors:
        raise ValidationError(errors)
    return {"title": title, "body": body, "category": category, "tags": joined or None}


def _not_found(ref: object) -> NotFound:
    return NotFound(QT_TRANSLATE_NOOP(
        "Errors", "{entity} {id} does not exist, was deleted, or is not yours to see."),
        entity=render("Audit", QT_TRANSLATE_NOOP("Audit", "Knowledge base article")), id=ref)


def _visible(actor: Actor, article: Article | None, *, retired: bool = False) -> bool:
    if article is None:
        return False
    if article.deleted_at is not None and not (retired and is_writer(actor)):
        return False
    return article.status == "published" or is_writer(actor)


def get(session: Session, actor: Actor, article_id: int, *, retired: bool = False) -> Article:
    """One article the actor may read (a draft: writers only; *retired*: writers may
    open one in the recycle bin)."""
    article = get_row(session, Article, article_id)
    if not _visible(actor, article, retired=retired):
        raise _not_found(article_id)
    assert article is not None
    return article


def by_code(session: Session, actor: Actor, code: str, *, retired: bool = False) -> Article:
    text = (code or "").strip()
    if text.isdigit():
        return get(session, actor, int(text), retired=retired)
    article = session.execute(select(Article).where(
        func.upper(Article.code) == text.upper())).scalar_one_or_none() \
        if fits_text(text) else None
    if not _visible(actor, article, retired=retired):
        raise _not_found(shown_text(text))
    assert article is not None
    return article


def _describe(article: Article) -> str:
    return f"{article.code} {article.title}"


def _snapshot(article: Article) -> dict[str, Any]:
    return {"title": article.title, "category": article.category, "tags": article.tags,
            "status": article.status, "body": article.body[:2000]}


def article_doc(article: Article) -> search.DocInput:
    tags = split_tags(article.tags)
    return search.DocInput(kind="article", ref_id=article.id, customer_id=None,
                           code=article.code, title=article.title, subtitle=article.category,
                           texts=(article.code, article.category, *tags),
                           pinyin_of=(article.title, article.category, *tags),
                           notes=plain_text(article.body))


def _index(session: Session, article: Article) -> None:
    if article.deleted_at is None:
        search.index(session, article_doc(article))
    else:
        search.remove(session, "article", [article.id])


def create(session: Session, actor: Actor, *, title: str, body: str,
           category: str | None = None, tags: Any = None, publish: bool = False) -> Article:
    """A new article (a draft unless *publish*); writers only."""
    accounts.ensure_active(session, actor)
    require(actor, WRITE)
    values = _clean(title, body, category, tags)
    number = reserve_numbers(session, "article")
    now = utcnow()
    article = Article(code=format_code(CODE_PREFIX, number, 5), author_id=actor.user_id,
                      status="published" if publish else "draft",
                      published_at=now if publish else None,
                      created_by_id=actor.user_id, updated_by_id=actor.user_id, **values)
    session.add(article)
    session.flush()
    _index(session, article)
    audit.record(session, actor, "create", entity="article", entity_id=article.id,
                 message=QT_TRANSLATE_NOOP("Audit", "{record}"),
                 params={"record": _describe(article)}, after=_snapshot(article))
    return article


def _writable(session: Session, actor: Actor, article_id: int,
              expected_version: int | None, *, retired: bool = False) -> Article:
    accounts.ensure_active(session, actor)
    require(actor, WRITE)
    article = get(session, actor, article_id, retired=retired)
    if expected_version is not None and article.version != expected_version:
        raise ConflictError(QT_TRANSLATE_NOOP(
            "Errors", "Someone else saved this record after you opened it. Reload it and "
                      "make your change again."), current=article)
    return article


def update(session: Session, actor: Actor, article_id: int, *, title: str | None = None,
           body: str | None = None, category: str | None = None, tags: Any = None,
           expected_version: int | None = None) -> Article:
    """Change an article's text, category or tags (``None``: unchanged)."""
    article = _writable(session, actor, article_id, expected_version)
    before = _snapshot(article)
    values = _clean(article.title if title is None else title,
                    article.body if body is None else body,
                    article.category if category is None else category,
                    article.tags if tags is None else tags)
    for key, value in values.items():
        setattr(article, key, value)
    article.updated_by_id = actor.user_id
    session.flush()
    _index(session, article)
    audit.record(session, actor, "update", entity="article", entity_id=article.id,
                 message=QT_TRANSLATE_NOOP("Audit", "{record}"),
                 params={"record": _describe(article)}, before=before, after=_snapshot(article))
    return article


def set_published(session: Session, actor: Actor, article_id: int, published: bool = True, *,
                  expected_version: int | None = None) -> Article:
    """Publish an article (everyone reads it) or take it back to draft (writers only)."""
    article = _writable(session, actor, article_id, expected_version)
    status = "published" if published else "draft"
    if article.status == status:
        return article
    before = _snapshot(article)
    article.status = status
    article.published_at = utcnow() if published else article.published_at
    article.updated_by_id = actor.user_id
    session.flush()
    audit.record(session, actor, "publish" if published else "update", entity="article",
                 entity_id=article.id,
                 message=QT_TRANSLATE_NOOP("Audit", "Published {record}") if published
                 else QT_TRANSLATE_NOOP("Audit", "Back to draft: {record}"),
                 params={"record": _describe(article)}, before=before, after=_snapshot(article))
    return article


def retire(session: Session, actor: Actor, article_id: int) -> Article:
    """Retire an article: out of lists, search and suggestions; links to tickets stay
    (the usage report still counts them); a writer can restore it."""
    article = _writable(session, actor, article_id, None)
    article.deleted_at = utcnow()
    article.deleted_by_id = actor.user_id
    session.flush()
    _index(session, article)
    audit.record(session, actor, "delete", entity="article", entity_id=article.id,
                 message=QT_TRANSLATE_NOOP("Audit", "{record}"),
                 params={"record": _describe(article)})
    return article


def restore(session: Session, actor: Actor, article_id: int) -> Article:
    article = _writable(session, actor, article_id, None, retired=True)
    article.deleted_at = None
    article.deleted_by_id = None
    session.flush()
    _index(session, article)
    audit.record(session, actor, "restore", entity="article", entity_id=article.id,
                 message=QT_TRANSLATE_NOOP("Audit", "{record}"),
                 params={"record": _describe(article)})
    return article


# ---------------------------------------------------------------------------
# Reading: lists, search, suggestions
# ---------------------------------------------------------------------------

def _summaries(session: Session, articles: list[Article],
               scores: dict[int, int] | None = None) -> list[ArticleSummary]:
    names = accounts.user_names(session)
    return [ArticleSummary(a.id, a.code, a.title, a.category, tuple(split_tags(a.tags)),
                           a.status, names.get(a.author_id or 0, ""), a.updated_at, a.version,
                           a.deleted_at is not None, (scores or {}).get(a.id, 0))
            for a in articles]


def _readable(actor: Actor) -> Any:
    """What the actor may read: live articles; drafts too for writers."""
    if is_writer(actor):
        return Article.deleted_at.is_(None)
    return Article.deleted_at.is_(None) & (Article.status == "published")


def categories(session: Session, actor: Actor) -> list[str]:
    """The categories of the articles the actor may read, sorted."""
    rows = session.execute(select(Article.category).where(
        _readable(actor), Article.category.is_not(None)).distinct())
    return sorted(r[0] for r in rows if r[0])


def list_articles(session: Session, actor: Actor, text: str | None = None, *,
                  category: str | None = None, drafts: bool = True,
                  limit: int = 500, retired: bool = False) -> list[ArticleSummary]:
    """The articles the actor may read: matching *text* best first, else newest first.
    *retired*: the retired ones instead, newest retired first (writers only)."""
    if not (fits_text(text or "") and fits_text(category or "")):
        return []  # no article holds a NUL (PostgreSQL refuses one)
    limit = row_limit(limit)
    if retired:
        require(actor, WRITE)
        stmt = select(Article).where(Article.deleted_at.is_not(None))
        if category:
            stmt = stmt.where(Article.category == category)
        if text and text.strip():
            found = search.normalize(text)
            stmt = stmt.where(func.lower(Article.title).contains(found, autoescape=True)
                              | func.lower(Article.code).contains(found, autoescape=True))
        stmt = stmt.order_by(Article.deleted_at.desc(), Article.id.desc()).limit(limit)
        return _summaries(session, list(session.execute(stmt).scalars()))
    if text and text.strip():
        return search_articles(session, actor, text, category=category, drafts=drafts,
                               limit=limit)
    stmt = select(Article).where(_readable(actor))
    if category:
        stmt = stmt.where(Article.category == category)
    if not drafts:
        stmt = stmt.where(Article.status == "published")
    stmt = stmt.order_by(Article.updated_at.desc(), Article.id.desc()).limit(limit)
    return _summaries(session, list(session.execute(stmt).scalars()))


def _matches(session: Session, actor: Actor, raw: str,
             drafts: bool = True) -> list[tuple[int, int]]:
    """(article id, score: 0 best .. 5) of the readable articles whose indexed text holds
    *raw* (the search plan of customers: pinyin, digits, one or two characters)."""
    p = search.plan(raw)
    if p is None:
        return []
    stmt = (select(SearchDoc.ref_id, SearchDoc.title, SearchDoc.code, SearchDoc.keys)
            .join(Article, Article.id == SearchDoc.ref_id)
            .where(SearchDoc.kind == "article", _readable(actor),
                   SearchDoc.body.contains(p.query, autoescape=True)))
    if not drafts:
        stmt = stmt.where(Article.status == "published")
    return [(r.ref_id, search._score(p, r.title, r.code, r.keys))
            for r in session.execute(stmt)]


def search_articles(session: Session, actor: Actor, text: str, *,
                    category: str | None = None, drafts: bool = True,
                    limit: int = 50) -> list[ArticleSummary]:
    """Articles matching *text* (Chinese, pinyin, 1-2 characters), best match first."""
    found = dict(_matches(session, actor, text, drafts))
    if not found:
        return []
    stmt = select(Article).where(Article.id.in_(list(found)))
    if category:
        stmt = stmt.where(Article.category == category)
    articles = list(session.execute(stmt).scalars())
    articles.sort(key=lambda a: (found[a.id], len(a.title), a.id))
    return _summaries(session, articles[:limit])


CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
LATIN = re.compile(r"[0-9A-Za-z]{2,}")


def subject_words(subject: str) -> list[str]:
    """What a suggestion searches for: latin words and numbers of two or more
    characters, and each pair of adjacent Chinese characters (a lone one as itself)."""
    text = search.normalize(subject or "")
    words: dict[str, None] = {}
    for word in LATIN.findall(text):
        words[word] = None
    for run in CJK.findall(text):
        if len(run) == 1:
            words[run] = None
        for i in range(len(run) - 1):
            words[run[i : i + 2]] = None
    return list(words)[:SUGGEST_WORDS]


def suggest_for_text(session: Session, actor: Actor, subject: str, *,
                     limit: int = 5) -> list[ArticleSummary]:
    """Published articles matching the words of *subject*, best first."""
    scores: dict[int, int] = {}
    for word in subject_words(subject):
        for article_id, score in _matches(session, actor, word, drafts=False):
            scores[article_id] = scores.get(article_id, 0) + (2 if score <= 1 or score == 4
                                                              else 1)
    if not scores:
        return []
    best = sorted(scores, key=lambda i: (-scores[i], i))[:limit]
    articles = {a.id: a for a in session.execute(
        select(Article).where(Article.id.in_(best))).scalars()}
    return _summaries(session, [articles[i] for i in best if i in articles], scores)


def suggest(session: Session, actor: Actor, ticket_id: int, *,
            limit: int = 5) -> list[ArticleSummary]:
    """Articles for a ticket the actor may see, from its subject (and the start of its
    description when the subject finds nothing)."""
    ticket = tickets.get(session, actor, ticket_id)
    found = suggest_for_text(session, actor, ticket.subject, limit=limit)
    if not found and ticket.description:
        found = suggest_for_text(session, actor, ticket.description[:200], limit=limit)
    return found


# ---------------------------------------------------------------------------
# Links to tickets and the usage report
# ---------------------------------------------------------------------------

def link(session: Session, actor: Actor, ticket_id: int, article_id: int) -> TicketArticle:
    """Record that *article* was used to answer *ticket* (audited on the ticket).
    Linking the same article again changes nothing."""
    accounts.ensure_active(session, actor)
    ticket = tickets.get(session, actor, ticket_id)
    article = get(session, actor, article_id)
    if article.status != "published":
        shown = render("Field", QT_TRANSLATE_NOOP("Field", "Article"))
        raise ValidationError([FieldError("article", shown, render("Validation", QT_TRANSLATE_NOOP(
            "Validation", "{label}: {code} is a draft; publish it before using it for a "
                          "ticket."), label=shown, code=article.code))])
    existing = session.execute(select(TicketArticle).where(
        TicketArticle.ticket_id == ticket.id,
        TicketArticle.article_id == article.id)).scalar_one_or_none()
    if existing is not None:
        return existing
    row = TicketArticle(ticket_id=ticket.id, article_id=article.id,
                        user_id=actor.user_id or None, at=utcnow())
    session.add(row)
    session.flush()
    audit.record(session, actor, "article_link", entity="ticket", entity_id=ticket.id,
                 message=QT_TRANSLATE_NOOP("Audit", "Used article {article} for {record}"),
                 params={"article": _describe(article), "record": tickets.describe(ticket)},
                 after={"article_id": article.id, "article": article.code})
    return row


def linked(session: Session, actor: Actor, ticket_id: int) -> list[LinkedArticle]:
    """The articles used for a ticket, oldest link first (retired ones too)."""
    tickets.get(session, actor, ticket_id, deleted=None)
    rows = session.execute(select(TicketArticle, Article)
                           .join(Article, Article.id == TicketArticle.article_id)
                           .where(TicketArticle.ticket_id == ticket_id)
                           .order_by(TicketArticle.at, TicketArticle.id)).all()
    names = accounts.user_names(session)
    summaries = _summaries(session, [a for _l, a in rows])
    return [LinkedArticle(s, names.get(link_row.user_id or 0, ""), link_row.at)
            for s, (link_row, _a) in zip(summaries, rows, strict=True)]


def most_used(session: Session, actor: Actor, start: date | None = None,
              end: date | None = None, *, limit: int = 20,
              assignee_id: int | None = None) -> list[UsageRow]:
    """Articles by how many tickets they answered in the local days *start*..*end*,
    counting the tickets the actor may see (*assignee_id*: only that person's)."""
    from crmdesk.core.analytics import local_day_start

    visible = tickets.select_visible(actor).with_only_columns(Ticket.id).scalar_subquery()
    uses = func.count(TicketArticle.id).label("uses")
    last = func.max(TicketArticle.at).label("last_used")
    stmt = (select(Article.id, Article.code, Article.title, Article.category, uses, last)
            .join(TicketArticle, TicketArticle.article_id == Article.id)
            .where(TicketArticle.ticket_id.in_(visible))
            .group_by(Article.id, Article.code, Article.title, Article.category)
            .order_by(uses.desc(), Article.code).limit(row_limit(limit)))
    if assignee_id is not None:
        stmt = stmt.where(TicketArticle.ticket_id.in_(
            select(Ticket.id).where(Ticket.assignee_id == assignee_id)))
    if start is not None:
        stmt = stmt.where(TicketArticle.at >= local_day_start(start))
    if end is not None:
        from datetime import timedelta

        stmt = stmt.where(TicketArticle.at < local_day_start(end + timedelta(days=1)))
    result = []
    for r in session.execute(stmt):
        last_used = r.last_used
        if isinstance(last_used, str):  # SQLite's max() hands back the stored text
            last_used = datetime.fromisoformat(last_used)
        if last_used is not None and last_used.tzinfo is None:
            from datetime import UTC

            last_used = last_used.replace(tzinfo=UTC)
        result.append(UsageRow(r.id, r.code, r.title, r.category, int(r.uses), last_used))
    return result


def author_name(session: Session, article: Article) -> str:
    user = session.get(User, article.author_id) if article.author_id else None
    return user.display_name if user is not None else ""
