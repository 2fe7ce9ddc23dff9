"""Complaints' read interface: substantiated complaints and how they were resolved."""

import itertools
from datetime import timedelta
from decimal import Decimal

import pytest

from fangxin.complaints import facts
from fangxin.complaints.models import Complaint, FollowUp
from fangxin.core.facts import Ref
from fangxin.core.tests.facts_support import INSIDE, OUTSIDE, WINDOW, assert_constant_queries
from fangxin.registry.tests.factories import OperatorFactory

pytestmark = pytest.mark.django_db

_codes = itertools.count(1)


def complaint(operator, on, *, substantiated=True, kind=Complaint.Kind.COMPLAINT, **fields):
    fields.setdefault("status", Complaint.Status.CLOSED)
    return Complaint.objects.create(
        tracking_code=f"T{next(_codes):08d}",
        lookup_tail="1234",
        kind=kind,
        channel=Complaint.Channel.WEB,
        received_on=on,
        operator=operator,
        category=Complaint.Category.QUALITY,
        description="蜂蜜结块发酸",
        closed_on=on + timedelta(days=10),
        substantiated=substantiated,
        **fields,
    )


def follow_up(item, days, satisfaction):
    return FollowUp.objects.create(
        complaint=item,
        visited_on=item.closed_on + timedelta(days=days),
        method=FollowUp.Method.PHONE,
        satisfaction=satisfaction,
    )


def test_substantiated_means_a_complaint_closed_as_substantiated():
    operator = OperatorFactory()
    counted = complaint(operator, WINDOW.start)
    complaint(operator, WINDOW.start, substantiated=False)
    complaint(operator, WINDOW.start, substantiated=None, status=Complaint.Status.ACCEPTED)
    complaint(operator, WINDOW.start, kind=Complaint.Kind.TIPOFF)  # a tip-off is no complaint
    assert list(Complaint.objects.substantiated()) == [counted]
    assert [f.ref for f in facts.substantiated_complaints_for(operator.pk, WINDOW)] == [
        Ref("complaints.complaint", counted.pk)
    ]


def test_received_on_the_windows_first_and_last_day_counts():
    operator = OperatorFactory()
    for on in (*INSIDE, *OUTSIDE):
        complaint(operator, on)
    got = facts.substantiated_complaints_for(operator.pk, WINDOW)
    assert [f.received_on for f in got] == list(INSIDE)


def test_resolution_is_the_latest_follow_up():
    operator = OperatorFactory()
    pleased = complaint(operator, WINDOW.start, agreement="退款", amount_recovered=Decimal("88"))
    follow_up(pleased, 1, FollowUp.Satisfaction.UNREACHABLE)
    follow_up(pleased, 3, FollowUp.Satisfaction.BASIC)
    displeased = complaint(operator, WINDOW.start)
    follow_up(displeased, 3, FollowUp.Satisfaction.UNSATISFIED)
    unvisited = complaint(operator, WINDOW.end)
    got = {f.ref.pk: f for f in facts.substantiated_complaints_for(operator.pk, WINDOW)}
    assert got[pleased.pk].satisfaction == "basic" and got[pleased.pk].satisfied
    assert got[pleased.pk].agreement == "退款" and got[pleased.pk].amount_recovered == 88
    assert not got[displeased.pk].satisfied
    assert got[unvisited.pk].satisfaction is None and not got[unvisited.pk].satisfied
    # Area by the category (quality), kind the operator's only one.
    assert (got[unvisited.pk].area, got[unvisited.pk].kind) == ("quality", "livestream")


def test_bulk_in_constant_queries():
    def with_complaints():
        operator = OperatorFactory()
        follow_up(complaint(operator, WINDOW.start), 1, FollowUp.Satisfaction.SATISFIED)
        complaint(operator, WINDOW.end)
        return operator

    assert assert_constant_queries(facts.substantiated_complaints, with_complaints) == 1


def test_a_complaint_about_an_operator_of_both_kinds_counts_for_both():
    operator = OperatorFactory(group_buying=True)
    made = complaint(operator, WINDOW.start)
    Complaint.objects.filter(pk=made.pk).update(category=Complaint.Category.FALSE_ADVERTISING)
    (got,) = facts.substantiated_complaints_for(operator.pk, WINDOW)
    assert (got.area, got.kind) == ("marketing", None)
    assert got.counts_for_both
    assert got.counts_for("livestream") and got.counts_for("group_buying")
