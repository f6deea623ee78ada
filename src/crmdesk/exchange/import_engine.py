"""The import engine: one import (or its preview) inside the caller's session.

It maps each row of the file to fields, checks it with the services' rules
(problems go on the row), decides what to do with it and keeps the counts; the
record types add their checks and writes (:mod:`.import_customers`,
:mod:`.import_records`).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import islice
from typing import Any

from sqlalchemy.orm import Session

from crmdesk import collection
from crmdesk.core.fields import fields_of
from crmdesk.core.permissions import Actor
from crmdesk.core.services import cadence, custom_fields
from crmdesk.core.services.records import RecordService
from crmdesk.core.services.registry import service_for
from crmdesk.core.validation import ValueMemo, values_memoized
from crmdesk.errors import FieldError, KnownError, ValidationError
from crmdesk.exchange.import_types import (
    CHUNK,
    PREVIEW_LIMIT,
    ImportOptions,
    ImportResult,
    Row,
    RowOutcome,
    RowProblem,
    chunks,
)
from crmdesk.exchange.mapping import ColumnMapping, target_label
from crmdesk.exchange.references import References, excel_serial_date
from crmdesk.exchange.sources import Source
from crmdesk.i18n import QT_TRANSLATE_NOOP, render
from crmdesk.jobs import Job

#: distinct sets of custom values an import remembers cleaned (see Engine.clean_custom)
CUSTOM_MEMO_LIMIT = 4096


class Engine:
    """Runs one import (or its preview) inside the caller's session."""

    def __init__(self, session: Session, actor: Actor, source: Source, mapping: ColumnMapping,
                 options: ImportOptions, job: Job, *, write: bool,
                 keep: int, chunk: int = CHUNK) -> None:
        self.session = session
        self.actor = actor
        self.source = source
        self.mapping = mapping
        self.options = options
        self.job = job
        self.write = write
        self.keep = keep
        self.chunk = chunk  # rows checked and written at a time
        self.entity = mapping.entity
        self.service: RecordService[Any] = service_for(self.entity)
        self.refs = References(session, actor)
        self.defs = custom_fields.definitions(session, self.entity)
        self.defs_by_id = {d.id: d for d in self.defs}
        self.result = ImportResult(self.entity, source.path.name, options.mode,
                                   options.duplicates, dry_run=not write)
        self.positions = [(i, mapping.target_of(h), h) for i, h in enumerate(source.headers)]
        self.positions = [(i, t, h) for i, t, h in self.positions if t]
        # date targets: a number there is a spreadsheet date without date format
        self.date_targets = {s.key: s.kind for s in fields_of(self.entity)
                             if s.kind in ("date", "datetime")}
        self.date_targets["created_at"] = "datetime"
        self.date_targets.update({"cf." + d.key: "date" for d in self.defs
                                  if d.kind == "date"})
        # each mapped column: (index, target, header, its date kind or None)
        self.mapped = [(i, t, h, self.date_targets.get(t)) for i, t, h in self.positions
                       if t is not None]
        # the custom fields the mapped columns fill ("cf.<key>"), in column order
        self.custom_targets = list(dict.fromkeys(t for _i, t, _h, _d in self.mapped
                                                 if t.startswith("cf.")))
        # the values of a field cleaned once per distinct value (a city, a status ...)
        self.value_memo = ValueMemo()
        # custom values as given -> cleaned (definition id -> value), or their problems
        self.custom_memo: dict[Any, dict[int, Any] | ValidationError] = {}
        self.failed = False  # all-or-nothing: stop writing after the first bad row
        self.limit: int | None = None  # a preview of the first rows only

    # -- per row -------------------------------------------------------------
    def map_row(self, number: int, values: Sequence[Any]) -> Row:
        mapped: dict[str, Any] = {}
        columns: dict[str, str] = {}
        for index, target, header, date_kind in self.mapped:
            value = values[index]
            if value is None:
                continue
            assert target is not None
            if date_kind is not None and isinstance(value, (int, float)) \
                    and not isinstance(value, bool):
                value = excel_serial_date(value, date_kind)
            mapped[target] = value
            columns[target] = header
        return Row(number, mapped, columns)

    def problem(self, row: Row, key: str, message: str, value: Any = None) -> None:
        column = row.columns.get(key) or self.mapping.header_of(key) or target_label(
            self.entity, key, self._custom_labels())
        if value is None:
            value = row.values.get(key)
        row.errors.append(RowProblem(row.number, column, value, message))

    def field_errors(self, row: Row, errors: Iterable[FieldError]) -> None:
        for error in errors:
            self.problem(row, error.field, error.message)

    def _custom_labels(self) -> dict[str, str]:
        return {d.key: d.label for d in self.defs}

    def split_custom(self, row: Row) -> dict[str, Any]:
        custom = {}
        values = row.values
        for key in self.custom_targets:  # (a row's values come from the mapped columns)
            if key in values:
                custom[key[3:]] = values[key]
                row.columns.setdefault(key, key)
        return custom

    def clean_custom(self, row: Row, raw: Mapping[str, Any], *, creating: bool) -> None:
        # the same few custom values come again and again (a level, a region): each
        # distinct set is cleaned once (the rules depend on the definitions only)
        try:
            key: Any = (creating, tuple((k, v.__class__, v) for k, v in raw.items()))
            known = self.custom_memo.get(key)
        except TypeError:  # an unhashable value
            key, known = None, None
        if known is None:
            try:
                cleaned = custom_fields.clean_values(
                    self.session, self.actor, self.entity, raw, creating=creating,
                    defs=self.defs)
                known = {def_id: value for def_id, (_definition, value) in cleaned.items()}
            except ValidationError as exc:
                known = exc
            if key is not None and len(self.custom_memo) < CUSTOM_MEMO_LIMIT:
                self.custom_memo[key] = known
        if isinstance(known, ValidationError):
            self.field_errors(row, known.errors)
            return
        row.custom = dict(known)

    def number_problem(self, row: Row, key: str, value: Any) -> bool:
        """Excel keeps 15 digits of a number: an ID or account number typed as a number
        has lost its last digits."""
        if isinstance(value, float) and abs(value) >= 1e15:
            self.problem(row, key, render("Exchange", QT_TRANSLATE_NOOP(
                "Exchange", "{label}: the spreadsheet stored this as a number and lost its last "
                            "digits. Format the column as text and type the numbers again."),
                label=target_label(self.entity, key)))
            return True
        return False

    # -- bookkeeping -----------------------------------------------------------
    def outcome(self, row: Row, action: str, record_id: int | None = None) -> None:
        result = self.result
        result.rows += 1
        if row.errors:
            action = "invalid"
            result.invalid += 1
            result.problems.extend(row.errors)
            if self.options.mode == "all-or-nothing":
                self.failed = True
        elif action == "create":
            result.created += 1
        elif action == "update":
            result.updated += 1
        elif action == "merge":
            result.merged += 1
        elif action == "skip":
            result.skipped += 1
        if row.duplicate is not None:
            result.duplicate_rows += 1
        interesting = bool(row.errors) or row.duplicate is not None
        if (interesting and len(result.outcomes) < PREVIEW_LIMIT) or result.rows <= self.keep:
            if self.keep:
                result.outcomes.append(RowOutcome(row.number, dict(row.values), list(row.errors),
                                                  row.duplicate, action, record_id))

    def action_for(self, row: Row) -> str:
        if row.duplicate is None:
            return "create"
        return self.options.row_actions.get(row.number, self.options.duplicates)

    @property
    def writing(self) -> bool:
        return self.write and not self.failed

    # -- the run ---------------------------------------------------------------
    def run(self, checked: Iterable[list[Row]] | None = None) -> ImportResult:
        """Import every row; *checked*: the rows mapped and checked elsewhere (a second
        process reading the file), in chunks."""
        started = time.perf_counter()
        total = self.source.total
        stage = render("Exchange", QT_TRANSLATE_NOOP("Exchange", "Importing the rows")
                       if self.write else QT_TRANSLATE_NOOP("Exchange", "Checking the rows"))
        self.job.report(stage, 0, total)
        source_rows: Iterable[tuple[int, list[Any]]] = self.source.rows()
        if self.limit is not None:
            source_rows = islice(source_rows, self.limit)
            total = self.limit if total is None else min(total, self.limit)
        batches = iter(checked if checked is not None else self.checked_here(source_rows))
        # follow-up cadence: imported interactions get their dates, but no follow-up tasks
        # no cyclic collection meanwhile: the rows live until the end (crmdesk.collection)
        with collection.paused(), cadence.dates_only(self.session):
            self._run(batches, checked is not None, stage, total)
        self.job.check()
        self.finish()
        self.result.seconds = time.perf_counter() - started
        return self.result

    def _run(self, batches: Iterator[list[Row]], helped: bool, stage: str,
             total: int | None) -> None:
        done = 0
        stages = self.result.stages
        while True:
            waiting = time.perf_counter()
            checked_here = stages.get("read", 0.0) + stages.get("validate", 0.0)
            rows = next(batches, None)
            if helped:  # (the rows checked here while the helper starts are not waited for)
                self.result.timed("wait for the helper", time.perf_counter() - waiting - (
                    stages.get("read", 0.0) + stages.get("validate", 0.0) - checked_here))
            if rows is None:
                break
            self.job.check()
            self.process(rows)
            done += len(rows)
            self.job.report(stage, done, total)

    def checked_here(self, source_rows: Iterable[tuple[int, list[Any]]]
                     ) -> Iterator[list[Row]]:
        """The rows read and checked in this process, chunk by chunk (timed)."""
        parts = chunks(source_rows, self.chunk)
        while True:
            reading = time.perf_counter()
            chunk = next(parts, None)
            checking = time.perf_counter()
            self.result.timed("read", checking - reading)
            if chunk is None:
                return
            rows = self.check_rows(chunk)
            self.result.timed("validate", time.perf_counter() - checking)
            yield rows

    def check_rows(self, chunk: list[tuple[int, list[Any]]]) -> list[Row]:
        """Map and check a chunk of rows: what needs the file, not the decisions."""
        with values_memoized(self.value_memo):
            rows = [self.map_row(number, values) for number, values in chunk]
            for row in rows:
                self.clean(row)
        return rows

    def clean(self, row: Row) -> None:
        """Check one row with the service's rules (problems go on the row)."""

    def process(self, rows: list[Row]) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        """Write what is pending."""

    # -- updating an existing record through its service ----------------------------
    def apply_to_existing(self, row: Row, record_id: int, action: str,
                          changes: dict[str, Any], custom: dict[str, Any]) -> bool:
        if not self.writing:
            return True
        try:
            with self.session.begin_nested():
                self.service.update(self.session, self.actor, record_id, changes,
                                    custom=custom)
        except ValidationError as exc:
            self.field_errors(row, exc.errors)
            return False
        except KnownError as exc:
            self.problem(row, "name" if "name" in row.values else next(iter(row.values), ""),
                         exc.message)
            return False
        return True
