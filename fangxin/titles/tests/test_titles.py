"""Titles: the public notice, objections, the award and its certificate numbers, revocation on
a confirmed veto (in the decision's transaction), verification and expiry."""

import re
import shutil
import subprocess
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fangxin.core.models import Notification
from fangxin.core.roles import Role
from fangxin.registry.tests.factories import OperatorFactory
from fangxin.supervision.models import VetoEvent
from fangxin.supervision.models.enforcement import VetoKind
from fangxin.supervision.tests.test_facts import case, finding, veto
from fangxin.titles import services, sweeps
from fangxin.titles.models import Candidate, CertificateCounter, Objection, Title

from .conftest import AFTER, LAST_DAY, PUBLISHED

pytestmark = pytest.mark.django_db


def publish(office, campaign, kind="livestream", **kw):
    return services.publish_notice(office, campaign, kind, today=PUBLISHED, **kw)


def object_to(candidate, on=PUBLISHED, **kw):
    fields = {"name": "李四", "phone": "13912345678", "facts": "该店曾销售过期食品"} | kw
    return services.submit_objection(candidate, today=on, **fields)


def awarded(office, campaign, enrol, closed, n=2, kind="livestream"):
    enrolments = [enrol(kind) for _ in range(n)]
    closed()
    notice = publish(office, campaign, kind)
    return services.award(office, notice, today=AFTER), enrolments


# --- who may act --------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.STATION, Role.OPERATOR, Role.ASSOCIATION])
def test_only_the_office_publishes_and_awards(make_user, office, campaign, enrol, closed, role):
    enrol()
    closed()
    other = make_user(role)
    with pytest.raises(PermissionDenied):
        publish(other, campaign)
    notice = publish(office, campaign)
    with pytest.raises(PermissionDenied):
        services.award(other, notice, today=AFTER)
    assert not Title.objects.exists()


@pytest.mark.parametrize("role", [Role.STATION, Role.OPERATOR])
def test_the_office_pages_refuse_other_roles(
    client, make_user, office, campaign, enrol, closed, role
):
    enrol()
    closed()
    notice = publish(office, campaign)
    client.force_login(make_user(role))
    assert client.get("/titles/").status_code == 403
    assert client.post("/titles/", {"kind": "livestream", "year": 2026}).status_code == 403
    assert client.get(f"/titles/notices/{notice.pk}/").status_code == 403
    assert client.post(f"/titles/notices/{notice.pk}/award/").status_code == 403
    objection = object_to(notice.candidates.get())
    answer = client.post(
        f"/titles/objections/{objection.pk}/resolve/", {"decision": "upheld", "reason": "x"}
    )
    assert answer.status_code == 403
    objection.refresh_from_db()
    assert objection.status == Objection.Status.OPEN and not Title.objects.exists()


# --- the public notice --------------------------------------------------------------------


def test_the_notice_lists_the_candidates_of_the_evaluation(office, campaign, enrol, closed):
    first, second = enrol(), enrol()
    vetoed = enrol()
    veto(vetoed.operator, date(2026, 7, 1))  # a confirmed veto: not a candidate
    enrol("group_buying")  # the other kind: another notice
    closed()
    notice = publish(office, campaign)
    assert (notice.starts_on, notice.ends_on, notice.working_days) == (PUBLISHED, LAST_DAY, 5)
    lines = {c.enrolment_id: c for c in notice.candidates.all()}
    assert set(lines) == {first.pk, second.pk}
    line = lines[first.pk]
    assert line.name == first.operator.name and line.area_name == first.operator.area.name
    assert str(line.score) == "94.8" and line.accounts[0].startswith("抖音：")


def test_the_period_is_configurable(office, campaign, enrol, closed):
    enrol()
    enrol("group_buying")
    closed()
    assert publish(office, campaign, working_days=7).ends_on == date(2026, 12, 10)
    with override_settings(FANGXIN_TITLE_NOTICE_WORKING_DAYS=3):
        assert publish(office, campaign, "group_buying").ends_on == date(2026, 12, 4)
    with pytest.raises(ValidationError):
        publish(office, campaign, corrects=None, working_days=0)


def test_publishing_waits_for_the_closed_scores_and_happens_once(office, campaign, enrol, closed):
    enrol()
    with pytest.raises(ValidationError, match="评分尚未截止"):
        publish(office, campaign)
    closed()
    publish(office, campaign)
    with pytest.raises(ValidationError, match="已发布公示"):
        publish(office, campaign)
    with pytest.raises(ValidationError, match="没有达到授牌条件"):
        publish(office, campaign, "group_buying")


def test_a_correction_names_what_it_corrects_keeps_the_withdrawn(office, campaign, enrol, closed):
    enrol(), enrol()
    closed()
    first = publish(office, campaign)
    withdrawn = first.candidates.first()
    services.resolve_objection(office, object_to(withdrawn), True, "经核实，存在虚假宣传")
    with pytest.raises(ValidationError):
        publish(office, campaign, corrects=first)  # no note
    correction = publish(office, campaign, corrects=first, note="更正得分")
    assert correction.corrects == first and services.current_notice(campaign, "livestream") == (
        correction
    )
    again = correction.candidates.get(enrolment_id=withdrawn.enrolment_id)
    assert again.withdrawn and "虚假宣传" in again.withdrawn_reason
    with pytest.raises(ValidationError, match="现行"):
        publish(office, campaign, corrects=first, note="再次更正")


def test_the_public_notice_shows_nothing_personal(client, office, campaign, enrol, closed):
    shown, hidden = enrol(), enrol()
    closed()
    notice = publish(office, campaign)
    services.resolve_objection(
        office, object_to(notice.candidates.get(enrolment=hidden)), True, "异议属实"
    )
    listing = client.get("/public/titles/notices/")
    assert listing.status_code == 200 and f"/public/titles/notices/{notice.pk}/" in listing.text
    page = client.get(f"/public/titles/notices/{notice.pk}/")
    assert page.status_code == 200
    assert shown.operator.name in page.text and "94.8" in page.text
    assert hidden.operator.name not in page.text
    for secret in ("13800000000", "330522199001011231", "张三", "13912345678", "李四"):
        assert secret not in page.text
    assert client.get("/public/titles/notices/999999/").status_code == 404


# --- objections ---------------------------------------------------------------------------


def test_objections_only_during_the_period(office, campaign, enrol, closed):
    enrol()
    closed()
    candidate = publish(office, campaign).candidates.get()
    with pytest.raises(ValidationError, match="2026-12-08"):
        object_to(candidate, on=AFTER)
    with pytest.raises(ValidationError) as refused:
        object_to(candidate, phone="", name="")
    assert set(refused.value.message_dict) == {"phone", "name"}
    objection = object_to(candidate, on=LAST_DAY)
    assert objection.status == "open" and objection.tracking_code.startswith("YY")


def test_an_objection_by_the_public_form_and_its_tracking(
    client, office, campaign, enrol, closed, monkeypatch, console_sms
):
    enrol()
    closed()
    candidate = publish(office, campaign).candidates.get()
    monkeypatch.setattr(services, "_today", lambda today: today or PUBLISHED)
    url = f"/public/titles/candidates/{candidate.pk}/object/"
    form = {"name": "王五", "phone": "13912345678", "facts": "虚假宣传"}
    sent = client.post(url, {**form, "action": "send"})
    assert sent.status_code == 200 and "验证码已发送" in sent.text
    done = client.post(url, {**form, "code": console_sms(), "action": "submit"})
    assert done.status_code == 200
    objection = Objection.objects.get()
    assert objection.tracking_code in done.text and objection.phone == "13912345678"
    services.resolve_objection(office, objection, False, "经核实，宣传内容有依据")
    tracked = client.post("/public/titles/objections/", {"code": objection.tracking_code})
    assert "异议不成立" in tracked.text and "宣传内容有依据" in tracked.text
    assert "王五" not in tracked.text and "13912345678" not in tracked.text
    missing = client.post("/public/titles/objections/", {"code": "YYNOPE"})
    assert "没有找到" in missing.text


def test_an_upheld_objection_withdraws_the_candidate(office, campaign, enrol, closed):
    enrol()
    closed()
    candidate = publish(office, campaign).candidates.get()
    objection = object_to(candidate)
    with pytest.raises(ValidationError):
        services.resolve_objection(office, objection, True, "  ")
    services.resolve_objection(office, objection, True, "经核实属实")
    candidate.refresh_from_db()
    assert candidate.withdrawn and "经核实属实" in candidate.withdrawn_reason
    with pytest.raises(ValidationError):
        services.resolve_objection(office, objection, False, "再次处理")


# --- award --------------------------------------------------------------------------------


def test_award_waits_for_the_period_and_the_objections(office, campaign, enrol, closed):
    enrol(), enrol()
    closed()
    notice = publish(office, campaign)
    with pytest.raises(ValidationError, match="2026-12-08"):
        services.award(office, notice, today=LAST_DAY)
    objection = object_to(notice.candidates.first())
    with pytest.raises(ValidationError, match="未处理的异议"):
        services.award(office, notice, today=AFTER)
    services.resolve_objection(office, objection, True, "属实")
    titles = services.award(office, notice, today=AFTER)
    assert len(titles) == 1  # the withdrawn candidate gets none
    with pytest.raises(ValidationError, match="已经授予"):
        services.award(office, notice, today=AFTER)


def test_certificates_are_numbered_gapless_per_year(
    office, campaign, enrol, closed, django_capture_on_commit_callbacks, make_user
):
    first = enrol()
    enrol(), enrol()
    for _i in range(2):
        enrol("group_buying")
    closed()
    holder = make_user(Role.OPERATOR, operator=first.operator)
    live = publish(office, campaign)
    group = publish(office, campaign, "group_buying")
    with django_capture_on_commit_callbacks(execute=True):
        titles = services.award(office, live, today=AFTER)
    titles += services.award(office, group, today=AFTER)
    assert [t.certificate_no for t in titles] == [f"CXFX-2026-{n:04d}" for n in range(1, 6)]
    title = Title.objects.get(operator=first.operator)
    assert (title.status, title.year, title.awarded_on, title.valid_until) == (
        "valid",
        2026,
        AFTER,
        date(2027, 12, 8),
    )
    assert title.holder_name == first.operator.name and str(title.score) == "94.8"
    assert Notification.objects.filter(user=holder, subject__contains="长兴放心电商").exists()


def test_a_failed_award_gives_its_numbers_back(office, campaign, enrol, closed, monkeypatch):
    enrol(), enrol()
    closed()
    notice = publish(office, campaign)
    real = services.TitleEvent.objects.create
    calls = []

    def fail_second(**kw):
        calls.append(kw)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real(**kw)

    monkeypatch.setattr(services.TitleEvent.objects, "create", fail_second)
    with pytest.raises(RuntimeError):
        services.award(office, notice, today=AFTER)
    assert not Title.objects.exists()
    assert not CertificateCounter.objects.filter(last__gt=0).exists()
    monkeypatch.setattr(services.TitleEvent.objects, "create", real)
    titles = services.award(office, notice, today=AFTER)
    assert [t.certificate_no for t in titles] == ["CXFX-2026-0001", "CXFX-2026-0002"]


@override_settings(FANGXIN_CERTIFICATE_PREFIX="AJFX")
def test_the_prefix_is_a_setting(office, campaign, enrol, closed):
    titles, _e = awarded(office, campaign, enrol, closed, n=1)
    assert titles[0].certificate_no == "AJFX-2026-0001"


def test_the_office_awards_on_the_notice_page(client, office, campaign, enrol, closed):
    enrol()
    closed()
    earlier = timezone.localdate() - timedelta(days=30)
    notice = services.publish_notice(office, campaign, "livestream", today=earlier)
    client.force_login(office)
    page = client.get(f"/titles/notices/{notice.pk}/")
    assert page.status_code == 200 and "award" in page.text
    client.post(f"/titles/notices/{notice.pk}/award/")
    assert Title.objects.get().certificate_no == "CXFX-2026-0001"


def test_awarding_is_refused_while_the_public_address_is_empty(
    public_base_url, office, campaign, enrol, closed
):
    enrol(), enrol()
    closed()
    notice = publish(office, campaign)
    for empty in ("", "   "):
        public_base_url.FANGXIN_PUBLIC_BASE_URL = empty
        with pytest.raises(ValidationError, match="FANGXIN_PUBLIC_BASE_URL"):
            services.award(office, notice, today=AFTER)
    # Nothing written, no number taken: the first award once configured starts at 0001.
    assert not Title.objects.exists()
    assert not CertificateCounter.objects.filter(last__gt=0).exists()
    public_base_url.FANGXIN_PUBLIC_BASE_URL = "https://fangxin.example.gov.cn"
    titles = services.award(office, notice, today=AFTER)
    assert [t.certificate_no for t in titles] == ["CXFX-2026-0001", "CXFX-2026-0002"]


def test_an_address_passed_explicitly_lets_the_demo_award(
    public_base_url, office, campaign, enrol, closed
):
    enrol()
    closed()
    public_base_url.FANGXIN_PUBLIC_BASE_URL = ""
    notice = publish(office, campaign)
    titles = services.award(office, notice, today=AFTER, base_url="http://127.0.0.1:8000")
    assert len(titles) == 1


def test_the_award_page_warns_before_the_work_and_disables_the_button(
    public_base_url, client, office, campaign, enrol, closed
):
    enrol()
    closed()
    public_base_url.FANGXIN_PUBLIC_BASE_URL = ""
    client.force_login(office)
    # Already on the publishing page, before any notice exists.
    listing = client.get("/titles/?year=2026")
    assert 'id="base-url-missing"' in listing.text and "FANGXIN_PUBLIC_BASE_URL" in listing.text
    earlier = timezone.localdate() - timedelta(days=30)
    notice = services.publish_notice(office, campaign, "livestream", today=earlier)
    page = client.get(f"/titles/notices/{notice.pk}/")
    assert 'id="base-url-missing"' in page.text and "FANGXIN_PUBLIC_BASE_URL" in page.text
    button = re.search(r'<button[^>]*id="award"[^>]*>', page.text).group(0)
    assert "disabled" in button
    # A forged post is refused with the same words, never a 500; nothing is awarded.
    answer = client.post(f"/titles/notices/{notice.pk}/award/", follow=True)
    assert answer.status_code == 200 and "FANGXIN_PUBLIC_BASE_URL" in answer.text
    assert not Title.objects.exists()
    public_base_url.FANGXIN_PUBLIC_BASE_URL = "https://fangxin.example.gov.cn"
    page = client.get(f"/titles/notices/{notice.pk}/")
    assert 'id="base-url-missing"' not in page.text
    assert "disabled" not in re.search(r'<button[^>]*id="award"[^>]*>', page.text).group(0)


def test_the_office_publishes_on_its_page(client, office, campaign, enrol, closed):
    enrol()
    closed()
    client.force_login(office)
    assert client.get("/titles/?year=2026").status_code == 200
    client.post("/titles/?year=2026", {"kind": "livestream", "working_days": 5, "year": 2026})
    assert Candidate.objects.count() == 1


# --- revocation on a confirmed veto (issue 12 item 10b) -----------------------------------


def proposed(operator, kind=None):
    found = finding(operator, date(2026, 12, 10), kind=kind) if kind else None
    return VetoEvent.objects.create(
        operator=operator,
        kind=VetoKind.HEALTH_HAZARD,
        source=VetoEvent.Source.CASE if found else VetoEvent.Source.STATION,
        case=case(operator, date(2026, 12, 10), finding=found) if found else None,
        description="销售有毒食品",
        occurred_on=date(2026, 12, 10),
    )


def test_confirming_a_veto_revokes_the_titles_it_counts_for(office, campaign, enrol, closed):
    operator = OperatorFactory(group_buying=True)
    enrol("livestream", operator)
    enrol("group_buying", operator)
    closed()
    for kind in ("livestream", "group_buying"):
        services.award(office, publish(office, campaign, kind), today=AFTER)
    # A veto from a case on a live-stream finding costs the live-stream title only.
    services.confirm_veto(office, proposed(operator, "livestream"), "经查属实")
    statuses = dict(Title.objects.values_list("kind", "status"))
    assert statuses == {"livestream": "revoked", "group_buying": "valid"}
    revoked = Title.objects.get(kind="livestream")
    assert revoked.veto_event.status == "confirmed" and revoked.revocation_reason == "经查属实"
    assert list(revoked.events.values_list("action", flat=True)) == ["awarded", "revoked"]
    # A veto about the operator as a whole costs both.
    services.confirm_veto(office, proposed(operator), "再次查实")
    assert set(Title.objects.values_list("status", flat=True)) == {"revoked"}


def test_a_failed_revocation_rolls_the_decision_back(office, campaign, enrol, closed, monkeypatch):
    _titles, (enrolment,) = awarded(office, campaign, enrol, closed, n=1)
    event = proposed(enrolment.operator)

    def broken(*args, **kwargs):
        raise RuntimeError("revocation failed")

    monkeypatch.setattr(services, "revoke_for_veto", broken)
    with pytest.raises(RuntimeError):
        services.confirm_veto(office, event, "属实")
    event.refresh_from_db()
    assert event.status == "proposed" and not event.decision_reason
    assert Title.objects.get().status == "valid"


def test_a_revocation_tells_the_holder_and_its_station(
    make_user, office, campaign, enrol, closed, django_capture_on_commit_callbacks
):
    _titles, (enrolment,) = awarded(office, campaign, enrol, closed, n=1)
    operator = enrolment.operator
    holder = make_user(Role.OPERATOR, operator=operator)
    station = make_user(Role.STATION, station=operator.area.station)
    elsewhere = make_user(Role.STATION)
    with django_capture_on_commit_callbacks(execute=True):
        services.confirm_veto(office, proposed(operator), "属实")
    revoked = Notification.objects.filter(subject__contains="已撤销")
    told = set(revoked.values_list("user", flat=True))
    assert told == {holder.pk, station.pk} and elsewhere.pk not in told


def test_only_the_office_confirms(make_user, office, campaign, enrol, closed):
    _titles, (enrolment,) = awarded(office, campaign, enrol, closed, n=1)
    event = proposed(enrolment.operator)
    with pytest.raises(PermissionDenied):
        services.confirm_veto(make_user(Role.STATION), event, "属实")
    assert Title.objects.get().status == "valid"


def test_the_supervision_page_and_api_confirm_via_titles(client, office, campaign, enrol, closed):
    _titles, enrolments = awarded(office, campaign, enrol, closed, n=2)
    client.force_login(office)
    on_page = proposed(enrolments[0].operator)
    client.post(
        "/supervision/vetoes/", {"event": on_page.pk, "decision": "confirm", "reason": "属实"}
    )
    by_api = proposed(enrolments[1].operator)
    answer = client.post(
        f"/api/v1/veto-events/{by_api.pk}/decide/",
        {"confirm": True, "reason": "属实"},
        content_type="application/json",
    )
    assert answer.status_code == 200, answer.content
    assert set(Title.objects.values_list("status", flat=True)) == {"revoked"}
    rejected = proposed(enrolments[0].operator)
    client.post(
        "/supervision/vetoes/", {"event": rejected.pk, "decision": "reject", "reason": "不属实"}
    )
    rejected.refresh_from_db()
    assert rejected.status == "rejected"


# --- verification -------------------------------------------------------------------------


def test_the_verification_page_and_api(client, office, campaign, enrol, closed):
    _titles, enrolments = awarded(office, campaign, enrol, closed, n=2)
    services.confirm_veto(office, proposed(enrolments[1].operator), "属实")
    page = client.get("/public/titles/CXFX-2026-0001/")
    assert page.status_code == 200 and 'data-status="valid"' in page.text
    assert client.get("/public/titles/verify/?no=cxfx-2026-0001").url == (
        "/public/titles/CXFX-2026-0001/"
    )
    revoked = client.get("/public/titles/CXFX-2026-0002/")
    assert 'data-status="revoked"' in revoked.text and "危害人民群众生命健康安全" in revoked.text
    for missing in ("CXFX-2026-0099", "not-a-number", "%3Cscript%3E"):
        assert client.get(f"/public/titles/{missing}/").status_code == 404
    assert client.get("/public/titles/verify/?no=CXFX-2026-0099").status_code == 404
    listing = client.get("/api/v1/public/titles/")
    assert listing.status_code == 200
    rows = listing.json()["results"]
    assert [r["certificate_no"] for r in rows] == ["CXFX-2026-0001", "CXFX-2026-0002"]
    one = client.get("/api/v1/public/titles/CXFX-2026-0002/").json()
    assert one["status"] == "revoked" and one["revoked_situation"] == "危害人民群众生命健康安全"
    assert one["uscc"] == enrolments[1].operator.uscc
    assert client.get("/api/v1/public/titles/CXFX-2026-0099/").status_code == 404
    assert client.get("/api/v1/public/titles/?status=valid").json()["count"] == 1
    name = enrolments[0].operator.name
    assert client.get("/api/v1/public/titles/", {"q": name}).json()["count"] == 1
    for text in (page.text, revoked.text, listing.text):
        for secret in ("13800000000", "330522199001011231", "张三"):
            assert secret not in text


def test_the_verification_page_reads_a_revoked_title_in_two_queries(
    client, office, campaign, enrol, closed
):
    """The title with its operator and veto in one query, the approved replies in another
    (benchmarks/public_api.py: the page under load)."""
    _titles, enrolments = awarded(office, campaign, enrol, closed, n=1)
    services.confirm_veto(office, proposed(enrolments[0].operator), "属实")
    client.get("/public/titles/CXFX-2026-0001/")
    with CaptureQueriesContext(connection) as captured:
        page = client.get("/public/titles/CXFX-2026-0001/")
    assert 'data-status="revoked"' in page.text and enrolments[0].operator.uscc in page.text
    assert "危害人民群众生命健康安全" in page.text
    assert len(captured.captured_queries) == 2, [q["sql"] for q in captured.captured_queries]


def test_verification_answers_as_the_serializer_in_one_query(
    client, office, campaign, enrol, closed
):
    """The API's lean verification path (benchmarks/public_api.py) says exactly what the
    serializer says, for a valid and a revoked title, in one query; filter parameters take
    the general path and are applied."""
    from rest_framework.test import APIRequestFactory

    from fangxin.titles.serializers import PublicTitleSerializer

    _titles, enrolments = awarded(office, campaign, enrol, closed, n=2)
    services.confirm_veto(office, proposed(enrolments[1].operator), "属实")
    for no in ("CXFX-2026-0001", "CXFX-2026-0002"):
        path = f"/api/v1/public/titles/{no}/"
        client.get(path)
        with CaptureQueriesContext(connection) as captured:
            answer = client.get(path)
        assert len(captured.captured_queries) == 1, [q["sql"] for q in captured.captured_queries]
        request = APIRequestFactory().get(path)
        title = Title.objects.get(certificate_no=no)
        expected = PublicTitleSerializer(title, context={"request": request}).data
        assert answer.json() == dict(expected)
        again = client.get(path, HTTP_IF_NONE_MATCH=answer["ETag"])
        assert again.status_code == 304
    assert client.get("/api/v1/public/titles/CXFX-2026-0001/?status=revoked").status_code == 404
    assert client.get("/api/v1/public/titles/CXFX-2026-0002/?status=revoked").status_code == 200


def test_the_certificate_for_its_holder_and_the_office(
    client, make_user, office, campaign, enrol, closed
):
    titles, (enrolment,) = awarded(office, campaign, enrol, closed, n=1)
    url = f"/titles/certificates/{titles[0].certificate_no}/"
    client.force_login(make_user(Role.OPERATOR, operator=enrolment.operator))
    page = client.get(url)
    assert page.status_code == 200 and "CXFX-2026-0001" in page.text
    assert "/public/titles/CXFX-2026-0001/" in page.text
    assert client.get("/titles/mine/").status_code == 200
    pdf = client.get(f"{url}pdf/")
    assert pdf["Content-Type"] == "application/pdf"
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=pdf.content, capture_output=True, check=True
        ).stdout.decode()
        assert "CXFX-2026-0001" in text and "长兴放心电商" in text  # the CJK font is embedded
        assert enrolment.operator.name in text
    client.force_login(make_user(Role.OPERATOR))
    assert client.get(url).status_code == 404
    assert client.get(f"{url}pdf/").status_code == 404
    client.force_login(make_user(Role.STATION))
    assert client.get(url).status_code == 404
    client.force_login(office)
    assert client.get(url).status_code == 200


# --- expiry -------------------------------------------------------------------------------


def told_expired(day: date) -> tuple[int, int]:
    done = sweeps.run(day)
    return done["titles_expiry_notices"], done["titles_expired"]


def test_the_sweep_tells_then_expires(make_user, office, campaign, enrol, closed):
    _titles, (enrolment,) = awarded(office, campaign, enrol, closed, n=1)
    holder = make_user(Role.OPERATOR, operator=enrolment.operator)
    assert told_expired(date(2027, 11, 7)) == (0, 0)
    assert told_expired(date(2027, 11, 8)) == (1, 0)
    assert told_expired(date(2027, 11, 9)) == (0, 0)
    assert told_expired(date(2027, 12, 8)) == (0, 0)
    assert told_expired(date(2027, 12, 9)) == (0, 1)
    assert told_expired(date(2027, 12, 10)) == (0, 0)
    assert Title.objects.get().status == "expired"
    assert Notification.objects.filter(user=holder, subject__contains="即将到期").count() == 1


def test_the_objector_is_masked_until_the_office_asks(client, office, campaign, enrol, closed):
    from auditlog.models import LogEntry

    enrol()
    closed()
    notice = publish(office, campaign)
    objection = object_to(notice.candidates.get())
    client.force_login(office)
    page = client.get(f"/titles/notices/{notice.pk}/")
    assert "13912345678" not in page.text and "139****5678" in page.text
    assert not LogEntry.objects.filter(action=LogEntry.Action.ACCESS).exists()
    revealed = client.get(f"/titles/notices/{notice.pk}/?reveal={objection.pk}")
    assert "13912345678" in revealed.text and "李四" in revealed.text
    access = LogEntry.objects.get(action=LogEntry.Action.ACCESS)
    assert access.actor == office and access.object_pk == str(objection.pk)


def test_the_office_reverses_a_revocation_with_a_reason(
    client, make_user, office, campaign, enrol, closed
):
    _titles, (enrolment,) = awarded(office, campaign, enrol, closed, n=1)
    services.confirm_veto(office, proposed(enrolment.operator), "属实")
    title = Title.objects.get()
    for role in (Role.STATION, Role.OPERATOR):
        client.force_login(make_user(role))
        assert client.get("/titles/register/").status_code == 403
        answer = client.post(f"/titles/register/{title.pk}/reinstate/", {"reason": "撤销"})
        assert answer.status_code == 403
    client.force_login(office)
    page = client.get("/titles/register/?status=revoked")
    assert page.status_code == 200 and title.certificate_no in page.text
    client.post(f"/titles/register/{title.pk}/reinstate/", {"reason": " "})
    title.refresh_from_db()
    assert title.status == "revoked"
    client.post(f"/titles/register/{title.pk}/reinstate/", {"reason": "行政复议撤销原处罚决定"})
    title.refresh_from_db()
    assert title.status == "valid" and title.veto_event is None
    history = list(title.events.values_list("action", "note"))
    assert history == [
        ("awarded", ""),
        ("revoked", "属实"),
        ("reinstated", "行政复议撤销原处罚决定"),
    ]


def test_an_anonymous_crawl_finds_nothing_personal(client, office, campaign, enrol, closed):
    import re

    _titles, enrolments = awarded(office, campaign, enrol, closed, n=2)
    notice = Title.objects.first().candidate.notice
    object_to(notice.candidates.first(), on=PUBLISHED)  # an objector's phone and name exist
    services.confirm_veto(office, proposed(enrolments[1].operator), "属实")
    candidate = notice.candidates.first()
    urls = [
        "/public/titles/notices/",
        f"/public/titles/notices/{notice.pk}/",
        f"/public/titles/candidates/{candidate.pk}/object/",
        "/public/titles/objections/",
        "/public/titles/verify/",
        "/public/titles/CXFX-2026-0001/",
        "/public/titles/CXFX-2026-0002/",
        "/api/v1/public/titles/",
        "/api/v1/public/titles/CXFX-2026-0002/",
    ]
    phone_or_id = re.compile(r"(?<!\d)(1[3-9]\d{9}|\d{17}[\dXx])(?!\d)")
    for url in urls:
        answer = client.get(url)
        assert answer.status_code == 200, url
        text = answer.content.decode()
        assert not phone_or_id.search(text), (url, phone_or_id.search(text))
        for person in ("张三", "李四"):
            assert person not in text, (url, person)


def test_an_anonymous_crawl_following_every_link_finds_no_phone_or_id_number(
    client, make_user, office, campaign, enrol, closed
):
    """Issue 14, bad input: crawl the public titles pages and API as anonymous, following every
    link and API address under them (notices, objection forms, verification pages of valid,
    revoked and expired titles, approved replies, filters, pages of the list), and assert no
    mobile number (1[3-9]\\d{9}) or 18-character ID number appears anywhere. The operators hold
    both (the factory's legal representative and contact), and so does an objection."""
    from collections import deque
    from urllib.parse import urljoin, urlsplit

    enrolments = [enrol() for _i in range(3)]
    closed()
    notice = publish(office, campaign)
    objection = object_to(notice.candidates.first(), on=PUBLISHED, phone="13912345678")
    services.resolve_objection(office, objection, False, "经核实不属实")
    titles = services.award(office, notice, today=AFTER)
    services.confirm_veto(office, proposed(enrolments[1].operator), "属实")
    services.expire(date(2028, 1, 1))  # the other titles past their validity
    holder = make_user(Role.OPERATOR, operator=titles[0].operator)
    approved = services.reply(holder, titles[0].candidate.enrolment, "我方已整改，欢迎监督。")
    services.decide_reply(office, approved, True)
    assert {t.status for t in Title.objects.all()} == {"revoked", "expired"}

    phone_or_id = re.compile(r"(?<!\d)(1[3-9]\d{9}|\d{17}[\dXx])(?!\d)")
    public = ("/public/titles/", "/api/v1/public/titles/")
    queue = deque(["/public/titles/notices/", "/public/titles/verify/", *public[1:]])
    queue.extend(
        f"/api/v1/public/titles/?{q}" for q in ("page_size=1", "status=revoked", "search=长兴")
    )
    seen: set[str] = set()
    while queue:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        answer = client.get(url)
        assert answer.status_code == 200, url
        text = answer.content.decode()
        found = phone_or_id.search(text)
        assert not found, (url, found)
        if answer["Content-Type"].startswith("application/json"):
            links = re.findall(r'"(https?://[^"]+|/[^"]+)"', text)
        else:
            links = re.findall(r'href="([^"#]+)"', text)
        for link in links:
            parts = urlsplit(urljoin(url, link.replace("&amp;", "&")))
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            if parts.path.startswith(public) and not parts.path.endswith((".png", ".pdf")):
                queue.append(path)
    # It went everywhere: each certificate's page, the objection forms, the API's pages.
    for title in Title.objects.all():
        assert f"/public/titles/{title.certificate_no}/" in seen
    assert any("/object/" in url for url in seen)
    assert any("page=2" in url for url in seen)


@override_settings(FANGXIN_PUBLIC_BASE_URL="https://fangxin.example.gov.cn/")
def test_the_certificate_links_the_public_address(client, office, campaign, enrol, closed):
    titles, _e = awarded(office, campaign, enrol, closed, n=1)
    client.force_login(office)
    page = client.get(f"/titles/certificates/{titles[0].certificate_no}/")
    assert "https://fangxin.example.gov.cn/public/titles/CXFX-2026-0001/" in page.text


def test_home_cards(client, make_user, office, campaign, enrol, closed):
    enrolment = enrol()
    closed()
    notice = publish(office, campaign)
    object_to(notice.candidates.get())
    client.force_login(office)
    assert "待处理的公示异议" in client.get("/desk/").text
    services.resolve_objection(office, Objection.objects.get(), False, "不属实")
    services.award(office, notice, today=AFTER)
    client.force_login(make_user(Role.OPERATOR, operator=enrolment.operator))
    assert "有效称号" in client.get("/desk/").text


def test_a_year_out_of_range_is_refused(client, office):
    client.force_login(office)
    assert client.get("/titles/", {"year": str(2**64)}).status_code == 404
    client.logout()
    assert client.get("/api/v1/public/titles/", {"year": "99999"}).status_code == 400
    assert client.get("/api/v1/public/titles/", {"year": "2026"}).status_code == 200


@override_settings(FANGXIN_PUBLIC_BASE_URL="https://fangxin.example.gov.cn/")
def test_the_certificate_carries_a_qr_code_of_its_verification_address(
    client, office, campaign, enrol, closed
):
    import segno

    from fangxin.titles.views import verify_qr

    titles, _e = awarded(office, campaign, enrol, closed, n=1)
    client.force_login(office)
    page = client.get(f"/titles/certificates/{titles[0].certificate_no}/").text
    url = "https://fangxin.example.gov.cn/public/titles/CXFX-2026-0001/"
    assert 'id="verify-qr"' in page
    # The code drawn is the code of exactly this address (segno is deterministic).
    assert verify_qr(url) in page
    assert verify_qr(url + "x") not in page
    assert segno.make(url, error="m").designator  # a valid symbol was made


def test_an_upheld_objection_is_written_into_the_ledger(client, office, campaign, enrol, closed):
    from fangxin.evaluation.models import LedgerEntry, Score

    enrolment, other = enrol(), enrol()
    closed()
    notice = publish(office, campaign)
    candidate = notice.candidates.get(enrolment=enrolment)
    before = Score.objects.get(enrolment=enrolment).published
    objection = object_to(candidate)
    services.resolve_objection(office, objection, True, "经核实，存在虚假宣传")
    line = LedgerEntry.objects.get(enrolment=enrolment, fact_label="titles.Objection")
    assert line.fact_pk == objection.pk and line.points == 0 and not line.automatic
    assert "公示异议成立" in line.note and "存在虚假宣传" in line.note
    assert Score.objects.get(enrolment=enrolment).published == before
    dismissed = object_to(notice.candidates.get(enrolment=other), name="赵六")
    services.resolve_objection(office, dismissed, False, "不属实")
    assert LedgerEntry.objects.filter(fact_label="titles.Objection").count() == 1
    client.force_login(office)
    ledger = client.get(f"/evaluation/ledgers/{enrolment.pk}/")
    assert ledger.status_code == 200 and "公示异议成立" in ledger.text
