"""The inspection task page says where to go and whom to call, and links to the operator's
supervision file, which an inspector may open for the operators of his own tasks only."""

import pytest
from django.utils import timezone

from fangxin.core.roles import Role
from fangxin.registry.models import PickupPoint
from fangxin.registry.tests.factories import OperatorFactory
from fangxin.supervision import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(county, office):
    """A targeted inspection of a live-stream operator by two inspectors of other stations."""
    _stations, operators, inspectors = county
    operator = operators[0]
    operator.operating_address = "长兴县雉城街道金陵路88号"
    operator.contact_name = "王联系"
    operator.contact_phone = "13912345678"
    operator.save()
    others = [i for i in inspectors if i.station_id != operator.area.station_id][:2]
    return services.create_inspection(
        office,
        operator,
        source="targeted",
        inspectors=others,
        planned_on=timezone.localdate(),
        free_items=["亮照"],
    )


def test_the_task_page_shows_addresses_contacts_and_the_file_link(client, task):
    inspector = task.inspectors.first()
    client.force_login(inspector)
    body = client.get(f"/supervision/inspections/{task.pk}/").content.decode()
    assert "长兴县雉城街道金陵路88号" in body
    studio = task.operator.studios.get()
    assert studio.address in body and studio.name in body
    assert "王联系" in body and "13912345678" in body  # assigned: the phone is not masked
    assert f'href="/supervision/operators/{task.operator_id}/"' in body
    file = client.get(f"/supervision/operators/{task.operator_id}/")
    assert file.status_code == 200
    assert "长兴县雉城街道金陵路88号" in file.content.decode()
    assert f"/supervision/inspections/{task.pk}/" in file.content.decode()  # his task


def test_a_pickup_point_task_shows_the_point_and_its_contact(client, county, office):
    _stations, operators, inspectors = county
    operator = OperatorFactory(area=operators[0].area, livestream=False, group_buying=True)
    point = PickupPoint.objects.create(
        operator=operator,
        name="金陵小区自提点",
        address="金陵小区3幢",
        area=operator.area,
        contact_name="李团长",
        contact_phone="13700001111",
    )
    others = [i for i in inspectors if i.station_id != operator.area.station_id][:2]
    task = services.create_inspection(
        office,
        operator,
        source="targeted",
        inspectors=others,
        planned_on=timezone.localdate(),
        free_items=["食品贮存"],
        pickup_point=point,
    )
    client.force_login(others[0])
    body = client.get(f"/supervision/inspections/{task.pk}/").content.decode()
    assert "金陵小区3幢" in body and "李团长" in body and "13700001111" in body


def test_an_inspector_cannot_open_the_file_of_an_operator_not_in_his_tasks(
    client, task, county, make_user
):
    _stations, operators, _inspectors = county
    inspector = task.inspectors.first()
    client.force_login(inspector)
    stranger = next(o for o in operators if o.pk != task.operator_id)
    assert client.get(f"/supervision/operators/{stranger.pk}/").status_code == 404
    # Not even one of his own station's area: the area alone is not a task.
    neighbour = OperatorFactory(area=inspector.station.areas.first())
    assert client.get(f"/supervision/operators/{neighbour.pk}/").status_code == 404
    registry = client.get(f"/registry/operators/{neighbour.pk}/").content.decode()
    assert 'id="supervision-file"' not in registry
    assert 'id="conflict-form"' in registry  # he may still declare a conflict
    client.post(f"/supervision/operators/{neighbour.pk}/", {"action": "conflict", "reason": "亲属"})
    assert inspector.conflicts.get().operator == neighbour
    # An inspector who is not on the task does not get the file either.
    other = make_user(Role.INSPECTOR, station=inspector.station)
    client.force_login(other)
    assert client.get(f"/supervision/operators/{task.operator_id}/").status_code == 404


def test_others_see_the_phone_masked(client, task, make_user):
    from fangxin.core.models import PartnerDepartment

    police = PartnerDepartment.objects.get(code="police")
    task.partner_departments.add(police)
    client.force_login(make_user(Role.PARTNER, partner_department=police))
    body = client.get(f"/supervision/inspections/{task.pk}/").content.decode()
    assert "长兴县雉城街道金陵路88号" in body
    assert "13912345678" not in body and "139****5678" in body
    assert f'href="/supervision/operators/{task.operator_id}/"' not in body


def test_the_file_is_read_only_for_the_inspector_of_the_task(client, task):
    client.force_login(task.inspectors.first())
    url = f"/supervision/operators/{task.operator_id}/"
    assert client.post(url, {"action": "risk", "risk_class": "D", "reason": "x"}).status_code == 403
    task.operator.refresh_from_db()
    assert task.operator.risk_class == "A"
