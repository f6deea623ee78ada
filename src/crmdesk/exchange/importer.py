"""Importing rows into customers, contacts, interactions, orders ...

Every row is checked with the services' own rules: ``validate`` with the field
declarations, the record service's defaults (``prepare``), its reference checks
(who may own a customer), its record rules (one ID number per customer) and
the custom fields.  Then each row is matched against the records the user can
see (and the rows before it): the same code, ID number, phone or e-mail, or a
similar name at the same company (:mod:`crmdesk.core.matching`).  A matched row
is skipped, updates the existing record (the file's non-empty values win),
merges into it (only the existing record's empty fields are filled), or is
created anyway, as the user chose (globally, or per row from the preview).

Modes: *all-or-nothing* imports nothing when any row has a problem (the report
names every one); *valid-rows* imports the others.  Either way everything
happens in one transaction: a cancelled or failed import changes nothing.

Customers, the big case, are written through the services' bulk path
(:mod:`crmdesk.core.services.bulk`: codes from the counter, ciphertext for
sensitive fields, search documents, custom values) with one audit entry for the
import; big files are checked (and their new customers staged) in a second
process (:mod:`.import_process`).  ``ImportResult.stages`` says where the time
went (read, validate, match, write, index, audit, commit).
Updates of existing records and the other record types go through the record
services one by one (each audited).

The pieces: :mod:`.import_types` (options, results, rows), :mod:`.references`
(what rows refer to), :mod:`.import_engine` (the run), :mod:`.import_customers`
and :mod:`.import_records` (the record types); this module holds the entry points.
"""

from __future__ import annotations

import logging
import time
from itertools import chain, islice

from sqlalchemy.orm import Session

from crmdesk.core import audit_messages
from crmdesk.core.fields import fields_of
from crmdesk.core.permissions import Actor, require
from crmdesk.core.services import accounts, audit, custom_fields
from crmdesk.exchange import import_caches, import_indexes, import_process
from crmdesk.exchange.errors import ExchangeError
from crmdesk.exchange.import_customers import CustomerEngine
from crmdesk.exchange.import_engine import Engine
from crmdesk.exchange.import_records import RecordEngine
from crmdesk.exchange.import_types import (
    ACTIONS,
    CHUNK,
    MODES,
    PREVIEW_LIMIT,
    PREVIEW_ROWS,
    REASONS,
    DuplicateMatch,
    ImportOptions,
    ImportResult,
    RowOutcome,
    RowProblem,
)
from crmdesk.exchange.mapping import IMPORT_ENTITIES, ColumnMapping
from crmdesk.exchange.references import excel_serial_date
from crmdesk.exchange.sources import Source
from crmdesk.i18n import QT_TRANSLATE_NOOP, render
from crmdesk.jobs import Job, job_or_new
from crmdesk.storage.database import Database

__all__ = ["ACTIONS", "MODES", "PREVIEW_LIMIT", "PREVIEW_ROWS", "REASONS", "DuplicateMatch",
           "ImportOptions", "ImportResult", "RowOutcome", "RowProblem",
           "check_entity", "excel_serial_date", "preview", "run_import"]

log = logging.getLogger(__name__)

class _Rollback(Exception):  # noqa: N818 - internal signal, not an error
    pass


def check_entity(entity: str) -> str:
    """*entity* if records of that type can be imported, else a clear error."""
    from crmdesk.core.record_types import is_designed

    if entity not in IMPORT_ENTITIES and not is_designed(entity):  # or a designed type
        raise ExchangeError(QT_TRANSLATE_NOOP(
            "Exchange", "{entity} records cannot be imported: choose one of {entities}."),
            entity=entity, entities=", ".join(IMPORT_ENTITIES))
    return entity


def _prepare(session: Session, actor: Actor, source: Source, mapping: ColumnMapping,
             options: ImportOptions) -> None:
    options.check()
    check_entity(mapping.entity)
    accounts.ensure_active(session, actor)
    if mapping.entity == "product":
        require(actor, "products.manage")
    if mapping.entity == "supplier":
        require(actor, "purchasing.manage")
    defs = custom_fields.definitions(session, mapping.entity)
    mapping.check(mapping.entity, defs, source.headers)
    mapped = {mapping.target_of(h) for h in source.headers} - {None}
    if not mapped:
        raise ExchangeError(QT_TRANSLATE_NOOP(
            "Exchange", "No column of {name} is mapped to a field: choose at least the "
                        "columns holding the names."), name=source.path.name)
    needed = [s for s in fields_of(mapping.entity) if s.required and s.editable
              and s.key not in mapped and not _has_default(mapping.entity, s.key)]
    if needed:
        raise ExchangeError(QT_TRANSLATE_NOOP(
            "Exchange", "No column fills {fields}, which every {entity} needs: map a column "
                        "to it."), fields=", ".join(s.translated for s in needed),
            entity=render("Entity", _entity_source(mapping.entity)))


def _has_default(entity: str, key: str) -> bool:
    """Required fields the service fills itself when left empty."""
    return (entity, key) in {("interaction", "kind"), ("interaction", "occurred_at"),
                             ("order", "order_date"), ("opportunity", "stage")}


def _entity_source(entity: str) -> str:
    from crmdesk.core.fields import ENTITY_LABELS

    return ENTITY_LABELS[entity]


def _engine(session: Session, actor: Actor, source: Source, mapping: ColumnMapping,
            options: ImportOptions, job: Job, *, write: bool, keep: int) -> Engine:
    cls = CustomerEngine if mapping.entity == "customer" else RecordEngine
    return cls(session, actor, source, mapping, options, job, write=write, keep=keep,
               chunk=CHUNK)


def preview(db: Database, actor: Actor, source: Source, mapping: ColumnMapping,
            options: ImportOptions | None = None, job: Job | None = None, *,
            keep: int = PREVIEW_ROWS, rows: int | None = None) -> ImportResult:
    """Check every row (or the first *rows*) without writing: problems, duplicates and
    planned actions.

    ``result.outcomes`` holds the first *keep* rows and every row with a problem or
    a duplicate (up to ``PREVIEW_LIMIT``); the counts cover the rows checked.  A
    window can check the first rows at once while the mapping is edited, and the
    whole file before importing.  A long job: it opens its own session on *db*;
    *job* shows the progress and may cancel (:class:`crmdesk.jobs.Cancelled`).
    """
    options = options or ImportOptions()
    with import_caches.released(), db.session() as session:
        _prepare(session, actor, source, mapping, options)
        engine = _engine(session, actor, source, mapping, options, job_or_new(job),
                         write=False, keep=keep)
        engine.limit = rows
        return engine.run()


def run_import(db: Database, actor: Actor, source: Source, mapping: ColumnMapping,
               options: ImportOptions | None = None,
               job: Job | None = None) -> ImportResult:
    """Import *source* (see the module docstring).  ``options.dry_run``: check only.

    A long job: it opens its own transaction on *db* (one for the whole import);
    cancelling *job* rolls it back (:class:`crmdesk.jobs.Cancelled`): nothing changes.
    """
    options = options or ImportOptions()
    if options.dry_run:
        return preview(db, actor, source, mapping, options, job, keep=0)
    with import_caches.released():  # the per-text caches it fills go when it ends
        return _run_import(db, actor, source, mapping, options, job_or_new(job))


def _run_import(db: Database, actor: Actor, source: Source, mapping: ColumnMapping,
                options: ImportOptions, job: Job) -> ImportResult:
    outcome: ImportResult | None = None
    try:
        with db.transaction() as session:
            _prepare(session, actor, source, mapping, options)
            engine = _engine(session, actor, source, mapping, options, job, write=True,
                             keep=0)
            if isinstance(engine, CustomerEngine):
                # a first import into a new file: the indexes are built after the rows
                with import_indexes.built_after(session, import_indexes.CUSTOMER_TABLES,
                                                source.total, engine.result.timed):
                    if import_process.usable(db, source.total, mapping.entity):
                        # the first rows are checked here while the helper starts; it
                        # stages the rest with ids after all of theirs (gaps allowed)
                        ahead = import_process.rows_ahead(source.total, CHUNK)
                        first_id = engine.first_new_id + ahead
                        check_jobs = [import_process.job_for(
                            db, actor, source, mapping, options, CHUNK, first_id, skip=ahead,
                            number=n + 1)
                            for n in range(import_process.helpers_for(source.total))]
                        rows = source.rows()  # one pass: the first rows, then any chunk
                        own = engine.chunk_checker(rows, first_id)  # the helpers left us
                        # the helpers start now, while the first rows are checked here
                        # (and the next chunks too while they still start)
                        early = import_process.early_chunks(source.total, ahead, CHUNK,
                                                            len(check_jobs))
                        with import_process.running(check_jobs, job, engine.result.timed,
                                                    own, early=early) as helped:
                            outcome = engine.run(chain(
                                engine.checked_here(islice(rows, ahead)), helped))
                    else:
                        outcome = engine.run()
            else:
                outcome = engine.run()
            if outcome.refused:
                raise _Rollback
            auditing = time.perf_counter()
            _audit(session, actor, outcome, mapping)
            outcome.committed = True
            committing = time.perf_counter()
            outcome.timed("audit", committing - auditing)
        outcome.timed("commit", time.perf_counter() - committing)
    except _Rollback:
        assert outcome is not None
        log.info("import of %s refused: %d rows with problems", source.path, outcome.invalid)
    assert outcome is not None
    return outcome


def _audit(session: Session, actor: Actor, result: ImportResult,
           mapping: ColumnMapping) -> None:
    audit.record(session, actor, "import", entity=result.entity,
                 message=QT_TRANSLATE_NOOP(
                     "Audit", "Imported {n} {entity} records from {file} ({new} new, {updated} "
                              "updated, {merged} merged, {skipped} duplicates skipped, "
                              "{invalid} rows not imported)"),
                 params={"n": result.imported, "entity": audit_messages.entity(result.entity),
                         "file": result.source, "new": result.created,
                         "updated": result.updated, "merged": result.merged,
                         "skipped": result.skipped, "invalid": result.invalid},
                 after={"source": result.source, "mode": result.mode,
                        "duplicates": result.duplicates, "rows": result.rows,
                        "created": result.created, "updated": result.updated,
                        "merged": result.merged, "skipped": result.skipped,
                        "invalid": result.invalid, "columns": mapping.columns})
