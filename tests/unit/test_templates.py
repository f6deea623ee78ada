"""Industry templates (resources/templates/): applied on a new and an existing file,
idempotent, audited; an invalid file refused naming the place; demo data fills them;
the analyses they declare give known figures per role; their reports build."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from crmdesk.core import analytics
from crmdesk.core.analytics import Criteria
from crmdesk.core.models import AuditEntry, Product
from crmdesk.core.record_types import deactivate, runtime
from crmdesk.core.record_types.definitions import DefinitionError
from crmdesk.core.services import templates
from crmdesk.core.services.customers import customers
from crmdesk.core.template_demo import populate_template
from crmdesk.core.templates import parse_template, read_file, shipped_keys
from crmdesk.errors import PermissionDenied


@pytest.fixture(autouse=True)
def _forget_types():  # type: ignore[no-untyped-def]
    yield
    deactivate()


def _entries(db, action: str) -> int:  # type: ignore[no-untyped-def]
    with db.session() as s:
        return int(s.execute(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == action)).scalar_one())


def test_shipped_templates_parse() -> None:
    assert {"dealership", "insurance", "general"} <= set(shipped_keys())
    dealer = read_file("dealership")
    assert [t.key for t in dealer.types] == ["visit", "acard", "test_drive"]
    assert dealer.settings == {"cadence.H": 2, "cadence.A": 7, "cadence.B": 15, "cadence.C": 30}
    insurance = read_file("insurance")
    policy = next(t for t in insurance.types if t.key == "policy")
    number = policy.field("number")
    assert number is not None and number.unique and number.indexed
    insured = policy.field("insured_id")
    assert insured is not None and insured.kind == "id_number"
    raw = json.loads((read_file.__globals__["templates_dir"]() / "insurance.json").read_text())
    end = next(f for f in raw["types"][0]["fields"] if f["key"] == "end_date")
    assert end["remind_days_before"] == 30 and end["calendar"] is True
    assert read_file("general").types == ()


@pytest.mark.parametrize("name", ["dealership", "insurance", "general"])
def test_apply_twice_changes_nothing_the_second_time(db, users, name) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        first = templates.apply(s, users.admin, name)
    before = _entries(db, "template_apply")
    assert before == 1
    with db.transaction() as s:
        second = templates.apply(s, users.admin, name)
        assert templates.applied(s)[name] == 1
    assert not second.changed
    assert _entries(db, "template_apply") == 1
    if name != "general":
        assert first.types_created and first.products_created and first.analyses


def test_apply_on_an_existing_file_keeps_its_data_and_adds_missing_parts(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        customer = customers.create(s, users.staff1, {"name": "老客户", "mobile": "13812345678"})
        templates.apply(s, users.admin, "insurance")
        product = s.execute(select(Product.id).where(Product.code == "BX-YL01")).scalar_one()
        runtime.service("policy").create(s, users.staff1, {
            "customer_id": customer.id, "number": "P1", "product": product,
            "insurer": "pingan", "agent": users.staff1.user_id, "insured": "老客户",
            "premium": "520", "end_date": (date.today() + timedelta(days=10)).isoformat()})
    # the file's own change (a renamed field) is brought back; records stay
    from crmdesk.core.services import record_types as designer

    with db.transaction() as s:
        designer.rename_field(s, users.admin, "policy", "insured", name_zh="被保人")
        result = templates.apply(s, users.admin, "insurance")
        assert result.types_updated == ["policy"] and not result.products_created
        assert runtime.service("policy").count(s, users.admin) == 1
        assert runtime.service("policy").typedef.field("insured").name_zh == "被保险人"


def test_staff_cannot_apply(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s, pytest.raises(PermissionDenied):
        templates.apply(s, users.staff1, "dealership")


@pytest.mark.parametrize(("mutate", "place"), [
    (lambda d: d.update(format="other/1"), "format"),
    (lambda d: d["types"][0]["fields"][0].update(kind="colour"), "types[0].fields[0].kind"),
    (lambda d: d["analyses"][1]["measures"][1].update(sum="nowhere"),
     "analyses[1].measures[1].sum"),
    (lambda d: d["analyses"][0].update(type="missing"), "analyses[0].type"),
    (lambda d: d["settings"].update({"no.such": 1}), "settings.no.such"),
    (lambda d: d["products"][0].pop("name"), "products[0].name"),
])
def test_invalid_template_is_refused_naming_the_place(mutate, place) -> None:  # type: ignore[no-untyped-def]
    from crmdesk.core.templates import templates_dir

    raw = json.loads((templates_dir() / "insurance.json").read_text(encoding="utf-8"))
    mutate(raw)
    with pytest.raises(DefinitionError) as info:
        parse_template(raw)
    assert info.value.errors[0].field == place
    assert place in str(info.value)


def test_dealership_demo_and_analyses_per_role(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        for i in range(40):
            customers.create(s, users.staff1 if i % 2 else users.staff2,
                             {"name": f"客户{i}", "mobile": f"1381234{i:04d}"})
        counts = populate_template(s, users.admin, "dealership", seed=3)
    assert counts["visit"] > 10 and counts["acard"] > 0 and counts["test_drive"] > 0
    with db.session() as s:
        admin = analytics.table(s, users.admin, "dealer-visits-consultant", Criteria())
        staff = analytics.table(s, users.staff1, "dealer-visits-consultant", Criteria())
        manager = analytics.table(s, users.manager, "dealer-conversion-source", Criteria())
        visits = runtime.service("visit")
        total = visits.count(s, users.admin)
        mine = visits.count(s, users.staff1)
        drove = sum(1 for v in visits.records(s, users.admin, visits.ids(s, users.admin))
                    if v.test_drive)
    assert admin.rows[-1][0] == "Total" and admin.rows[-1][1] == total == counts["visit"]
    assert admin.rows[-1][2] == drove
    assert admin.rows[-1][3] == pytest.approx(drove / total)
    assert staff.rows[-1][1] == mine < total  # staff: their own customers' visits only
    assert manager.rows[-1][1] == total  # the manager's team holds every demo customer
    assert [r[0] for r in manager.rows[:-1]] == [
        r for r in ("Showroom", "Phone", "Online", "Auto show")
        if r in {row[0] for row in manager.rows}]


def test_insurance_figures_on_known_data(db, users) -> None:  # type: ignore[no-untyped-def]
    today = date.today()
    with db.transaction() as s:
        templates.apply(s, users.admin, "insurance")
        product = s.execute(select(Product.id).where(Product.code == "BX-ZJ01")).scalar_one()
        a = customers.create(s, users.staff1, {"name": "甲客户", "mobile": "13800000001"})
        b = customers.create(s, users.staff2, {"name": "乙客户", "mobile": "13800000002"})
        policies, claims = runtime.service("policy"), runtime.service("claim")
        p1 = policies.create(s, users.staff1, {
            "customer_id": a.id, "number": "P-1", "product": product, "insurer": "pingan",
            "agent": users.staff1.user_id, "insured": "甲", "premium": "1000",
            "insured_id": "11010519491231002X", "start_date": today.isoformat(),
            "end_date": (today + timedelta(days=20)).isoformat(), "status": "active"})
        policies.create(s, users.staff2, {
            "customer_id": b.id, "number": "P-2", "product": product, "insurer": "picc",
            "agent": users.staff2.user_id, "insured": "乙", "premium": "3000",
            "start_date": today.isoformat(),
            "end_date": (today + timedelta(days=200)).isoformat(), "status": "active"})
        claim = claims.create(s, users.staff1, {
            "customer_id": a.id, "number": "C-1", "policy": p1.id, "claim_type": "medical",
            "loss_date": today.isoformat(), "amount_claimed": "900"})
        for status in ("documents", "assessing", "approved"):
            claims.update(s, users.staff1, claim.id, {"status": status})
        claims.update(s, users.staff1, claim.id, {"status": "paid", "amount_paid": "800",
                                                  "paid_on": today.isoformat()})
    with db.session() as s:
        ratio = analytics.table(s, users.admin, "insurance-claims-ratio", Criteria())
        by_agent = analytics.table(s, users.manager, "insurance-premium-agent", Criteria())
        staff = analytics.table(s, users.staff1, "insurance-premium-product", Criteria())
        renewals = analytics.table(s, users.admin, "insurance-renewals", Criteria())
        # the exact ID number through the blind index (never the search index)
        found = runtime.service("policy").find_by_sensitive(s, users.staff1, "insured_id",
                                                             "11010519491231002x")
        hidden = runtime.service("policy").find_by_sensitive(s, users.staff2, "insured_id",
                                                             "11010519491231002X")
        from crmdesk.core import search

        hits = search.search(s, users.staff1, "11010519491231002X")
    total = ratio.rows[-1]
    assert total[1] == 400000 and total[3] == 80000 and total[4] == pytest.approx(0.2)
    assert by_agent.rows[-1][2] == 400000 and {r[0] for r in by_agent.rows} >= {"李娜", "张伟"}
    assert staff.rows[-1][1:3] == [1, 100000]  # staff1 sees their own policy only
    assert [r[2] for r in renewals.rows] == ["P-1"] and renewals.customer_ids == [a.id]
    assert [p.number for p in found] == ["P-1"] and hidden == []
    assert [(h.kind, h.ref_id) for h in hits] == [("policy", found[0].id)]
    with db.session() as s:  # the number itself is in no search document
        from crmdesk.core.models import SearchDoc

        assert not s.execute(select(SearchDoc.id).where(
            SearchDoc.body.contains("11010519491231002"))).first()
        assert search.search(s, users.staff2, "11010519491231002X") == []


@pytest.mark.parametrize("name", ["dealership", "insurance"])
def test_template_reports_build(db, users, tmp_path, name) -> None:  # type: ignore[no-untyped-def]
    from crmdesk.reports import ReportRequest, build_report

    with db.transaction() as s:
        for i in range(12):
            customers.create(s, users.staff1, {"name": f"客户{i}", "mobile": f"1391234{i:04d}"})
        populate_template(s, users.admin, name, seed=5)
    out = tmp_path / f"{name}.pdf"
    result = build_report(db, users.manager, ReportRequest(name), out)
    assert result.pages >= 1 and out.stat().st_size > 1000


def test_dealership_figures_on_known_data(db, users) -> None:  # type: ignore[no-untyped-def]
    from datetime import datetime, time

    today = date.today()
    at = datetime.combine(today, time(10, 0)).astimezone().isoformat()
    with db.transaction() as s:
        templates.apply(s, users.admin, "dealership")
        a = customers.create(s, users.staff1, {"name": "甲", "mobile": "13800000011"})
        b = customers.create(s, users.staff1, {"name": "乙", "mobile": "13800000012"})
        c = customers.create(s, users.staff2, {"name": "丙", "mobile": "13800000013"})
        visits = runtime.service("visit")
        for customer, source, drive, who in ((a, "showroom", True, users.staff1),
                                             (b, "showroom", False, users.staff1),
                                             (c, "web", True, users.staff2)):
            visits.create(s, who, {"customer_id": customer.id, "visitor": customer.name,
                                   "arrived_at": at, "source": source, "test_drive": drive,
                                   "consultant": who.user_id, "intent": "A"})
        runtime.service("acard").create(s, users.staff1, {
            "customer_id": a.id, "card_no": "A0001", "consultant": users.staff1.user_id})
    with db.session() as s:
        admin = analytics.table(s, users.admin, "dealer-conversion-source", Criteria())
        staff2 = analytics.table(s, users.staff2, "dealer-conversion-source", Criteria())
        day = analytics.table(s, users.manager, "dealer-visits-day",
                              Criteria(today, today))
        earlier = analytics.table(s, users.manager, "dealer-visits-day",
                                  Criteria(today - timedelta(days=9), today - timedelta(days=1)))
        per = analytics.table(s, users.admin, "dealer-visits-consultant",
                              Criteria(owner_id=users.staff2.user_id))
    assert [r[:3] for r in admin.rows] == [["Showroom", 2, 1], ["Online", 1, 0],
                                           ["Total", 3, 1]]
    assert admin.rows[0][3] == pytest.approx(0.5) and admin.rows[-1][3] == pytest.approx(1 / 3)
    assert [r[:3] for r in staff2.rows] == [["Online", 1, 0], ["Total", 1, 0]]
    assert day.rows == [[today.isoformat(), 3, 0, 2], ["Total", 3, 0, 2]]
    assert earlier.rows == []
    assert [r[:4] for r in per.rows] == [["张伟", 1, 1, 1.0], ["Total", 1, 1, 1.0]]


OWN_TEMPLATE = {
    "format": "crmdesk.template/1", "key": "salon", "version": 1,
    "name_zh": "美发店", "name_en": "Hair salon",
    "types": [{"key": "visit", "name_zh": "到店", "name_en": "Visit", "code_prefix": "SV",
               "belongs_to": "customer",
               "fields": [{"key": "service", "name_zh": "项目", "name_en": "Service",
                           "kind": "choice", "choices": ["剪发", "烫发", "染发"]},
                          {"key": "paid", "name_zh": "金额", "name_en": "Paid",
                           "kind": "money"}]}],
    "analyses": [{"key": "salon-services", "name_zh": "各项目收入",
                  "name_en": "Takings by service", "type": "visit", "group": "service",
                  "total": True,
                  "measures": [{"key": "visits", "name_zh": "次数", "name_en": "Visits",
                                "count": True},
                               {"key": "paid", "name_zh": "收入", "name_en": "Takings",
                                "sum": "paid"}]}]}


def test_a_business_own_template_has_its_pdf_report(run, db_path, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "salon.json"
    path.write_text(json.dumps(OWN_TEMPLATE, ensure_ascii=False), encoding="utf-8")
    code, _out, err = run("report", str(db_path), "salon", "--out", str(tmp_path / "x.pdf"),
                          "--user", "admin")
    assert code == 2 and "salon" in err and "customer-list" in err, err
    assert run("template", "apply", str(db_path), str(path), "--user", "admin")[0] == 0
    assert run("add", str(db_path), "customer", "name=王芳", "--user", "staff1")[0] == 0
    code, _out, err = run("add", str(db_path), "visit", "customer_id=C000001", "service=剪发",
                          "paid=88", "--user", "staff1")
    assert code == 0, err
    out = tmp_path / "salon.pdf"
    code, _out, err = run("report", str(db_path), "salon", "--out", str(out),
                          "--user", "manager")
    assert code == 0, err
    assert out.stat().st_size > 1000
    text = run_pdftotext(out)
    if text is not None:
        assert "Takings by service" in text and "Hair salon" in text, text


def run_pdftotext(path):  # type: ignore[no-untyped-def]
    import shutil
    import subprocess

    if shutil.which("pdftotext") is None:
        return None
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
