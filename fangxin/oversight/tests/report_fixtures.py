"""A small county for the dashboard and report tests: two stations, operators in each, the
2025 and 2026 campaigns with enrolments, self-inspections, inspections, a finding with an
order, complaints and titles; the figures are known by hand (see ``EXPECTED``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from fangxin.core.models import Station
from fangxin.core.roles import Role
from fangxin.core.tests.factories import AreaFactory, StationFactory
from fangxin.registry.tests.factories import OperatorFactory

TODAY = date(2026, 12, 2)


@dataclass
class County:
    north: Station
    south: Station
    office: object
    north_user: object
    south_user: object
    campaign_2026: object
    campaign_2025: object


def _complaint(operator, received_on, **fields):
    from fangxin.complaints.models import Complaint
    from fangxin.complaints.tests.conftest import file_complaint

    substantiated = fields.pop("substantiated", None)
    complaint = file_complaint(operator=operator, **fields)
    Complaint.objects.filter(pk=complaint.pk).update(
        received_on=received_on, substantiated=substantiated
    )
    return complaint


@pytest.fixture(name="county")
def county_fixture(make_user, office):
    from fangxin.programme import services as programme
    from fangxin.programme.models import Enrolment, Kind
    from fangxin.selfcheck.models import SelfInspection
    from fangxin.supervision.models import Finding, Inspection, RectificationOrder

    north = StationFactory(code="north", name="北城市场监督管理所")
    south = StationFactory(code="south", name="南城市场监督管理所")
    north_ops = [OperatorFactory(area=AreaFactory(station=north)) for _ in range(3)]
    south_ops = [OperatorFactory(area=AreaFactory(station=south)) for _ in range(2)]
    c2025 = programme.create_campaign(office, 2025)
    c2026 = programme.create_campaign(office, 2026)
    # 2026: north 3 operators (one of them both kinds), south 2; one south withdrawn.
    for op in north_ops:
        Enrolment.objects.create(campaign=c2026, operator=op, kind=Kind.LIVESTREAM)
    Enrolment.objects.create(campaign=c2026, operator=north_ops[0], kind=Kind.GROUP_BUYING)
    Enrolment.objects.create(campaign=c2026, operator=south_ops[0], kind=Kind.GROUP_BUYING)
    Enrolment.objects.create(
        campaign=c2026,
        operator=south_ops[1],
        kind=Kind.GROUP_BUYING,
        status=Enrolment.Status.WITHDRAWN,
    )
    # 2025: north 1 operator, south 1.
    Enrolment.objects.create(campaign=c2025, operator=north_ops[0], kind=Kind.LIVESTREAM)
    Enrolment.objects.create(campaign=c2025, operator=south_ops[0], kind=Kind.GROUP_BUYING)
    # Self-inspections of 2026: two north accepted, one north submitted.
    north_2026 = Enrolment.objects.filter(campaign=c2026, operator__area__station=north)
    for enrolment, status in zip(north_2026, ["accepted", "accepted", "submitted"], strict=False):
        SelfInspection.objects.create(enrolment=enrolment, status=status)
    # Inspections: north 2 in 2026, 1 in 2025; south 1 in 2026.
    for op, day, station in [
        (north_ops[0], date(2026, 4, 1), north),
        (north_ops[1], date(2026, 5, 1), north),
        (north_ops[0], date(2025, 5, 1), north),
        (south_ops[0], date(2026, 6, 1), south),
    ]:
        Inspection.objects.create(
            operator=op,
            station=station,
            source=Inspection.Source.TARGETED,
            planned_on=day,
            inspected_on=day,
            status=Inspection.Status.PUBLISHED,
        )
    # A serious finding in north (2026) with an order overdue.
    area = c2026.guide.areas.order_by("order").first()
    finding = Finding.objects.create(
        operator=north_ops[0],
        source=Finding.Source.INSPECTION,
        description="未亮照经营",
        severity=Finding.Severity.SERIOUS,
        found_on=date(2026, 4, 1),
        area=area,
    )
    RectificationOrder.objects.create(
        finding=finding,
        operator=north_ops[0],
        requirement="限期亮照",
        issued_on=date(2026, 4, 2),
        working_days=5,
        due_on=date(2026, 4, 10),
    )
    # Complaints: north 2 in 2026 (a tip-off among them, one substantiated), 1 in 2025;
    # south 1 in 2026.
    _complaint(north_ops[0], date(2026, 3, 5))
    _complaint(north_ops[1], date(2026, 3, 20), kind="tipoff", substantiated=True)
    _complaint(north_ops[0], date(2025, 7, 1))
    _complaint(south_ops[0], date(2026, 8, 8))
    return County(
        north=north,
        south=south,
        office=office,
        north_user=make_user(Role.STATION, station=north),
        south_user=make_user(Role.STATION, station=south),
        campaign_2026=c2026,
        campaign_2025=c2025,
    )
