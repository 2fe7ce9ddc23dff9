"""Dates before the earliest date are refused where they are parsed: the API's date fields, the
complaint intake and the 12315 import (an inspection dated 1257-02-21 or an order issued
0594-01-06 found no period rule: LookupError, a 500)."""

import pytest

from fangxin.complaints import importing, services
from fangxin.complaints.models import Complaint
from fangxin.complaints.serializers import FollowUpCreateSerializer
from fangxin.complaints.serializers import TestingSerializer as MediationTestingSerializer
from fangxin.supervision.serializers import InspectionRecordSerializer, OrderIssueSerializer

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("serializer", "data", "field"),
    [
        (InspectionRecordSerializer, {"inspected_on": "1257-02-21", "results": {}}, "inspected_on"),
        (OrderIssueSerializer, {"issued_on": "0594-01-06"}, "issued_on"),
        (
            MediationTestingSerializer,
            {"started_on": "1999-12-31", "ended_on": "2026-01-02", "note": "x"},
            "started_on",
        ),
        (FollowUpCreateSerializer, {"visited_on": "0001-01-01"}, "visited_on"),
    ],
)
def test_api_dates_before_the_earliest_are_refused(serializer, data, field):
    form = serializer(data=data)
    assert not form.is_valid()
    assert "2000-01-01" in str(form.errors[field][0])


def test_the_earliest_date_itself_is_taken():
    form = InspectionRecordSerializer(data={"inspected_on": "2000-01-01", "results": {}})
    form.is_valid()
    assert "inspected_on" not in form.errors


def test_a_complaint_received_before_the_earliest_date_is_refused():
    from datetime import date

    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        services.submit(
            kind="tipoff",
            channel=Complaint.Channel.COUNTER,
            name="",
            phone="",
            operator=None,
            operator_text="某直播间",
            category="quality",
            description="疑似售假。",
            received_on=date(594, 1, 6),
        )
    assert "received_on" in caught.value.message_dict
    assert not Complaint.objects.exists()


def test_the_12315_import_refuses_an_ancient_receipt_date():
    with pytest.raises(ValueError, match="2000-01-01"):
        importing.parse_date("0594-01-06")
