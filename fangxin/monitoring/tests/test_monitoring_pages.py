"""The monitoring pages: upload and scan, the review queue, the rule list, and who sees what."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from fangxin.core.roles import Role
from fangxin.monitoring import rulelists
from fangxin.monitoring.models import Hit, Material, RuleSet
from fangxin.registry.models import OperatorEvent
from fangxin.registry.tests.factories import OperatorFactory
from fangxin.supervision.models import Finding, VetoEvent

pytestmark = pytest.mark.django_db

PAGE_RULES = {
    "absolute.yaml": """category: absolute_terms
name: 绝对化用语
legal_basis: 《中华人民共和国广告法》第九条第（三）项
severity: review
veto: null
allow: [最近]
rules:
  - 全网最低价
  - 第一品牌
""",
    "fake.yaml": """category: fake_reviews
name: 诱导虚假评价
legal_basis: 《中华人民共和国电子商务法》第十七条
severity: serious
veto: counterfeit_or_fake_orders
rules:
  - 好评返现
  - 刷单
""",
}

SRT = """1
00:00:01,000 --> 00:00:04,000
家人们，这款蜂蜜全网最低价

2
00:00:05,000 --> 00:00:08,000
下单后好评返现五元，最近卖得很好
"""


@pytest.fixture
def page_rules(db):
    parsed = rulelists.parse(PAGE_RULES)
    return RuleSet.objects.create(
        version=parsed.version,
        label="页面测试规则",
        files=PAGE_RULES,
        rule_count=len(parsed),
        is_active=True,
    )


@pytest.fixture
def shop(db):
    operator = OperatorFactory(name="长兴好味道食品有限公司")
    operator.accounts.create(platform="douyin", handle="好味道蜂蜜直播")
    return operator


@pytest.fixture
def monitor(make_user):
    return make_user(Role.MONITOR)


def srt(text: str = SRT, name: str = "stream.srt"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="application/x-subrip")


def upload(client, user, operator, file, django_capture_on_commit_callbacks, **extra):
    client.force_login(user)
    data = {
        "operator": operator.pk,
        "stream_date": timezone.localdate().isoformat(),
        "duration_minutes": "90",
        "file": file,
        **extra,
    }
    # The scan runs when the upload commits (inline without Celery).
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("monitoring:upload"), data)


@pytest.fixture
def scanned(client, monitor, shop, page_rules, django_capture_on_commit_callbacks):
    response = upload(client, monitor, shop, srt(), django_capture_on_commit_callbacks)
    assert response.status_code == 302
    return Material.objects.get()


def review(client, material, hit, **data):
    return client.post(
        reverse("monitoring:material-detail", args=[material.pk]),
        {"hit": hit.pk, **data},
        follow=True,
    )


def test_upload_scans_inline_and_lists_the_hits(client, scanned, shop):
    assert scanned.status == Material.Status.SCANNED
    assert scanned.uploaded_by.role == Role.MONITOR
    assert scanned.duration_minutes == 90
    response = client.get(reverse("monitoring:material-detail", args=[scanned.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert {h.term for h in scanned.hits.all()} == {"全网最低价", "好评返现"}
    # Only the cue's own text around the term: no neighbouring numbers or timings.
    assert '>下单后<mark class="hit-term">好评返现</mark>五元，最近卖得很好</p>' in html
    assert "绝对化用语" in html and "诱导虚假评价" in html
    assert "00:00:05.000" in html
    assert "销售假冒伪劣产品、刷单炒信" in html  # the veto kind, by its label
    assert scanned.ruleset.version in html
    listing = client.get(reverse("monitoring:material-list")).content.decode()
    assert shop.name in listing and "stream.srt" in listing


def test_upload_with_an_unsupported_file_shows_the_field_error(
    client, monitor, shop, page_rules, django_capture_on_commit_callbacks
):
    response = upload(
        client, monitor, shop, srt(name="stream.exe"), django_capture_on_commit_callbacks
    )
    assert response.status_code == 200
    assert "类型不支持" in response.content.decode()
    assert not Material.objects.exists()


def test_upload_with_another_operators_account_is_refused(
    client, monitor, shop, page_rules, django_capture_on_commit_callbacks
):
    other = OperatorFactory()
    account = other.accounts.create(platform="kuaishou", handle="别家直播间")
    response = upload(
        client, monitor, shop, srt(), django_capture_on_commit_callbacks, account=account.pk
    )
    assert response.status_code == 200
    assert "平台账号不属于该经营主体" in response.content.decode()
    assert not Material.objects.exists()


def test_confirming_a_hit_creates_a_monitoring_finding_on_the_operator_timeline(
    client, scanned, shop
):
    hit = scanned.hits.get(term="全网最低价")
    response = review(client, scanned, hit, action="confirm", severity="minor")
    assert "已登记为监测发现的问题" in response.content.decode()
    hit.refresh_from_db()
    assert hit.status == Hit.Status.CONFIRMED
    finding = hit.finding
    assert finding.source == Finding.Source.MONITORING
    assert finding.severity == Finding.Severity.MINOR
    assert finding.operator == shop
    assert hit.veto_event is None
    assert OperatorEvent.objects.filter(operator=shop, kind="finding").exists()


def test_a_veto_category_hit_also_proposes_a_veto_event_for_the_office(
    client, scanned, shop, office
):
    hit = scanned.hits.get(term="好评返现")
    review(client, scanned, hit, action="confirm", severity="serious")
    hit.refresh_from_db()
    assert hit.finding.severity == Finding.Severity.SERIOUS
    event = hit.veto_event
    assert event.status == VetoEvent.Status.PROPOSED
    assert event.source == VetoEvent.Source.MONITORING
    assert event.kind == "counterfeit_or_fake_orders"
    client.force_login(office)
    vetoes = client.get(reverse("supervision:veto-list")).content.decode()
    assert shop.name in vetoes and "销售假冒伪劣产品、刷单炒信" in vetoes
    page = client.get(reverse("monitoring:material-detail", args=[scanned.pk])).content.decode()
    assert reverse("supervision:finding-detail", args=[hit.finding_id]) in page


def test_a_serious_hit_cannot_be_confirmed_as_minor(client, scanned):
    hit = scanned.hits.get(term="好评返现")
    response = review(client, scanned, hit, action="confirm", severity="minor")
    assert response.status_code == 200
    assert "不能认定为轻微问题" in response.content.decode()
    hit.refresh_from_db()
    assert hit.status == Hit.Status.PENDING and not Finding.objects.exists()


def test_dismissing_without_a_reason_is_refused(client, scanned):
    hit = scanned.hits.get(term="全网最低价")
    response = review(client, scanned, hit, action="dismiss", reason="  ")
    assert response.status_code == 200
    assert "排除命中请填写理由" in response.content.decode()
    hit.refresh_from_db()
    assert hit.status == Hit.Status.PENDING
    response = review(client, scanned, hit, action="dismiss", reason="商品名称中的固定用语")
    hit.refresh_from_db()
    assert hit.status == Hit.Status.DISMISSED and hit.reason == "商品名称中的固定用语"
    assert not Finding.objects.exists()


def test_a_reviewed_hit_cannot_be_reviewed_again(client, scanned):
    hit = scanned.hits.get(term="全网最低价")
    review(client, scanned, hit, action="dismiss", reason="企业名称")
    response = review(client, scanned, hit, action="confirm", severity="minor")
    assert "该命中已复核" in response.content.decode()
    assert not Finding.objects.exists()


def test_html_in_a_transcript_is_escaped_on_the_review_page(
    client, monitor, shop, page_rules, django_capture_on_commit_callbacks
):
    text = "<script>alert(1)</script>全网最低价<b>抢</b>"
    upload(
        client,
        monitor,
        shop,
        SimpleUploadedFile("talk.txt", text.encode()),
        django_capture_on_commit_callbacks,
    )
    material = Material.objects.get()
    html = client.get(reverse("monitoring:material-detail", args=[material.pk])).content.decode()
    assert "alert(1)</script>" not in html
    assert "alert(1)&lt;/script&gt;" in html
    assert "<b>抢</b>" not in html
    assert '<mark class="hit-term">全网最低价</mark>&lt;b&gt;' in html


def test_a_station_sees_its_area_and_gets_404_elsewhere(client, scanned, shop, make_user):
    own = make_user(Role.STATION, station=shop.area.station)
    client.force_login(own)
    assert client.get(reverse("monitoring:material-detail", args=[scanned.pk])).status_code == 200
    other = make_user(Role.STATION)
    client.force_login(other)
    for name in ("monitoring:material-detail", "monitoring:material-file"):
        assert client.get(reverse(name, args=[scanned.pk])).status_code == 404
    hit = scanned.hits.first()
    response = client.post(
        reverse("monitoring:material-detail", args=[scanned.pk]),
        {"hit": hit.pk, "action": "dismiss", "reason": "x"},
    )
    assert response.status_code == 404
    listing = client.get(reverse("monitoring:material-list")).content.decode()
    assert "stream.srt" not in listing


def test_another_monitor_does_not_see_the_material(client, scanned, make_user):
    client.force_login(make_user(Role.MONITOR))
    assert client.get(reverse("monitoring:material-detail", args=[scanned.pk])).status_code == 404


def test_the_uploader_downloads_the_original(client, scanned):
    response = client.get(reverse("monitoring:material-file", args=[scanned.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).decode() == SRT
    assert "attachment" in response["Content-Disposition"]


def test_the_operator_is_refused_on_every_monitoring_page(client, scanned, shop, make_user):
    user = make_user(Role.OPERATOR, operator=shop)
    client.force_login(user)
    pk = scanned.pk
    ruleset = scanned.ruleset.pk
    for name, args in [
        ("monitoring:material-list", []),
        ("monitoring:upload", []),
        ("monitoring:material-detail", [pk]),
        ("monitoring:material-file", [pk]),
        ("monitoring:rules", []),
        ("monitoring:ruleset-detail", [ruleset]),
    ]:
        assert client.get(reverse(name, args=args)).status_code in (403, 404), name
    assert client.post(reverse("monitoring:rescan", args=[pk])).status_code in (403, 404)
    hit = scanned.hits.first()
    response = client.post(
        reverse("monitoring:material-detail", args=[pk]),
        {"hit": hit.pk, "action": "confirm", "severity": "serious"},
    )
    assert response.status_code in (403, 404)
    assert not Finding.objects.exists()


def test_an_inspector_reads_but_cannot_review(client, scanned, shop, make_user):
    client.force_login(make_user(Role.INSPECTOR, station=shop.area.station))
    url = reverse("monitoring:material-detail", args=[scanned.pk])
    page = client.get(url).content.decode()
    assert "confirm-form" not in page
    hit = scanned.hits.first()
    response = client.post(url, {"hit": hit.pk, "action": "dismiss", "reason": "x"}, follow=True)
    assert "无权复核" in response.content.decode()
    hit.refresh_from_db()
    assert hit.status == Hit.Status.PENDING


def test_rescan_keeps_the_material_and_its_pending_hits(
    client, scanned, django_capture_on_commit_callbacks
):
    response = client.post(reverse("monitoring:rescan", args=[scanned.pk]))
    assert response.status_code == 302
    assert scanned.hits.filter(status=Hit.Status.PENDING).count() == 2


def test_list_filters_by_operator_name_and_status(client, scanned, monitor):
    url = reverse("monitoring:material-list")
    assert "stream.srt" in client.get(url, {"q": "好味道"}).content.decode()
    assert "stream.srt" not in client.get(url, {"q": "别的公司"}).content.decode()
    hit = scanned.hits.get(term="好评返现")
    review(client, scanned, hit, action="confirm", severity="serious")
    to_review = client.get(url, {"status": "to_review"})
    assert "stream.srt" in to_review.content.decode()
    row = to_review.context["page"][0]
    assert (row.pending, row.confirmed) == (1, 1)
    assert "stream.srt" not in client.get(url, {"status": "failed"}).content.decode()
    tomorrow = (timezone.localdate() + timezone.timedelta(days=1)).isoformat()
    assert "stream.srt" not in client.get(url, {"date_from": tomorrow}).content.decode()


# --- the rule list ---------------------------------------------------------------------------


def test_rules_page_shows_the_active_version_and_its_categories(client, page_rules, make_user):
    client.force_login(make_user(Role.STATION))
    html = client.get(reverse("monitoring:rules")).content.decode()
    assert page_rules.version in html
    assert "诱导虚假评价" in html and "《中华人民共和国电子商务法》第十七条" in html
    assert "edit-rules" not in html  # read-only for the station
    detail = client.get(reverse("monitoring:ruleset-detail", args=[page_rules.pk]))
    assert "好评返现" in detail.content.decode() and 'id="edit"' not in detail.content.decode()
    response = client.post(
        reverse("monitoring:ruleset-detail", args=[page_rules.pk]),
        {"action": "save", "name": "x.yaml", "text": "x", "label": "x"},
        follow=True,
    )
    assert "只有领导小组办公室或第三方监测机构可以修改监测规则" in response.content.decode()
    assert RuleSet.objects.count() == 1


def test_an_invalid_regex_shows_file_and_line_and_saves_nothing(client, page_rules, monitor):
    client.force_login(monitor)
    url = reverse("monitoring:ruleset-detail", args=[page_rules.pk])
    assert PAGE_RULES["fake.yaml"] in client.get(url, {"file": "fake.yaml"}).content.decode()
    broken = PAGE_RULES["fake.yaml"] + "  - pattern: '返现[0-9'\n"
    response = client.post(
        url, {"action": "save", "name": "fake.yaml", "text": broken, "label": "增加返现规则"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "fake.yaml:9" in html and "invalid regular expression" in html
    assert "返现[0-9" in html  # the text is kept for correction
    assert RuleSet.objects.count() == 1
    assert RuleSet.objects.get(is_active=True) == page_rules


def test_a_valid_edit_creates_and_activates_a_new_version(
    client, page_rules, monitor, shop, django_capture_on_commit_callbacks
):
    client.force_login(monitor)
    url = reverse("monitoring:ruleset-detail", args=[page_rules.pk])
    text = PAGE_RULES["fake.yaml"] + "  - 晒图返现\n"
    response = client.post(
        url, {"action": "save", "name": "fake.yaml", "text": text, "label": "增加晒图返现"}
    )
    new = RuleSet.objects.get(is_active=True)
    assert response.status_code == 302 and response.url.endswith(f"/rules/{new.pk}/")
    assert new != page_rules and new.label == "增加晒图返现" and new.rule_count == 5
    assert new.created_by == monitor and new.files["absolute.yaml"] == PAGE_RULES["absolute.yaml"]
    upload(
        client,
        monitor,
        shop,
        srt("1\n00:00:01,000 --> 00:00:02,000\n晒图返现哦\n"),
        django_capture_on_commit_callbacks,
    )
    assert Material.objects.get().hits.get().term == "晒图返现"
    # The earlier version can be switched back to.
    client.post(url, {"action": "activate"})
    assert RuleSet.objects.get(is_active=True) == page_rules


def test_a_new_file_adds_a_category(client, page_rules, office):
    client.force_login(office)
    text = (
        "category: medical\nname: 医疗用语\narea: marketing\nlegal_basis: 《广告法》第十七条\n"
        "severity: serious\nrules: [根治]\n"
    )
    client.post(
        reverse("monitoring:ruleset-detail", args=[page_rules.pk]),
        {"action": "save", "name": "medical.yaml", "text": text, "label": "医疗用语"},
    )
    assert "医疗用语" in client.get(reverse("monitoring:rules")).content.decode()
    assert set(RuleSet.objects.get(is_active=True).files) == {
        "absolute.yaml",
        "fake.yaml",
        "medical.yaml",
    }


def test_an_inspector_cannot_open_the_rules(client, page_rules, make_user):
    client.force_login(make_user(Role.INSPECTOR))
    assert client.get(reverse("monitoring:rules")).status_code == 403
