"""Custom fields on every built-in record type: defined, saved, shown in the datasheet,
exported and imported the same way for interactions and tasks as for customers; a
sensitive value of an interaction or a task follows its customer's owner."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

import pytest

from crmdesk.core import keys
from crmdesk.core.models import Customer
from crmdesk.core.services import custom_fields
from crmdesk.core.services.custom_fields import CUSTOM_FIELD_ENTITIES
from crmdesk.core.services.customers import customers
from crmdesk.core.services.registry import service_for
from crmdesk.errors import KnownError, ValidationError
from crmdesk.exchange import importer
from crmdesk.exchange.exporter import ExportRequest, export
from crmdesk.exchange.mapping import guess_mapping
from crmdesk.exchange.sources import open_source

#: a record of each type, as its service takes it (customer_id filled in)
RECORDS = {
    "customer": {"name": "李四"},
    "contact": {"name": "王经理"},
    "interaction": {"kind": "visit", "summary": "上门拜访", "occurred_at": "2030-05-01 10:00"},
    "opportunity": {"title": "复印机"},
    "order": {},
    "ticket": {"subject": "卡纸"},
    "task": {"title": "回访"},
    "product": {"name": "打印纸", "code": "P-A4"},
}


def test_every_built_in_type_has_custom_fields() -> None:
    assert set(RECORDS) == set(CUSTOM_FIELD_ENTITIES)


@pytest.mark.parametrize("entity", sorted(RECORDS))
def test_a_custom_value_is_saved_shown_and_exported(db, users, entity, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    actor = users.admin
    with db.transaction() as s:
        customer_id = customers.create(s, users.staff1, {"name": "张三商贸有限公司",
                                                         "kind": "company"}).id
        custom_fields.create_definition(s, actor, entity, "region", "大区", "text",
                                        required=True)
        data = dict(RECORDS[entity])
        if entity not in ("customer", "product"):
            data["customer_id"] = customer_id
        service = service_for(entity)
        with pytest.raises(ValidationError) as exc:  # required, named by its label
            service.create(s, actor, data)
        assert "cf.region" in [e.field for e in exc.value.errors]
        obj = service.create(s, actor, data, custom={"region": "华北"})
        record_id = obj.id
    with db.session() as s:
        assert custom_fields.values(s, actor, entity, record_id) == {"region": "华北"}
        row = service_for(entity).rows(s, actor, [record_id])[0]  # the datasheet's page
        assert row["cf.region"] == "华北"
        assert [spec.key for spec in custom_fields.list_specs(s, entity)] == ["cf.region"]
    path = tmp_path / "out.csv"
    export(db, actor, ExportRequest(entity), path)
    with path.open(encoding="utf-8-sig") as f:
        table = list(csv.reader(f))
    column = table[0].index("大区")
    assert "华北" in [r[column] for r in table[1:]]


@pytest.mark.parametrize("entity", ["interaction", "task"])
def test_custom_values_of_interactions_and_tasks_are_imported(db, users, entity,  # type: ignore[no-untyped-def]
                                                              tmp_path: Path) -> None:
    with db.transaction() as s:
        custom_fields.create_definition(s, users.admin, entity, "channel", "渠道", "choice",
                                        choices=["电话", "微信"])
        code = customers.create(s, users.staff1, {"name": "张三"}).code
    path = tmp_path / f"{entity}.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        if entity == "interaction":
            writer.writerow(["Customer", "Type", "Summary", "Occurred at", "渠道"])
            writer.writerow([code, "Call", "电话回访", "2030-05-01 10:00", "微信"])
            writer.writerow([code, "Call", "再次回访", "2030-05-02 10:00", "短信"])
        else:
            writer.writerow(["Title", "Customer", "渠道"])
            writer.writerow(["回访张三", code, "微信"])
            writer.writerow(["再访张三", code, "短信"])
    source = open_source(path)
    with db.session() as s:
        defs = custom_fields.definitions(s, entity)
    mapping = guess_mapping(entity, source.headers, defs, source.hints)
    assert "cf.channel" in {mapping.target_of(h) for h in source.headers}
    result = importer.run_import(db, users.staff1, source, mapping,
                                 importer.ImportOptions(mode="valid-rows"))
    assert (result.created, result.invalid) == (1, 1), result.problems
    assert [p.value for p in result.problems] == ["短信"]  # not one of the choices
    service = service_for(entity)
    with db.session() as s:
        [record_id] = service.ids(s, users.staff1)
        assert custom_fields.values(s, users.staff1, entity, record_id) == {"channel": "微信"}


@pytest.mark.parametrize("entity", ["interaction", "task"])
def test_a_sensitive_value_follows_its_customers_owner(db, users, entity) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        custom_fields.create_definition(s, users.admin, entity, "passport", "护照号", "text",
                                        is_sensitive=True)
        customer_id = customers.create(s, users.staff1, {"name": "护照客户"}).id
        data = {**RECORDS[entity], "customer_id": customer_id}
        record_id = service_for(entity).create(s, users.staff1, data,
                                               custom={"passport": "E12345678"}).id
        owner = s.get(Customer, customer_id).owner_id
        assert keys.custom_scope(s, entity, record_id) == keys.owner_scope(owner)
    with db.session() as s:
        assert custom_fields.reveal(s, users.staff1, entity, record_id,
                                    "passport") == "E12345678"
        with pytest.raises(KnownError):  # another team's salesman holds no key to it
            custom_fields.reveal(s, users.staff3, entity, record_id, "passport")
    with db.transaction() as s:
        customers.reassign(s, users.admin, [customer_id], users.staff3.user_id)
    with db.session() as s:
        assert custom_fields.reveal(s, users.staff3, entity, record_id,
                                    "passport") == "E12345678"


def test_interaction_custom_date_is_a_date(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        custom_fields.create_definition(s, users.admin, "interaction", "visit_end", "离店时间",
                                        "date")
        cid = customers.create(s, users.staff1, {"name": "张三"}).id
        iid = service_for("interaction").create(
            s, users.staff1, {**RECORDS["interaction"], "customer_id": cid},
            custom={"visit_end": "2030-05-01"}).id
    with db.session() as s:
        value = custom_fields.values(s, users.staff1, "interaction", iid)["visit_end"]
        assert value.isoformat() == "2030-05-01" and not isinstance(value, datetime)
