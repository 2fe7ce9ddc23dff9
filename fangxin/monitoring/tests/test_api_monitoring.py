"""The monitoring REST API: role × scope on material and hits (office everything, a station its
area, a monitor its own uploads, the operator refused), upload → scan → hits, review through the
service (a confirmed hit is a finding, a veto category also a proposed veto event; a dismissal
needs its reason), the read-only rule-list versions, and the scan that stores nothing."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fangxin.core.roles import Role
from fangxin.core.tests.factories import AreaFactory, StationFactory
from fangxin.monitoring import services
from fangxin.monitoring.models import Hit, Material, RuleSet
from fangxin.registry.tests.factories import OperatorFactory
from fangxin.supervision.models import Finding, VetoEvent

pytestmark = pytest.mark.django_db

MATERIALS = "/api/v1/monitoring/materials/"
HITS = "/api/v1/monitoring/hits/"
RULESETS = "/api/v1/monitoring/rulesets/"
SCAN = "/api/v1/monitoring/scan/"
CLI_KEYS = {
    "term",
    "rule",
    "category",
    "severity",
    "legal_basis",
    "start",
    "end",
    "cue_start",
    "row",
    "field",
    "context",
}
YESTERDAY = timezone.localdate() - timedelta(days=1)

RULES = {
    "absolute.yaml": """
category: absolute_terms
name: 绝对化用语
legal_basis: 《中华人民共和国广告法》第九条第（三）项
severity: review
veto: null
allow: [最近, 最佳食用期]
rules: [全网最低价, 最好]
""",
    "fake.yaml": """
category: fake_reviews
name: 诱导虚假评价
legal_basis: 《中华人民共和国电子商务法》第十七条
severity: serious
veto: counterfeit_or_fake_orders
rules: [好评返现]
""",
    "medical.yaml": """
category: medical_claims
name: 普通食品宣称医疗功效
legal_basis: 《中华人民共和国广告法》第十七条
severity: serious
never_minor: true
veto: null
rules: [降血糖]
""",
}

SRT = """1
00:00:01,000 --> 00:00:04,000
家人们，这款蜂蜜全网最低价

2
00:00:05,000 --> 00:00:08,000
好评返现五元，最近卖得很好

3
00:01:00,500 --> 00:01:03,000
吃了能降血糖，最佳食用期两年
"""


@pytest.fixture(autouse=True)
def ruleset(db):
    return RuleSet.objects.create(
        version="t1", label="test", files=RULES, rule_count=5, is_active=True
    )


def srt(text: str = SRT, name: str = "stream.srt") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="application/x-subrip")


def post(client, url, data=None):
    return client.post(url, data or {}, content_type="application/json")


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


class World:
    """Two stations with an operator each; material on the first operator from the first
    monitor and from its station, and material on the second operator from a second monitor."""

    def __init__(self, make_user, capture):
        self.office = make_user(Role.OFFICE)
        station_a, station_b = StationFactory(), StationFactory()
        self.operator = OperatorFactory(area=AreaFactory(station=station_a))
        self.far = OperatorFactory(area=AreaFactory(station=station_b))
        self.station = make_user(Role.STATION, station=station_a)
        self.inspector = make_user(Role.INSPECTOR, station=station_a)
        self.other_station = make_user(Role.STATION, station=station_b)
        self.monitor = make_user(Role.MONITOR)
        self.other_monitor = make_user(Role.MONITOR)
        self.operator_user = make_user(Role.OPERATOR, operator=self.operator)
        with capture(execute=True):
            self.mine = self._upload(self.monitor, self.operator)
            self.by_station = self._upload(self.station, self.operator)
            self.theirs = self._upload(self.other_monitor, self.far)

    @staticmethod
    def _upload(user, operator) -> Material:
        return services.upload(user, operator, srt(), stream_date=YESTERDAY, duration_minutes=90)

    def hit(self, material: Material, term: str) -> Hit:
        return material.hits.get(term=term)

    def hits(self, *materials) -> set[int]:
        return set(Hit.objects.filter(material__in=materials).values_list("pk", flat=True))


@pytest.fixture
def world(make_user, django_capture_on_commit_callbacks):
    return World(make_user, django_capture_on_commit_callbacks)


# --- who sees what ---------------------------------------------------------------------------


def test_anonymous_is_refused(client, world):
    for url in (MATERIALS, HITS, RULESETS, f"{MATERIALS}{world.mine.pk}/"):
        response = client.get(url)
        assert response.status_code == 401, url
        assert set(response.json()) == {"detail", "errors"}
    assert post(client, SCAN, {"text": "全网最低价"}).status_code == 401


@pytest.mark.parametrize(
    ("who", "materials"),
    [
        ("office", {"mine", "by_station", "theirs"}),
        ("station", {"mine", "by_station"}),
        ("inspector", {"mine", "by_station"}),
        ("other_station", {"theirs"}),
        ("monitor", {"mine"}),
        ("other_monitor", {"theirs"}),
    ],
)
def test_role_by_scope(client, world, who, materials):
    client.force_login(getattr(world, who))
    expected = {getattr(world, name).pk for name in materials}
    assert ids(client.get(MATERIALS)) == expected
    shown = [getattr(world, name) for name in materials]
    assert ids(client.get(HITS, {"page_size": 500})) == world.hits(*shown)
    for name in ("mine", "by_station", "theirs"):
        material = getattr(world, name)
        code = 200 if name in materials else 404
        assert client.get(f"{MATERIALS}{material.pk}/").status_code == code, name
        hit = material.hits.first()
        assert client.get(f"{HITS}{hit.pk}/").status_code == code, name


def test_a_hit_outside_the_scope_cannot_be_reviewed(client, world):
    client.force_login(world.monitor)
    hit = world.hit(world.theirs, "好评返现")
    assert post(client, f"{HITS}{hit.pk}/confirm/").status_code == 404
    assert post(client, f"{HITS}{hit.pk}/dismiss/", {"reason": "x"}).status_code == 404
    client.force_login(world.other_station)
    hit = world.hit(world.mine, "好评返现")
    assert post(client, f"{HITS}{hit.pk}/confirm/").status_code == 404
    hit.refresh_from_db()
    assert hit.status == Hit.Status.PENDING and not Finding.objects.exists()


def test_operator_is_refused_everything(client, world):
    client.force_login(world.operator_user)
    hit = world.hit(world.mine, "降血糖")
    for url in (
        MATERIALS,
        f"{MATERIALS}{world.mine.pk}/",
        HITS,
        f"{HITS}{hit.pk}/",
        RULESETS,
        f"{RULESETS}{RuleSet.objects.get().pk}/",
    ):
        response = client.get(url)
        assert response.status_code == 403, url
        assert set(response.json()) == {"detail", "errors"}
    assert post(client, f"{HITS}{hit.pk}/confirm/").status_code == 403
    assert post(client, f"{HITS}{hit.pk}/dismiss/", {"reason": "x"}).status_code == 403
    assert post(client, f"{MATERIALS}{world.mine.pk}/rescan/").status_code == 403
    upload = {"operator": world.operator.pk, "stream_date": YESTERDAY, "file": srt()}
    assert client.post(MATERIALS, upload).status_code == 403
    assert post(client, SCAN, {"text": "全网最低价"}).status_code == 403
    hit.refresh_from_db()
    assert hit.status == Hit.Status.PENDING and Material.objects.count() == 3


@pytest.mark.parametrize("role", [Role.PARTNER, Role.EVALUATOR, Role.ASSOCIATION])
def test_outside_roles_see_nothing_and_may_not_act(client, world, make_user, role):
    client.force_login(make_user(role))
    assert ids(client.get(MATERIALS)) == set()
    assert ids(client.get(HITS)) == set()
    assert ids(client.get(RULESETS)) == set()
    hit = world.hit(world.mine, "降血糖")
    assert post(client, f"{HITS}{hit.pk}/confirm/").status_code == 403
    assert post(client, SCAN, {"text": "全网最低价"}).status_code == 403


def test_inspector_reads_but_may_not_review(client, world):
    client.force_login(world.inspector)
    hit = world.hit(world.mine, "降血糖")
    assert post(client, f"{HITS}{hit.pk}/confirm/").status_code == 403
    hit.refresh_from_db()
    assert hit.status == Hit.Status.PENDING


# --- upload and its hits ---------------------------------------------------------------------


def test_upload_scans_and_lists_its_hits(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.monitor)
    account = world.operator.accounts.create(platform="douyin", handle="长兴蜂蜜哥")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            MATERIALS,
            {
                "operator": world.operator.pk,
                "account": account.pk,
                "stream_date": YESTERDAY.isoformat(),
                "duration_minutes": 120,
                "file": srt(),
            },
        )
    assert response.status_code == 201, response.content
    # The scan runs once the upload commits (here: as the capture block ends).
    body = client.get(f"{MATERIALS}{response.json()['id']}/").json()
    assert body["status"] == "scanned" and body["kind"] == "subtitles"
    assert body["hit_count"] == 3 and body["ruleset_version"] == "t1"
    assert (body["operator"], body["account"], body["duration_minutes"]) == (
        world.operator.pk,
        account.pk,
        120,
    )
    assert body["uploaded_by"]["id"] == world.monitor.pk
    material = Material.objects.get(pk=body["id"])
    assert material.uploaded_by == world.monitor

    rows = client.get(HITS, {"material": material.pk}).json()["results"]
    found = {(row["term"], row["cue_start"], row["category"]) for row in rows}
    assert found == {
        ("全网最低价", "00:00:01.000", "absolute_terms"),
        ("好评返现", "00:00:05.000", "fake_reviews"),
        ("降血糖", "00:01:00.500", "medical_claims"),
    }  # 最近 and 最佳食用期 are allowed
    row = next(r for r in rows if r["term"] == "好评返现")
    assert row["veto"] == "counterfeit_or_fake_orders" and row["status"] == "pending"
    assert row["operator"] == world.operator.pk and row["rule"] == "fake_reviews:好评返现"
    assert ids(client.get(HITS, {"category": "medical_claims"})) == {
        world.hit(world.mine, "降血糖").pk,
        next(r["id"] for r in rows if r["term"] == "降血糖"),
    }


def test_a_station_uploads_only_for_its_area(client, world):
    client.force_login(world.station)
    upload = {"operator": world.far.pk, "stream_date": YESTERDAY.isoformat(), "file": srt()}
    response = client.post(MATERIALS, upload)
    assert response.status_code == 400
    assert "operator" in response.json()["errors"]
    assert Material.objects.count() == 3


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"file": SimpleUploadedFile("movie.mp4", b"data")}, "file"),
        ({"stream_date": (timezone.localdate() + timedelta(days=2)).isoformat()}, "stream_date"),
        ({"duration_minutes": 2000}, "duration_minutes"),
    ],
)
def test_bad_uploads_are_400(client, world, fields, error):
    client.force_login(world.monitor)
    data = {"operator": world.operator.pk, "stream_date": YESTERDAY.isoformat(), "file": srt()}
    data.update(fields)
    response = client.post(MATERIALS, data)
    assert response.status_code == 400, response.content
    assert error in response.json()["errors"]
    assert Material.objects.count() == 3


def test_rescan_is_for_the_office_and_monitors(client, world):
    client.force_login(world.station)
    assert post(client, f"{MATERIALS}{world.by_station.pk}/rescan/").status_code == 403
    client.force_login(world.monitor)
    confirmed = world.hit(world.mine, "降血糖")
    assert post(client, f"{HITS}{confirmed.pk}/confirm/").status_code == 200
    before = set(world.mine.hits.values_list("term", "start", "status"))
    response = post(client, f"{MATERIALS}{world.mine.pk}/rescan/")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["hit_count"]) == ("scanned", 3)
    # The reviewed spot keeps its verdict and is not offered for review again.
    assert set(world.mine.hits.values_list("term", "start", "status")) == before
    assert post(client, f"{MATERIALS}{world.theirs.pk}/rescan/").status_code == 404


# --- review ----------------------------------------------------------------------------------


def test_confirm_makes_a_finding(client, world):
    client.force_login(world.monitor)
    hit = world.hit(world.mine, "降血糖")
    refused = post(client, f"{HITS}{hit.pk}/confirm/", {"severity": "minor"})
    assert refused.status_code == 400  # a medical claim is never minor
    assert "severity" in refused.json()["errors"]
    response = post(client, f"{HITS}{hit.pk}/confirm/", {"reason": "普通蜂蜜宣称降血糖"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "confirmed" and body["reviewed_by"]["id"] == world.monitor.pk
    assert body["veto_event"] is None
    finding = Finding.objects.get(pk=body["finding"])
    assert (finding.operator, finding.source, finding.severity) == (
        world.operator,
        Finding.Source.MONITORING,
        Finding.Severity.SERIOUS,
    )
    assert finding.found_on == YESTERDAY and "00:01:00.500" in finding.description
    # Reviewed once only.
    assert post(client, f"{HITS}{hit.pk}/confirm/").status_code == 400
    assert ids(client.get(HITS, {"status": "confirmed"})) == {hit.pk}


def test_confirming_a_veto_category_proposes_a_veto_event(client, world):
    client.force_login(world.station)
    hit = world.hit(world.by_station, "好评返现")
    body = post(client, f"{HITS}{hit.pk}/confirm/").json()
    event = VetoEvent.objects.get(pk=body["veto_event"])
    assert event.status == VetoEvent.Status.PROPOSED and event.operator == world.operator
    assert (event.kind, event.source) == ("counterfeit_or_fake_orders", "monitoring")
    assert Finding.objects.get(pk=body["finding"]).severity == Finding.Severity.SERIOUS


def test_dismiss_needs_a_reason(client, world):
    client.force_login(world.office)
    hit = world.hit(world.theirs, "全网最低价")
    for data in ({}, {"reason": ""}, {"reason": "   "}):
        response = post(client, f"{HITS}{hit.pk}/dismiss/", data)
        assert response.status_code == 400, data
        assert "reason" in response.json()["errors"]
    hit.refresh_from_db()
    assert hit.status == Hit.Status.PENDING
    response = post(client, f"{HITS}{hit.pk}/dismiss/", {"reason": "有第三方比价记录为证"})
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["reason"]) == (
        "dismissed",
        "有第三方比价记录为证",
    )
    assert not Finding.objects.exists()


# --- rule-list versions ----------------------------------------------------------------------


@pytest.mark.parametrize("who", ["office", "station", "monitor"])
def test_rulesets_are_readable_with_their_files(client, world, who):
    client.force_login(getattr(world, who))
    ruleset = RuleSet.objects.get()
    [row] = client.get(RULESETS).json()["results"]
    assert row["version"] == "t1" and row["is_active"] is True
    assert row["file_names"] == ["absolute.yaml", "fake.yaml", "medical.yaml"]
    assert "files" not in row
    detail = client.get(f"{RULESETS}{ruleset.pk}/").json()
    assert detail["files"] == RULES
    assert post(client, RULESETS, {"version": "x"}).status_code == 405


def test_inspector_sees_no_rulesets(client, world):
    client.force_login(world.inspector)
    assert ids(client.get(RULESETS)) == set()


# --- scan without storing --------------------------------------------------------------------


def test_scan_text_has_the_cli_keys_and_stores_nothing(client, world):
    client.force_login(world.monitor)
    counts = (Material.objects.count(), Hit.objects.count(), RuleSet.objects.count())
    response = post(client, SCAN, {"text": "  这款蜂蜜全网最低价，最近很火", "format": "text"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["ruleset"], body["kind"], body["count"]) == ("t1", "text", 1)
    [hit] = body["hits"]
    assert set(hit) == CLI_KEYS
    assert (hit["term"], hit["start"], hit["end"]) == ("全网最低价", 6, 11)  # spaces kept
    assert (hit["cue_start"], hit["row"], hit["field"]) == (None, None, None)
    assert hit["severity"] == "review" and hit["rule"] == "absolute_terms:全网最低价"
    assert (Material.objects.count(), Hit.objects.count(), RuleSet.objects.count()) == counts


def test_scan_subtitles_as_text_or_file(client, world):
    client.force_login(world.office)
    body = post(client, SCAN, {"text": SRT, "format": "srt"}).json()
    assert body["kind"] == "subtitles"
    assert [(h["term"], h["cue_start"]) for h in body["hits"]] == [
        ("全网最低价", "00:00:01.000"),
        ("好评返现", "00:00:05.000"),
        ("降血糖", "00:01:00.500"),
    ]
    assert all(set(h) == CLI_KEYS for h in body["hits"])
    by_file = client.post(SCAN, {"file": srt()}).json()
    assert by_file["hits"] == body["hits"]


def test_scan_refuses_binary_and_unreadable_input(client, world):
    client.force_login(world.monitor)
    binary = SimpleUploadedFile("clip.txt", b"\x00\x01\x02\x03 PNG?")
    response = client.post(SCAN, {"file": binary})
    assert response.status_code == 400
    assert "binary" in response.json()["errors"]["file"][0]
    response = post(client, SCAN, {"text": "no timing here", "format": "srt"})
    assert response.status_code == 400
    assert "no readable subtitle cue" in response.json()["errors"]["text"][0]
    response = client.post(SCAN, {"file": SimpleUploadedFile("a.exe", b"MZ")})
    assert "unsupported file type" in response.json()["errors"]["file"][0]
    assert post(client, SCAN, {}).status_code == 400
    both = client.post(SCAN, {"text": "最", "file": srt()})
    assert both.status_code == 400
    assert post(client, SCAN, {"text": "最", "format": "docx"}).status_code == 400


def test_scan_has_a_size_limit(client, world, settings):
    settings.FANGXIN_MONITORING_MAX_BYTES = 1024 * 1024
    client.force_login(world.monitor)
    response = post(client, SCAN, {"text": "好" * 400_000})  # 1.2 MB in UTF-8
    assert response.status_code == 400
    assert "limit" in response.json()["errors"]["text"][0]


def test_scan_is_for_the_office_and_monitors(client, world):
    for user in (world.station, world.inspector):
        client.force_login(user)
        assert post(client, SCAN, {"text": "全网最低价"}).status_code == 403


# --- cost ------------------------------------------------------------------------------------


def test_list_query_counts_do_not_grow(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.office)
    client.get(HITS)  # warm caches (session, content types)
    with CaptureQueriesContext(connection) as few_hits:
        client.get(HITS)
    with CaptureQueriesContext(connection) as few_materials:
        client.get(MATERIALS)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(4):
            services.upload(
                world.monitor, OperatorFactory(), srt(), stream_date=YESTERDAY, duration_minutes=30
            )
    services.review(world.monitor, world.hit(world.mine, "降血糖"), confirm=True)
    with CaptureQueriesContext(connection) as many_hits:
        client.get(HITS)
    with CaptureQueriesContext(connection) as many_materials:
        client.get(MATERIALS)
    assert len(many_hits) == len(few_hits)
    assert len(many_materials) == len(few_materials)
