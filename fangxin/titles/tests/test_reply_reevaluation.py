"""The operator's right to reply (shown on the verification page once the office approved it)
and its once-a-campaign re-evaluation, decided by the office within the configured working days
and written into the evaluation ledger even after scoring closed."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from fangxin.core.roles import Role
from fangxin.evaluation.models import LedgerEntry, Score
from fangxin.titles import services
from fangxin.titles.models import Reevaluation, ReevaluationEvidence, Reply

from .conftest import AFTER, PUBLISHED

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 64


@pytest.fixture
def held(office, campaign, enrol, closed, make_user, settings, tmp_path):
    """An awarded title, its enrolment and its holder's user."""
    settings.MEDIA_ROOT = str(tmp_path)
    enrolment = enrol()
    closed()
    notice = services.publish_notice(office, campaign, "livestream", today=PUBLISHED)
    title = services.award(office, notice, today=AFTER)[0]
    shop = make_user(Role.OPERATOR, operator=enrolment.operator)
    return title, enrolment, shop


def test_a_reply_is_public_only_once_approved(client, office, held, make_user):
    title, enrolment, shop = held
    with pytest.raises(ValidationError):
        services.reply(shop, enrolment, "长" * 501, title=title)
    row = services.reply(shop, enrolment, "我方已整改到位，请公众监督。", title=title)
    page = f"/public/titles/{title.certificate_no}/"
    assert "已整改到位" not in client.get(page).text
    with pytest.raises(ValidationError):
        services.decide_reply(office, row, False, "")
    services.decide_reply(office, row, True)
    assert "已整改到位" in client.get(page).text
    # A refused reply (abusive) stays off the page.
    bad = services.reply(shop, enrolment, "骂人的话")
    services.decide_reply(office, bad, False, "含辱骂内容")
    assert "骂人的话" not in client.get(page).text
    assert Reply.objects.get(pk=bad.pk).status == Reply.Status.REJECTED


def test_only_the_holder_replies_and_only_the_office_approves(held, make_user, office):
    _title, enrolment, shop = held
    stranger = make_user(Role.OPERATOR)
    with pytest.raises(PermissionDenied):
        services.reply(stranger, enrolment, "冒名申辩")
    with pytest.raises(PermissionDenied):
        services.reply(office, enrolment, "办公室不申辩")
    row = services.reply(shop, enrolment, "申辩")
    for user in (shop, make_user(Role.STATION)):
        with pytest.raises(PermissionDenied):
            services.decide_reply(user, row, True)


def test_reply_pages(client, held, office):
    title, _enrolment, shop = held
    client.force_login(shop)
    assert client.get("/titles/mine/replies/").status_code == 200
    posted = client.post("/titles/mine/replies/", {"target": f"t{title.pk}", "text": "页面申辩"})
    assert posted.status_code == 302
    row = Reply.objects.get(text="页面申辩")
    assert row.title == title
    assert client.get("/titles/replies/").status_code == 403
    client.force_login(office)
    assert "页面申辩" in client.get("/titles/replies/").text
    client.post(f"/titles/replies/{row.pk}/decide/", {"decision": "approve"})
    assert Reply.objects.get(pk=row.pk).status == Reply.Status.APPROVED


def test_a_reevaluation_once_per_campaign_due_in_working_days(held, make_user, settings):
    _title, enrolment, shop = held
    settings.FANGXIN_REEVALUATION_WORKING_DAYS = 3
    with pytest.raises(ValidationError) as refused:
        services.request_reevaluation(
            shop,
            enrolment,
            dimension="department",
            text="复核",
            evidence=[SimpleUploadedFile("a.exe", b"MZ00")],
        )
    assert "类型不允许" in str(refused.value)
    with pytest.raises(ValidationError):
        services.request_reevaluation(shop, enrolment, dimension="nope", text="复核")
    with pytest.raises(PermissionDenied):
        services.request_reevaluation(
            make_user(Role.OPERATOR), enrolment, dimension="department", text="x"
        )
    # Tuesday 1 December 2026 plus three working days: Friday 4 December.
    row = services.request_reevaluation(
        shop,
        enrolment,
        dimension="department",
        text="检查记录有误",
        evidence=[SimpleUploadedFile("记录.png", PNG)],
        today=date(2026, 12, 1),
    )
    assert row.due_on == date(2026, 12, 4)
    assert ReevaluationEvidence.objects.get().reevaluation == row
    with pytest.raises(ValidationError, match="只能申请一次"):
        services.request_reevaluation(shop, enrolment, dimension="department", text="再来")


def test_the_decision_goes_into_the_ledger_after_closing(held, office, make_user):
    _title, enrolment, shop = held
    row = services.request_reevaluation(shop, enrolment, dimension="department", text="复核")
    before = Score.objects.get(enrolment=enrolment).published
    with pytest.raises(PermissionDenied):
        services.decide_reevaluation(shop, row, grant=True, reason="x")
    with pytest.raises(ValidationError):
        services.decide_reevaluation(office, row, grant=True, reason="", criterion="conduct")
    with pytest.raises(ValidationError):
        services.decide_reevaluation(office, row, grant=True, reason="r", criterion="nope")
    services.decide_reevaluation(
        office, row, grant=True, reason="核实存在价格标示问题", criterion="conduct", points="-2"
    )
    row.refresh_from_db()
    assert row.status == Reevaluation.Status.GRANTED
    entry = LedgerEntry.objects.get(pk=row.ledger_entry_pk)
    assert entry.fact_label == "titles.Reevaluation" and entry.points == Decimal("-2.00")
    assert "核实存在价格标示问题" in entry.note
    assert Score.objects.get(enrolment=enrolment).published == before - 2
    with pytest.raises(ValidationError):
        services.decide_reevaluation(office, row, grant=False, reason="again")


def test_a_refusal_is_written_too(held, office):
    _title, enrolment, shop = held
    row = services.request_reevaluation(shop, enrolment, dimension="department", text="复核")
    services.decide_reevaluation(office, row, grant=False, reason="证据不足")
    entry = LedgerEntry.objects.get(fact_label="titles.Reevaluation")
    assert entry.points == 0 and "维持原评分" in entry.note and "证据不足" in entry.note


def test_reevaluation_pages(client, held, office, make_user):
    _title, enrolment, shop = held
    client.force_login(shop)
    assert client.get("/titles/mine/reevaluation/").status_code == 200
    posted = client.post(
        "/titles/mine/reevaluation/",
        {
            "enrolment": str(enrolment.pk),
            "dimension": "department",
            "text": "页面复核",
            "evidence": SimpleUploadedFile("证.png", PNG),
        },
    )
    assert posted.status_code == 302
    row = Reevaluation.objects.get()
    evidence = row.evidence.get()
    assert client.get(f"/titles/reevaluations/evidence/{evidence.pk}/").status_code == 200
    assert client.get("/titles/reevaluations/").status_code == 403
    assert client.get(f"/titles/reevaluations/{row.pk}/").status_code == 403
    client.force_login(make_user(Role.OPERATOR))
    assert client.get(f"/titles/reevaluations/evidence/{evidence.pk}/").status_code == 404
    client.force_login(office)
    detail = client.get(f"/titles/reevaluations/{row.pk}/")
    assert "页面复核" in detail.text and "证.png" in detail.text
    client.post(
        f"/titles/reevaluations/{row.pk}/",
        {"decision": "refuse", "reason": "证据不足", "criterion": "", "points": ""},
    )
    row.refresh_from_db()
    assert row.status == Reevaluation.Status.REFUSED and row.ledger_entry_pk


def test_the_office_home_counts_what_waits(client, held, office):
    _title, enrolment, shop = held
    services.reply(shop, enrolment, "申辩")
    services.request_reevaluation(shop, enrolment, dimension="department", text="复核")
    client.force_login(office)
    home = client.get("/desk/").text
    assert "待决定的复核申请" in home and "待审核的申辩" in home
