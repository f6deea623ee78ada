"""What an import is asked to do and what it reports: options, per-row problems,
duplicate matches, the preview's row outcomes and the result; and :class:`Row`,
one row on its way through the checks."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from crmdesk.exchange.errors import ExchangeError
from crmdesk.i18n import QT_TRANSLATE_NOOP, render

MODES = ("all-or-nothing", "valid-rows")
ACTIONS = ("skip", "update", "merge", "create")
CHUNK = 2000
# rows of a preview kept in full besides those with problems or duplicates
PREVIEW_ROWS = 200
# problems and duplicates kept for a preview (the counts are always complete)
PREVIEW_LIMIT = 20_000

REASONS = {
    "code": QT_TRANSLATE_NOOP("Exchange", "same code"),
    "id_number": QT_TRANSLATE_NOOP("Exchange", "same ID number"),
    "phone": QT_TRANSLATE_NOOP("Exchange", "same phone number"),
    "email": QT_TRANSLATE_NOOP("Exchange", "same e-mail address"),
    "name": QT_TRANSLATE_NOOP("Exchange", "similar name at the same company"),
    "company": QT_TRANSLATE_NOOP("Exchange", "same company name"),
    "same": QT_TRANSLATE_NOOP("Exchange", "same record"),
}


# ---------------------------------------------------------------------------
# What an import reports
# ---------------------------------------------------------------------------

@dataclass
class ImportOptions:
    mode: str = "all-or-nothing"
    # what to do with a row that matches an existing record (or an earlier row)
    duplicates: str = "skip"
    # row number -> action, overriding *duplicates* for that row (from the preview)
    row_actions: dict[int, str] = field(default_factory=dict)
    dry_run: bool = False

    def check(self) -> None:
        if self.mode not in MODES:
            raise ExchangeError(QT_TRANSLATE_NOOP(
                "Exchange", "Import mode {mode} does not exist: use all-or-nothing or "
                            "valid-rows."), mode=self.mode)
        for action in (self.duplicates, *self.row_actions.values()):
            if action not in ACTIONS:
                raise ExchangeError(QT_TRANSLATE_NOOP(
                    "Exchange", "{action} is not a way to handle duplicates: use skip, update, "
                                "merge or create."), action=action)


@dataclass
class RowProblem:
    """One line of the error report."""

    row: int
    column: str
    value: Any
    reason: str


@dataclass
class DuplicateMatch:
    """What a row duplicates: an existing record, or an earlier row of the file."""

    reason: str  # a key of REASONS
    score: int
    record_id: int | None = None
    code: str | None = None
    name: str | None = None
    row: int | None = None  # the earlier row of this file
    visible: bool = True  # False: a customer the user may not see (not named, no id)

    @property
    def label(self) -> str:
        return render("Exchange", REASONS[self.reason])

    def describe(self) -> str:
        if not self.visible:
            return render("Exchange", QT_TRANSLATE_NOOP(
                "Exchange", "a customer you cannot see ({reason})"), reason=self.label)
        if self.row is not None:
            return render("Exchange", QT_TRANSLATE_NOOP("Exchange", "row {row} ({reason})"),
                          row=self.row, reason=self.label)
        return render("Exchange", QT_TRANSLATE_NOOP("Exchange", "{code} {name} ({reason})"),
                      code=self.code or f"#{self.record_id}", name=self.name or "",
                      reason=self.label)


@dataclass
class RowOutcome:
    """A row as the preview shows it."""

    row: int
    values: dict[str, Any]  # target -> value in the file
    problems: list[RowProblem] = field(default_factory=list)
    duplicate: DuplicateMatch | None = None
    action: str = "create"  # create, update, merge, skip, or "invalid"
    record_id: int | None = None


@dataclass
class ImportResult:
    entity: str
    source: str
    mode: str
    duplicates: str
    dry_run: bool = False
    rows: int = 0
    created: int = 0
    updated: int = 0
    merged: int = 0
    skipped: int = 0
    invalid: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    outcomes: list[RowOutcome] = field(default_factory=list)
    duplicate_rows: int = 0
    committed: bool = False
    seconds: float = 0.0
    #: seconds per stage (read, validate, match, write, index, commit ...): where the
    #: time went; stages done in the helper process overlap the others
    stages: dict[str, float] = field(default_factory=dict)

    def timed(self, stage: str, seconds: float) -> None:
        self.stages[stage] = self.stages.get(stage, 0.0) + seconds

    @property
    def imported(self) -> int:
        return self.created + self.updated + self.merged

    @property
    def refused(self) -> bool:
        """All-or-nothing and something was wrong: nothing was imported."""
        return self.mode == "all-or-nothing" and self.invalid > 0


#: the cleaned values the importer matches a staged row by (see ``Row.slim``)
_MATCHED = ("kind", "name", "company", "email")


@dataclass
class Row:
    """One row on its way: mapped, cleaned, matched."""

    number: int
    values: dict[str, Any]  # target -> raw value
    columns: dict[str, str]  # field key -> the header its value came from
    errors: list[RowProblem] = field(default_factory=list)
    cleaned: dict[str, Any] = field(default_factory=dict)
    custom: dict[int, Any] = field(default_factory=dict)  # custom field def id -> value
    given: set[str] = field(default_factory=set)  # fields the file gave (not defaults)
    keys: dict[str, list[str]] = field(default_factory=dict)  # match keys
    duplicate: DuplicateMatch | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    #: a new customer's stored form, made while checking: (its chunk's StagedCustomers,
    #: its index there)
    staged: tuple[Any, int] | None = None

    def slim(self) -> None:
        """Drop what only updating or merging into an existing record needs (the file's
        values but the ID number, which fields it gave, the custom values, the cleaned
        values but those matched by): for an
        import that only creates or skips, before the row crosses to the importer (a
        new customer is staged whole by then; the ID number names the row's problem
        when another customer holds it)."""
        # (a lookup, not a pass over every value: a hundred thousand rows)
        self.values = {"id_number": self.values["id_number"]} \
            if "id_number" in self.values else {}
        self.columns = {"id_number": self.columns["id_number"]} \
            if "id_number" in self.columns else {}
        self.given = set()
        self.custom = {}
        if self.staged is not None:  # matching needs these; the staged row holds the rest
            self.cleaned = {k: self.cleaned[k] for k in _MATCHED if k in self.cleaned}

    def __reduce__(self) -> tuple[Any, ...]:
        # rows cross to the importer by the hundred thousand: as a plain tuple, which
        # pickles in two thirds of the time an instance's attribute dict takes
        return _row, (self.number, self.values, self.columns, self.errors, self.cleaned,
                      self.custom, self.given, self.keys, self.duplicate, self.extra,
                      self.staged)


def _row(*state: Any) -> Row:
    row = Row.__new__(Row)
    (row.number, row.values, row.columns, row.errors, row.cleaned, row.custom, row.given,
     row.keys, row.duplicate, row.extra, row.staged) = state
    return row


def chunks(rows: Iterable[tuple[int, list[Any]]], size: int
           ) -> Iterator[list[tuple[int, list[Any]]]]:
    chunk: list[tuple[int, list[Any]]] = []
    for item in rows:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
