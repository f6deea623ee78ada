"""Every analysis as rows and columns: one generic builder over analyses declared as data.

An :class:`Analysis` names where its rows come from (a function of session,
actor and criteria) and, per column, the header, the kind of value and which
attribute of a row fills it.  :meth:`Analysis.build` turns it into a
:class:`Table` for the command line and the generic report tables.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from sqlalchemy.orm import Session

from crmdesk.core.analytics.criteria import Criteria, Drill, customers_drill, translated
from crmdesk.core.permissions import Actor


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # English source (context Analytics)
    #: text | int | money | percent | float | hours | days | date | mixed (the row's "kind")
    kind: str = "text"

    @property
    def translated(self) -> str:
        return translated(self.header)


@dataclass
class Table:
    name: str
    columns: list[Column]
    rows: list[list[Any]] = field(default_factory=list)
    drills: list[Drill | None] = field(default_factory=list)
    #: customers the table names (one per row of the per-customer tables)
    customer_ids: list[int] = field(default_factory=list)

    def add(self, values: Sequence[Any], drill: Drill | None = None) -> None:
        self.rows.append(list(values))
        self.drills.append(drill)


@dataclass(frozen=True)
class Cell:
    """A column of an analysis and how a row's value for it is read."""

    column: Column
    value: Callable[[Any], Any]


def cell(key: str, header: str, kind: str = "text",
         source: str | Callable[[Any], Any] | None = None) -> Cell:
    """A column *key*: the row's attribute *source* (default *key*) or ``source(row)``."""
    value = source if callable(source) else attrgetter(source or key)
    return Cell(Column(key, header, kind), value)


Rows = Callable[[Session, Actor, Criteria], Iterable[Any]]


@dataclass(frozen=True)
class Analysis:
    """One analysis the command line prints and reports show as a table."""

    name: str
    description: str  # English source (context Analytics)
    rows: Rows
    cells: tuple[Cell, ...]
    #: rows are customers (``customer_id``): each drills to its customer, and the
    #: table names them (the anti-scraping guard counts them when exported)
    per_customer: bool = False

    def build(self, session: Session, actor: Actor, criteria: Criteria) -> Table:
        table = Table(self.name, [c.column for c in self.cells])
        for row in self.rows(session, actor, criteria):
            drill = customers_drill([row.customer_id]) if self.per_customer else row.drill
            table.add([c.value(row) for c in self.cells], drill)
            if self.per_customer:
                table.customer_ids.append(row.customer_id)
        return table
