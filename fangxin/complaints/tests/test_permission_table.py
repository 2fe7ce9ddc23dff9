"""Who may do what with complaints and tip-offs, as one table a reader can check against the
plan, and the row-level refusals behind it (a station acting on another station's item)."""

from __future__ import annotations

import pytest
import rules
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from fangxin.complaints import services
from fangxin.core.permissions import roles_holding
from fangxin.core.roles import Role
from fangxin.registry.tests.factories import OperatorFactory

from .conftest import file_complaint

HANDLERS = {"office", "station"}
REGULATOR = {"office", "station", "inspector"}
PROGRAMME = {"office", "station", "inspector", "partner", "evaluator", "association", "monitor"}

EXPECTED = {
    # The moves on an item: the office, or the station it is routed to.
    "complaints.handle": HANDLERS,
    "complaints.assign": HANDLERS,
    "complaints.accept": HANDLERS,
    "complaints.refuse": HANDLERS,
    "complaints.mediate": HANDLERS,
    "complaints.record_testing": HANDLERS,
    "complaints.record_notice": HANDLERS,
    "complaints.verify": HANDLERS,
    "complaints.extend_verification": HANDLERS,
    "complaints.decide": HANDLERS,
    "complaints.merge": HANDLERS,
    "complaints.record_finding": HANDLERS,
    "complaints.order_inspection": HANDLERS,
    "complaints.close": HANDLERS,
    "complaints.follow_up": HANDLERS,
    # Registration at the counter or by phone.
    "complaints.register": HANDLERS,
    # The office's own work.
    "complaints.triage": {"office"},
    "complaints.import_12315": {"office"},
    "complaints.compare_stations": {"office"},
    # Reading.
    "complaints.view_list": REGULATOR | {"operator"},
    "complaints.view_handling": REGULATOR,
    "complaints.export": REGULATOR,
    "complaints.view_dashboard": REGULATOR,
    "complaints.view_evidence": REGULATOR,
    "complaints.see_complainant": HANDLERS | {"operator"},
    "complaints.use_api": PROGRAMME,
}


@pytest.mark.parametrize("perm", sorted(EXPECTED))
def test_each_permission_is_held_by_the_roles_in_the_table(perm):
    assert roles_holding(perm) == frozenset(EXPECTED[perm])


def test_every_complaints_permission_is_in_the_table():
    registered = {name for name in rules.permissions.permissions if name.startswith("complaints.")}
    assert registered == set(EXPECTED)


# --- on the row -------------------------------------------------------------------------------


@pytest.fixture
def far_station_user(make_user):
    """A station user of another station than the item's."""
    return make_user(Role.STATION)


def test_a_station_may_not_act_on_another_stations_item(operator, far_station_user):
    complaint = file_complaint(operator)
    assert far_station_user.has_perm("complaints.accept")  # the role may
    assert not far_station_user.has_perm("complaints.accept", complaint)  # not on this item
    with pytest.raises(PermissionDenied, match="只有承办监管所或领导小组办公室可以处理该投诉举报"):
        services.accept(far_station_user, complaint)
    with pytest.raises(PermissionDenied, match="只有领导小组办公室或承办监管所可以改派"):
        services.assign(far_station_user, complaint, station=far_station_user.station, note="x")
    complaint.refresh_from_db()
    assert complaint.status == "received"
    assert complaint.station_id == operator.area.station_id


def test_the_handling_station_and_the_office_may_act(operator, station_user, office):
    complaint = file_complaint(operator)
    assert station_user.has_perm("complaints.accept", complaint)
    assert office.has_perm("complaints.accept", complaint)
    services.accept(station_user, complaint)


def test_no_station_handles_an_item_not_routed_yet(make_user, office):
    complaint = file_complaint(None)
    station = make_user(Role.STATION)
    assert not station.has_perm("complaints.handle", complaint)
    assert office.has_perm("complaints.assign", complaint)


def test_an_inspector_reads_but_does_not_handle(operator, make_user):
    complaint = file_complaint(operator)
    inspector = make_user(Role.INSPECTOR, station=operator.area.station)
    assert not inspector.has_perm("complaints.handle", complaint)
    with pytest.raises(PermissionDenied):
        services.start_mediation(inspector, complaint)


def test_evidence_of_another_stations_item_is_refused(operator, make_user, station_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    png = SimpleUploadedFile("a.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, content_type="image/png")
    complaint = file_complaint(operator, evidence=[png])
    evidence = complaint.evidence.get()
    own_inspector = make_user(Role.INSPECTOR, station=operator.area.station)
    far_inspector = make_user(Role.INSPECTOR)
    far_station = make_user(Role.STATION)
    assert own_inspector.has_perm("complaints.view_evidence", evidence)
    assert station_user.has_perm("complaints.view_evidence", evidence)
    assert not far_inspector.has_perm("complaints.view_evidence", evidence)
    assert not far_station.has_perm("complaints.view_evidence", evidence)


def test_the_operator_sees_the_complainant_only_with_consent(make_user):
    operator = OperatorFactory()
    owner = make_user(Role.OPERATOR, operator=operator)
    other = make_user(Role.OPERATOR)
    agreed = file_complaint(operator, consent_contact=True)
    private = file_complaint(operator, consent_contact=False)
    assert owner.has_perm("complaints.see_complainant", agreed)
    assert not owner.has_perm("complaints.see_complainant", private)
    assert not other.has_perm("complaints.see_complainant", agreed)


def test_a_far_station_posting_a_move_on_the_page_changes_nothing(
    client, operator, far_station_user
):
    complaint = file_complaint(operator)
    client.force_login(far_station_user)
    url = reverse("complaints:detail", args=[complaint.pk])
    assert client.post(url, {"action": "accept"}).status_code == 404  # not in its scope
    complaint.refresh_from_db()
    assert complaint.status == "received"


def test_an_inspector_posting_a_move_on_the_page_is_refused(client, operator, make_user):
    complaint = file_complaint(operator)
    client.force_login(make_user(Role.INSPECTOR, station=operator.area.station))
    url = reverse("complaints:detail", args=[complaint.pk])
    assert client.post(url, {"action": "accept"}).status_code == 403
    complaint.refresh_from_db()
    assert complaint.status == "received"


@pytest.mark.parametrize(
    ("name", "allowed"),
    [
        ("complaints:create", HANDLERS),
        ("complaints:import", {"office"}),
        ("complaints:export", REGULATOR),
        ("complaints:dashboard", REGULATOR),
        ("complaints:list", REGULATOR | {"operator"}),
    ],
)
def test_pages_open_to_the_roles_their_permission_names(client, make_user, name, allowed):
    for role in Role:
        client.force_login(make_user(role))
        code = client.get(reverse(name)).status_code
        assert (code == 200) == (str(role) in allowed), (role, code)


def test_the_page_offers_the_office_its_own_tools_only(client, office, station_user):
    client.force_login(office)
    html = client.get(reverse("complaints:list")).content.decode()
    assert 'id="register-complaint"' in html and "filter-triage" in html
    client.force_login(station_user)
    html = client.get(reverse("complaints:list")).content.decode()
    assert 'id="register-complaint"' in html and "filter-triage" not in html
    assert reverse("complaints:import") not in html


def test_a_move_with_an_unknown_action_is_refused_in_words(client, operator, station_user):
    complaint = file_complaint(operator)
    client.force_login(station_user)
    url = reverse("complaints:detail", args=[complaint.pk])
    response = client.post(url, {"action": "explode"}, follow=True)
    assert "未知的操作" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.status == "received"


def test_the_api_refuses_a_move_outside_the_callers_reach(client, operator, make_user):
    complaint = file_complaint(operator)
    url = f"/api/v1/complaints/{complaint.pk}/accept/"
    client.force_login(make_user(Role.STATION))  # another station: not in its scope
    assert client.post(url, content_type="application/json").status_code == 404
    client.force_login(make_user(Role.INSPECTOR, station=operator.area.station))
    assert client.post(url, content_type="application/json").status_code == 403
    client.force_login(make_user(Role.OPERATOR, operator=operator))
    response = client.get("/api/v1/complaints/")
    assert response.status_code == 403
    assert "for the regulator" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.status == "received"


def test_every_page_declares_who_may_open_it():
    from fangxin.complaints import urls
    from fangxin.core.permissions import access_of

    for pattern in [*urls.urlpatterns, *urls.public_urlpatterns]:
        assert access_of(pattern.callback) is not None, pattern.name
