"""Record types an administrator designs, as their users meet them (SQLite and
PostgreSQL): a type gets a table of its own; fields are added, renamed, reordered and
retired without losing data; a change of kind converts every value or refuses with the
values that do not convert; records are validated (required, unique, range, choices,
references), coded, audited, scoped like the customers or owners they belong to, and
their sensitive values are encrypted at rest."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import inspect, select, text

from crmdesk.core import presentation, search
from crmdesk.core.fields import fields_of
from crmdesk.core.models import AuditEntry
from crmdesk.core.record_types import activate, deactivate
from crmdesk.core.services import record_types as designer
from crmdesk.core.services.customers import customers
from crmdesk.core.services.registry import SERVICES, service_for
from crmdesk.errors import NotFound, PermissionDenied, ValidationError

POLICY: dict[str, Any] = {
    "key": "policy", "name_zh": "保单", "name_en": "Policy", "icon": "shield",
    "code_prefix": "BD", "belongs_to": "customer",
    "sections": [{"key": "main", "name_zh": "基本信息", "name_en": "Main"},
                 {"key": "money", "name_zh": "金额", "name_en": "Amounts"}],
    "fields": [
        {"key": "number", "name_zh": "保单号", "name_en": "Policy number", "kind": "text",
         "required": True, "unique": True, "section": "main"},
        {"key": "premium", "name_zh": "保费", "name_en": "Premium", "kind": "money",
         "min": "0", "max": "100000", "section": "money"},
        {"key": "frequency", "name_zh": "缴费频率", "name_en": "Payment frequency",
         "kind": "choice", "choices": [
             {"key": "year", "name_zh": "年缴", "name_en": "Yearly"},
             {"key": "month", "name_zh": "月缴", "name_en": "Monthly"}], "section": "main"},
        {"key": "start", "name_zh": "起保日期", "name_en": "Start", "kind": "date",
         "default": "today", "section": "main"},
        {"key": "insured_id", "name_zh": "被保险人证件号", "name_en": "Insured ID number",
         "kind": "id_number", "section": "main"},
        {"key": "notes", "name_zh": "备注", "name_en": "Notes", "kind": "longtext"},
    ]}

VISIT: dict[str, Any] = {
    "key": "visit", "name_zh": "来店登记", "name_en": "Showroom visit", "code_prefix": "V",
    "belongs_to": "owner",
    "fields": [
        {"key": "visitor", "name_zh": "来访人", "name_en": "Visitor", "kind": "text",
         "required": True},
        {"key": "companions", "name_zh": "同行人数", "name_en": "Companions", "kind": "text"},
        {"key": "test_drive", "name_zh": "试驾", "name_en": "Test drive", "kind": "bool"},
        {"key": "sources", "name_zh": "来源", "name_en": "Sources", "kind": "multichoice",
         "choices": ["自然到店", "网络", "转介绍"]},
        {"key": "policy", "name_zh": "关联保单", "name_en": "Policy", "kind": "record",
         "target": "policy"},
    ]}


@pytest.fixture(autouse=True)
def _forget_types():  # type: ignore[no-untyped-def]
    yield
    deactivate()


@pytest.fixture
def policy(db, users):  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        designer.create_type(s, users.admin, POLICY)
    return "policy"


@pytest.fixture
def visit(db, users, policy):  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        designer.create_type(s, users.admin, VISIT)
    return "visit"


def _customer(db, actor, name: str = "张三") -> int:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        return int(customers.create(s, actor, {"name": name}).id)


def _columns(db, table: str) -> set[str]:  # type: ignore[no-untyped-def]
    with db.session() as s:
        return {c["name"] for c in inspect(s.connection()).get_columns(table)}


def test_a_type_gets_a_table_with_typed_columns_and_indexes(db, users, policy) -> None:  # type: ignore[no-untyped-def]
    assert {"id", "code", "customer_id", "version", "deleted_at", "c_number", "c_premium",
            "c_insured_id", "c_insured_id_bidx"} <= _columns(db, "rt_policy")
    with db.session() as s:
        indexes = {i["name"] for i in inspect(s.connection()).get_indexes("rt_policy")}
    assert {"ix_rt_policy_c_number", "ix_rt_policy_customer_id",
            "ix_rt_policy_c_insured_id_bidx"} <= indexes
    assert "policy" in SERVICES
    assert [f.key for f in fields_of("policy")][:4] == ["code", "customer_id", "number",
                                                       "frequency"]


def test_a_failed_definition_leaves_no_table_behind(db, users) -> None:  # type: ignore[no-untyped-def]
    bad = dict(POLICY, fields=[*POLICY["fields"], {"key": "x", "name_zh": "x",
                                                   "kind": "record", "target": "nothing"}])
    with pytest.raises(ValidationError, match="nothing"), db.transaction() as s:
        designer.create_type(s, users.admin, bad)
    with db.session() as s:
        assert not inspect(s.connection()).has_table("rt_policy")
    with pytest.raises(ValidationError), db.transaction() as s:
        designer.create_type(s, users.admin, dict(POLICY, key="customer"))


def test_only_administrators_design(db, users) -> None:  # type: ignore[no-untyped-def]
    for actor in (users.manager, users.staff1):
        with pytest.raises(PermissionDenied), db.transaction() as s:
            designer.create_type(s, actor, POLICY)


def test_records_are_validated_coded_and_audited(db, users, policy) -> None:  # type: ignore[no-untyped-def]
    cid = _customer(db, users.staff1)
    with db.transaction() as s:
        service = service_for("policy")
        with pytest.raises(ValidationError) as caught:
            service.create(s, users.staff1, {"customer_id": cid, "premium": "-5",
                                             "frequency": "weekly"})
        problems = {e.field for e in caught.value.errors}
        assert problems == {"number", "premium", "frequency"}
        obj = service.create(s, users.staff1, {"customer_id": cid, "number": "P-1",
                                               "premium": "1200.50", "frequency": "年缴"})
        assert obj.code == "BD000001" and obj.premium == 120050 and obj.frequency == "year"
        assert obj.start is not None  # the default "today"
        with pytest.raises(ValidationError, match="another record"):
            service.create(s, users.staff1, {"customer_id": cid, "number": "P-1"})
        entry = s.execute(select(AuditEntry).where(AuditEntry.entity == "policy")
                          .order_by(AuditEntry.id.desc())).scalars().first()
        assert entry is not None and entry.action == "create" and entry.entity_id == obj.id
        service.delete(s, users.staff1, obj.id)
        # a record in the recycle bin leaves its number free
        service.create(s, users.staff1, {"customer_id": cid, "number": "P-1"})


def test_sensitive_values_are_encrypted_at_rest_and_found_through_the_blind_index(  # type: ignore[no-untyped-def]
        db, users, policy) -> None:
    cid = _customer(db, users.staff1)
    number = "11010519491231002X"
    with db.transaction() as s:
        service: Any = service_for("policy")
        obj = service.create(s, users.staff1, {"customer_id": cid, "number": "P-2",
                                               "insured_id": number})
        record_id = obj.id
    with db.session() as s:
        raw = s.execute(text("SELECT c_insured_id, c_insured_id_bidx FROM rt_policy "
                             "WHERE id = :i"), {"i": record_id}).one()
        assert raw[0] is not None and number.encode() not in bytes(raw[0])
        assert raw[1] is not None
        obj = service.get(s, users.staff1, record_id)
        assert service.masked(users.staff1, obj, "insured_id") == "**************002X"
        assert [o.id for o in service.find_by_sensitive(s, users.staff1, "insured_id",
                                                        number.lower())] == [record_id]
        assert service.find_by_sensitive(s, users.staff3, "insured_id", number) == []
        hits = search.search(s, users.staff1, "002X")
        assert not any(h.kind == "policy" for h in hits)  # never in the search index
    with db.transaction() as s:
        assert service.reveal(s, users.staff1, record_id, "insured_id") == number


def test_visibility_follows_the_customer_or_the_owner(db, users, visit) -> None:  # type: ignore[no-untyped-def]
    cid = _customer(db, users.staff1)
    with db.transaction() as s:
        pol = service_for("policy").create(s, users.staff1, {"customer_id": cid,
                                                              "number": "P-9"}).id
        mine = service_for("visit").create(s, users.staff1, {"visitor": "刘先生"}).id
        other_team = service_for("visit").create(s, users.staff3, {"visitor": "周女士"}).id
    with db.session() as s:
        policies, visits = service_for("policy"), service_for("visit")
        assert policies.ids(s, users.staff1) == [pol]
        assert policies.ids(s, users.manager) == [pol]
        assert policies.ids(s, users.staff2) == []
        assert policies.ids(s, users.manager2) == []
        assert visits.ids(s, users.staff1) == [mine]
        assert visits.ids(s, users.staff2) == []
        assert visits.ids(s, users.manager) == [mine]
        assert visits.ids(s, users.manager2) == [other_team]
        assert sorted(visits.ids(s, users.admin)) == sorted([mine, other_team])
        with pytest.raises(NotFound):
            visits.get(s, users.staff2, mine)
    with db.transaction() as s:  # a staff member gives records to no one else
        with pytest.raises(ValidationError, match="yourself"):
            service_for("visit").create(s, users.staff1, {"visitor": "x", "owner_id":
                                                          users.staff2.user_id})


def test_references_multichoice_and_search(db, users, visit) -> None:  # type: ignore[no-untyped-def]
    cid = _customer(db, users.staff1, "王五")
    other = _customer(db, users.staff3, "赵六")
    with db.transaction() as s:
        mine = service_for("policy").create(s, users.staff1, {"customer_id": cid,
                                                               "number": "A-1"}).id
        theirs = service_for("policy").create(s, users.staff3, {"customer_id": other,
                                                                 "number": "A-2"}).id
        with pytest.raises(ValidationError, match="record that you can see"):
            service_for("visit").create(s, users.staff1, {"visitor": "x", "policy": theirs})
        with pytest.raises(ValidationError, match="must be one of"):
            service_for("visit").create(s, users.staff1, {"visitor": "x", "sources": "电视"})
        vid = service_for("visit").create(s, users.staff1, {
            "visitor": "刘先生", "policy": mine, "sources": "网络，转介绍",
            "test_drive": "是"}).id
    with db.session() as s:
        row = service_for("visit").rows(s, users.staff1, [vid])[0]
        assert row["policy:name"] == "BD000001 A-1"
        assert row["sources"] == "网络,转介绍" and row["test_drive"] is True
        spec = next(f for f in fields_of("visit") if f.key == "policy")
        assert presentation.field_text(spec, row) == "BD000001 A-1"
        hits = search.search(s, users.staff1, "A-1")
        assert [(h.kind, h.ref_id) for h in hits if h.kind == "policy"] == [("policy", mine)]


def test_rename_reorder_and_retire_keep_every_value(db, users, visit) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        vid = service_for("visit").create(s, users.staff1, {"visitor": "刘先生",
                                                             "companions": "2"}).id
    with db.transaction() as s:
        designer.rename_field(s, users.admin, "visit", "visitor", name_zh="客户姓名",
                              name_en="Guest")
        designer.reorder_fields(s, users.admin, "visit", ["companions", "visitor"])
        designer.retire_field(s, users.admin, "visit", "companions")
    assert "c_visitor" in _columns(db, "rt_visit")
    keys = [f.key for f in fields_of("visit")]
    assert "companions" not in keys and keys.index("visitor") < keys.index("test_drive")
    spec = next(f for f in fields_of("visit") if f.key == "visitor")
    assert spec.translated == "Guest"
    with db.session() as s:
        assert s.execute(text("SELECT c_companions FROM rt_visit")).scalar() == "2"
    with db.transaction() as s:
        designer.retire_field(s, users.admin, "visit", "companions", retired=False)
        designer.add_field(s, users.admin, "visit", {"key": "phone", "name_zh": "电话",
                                                     "kind": "phone"})
    with db.session() as s:
        obj = service_for("visit").get(s, users.staff1, vid)
        assert obj.companions == "2" and obj.visitor == "刘先生" and obj.phone is None


def test_a_kind_change_converts_every_value_or_refuses_with_the_bad_ones(  # type: ignore[no-untyped-def]
        db, users, visit) -> None:
    with db.transaction() as s:
        for n in ("2", "3", "两人", "", "很多"):
            service_for("visit").create(s, users.staff1, {"visitor": "x", "companions": n})
    with pytest.raises(designer.KindChangeRefused) as caught, db.transaction() as s:
        designer.change_kind(s, users.admin, "visit", "companions", "number")
    assert sorted(caught.value.values) == ["两人", "很多"] and caught.value.count == 2
    assert "两人" in caught.value.message
    assert "c_companions" in _columns(db, "rt_visit")  # nothing changed
    with db.transaction() as s:
        s.execute(text("UPDATE rt_visit SET c_companions = '1' WHERE c_companions "
                       "IN ('两人', '很多')"))
    with db.transaction() as s:
        designer.change_kind(s, users.admin, "visit", "companions", "number")
    with db.session() as s:
        values = sorted(v for (v,) in s.execute(text("SELECT c_companions_2 FROM rt_visit"))
                        if v is not None)
        assert values == [1, 1, 2, 3]
        assert "c_companions" not in _columns(db, "rt_visit")
    with db.transaction() as s:
        with pytest.raises(ValidationError, match="whole number"):
            service_for("visit").create(s, users.staff1, {"visitor": "x", "companions": "2.5"})
        with pytest.raises(ValidationError, match="cannot become"):
            designer.change_kind(s, users.admin, "policy", "insured_id", "text")


def test_rules_changed_on_stored_values_are_checked(db, users, visit) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        for name in ("甲", "甲", "乙"):
            service_for("visit").create(s, users.staff1, {"visitor": name})
    with pytest.raises(ValidationError, match="甲"), db.transaction() as s:
        designer.update_field(s, users.admin, "visit", "visitor", {"unique": True})
    with db.transaction() as s:
        service_for("visit").create(s, users.staff1, {"visitor": "x", "sources": "网络"})
    with pytest.raises(designer.KindChangeRefused, match="网络"), db.transaction() as s:
        designer.update_field(s, users.admin, "visit", "sources",
                              {"choices": ["自然到店", "转介绍"]})


def test_definitions_export_and_import_between_files(db, users, visit) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        doc = designer.export_definitions(s, users.admin)
    text_ = json.dumps(doc, ensure_ascii=False)
    assert doc["format"] == "crmdesk.record_types/1"
    assert [t["key"] for t in doc["types"]] == ["policy", "visit"]
    assert doc["types"][0]["fields"][2]["choices"][0] == {"key": "year", "name_zh": "年缴",
                                                          "name_en": "Yearly"}
    # into a fresh file: drop the types and import them again
    with db.transaction() as s:
        s.execute(text("DROP TABLE rt_visit"))
        s.execute(text("DROP TABLE rt_policy"))
        s.execute(text("DELETE FROM record_type_fields"))
        s.execute(text("DELETE FROM record_types"))
    with db.transaction() as s:
        done = designer.import_definitions(s, users.admin, json.loads(text_))
    assert done == [("policy", "created"), ("visit", "created")]
    # importing again with a new field and a new name updates in place
    doc["types"][1]["fields"].append({"key": "model", "name_zh": "意向车型", "kind": "text"})
    doc["types"][1]["name_en"] = "Visit"
    with db.transaction() as s:
        assert designer.import_definitions(s, users.admin, doc)[1] == ("visit", "updated")
        assert designer.get_type(s, "visit").field("model") is not None
        assert designer.get_type(s, "visit").name_en == "Visit"
    with pytest.raises(ValidationError, match="kind"), db.transaction() as s:
        designer.import_definitions(s, users.admin, {"key": "x1", "name_zh": "x",
                                                     "fields": [{"key": "a", "name_zh": "a",
                                                                 "kind": "colour"}]})


def test_the_registration_follows_the_file(db, users, policy) -> None:  # type: ignore[no-untyped-def]
    deactivate()
    assert "policy" not in SERVICES
    with db.session() as s:
        assert [t.key for t in activate(s)] == ["policy"]
    assert "policy" in SERVICES
    with db.transaction() as s:
        designer.update_type(s, users.admin, "policy", {"retired": True})
    assert "policy" not in SERVICES


def test_sensitive_values_follow_the_customer_to_a_new_owner(db, users, policy) -> None:  # type: ignore[no-untyped-def]
    cid = _customer(db, users.staff1)
    with db.transaction() as s:
        service: Any = service_for("policy")
        record_id = service.create(s, users.staff1, {"customer_id": cid, "number": "P-7",
                                                     "insured_id": "11010519491231002X"}).id
    with db.transaction() as s:
        customers.reassign(s, users.admin, [cid], users.staff3.user_id)
    with db.session() as s:
        obj = service.get(s, users.staff3, record_id)
        assert service.plaintext(users.staff3, obj, "insured_id") == "11010519491231002X"
        assert service.masked(users.staff1, obj, "insured_id") == "********"


CLAIM: dict[str, Any] = {
    "key": "claim", "name_zh": "理赔", "name_en": "Claim", "code_prefix": "LP",
    "belongs_to": "customer",
    "statuses": [{"key": "reported", "name_zh": "已报案", "name_en": "Reported"},
                 {"key": "assessing", "name_zh": "定损中", "name_en": "Assessing"},
                 {"key": "approved", "name_zh": "已核准", "name_en": "Approved"},
                 {"key": "paid", "name_zh": "已赔付", "name_en": "Paid", "closed": True}],
    "transitions": [{"from": "reported", "to": "assessing"},
                    {"from": "assessing", "to": "approved", "roles": ["manager", "admin"]},
                    {"from": "approved", "to": "paid"}],
    "fields": [{"key": "amount", "name_zh": "索赔金额", "name_en": "Amount claimed",
                "kind": "money"}]}


def test_statuses_move_only_along_the_transitions_a_role_may_make(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        designer.create_type(s, users.admin, CLAIM)
    cid = _customer(db, users.staff1)
    claims = service_for("claim")
    with db.transaction() as s:
        claim = claims.create(s, users.staff1, {"customer_id": cid, "amount": "5000"})
        assert claim.status == "reported"
        claim_id = claim.id
    with db.transaction() as s:
        with pytest.raises(ValidationError, match="may move to: Assessing"):
            claims.update(s, users.staff1, claim_id, {"status": "paid"})
        claims.update(s, users.staff1, claim_id, {"status": "定损中"})
        with pytest.raises(ValidationError, match="cannot move to Approved"):
            claims.update(s, users.staff1, claim_id, {"status": "approved"})
        claims.update(s, users.manager, claim_id, {"status": "approved"})
    with db.session() as s:
        row = claims.rows(s, users.staff1, [claim_id])[0]
        spec = next(f for f in fields_of("claim") if f.key == "status")
        assert presentation.field_text(spec, row) == "Approved"
        assert claims.is_open(s, claims.get(s, users.staff1, claim_id))
        history = [e.action for e in claims.history(s, users.staff1, claim_id)]
        assert history.count("update") == 2
    # a status in use cannot go; statuses can be added to a type that had none
    with pytest.raises(ValidationError, match="approved"), db.transaction() as s:
        designer.update_type(s, users.admin, "claim", {
            "statuses": CLAIM["statuses"][:2] + CLAIM["statuses"][3:],
            "transitions": []})
    with db.transaction() as s:
        designer.create_type(s, users.admin, POLICY)
        pid = service_for("policy").create(s, users.staff1, {"customer_id": cid,
                                                              "number": "S-1"}).id
        designer.update_type(s, users.admin, "policy", {"statuses": ["active", "lapsed"]})
    with db.session() as s:
        assert service_for("policy").get(s, users.staff1, pid).status == "active"


def test_the_audit_names_a_designed_field_in_the_readers_language(db, users, visit) -> None:  # type: ignore[no-untyped-def]
    from crmdesk import translation
    from crmdesk.core import audit_messages
    from crmdesk.core.models import AuditEntry
    from crmdesk.core.services import mass_update
    from crmdesk.core.services.registry import service_for

    with db.transaction() as s:
        record = service_for("visit").create(s, users.staff1, {"visitor": "刘先生"})
        mass_update.run(s, users.staff1, "visit", "companions", "3", ids=[record.id])
    with db.session() as s:
        entry = s.execute(select(AuditEntry).where(AuditEntry.action == "update")
                          .order_by(AuditEntry.id.desc())).scalars().first()
        assert entry is not None
        assert "Companions" in audit_messages.summary_text(entry)
        translation.install(None, "zh_CN")
        try:
            assert "同行人数" in audit_messages.summary_text(entry)
        finally:
            translation.install(None, "en")
