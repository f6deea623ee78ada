"""A returned satisfaction survey, read from a spreadsheet or CSV file.

The file is opened by :func:`crmdesk.exchange.sources.open_source` (any format an
import reads); its columns are found by their headers (ticket number, score,
comment, in English or Chinese), else taken as the first three columns in that
order.  :func:`import_survey` hands the rows to
:func:`crmdesk.core.services.satisfaction.record_many`, which checks every row
before writing any, in one transaction: a bad row leaves the database as it was.
"""

from __future__ import annotations

import re
from pathlib import Path

from crmdesk.core.permissions import Actor
from crmdesk.core.services import satisfaction
from crmdesk.core.services.satisfaction import SurveyResult, SurveyRow
from crmdesk.exchange.sources import open_source
from crmdesk.storage.database import Database

#: header words (compared without spaces, case-insensitively) for each column
HEADERS: dict[str, tuple[str, ...]] = {
    "code": ("ticket", "ticketnumber", "ticketno", "ticketcode", "code", "工单", "工单号",
             "工单编号", "单号", "编号"),
    "score": ("score", "rating", "satisfaction", "csat", "stars", "评分", "分数", "满意度",
              "满意度评分", "星级"),
    "comment": ("comment", "comments", "remarks", "feedback", "评价", "意见", "备注", "留言",
                "客户意见"),
}


def _normal(header: str) -> str:
    return re.sub(r"[\s_\-()（）:：]+", "", header).casefold()


def columns(headers: list[str]) -> dict[str, int]:
    """Which column holds the ticket number, the score and the comment."""
    found: dict[str, int] = {}
    for index, header in enumerate(headers):
        text = _normal(header)
        for key, words in HEADERS.items():
            if key not in found and text in words:
                found[key] = index
    if "code" not in found or "score" not in found:
        found = {"code": 0, "score": 1}
        if len(headers) > 2:
            found["comment"] = 2
    return found


def read_survey(path: str | Path) -> list[SurveyRow]:
    source = open_source(path)
    where = columns(source.headers)
    rows = []
    for number, values in source.rows():
        def at(key: str, values: list[object] = values) -> object:
            index = where.get(key)
            return values[index] if index is not None and index < len(values) else None
        rows.append(SurveyRow(number, at("code"), at("score"), at("comment")))
    return rows


def import_survey(db: Database, actor: Actor, path: str | Path) -> SurveyResult:
    """Every row or none (see the module docstring)."""
    rows = read_survey(path)
    with db.transaction() as session:
        return satisfaction.record_many(session, actor, rows, file_name=Path(path).name)
