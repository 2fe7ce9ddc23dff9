"""What the complaints app keeps from whom: the operator never sees a refused complaint, the
audit log keeps no personal data or PIN, a masked phone does not give away the status secret."""

import pytest
from auditlog.models import LogEntry

from fangxin.complaints import services
from fangxin.complaints.models import Complaint
from fangxin.core.roles import Role
from fangxin.core.scoping import visible

from .conftest import file_complaint

pytestmark = pytest.mark.django_db


def test_refused_then_closed_complaint_stays_hidden_from_the_operator(
    operator, station_user, make_user
):
    complaint = file_complaint(operator)
    services.refuse(station_user, complaint, "time_barred")
    services.close(station_user, complaint, substantiated=False)
    own = make_user(Role.OPERATOR, operator=operator)
    assert not visible(own, Complaint).filter(pk=complaint.pk).exists()


def test_audit_log_keeps_no_personal_data_or_pin():
    receipt = services.submit(
        kind="tipoff",
        channel="web",
        category="other",
        description="匿名举报",
        operator_text="某店",
    )
    file_complaint(None, name="王五", phone="13912348580")
    changes = " ".join(str(e.changes) for e in LogEntry.objects.all())
    assert "13912348580" not in changes and "王五" not in changes
    assert receipt.pin not in changes.replace(receipt.complaint.tracking_code, "")


def test_masked_phone_does_not_reveal_the_status_page_secret(operator, make_user):
    complaint = file_complaint(operator)
    shown = services.complainant(make_user(Role.INSPECTOR), complaint, via="test")
    assert shown["phone"] == "138********" and complaint.lookup_tail not in shown["phone"]
