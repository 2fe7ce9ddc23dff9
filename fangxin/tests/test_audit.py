import json

import pytest
from auditlog.models import LogEntry

from fangxin.core.models import Station
from fangxin.core.roles import Role

pytestmark = pytest.mark.django_db


def test_changes_to_domain_models_are_audited(make_user):
    station = Station.objects.create(code="s1", name="测试所")
    station.name = "测试所（改）"
    station.save()
    entries = LogEntry.objects.get_for_object(station)
    assert entries.count() == 2


def test_audit_page_filters_by_model(client, make_user):
    office = make_user(Role.OFFICE)
    Station.objects.create(code="s1", name="审计测试所")
    client.force_login(office)
    from django.contrib.contenttypes.models import ContentType

    ct = ContentType.objects.get_for_model(Station)
    body = client.get("/audit/", {"content_type": ct.pk}).content.decode()
    assert "审计测试所" in body
    user_ct = ContentType.objects.get(app_label="core", model="user")
    body = client.get("/audit/", {"content_type": user_ct.pk}).content.decode()
    assert "审计测试所" not in body


def test_audit_page_filters_by_date(client, make_user):
    client.force_login(make_user(Role.OFFICE))
    Station.objects.create(code="s1", name="审计测试所")
    assert "审计测试所" not in client.get("/audit/", {"date_to": "2000-01-01"}).content.decode()


@pytest.mark.parametrize("role", [Role.STATION, Role.OPERATOR, Role.MONITOR])
def test_audit_is_office_only(client, make_user, role):
    client.force_login(make_user(role))
    assert client.get("/audit/").status_code == 403
    assert client.get("/api/v1/audit/").status_code == 403


def test_audit_page_reads_in_words_with_links(client, make_user):
    """Issue 11 item 11: the object linked, the field's name, old → new, who, when."""
    import datetime

    from fangxin.registry.tests.factories import LicenceFactory

    office = make_user(Role.OFFICE, username="auditor", first_name="王科长", last_name="")
    licence = LicenceFactory(valid_to=datetime.date(2025, 4, 30), issuer="长兴县局")
    from auditlog.context import set_actor

    with set_actor(office):
        licence.issuer = "湖州市局"
        licence.valid_to = None
        licence.kind = licence.Kind.FOOD_RECORD
        licence.save()
    client.force_login(office)
    body = client.get("/audit/").content.decode()
    table = body[body.index('id="audit-table"') :]
    assert "发证机关" in table and "长兴县局</span> → 湖州市局" in table
    assert "有效期至" in table and "2025-04-30</span> → （空）" in table
    assert "食品经营许可证</span> → 仅销售预包装食品备案" in table
    assert "王科长" in table
    assert f'href="/registry/operators/{licence.operator_id}/"' in table
    assert "None" not in table and "{'" not in table and "[&#x27;" not in table

    client.post("/i18n/setlang/", {"language": "en", "next": "/audit/"})
    english = client.get("/audit/").content.decode()
    english = english[english.index('id="audit-table"') :]
    assert "(empty)" in english and "None" not in english


def test_audit_rows_of_deleted_objects_and_booleans(make_user):
    from auditlog.models import LogEntry

    from fangxin.core import audit
    from fangxin.registry.tests.factories import StudioFactory

    studio = StudioFactory(is_fixed=True)
    studio.is_fixed = False
    studio.save()
    name = studio.name
    studio.delete()
    from django.utils import translation

    with translation.override("zh-hans"):
        rows = audit.rows(LogEntry.objects.order_by("-timestamp", "-pk")[:3])
    deleted, updated = rows[0], rows[1]
    assert (deleted.action, deleted.label, deleted.url) == ("删除", name, "")
    assert [(c.field, c.old, c.new) for c in updated.changes] == [("固定场所", "是", "否")]


def test_audit_names_unnamed_fields_and_shows_local_times(make_user):
    """Fields the models leave unnamed read in Chinese (not "decided by"); auditlog's UTC times
    show in the county's time."""
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType
    from django.utils import translation

    from fangxin.core import audit
    from fangxin.registry.models import ProfileChange
    from fangxin.registry.tests.factories import OperatorFactory

    operator = OperatorFactory()
    decider = make_user(Role.STATION, username="decider", first_name="李所长", last_name="")
    entry = LogEntry(
        content_type=ContentType.objects.get_for_model(ProfileChange),
        object_pk="1",
        object_repr="变更",
        action=LogEntry.Action.UPDATE,
        changes={
            "decided_by": ["None", str(decider.pk)],
            "decided_at": ["None", "2026-04-15 02:30:00"],
            "operator": ["None", str(operator.pk)],
        },
    )
    with translation.override("zh-hans"):
        changes = {c.field: c.new for c in audit._changes(entry, ProfileChange)}
    assert changes["认定人"] == str(decider)
    assert changes["认定时间"] == "2026-04-15 10:30"  # 02:30 UTC is 10:30 in Asia/Shanghai
    assert changes["经营主体"] == operator.name


def test_audit_reads_complaint_deadlines_masks_and_amounts_in_words(make_user):
    """Walk of issue 11: a complaint's recorded deadlines showed their keys
    (``complaint_acceptance：confirmed：否；days：7…``), a new complaint's masked name showed
    auditlog's mask of "None" (``**ne → *娟敏``), and every status change listed
    "挽回经济损失（元）：0.00 → 0" though the amount had not changed."""
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType
    from django.utils import translation

    from fangxin.complaints.models import Complaint
    from fangxin.core import audit, periods
    from fangxin.core.models import PeriodRule

    periods.load()
    rule = PeriodRule.objects.filter(code="complaint_acceptance").order_by("-effective_from")[0]
    used = {
        "complaint_acceptance": {
            "rule": rule.pk,
            "days": 7,
            "source": "《办法》",
            "effective_from": "2026-04-15",
            "start": "2026-11-25",
            "extended": False,
            "due": "2026-12-04",
            "provisional": False,
            "confirmed": False,
        },
        "testing": [["2026-11-26", "2026-11-27"]],
    }
    kind = ContentType.objects.get_for_model(Complaint)
    created = LogEntry(
        content_type=kind,
        object_pk="1",
        object_repr="投诉",
        action=LogEntry.Action.CREATE,
        changes={
            "complainant_name": ["**ne", "*娟敏"],
            "periods_used": ["None", json.dumps(used, ensure_ascii=False)],
        },
    )
    updated = LogEntry(
        content_type=kind,
        object_pk="1",
        object_repr="投诉",
        action=LogEntry.Action.UPDATE,
        changes={
            "amount_recovered": ["0.00", "0"],
            "complainant_phone": ["**ne", "*****654547"],
            "status": ["received", "verifying"],
        },
    )
    with translation.override("zh-hans"):
        new = {c.field: (c.old, c.new) for c in audit._changes(created, Complaint)}
        changed = {c.field: (c.old, c.new) for c in audit._changes(updated, Complaint)}
    assert new["姓名"] == ("（空）", "*娟敏")
    deadlines = new["所依据的期限"][1]
    words = "2026-11-25 起 7 工作日，至 2026-12-04（《办法》；期限未核对）"
    assert f"{rule.name}：{words}" in deadlines
    assert "检测鉴定期间：2026-11-26 至 2026-11-27" in deadlines
    assert "complaint_acceptance" not in deadlines and "days" not in deadlines
    assert "挽回经济损失（元）" not in changed
    assert changed["联系电话"] == ("（空）", "*****654547")

    with translation.override("en"):
        english = {c.field: c.new for c in audit._changes(created, Complaint)}
    assert "from 2026-11-25, 7 working days, until 2026-12-04" in english["Periods applied"]
    assert "period not checked)" in english["Periods applied"]
    assert "；" not in english["Periods applied"]
