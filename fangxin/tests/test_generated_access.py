"""Generated access tests (issue 12 item 9): every model in the scope registry, every role.

For each model registered with ``fangxin.core.scoping`` two rows are built, one on side A (the
station, area, operator, partner department and monitor of the users under test) and one on
side B (another station's). For every role a user on side A is made, and what the declared
scope says that user sees is worked out from the declaration itself, not from ``visible()``:

- the office sees everything;
- a role with its own filter in the registration sees the rows that filter selects;
- a station role sees the rows of its station where the model declares an area path, an
  operator the rows of its operator where it declares an operator path;
- any other signed-in role sees nothing.

Then, through every API viewset whose queryset is that model (found on the apps' routers in
``fangxin/*/api_urls.py``): a row in scope is listed and its detail answers 200; a row out of
scope is not listed and its detail answers 404; a role the viewset turns away (its
``read_permission``) gets 403 for both; anonymous callers get 401/403. Where the model has a
page list (``PAGES``) the page is checked the same way. Each model's rows and users are built
once, in one test.

A model added to the scope registry needs a builder in ``BUILDERS`` (the test fails naming it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from itertools import count

import pytest
from django.apps import apps
from django.utils import timezone

from fangxin.core.roles import STATION_ROLES, Role
from fangxin.core.scoping import _SCOPES, visible
from fangxin.core.tests.factories import AreaFactory, PartnerDepartmentFactory, StationFactory
from fangxin.programme import guides
from fangxin.registry.tests.factories import OperatorFactory

DAY = date(2026, 3, 2)
_serial = count(1)


@dataclass
class Side:
    """One station's world: its area, an operator of both kinds there, and a user per role."""

    name: str
    station: object
    area: object
    operator: object
    department: object
    users: dict = field(default_factory=dict)


def make_side(name, make_user, roles=tuple(Role)) -> Side:
    station = StationFactory()
    area = AreaFactory(station=station)
    side = Side(
        name=name,
        station=station,
        area=area,
        operator=OperatorFactory(area=area, livestream=True, group_buying=True),
        department=PartnerDepartmentFactory(),
    )
    for role in roles:
        fields = {}
        if role in STATION_ROLES:
            fields["station"] = station
        elif role == Role.OPERATOR:
            fields["operator"] = side.operator
        elif role == Role.PARTNER:
            fields["partner_department"] = side.department
        side.users[role] = make_user(role, **fields)
    return side


# --- one row of each model, on a side ---------------------------------------------------------


def _model(label):
    return apps.get_model(label)


_GUIDE: dict = {}  # the test's guide, loaded once per test (each test has a fresh database)


def _guide():
    if "guide" not in _GUIDE:
        _GUIDE["guide"] = guides.load()
    return _GUIDE["guide"]


def _campaign(side):
    Campaign = _model("programme.Campaign")
    year = 2000 + next(_serial)
    return Campaign.objects.create(name=f"{year}年度放心消费", year=year, guide=_guide())


def _enrolment(side):
    return _model("programme.Enrolment").objects.create(
        campaign=_campaign(side), operator=side.operator, kind="livestream", status="enrolled"
    )


def _self_inspection(side):
    return _model("selfcheck.SelfInspection").objects.create(enrolment=_enrolment(side))


def _answer(side):
    requirement = _model("programme.Requirement").objects.filter(area__guide=_guide()).first()
    return _model("selfcheck.Answer").objects.create(
        inspection=_self_inspection(side), requirement=requirement
    )


def _area():
    return _guide().areas.order_by("order").first()


def _finding(side):
    return _model("supervision.Finding").objects.create(
        operator=side.operator,
        source="inspection",
        inspection=_inspection(side),
        area=_area(),
        description="未亮照",
        severity="minor",
        found_on=DAY,
    )


def _inspection(side):
    inspection = _model("supervision.Inspection").objects.create(
        operator=side.operator, station=side.station, source="targeted", planned_on=DAY
    )
    inspection.inspectors.add(side.users[Role.INSPECTOR])
    inspection.partner_departments.add(side.department)
    return inspection


def _complaint(side):
    n = next(_serial)
    return _model("complaints.Complaint").objects.create(
        tracking_code=f"T{n:010d}",
        lookup_tail="1234",
        kind="complaint",
        channel="web",
        received_on=DAY,
        category="quality",
        description="商品质量问题",
        operator=side.operator,
        station=side.station,
        status="accepted",
        decided_on=DAY,
    )


def _material(side):
    n = next(_serial)
    return _model("monitoring.Material").objects.create(
        operator=side.operator,
        stream_date=DAY,
        file=f"monitoring/m{n}.txt",
        original_name="直播字幕.txt",
        size=10,
        sha256=f"{n:064d}",
        uploaded_by=side.users[Role.MONITOR],
    )


def _file(prefix):
    n = next(_serial)
    return {
        "file": f"{prefix}/e{n}.png",
        "original_name": "照片.png",
        "content_type": "image/png",
        "size": 10,
        "sha256": f"{n:064d}",
    }


def _training(side):
    training = _model("programme.Training").objects.create(
        held_on=DAY, topic="食品安全培训", place="会议室", station=side.station
    )
    training.invited.add(side.operator)
    return training


def _draw_plan(side):
    # A draft: the public sees frozen and drawn plans only.
    return _model("supervision.DrawPlan").objects.create(
        name=f"双随机抽查{next(_serial)}", station=side.station
    )


def _rubric(side):
    return _model("evaluation.Rubric").objects.create(
        campaign=_campaign(side), kind="livestream", version=1, body={"kind": "livestream"}
    )


def _ledger_entry(side):
    return _model("evaluation.LedgerEntry").objects.create(
        enrolment=_enrolment(side),
        rubric=_rubric(side),
        dimension="industry",
        criterion="association",
        points=8,
        source="default",
    )


def _score(side):
    return _model("evaluation.Score").objects.create(
        enrolment=_enrolment(side),
        rubric=_rubric(side),
        total=90,
        published=90,
        computed_at=timezone.now(),
    )


def _notice(side):
    return _model("titles.Notice").objects.create(
        campaign=_campaign(side), kind="livestream", starts_on=DAY, ends_on=DAY, working_days=5
    )


def _candidate(side):
    enrolment = _enrolment(side)
    return _model("titles.Candidate").objects.create(
        notice=_notice(side),
        enrolment=enrolment,
        operator=side.operator,
        name=side.operator.name,
        score=90,
    )


def _title(side):
    return _model("titles.Title").objects.create(
        certificate_no=f"CXFX-2026-{next(_serial):04d}",
        candidate=_candidate(side),
        operator=side.operator,
        kind="livestream",
        holder_name=side.operator.name,
        year=2026,
        score=90,
        awarded_on=DAY,
        valid_until=DAY,
    )


def _panel(side):
    panel = _model("evaluation.Panel").objects.create(
        campaign=_campaign(side), name=f"考评组{next(_serial)}"
    )
    _model("evaluation.PanelAssignment").objects.create(panel=panel, enrolment=_enrolment(side))
    return panel


def _panel_score(side):
    from fangxin.core.models import User

    member = User.objects.create_user(username=f"member{next(_serial)}", role="evaluator")
    return _model("evaluation.PanelScore").objects.create(
        enrolment=_enrolment(side),
        member=member,
        dimension="department",
        criterion="quality",
        points=6,
    )


def _reevaluation(side):
    enrolment = _enrolment(side)
    return _model("titles.Reevaluation").objects.create(
        operator=side.operator,
        campaign=enrolment.campaign,
        enrolment=enrolment,
        dimension="department",
        text="复核",
        due_on=DAY,
    )


def _publicity(side):
    return _model("oversight.PublicityActivity").objects.create(
        campaign=_campaign(side), station=side.station, held_on=DAY, place="礼堂", form="lecture"
    )


def _meeting(side):
    return _model("oversight.Meeting").objects.create(
        campaign=_campaign(side),
        station=side.station,
        kind="exchange",
        held_on=DAY,
        place="会议室",
        minutes="纪要",
        attendees="甲",
    )


BUILDERS = {
    "registry.Operator": lambda side: side.operator,
    "registry.OperatorEvent": lambda side: _model("registry.OperatorEvent").objects.create(
        operator=side.operator, occurred_at=timezone.now(), kind="other", summary="记录"
    ),
    "registry.Licence": lambda side: _model("registry.Licence").objects.create(
        operator=side.operator, kind="business", number=f"L{next(_serial)}"
    ),
    "registry.PlatformAccount": lambda side: _model("registry.PlatformAccount").objects.create(
        operator=side.operator, platform="douyin", handle=f"h{next(_serial)}"
    ),
    "registry.Studio": lambda side: _model("registry.Studio").objects.create(
        operator=side.operator, name="直播间", address="长兴", area=side.area
    ),
    "registry.PickupPoint": lambda side: _model("registry.PickupPoint").objects.create(
        operator=side.operator, name="自提点", address="长兴", area=side.area
    ),
    "registry.GroupLeader": lambda side: _model("registry.GroupLeader").objects.create(
        operator=side.operator, name="团长", phone="13800000000"
    ),
    "registry.ProfileChange": lambda side: _model("registry.ProfileChange").objects.create(
        operator=side.operator, new_name="新名称"
    ),
    "programme.Campaign": _campaign,
    "programme.Enrolment": _enrolment,
    "programme.Training": _training,
    "selfcheck.SelfInspection": _self_inspection,
    "selfcheck.Answer": _answer,
    "selfcheck.Evidence": lambda side: _model("selfcheck.Evidence").objects.create(
        answer=_answer(side), **_file("selfcheck")
    ),
    "supervision.WatchEntry": lambda side: _model("supervision.WatchEntry").objects.create(
        operator=side.operator, reason="重点监管", source="manual", starts_on=DAY
    ),
    "supervision.Inspection": _inspection,
    "supervision.Finding": _finding,
    "supervision.Sample": lambda side: _model("supervision.Sample").objects.create(
        operator=side.operator,
        product="土蜂蜜",
        place="studio",
        taken_on=DAY,
        testing_body="检测中心",
        area=_area(),
    ),
    "supervision.RectificationOrder": lambda side: _model(
        "supervision.RectificationOrder"
    ).objects.create(
        finding=_finding(side),
        operator=side.operator,
        requirement="限期亮照",
        issued_on=DAY,
        working_days=10,
        due_on=DAY,
    ),
    "supervision.Measure": lambda side: _model("supervision.Measure").objects.create(
        basis="other",
        basis_note="其他",
        operator=side.operator,
        kind="interview",
        held_on=DAY,
        summary="约谈",
    ),
    "supervision.Contradiction": lambda side: _model("supervision.Contradiction").objects.create(
        finding=_finding(side), answer=_answer(side), operator=side.operator, recorded_on=DAY
    ),
    "supervision.Case": lambda side: _model("supervision.Case").objects.create(
        operator=side.operator, summary="线索", clue_received_on=DAY, decide_filing_by=DAY
    ),
    "supervision.VetoEvent": lambda side: _model("supervision.VetoEvent").objects.create(
        operator=side.operator,
        kind="prohibited_goods",
        source="station",
        description="销售违禁品",
        occurred_on=DAY,
        status="confirmed",
    ),
    "supervision.DrawPlan": _draw_plan,
    "complaints.Complaint": _complaint,
    "complaints.FollowUp": lambda side: _model("complaints.FollowUp").objects.create(
        complaint=_complaint(side), visited_on=DAY, method="phone", satisfaction="satisfied"
    ),
    "complaints.ComplaintEvidence": lambda side: _model(
        "complaints.ComplaintEvidence"
    ).objects.create(complaint=_complaint(side), **_file("complaints")),
    "monitoring.Material": _material,
    "monitoring.Hit": lambda side: _model("monitoring.Hit").objects.create(
        material=_material(side),
        rule_id="r1",
        category="false_ad",
        category_name="虚假宣传",
        area="marketing",
        severity="minor",
        legal_basis="广告法",
        term="最好",
        start=0,
        end=2,
        context="全网最好",
    ),
    "monitoring.LicenceCheck": lambda side: _model("monitoring.LicenceCheck").objects.create(
        operator=side.operator,
        storefront="长兴好物小店",
        checked_on=DAY,
        result="missing",
        note="未亮照",
        checked_by=side.users[Role.MONITOR],
    ),
    "monitoring.RuleSet": lambda side: _model("monitoring.RuleSet").objects.create(
        version=f"v{next(_serial)}", label="规则"
    ),
    "evaluation.Rubric": _rubric,
    "evaluation.LedgerEntry": _ledger_entry,
    "evaluation.Score": _score,
    "evaluation.Panel": _panel,
    "evaluation.PanelScore": _panel_score,
    "evaluation.ScoringClosure": lambda side: _model("evaluation.ScoringClosure").objects.create(
        campaign=_campaign(side), closed_on=DAY
    ),
    "titles.Notice": _notice,
    "titles.Candidate": _candidate,
    "titles.Title": _title,
    "titles.TitleEvent": lambda side: _model("titles.TitleEvent").objects.create(
        title=_title(side), action="awarded"
    ),
    "titles.Reply": lambda side: _model("titles.Reply").objects.create(
        operator=side.operator, enrolment=_enrolment(side), text="申辩", status="approved"
    ),
    "titles.Reevaluation": _reevaluation,
    "titles.ReevaluationEvidence": lambda side: _model(
        "titles.ReevaluationEvidence"
    ).objects.create(reevaluation=_reevaluation(side), **_file("titles")),
    "oversight.Incident": lambda side: _model("oversight.Incident").objects.create(
        operator=side.operator, source="online", occurred_on=DAY, summary="舆情"
    ),
    "oversight.IncidentEvidence": lambda side: _model("oversight.IncidentEvidence").objects.create(
        incident=_model("oversight.Incident").objects.create(
            operator=side.operator, source="media", occurred_on=DAY, summary="舆情"
        ),
        **_file("incidents"),
    ),
    "oversight.PublicityActivity": lambda side: _publicity(side),
    "oversight.PublicityMaterial": lambda side: _model(
        "oversight.PublicityMaterial"
    ).objects.create(activity=_publicity(side), **_file("publicity")),
    "oversight.Meeting": lambda side: _meeting(side),
    "oversight.MeetingFile": lambda side: _model("oversight.MeetingFile").objects.create(
        meeting=_meeting(side), **_file("meetings")
    ),
    "oversight.FieldVisit": lambda side: _model("oversight.FieldVisit").objects.create(
        campaign=_campaign(side), station=side.station, visited_on=DAY, place="园区", notes="走访"
    ),
}


# The red and black list (oversight): a publication per side (its own period), published so
# the open data lists it; an entry in a draft (never public) in the side's area; an exit.
def _list_publication(side, status="published"):
    n = next(_serial)
    return _model("oversight.ListPublication").objects.create(
        period_start=date(2000 + n, 1, 1),
        period_end=date(2000 + n, 3, 31),
        label=f"{2000 + n}年第1季度",
        status=status,
        drafted_at=timezone.now(),
        published_on=DAY if status == "published" else None,
        published_at=timezone.now() if status == "published" else None,
    )


def _list_entry(side):
    return _model("oversight.ListEntry").objects.create(
        publication=_list_publication(side, status="draft"),
        list_kind="black",
        operator=side.operator,
        area=side.area,
        operator_name=side.operator.name,
        uscc=side.operator.uscc,
        reason="被列入严重违法失信名单",
        basis="《市场监督管理严重违法失信名单管理办法》",
        result="列入黑榜",
    )


def _list_exit(side):
    entry = _list_entry(side)
    return _model("oversight.BlackListExit").objects.create(
        operator=side.operator,
        area=side.area,
        entry=entry,
        operator_name=side.operator.name,
        exited_on=DAY,
        clean_from=DAY,
        clean_to=DAY,
        reason="整改到位",
    )


BUILDERS.update(
    {
        "oversight.ListPublication": _list_publication,
        "oversight.ListEntry": _list_entry,
        "oversight.BlackListExit": _list_exit,
    }
)

# Oversight: the watch list from results, risk classes, credit punishment (issue 16 items 2-4).
BUILDERS.update(
    {
        "oversight.ResultWatch": lambda side: _model("oversight.ResultWatch").objects.create(
            operator=side.operator,
            rule="black_list",
            source_label="oversight.test",
            source_id=next(_serial),
        ),
        "oversight.RiskClassRecord": lambda side: _model(
            "oversight.RiskClassRecord"
        ).objects.create(operator=side.operator, computed_class="B"),
        "oversight.Punishment": lambda side: _model("oversight.Punishment").objects.create(
            operator=side.operator,
            measure="no_titles",
            ground="black_list",
            ground_label="oversight.test",
            ground_id=next(_serial),
            ground_note="列入黑榜",
            starts_on=DAY,
            ends_on=DAY,
        ),
    }
)

# Page lists: model label → (URL, the row's link on the page). Checked where cheap: the lists
# that link each row to its detail page. A role the page turns away (403, or a redirect) sees
# none of the rows.
PAGES: dict[str, tuple[str, object]] = {
    "registry.Operator": ("/registry/operators/", lambda row: f"/registry/operators/{row.pk}/"),
    "supervision.Inspection": (
        "/supervision/inspections/",
        lambda row: f"/supervision/inspections/{row.pk}/",
    ),
    "supervision.RectificationOrder": (
        "/supervision/orders/",
        lambda row: f"/supervision/orders/{row.pk}/",
    ),
    "supervision.Case": ("/supervision/cases/", lambda row: f"/supervision/cases/{row.pk}/"),
    "complaints.Complaint": ("/complaints/", lambda row: f"/complaints/{row.pk}/"),
    "monitoring.Material": ("/monitoring/", lambda row: f"/monitoring/{row.pk}/"),
    "oversight.Incident": ("/oversight/incidents/", lambda row: f"/oversight/incidents/{row.pk}/"),
}


# --- what the declaration says --------------------------------------------------------------


def declared_visible(model, user, row, side_name: str) -> bool:
    scope = _SCOPES[model]
    if user.role == Role.OFFICE:
        return True
    if scope.roles and user.role in scope.roles:
        return model._default_manager.filter(scope.roles[user.role](user), pk=row.pk).exists()
    if user.role in STATION_ROLES and scope.area_path is not None:
        return side_name == "A"
    if user.role == Role.OPERATOR and scope.operator_path is not None:
        return side_name == "A"
    return False


def api_endpoints(model) -> list[tuple[str, type]]:
    """The list URLs and viewsets of the API viewsets that read ``model`` (list and detail)."""
    from fangxin.urls import API_APPS

    found = []
    for app in API_APPS:
        for prefix, viewset, _basename in app.router.registry:
            queryset = getattr(viewset, "queryset", None)
            if queryset is None or queryset.model is not model:
                continue
            if not (hasattr(viewset, "list") and hasattr(viewset, "retrieve")):
                continue  # e.g. the public complaint intake: it files, it lists nothing
            found.append((f"/api/v1/{prefix}/", viewset))
    return found


def turned_away(viewset, user) -> bool:
    """The viewset refuses the user's role any reading: its ``read_permission`` (which the
    role does not hold), or the older ``refused_roles``."""
    if user.role in getattr(viewset, "refused_roles", ()):
        return True
    perm = getattr(viewset, "read_permission", None)
    return bool(perm) and not user.has_perm(perm)


def listed_ids(response, viewset=None) -> set:
    body = response.json()
    rows = body["results"] if isinstance(body, dict) and "results" in body else body
    field = _lookup(viewset)
    return {row["id" if field == "pk" else field] for row in rows}


def _lookup(viewset) -> str:
    return getattr(viewset, "lookup_field", "pk") if viewset is not None else "pk"


def key(row, viewset):
    """The row's identifier in the viewset's URLs and list (the primary key, or e.g. a
    certificate number for the public titles)."""
    return getattr(row, _lookup(viewset))


def is_public_endpoint(viewset) -> bool:
    """An open-data endpoint: no authentication, so every caller reads the public record."""
    return getattr(viewset, "authentication_classes", None) == []


def declared_public(model, row) -> bool:
    public = _SCOPES[model].public
    return public is not None and model._default_manager.filter(public, pk=row.pk).exists()


MODELS = sorted(_SCOPES, key=lambda model: model._meta.label)


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS, ids=[model._meta.label for model in MODELS])
def test_list_and_detail_follow_the_declared_scope(client, make_user, model):
    label = model._meta.label
    builder = BUILDERS.get(label)
    assert builder is not None, (
        f"{label} is in the scope registry but test_generated_access.BUILDERS has no builder "
        "for it: add one that makes a row on the given side."
    )
    _GUIDE.clear()
    # Side B needs only the users its rows name (an inspection's inspector, a monitor).
    a = make_side("A", make_user)
    b = make_side("B", make_user, roles=(Role.INSPECTOR, Role.MONITOR))
    rows = {"A": builder(a), "B": builder(b)}
    assert rows["A"].pk != rows["B"].pk
    endpoints = api_endpoints(model)
    problems = []

    for url, viewset in endpoints:
        if is_public_endpoint(viewset):
            continue  # checked below with every role: all read the public record
        for row in rows.values():
            for response in (client.get(url), client.get(f"{url}{key(row, viewset)}/")):
                if response.status_code not in (401, 403):
                    problems.append(f"anonymous {response.request['PATH_INFO']}: {response}")

    for url, viewset in (e for e in endpoints if is_public_endpoint(e[1])):
        for caller in (None, *(a.users[role] for role in Role)):
            client.logout()
            if caller is not None:
                client.force_login(caller)
            shown = listed_ids(client.get(url), viewset)
            for name, row in rows.items():
                public = declared_public(model, row)
                detail = client.get(f"{url}{key(row, viewset)}/").status_code
                if (key(row, viewset) in shown) != public or (detail == 200) != public:
                    problems.append(f"{caller} {url}: public row {name} expected {public}")
    client.logout()
    endpoints = [e for e in endpoints if not is_public_endpoint(e[1])]

    for role in Role:
        user = a.users[role]
        expected = {name: declared_visible(model, user, row, name) for name, row in rows.items()}
        # The gate itself (for models no API lists, the only check).
        seen = set(
            visible(user, model)
            .filter(pk__in=[r.pk for r in rows.values()])
            .values_list("pk", flat=True)
        )
        for name, row in rows.items():
            if (row.pk in seen) != expected[name]:
                problems.append(f"{role} visible(): row {name} expected {expected[name]}")
        client.force_login(user)
        for url, viewset in endpoints:
            listing = client.get(url)
            if turned_away(viewset, user):
                # The viewset turns the role away altogether, whatever its scope holds (the
                # complaints and monitoring APIs refuse operators): refused, list and detail.
                details = {
                    client.get(f"{url}{key(row, viewset)}/").status_code for row in rows.values()
                }
                if listing.status_code != 403 or details != {403}:
                    problems.append(f"{role} {url}: refused role got {listing} / {details}")
                continue
            if listing.status_code == 403 and not any(expected.values()):
                shown = set()  # a role with nothing in scope may be turned away
            elif listing.status_code != 200:
                problems.append(f"{role} {url}: list answered {listing.status_code}")
                continue
            else:
                shown = listed_ids(listing, viewset)
            for name, row in rows.items():
                detail = client.get(f"{url}{key(row, viewset)}/").status_code
                if expected[name]:
                    if row.pk not in shown or detail != 200:
                        problems.append(
                            f"{role} {url}: row {name} in scope, listed={row.pk in shown}, "
                            f"detail {detail}"
                        )
                elif row.pk in shown or detail not in (403, 404):
                    problems.append(
                        f"{role} {url}: row {name} out of scope, listed={row.pk in shown}, "
                        f"detail {detail}"
                    )
        if label in PAGES:
            page_url, text_of = PAGES[label]
            page = client.get(page_url)
            html = page.content.decode() if page.status_code == 200 else ""
            for name, row in rows.items():
                if (f'href="{text_of(row)}"' in html) != expected[name]:
                    problems.append(
                        f"{role} page {page_url} ({page.status_code}): row {name} "
                        f"in scope {expected[name]}"
                    )
        client.logout()

    assert not problems, f"{label}:\n" + "\n".join(problems)
