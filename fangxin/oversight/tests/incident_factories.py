"""Factories for incidents and publicity records."""

from __future__ import annotations

import datetime

import factory

from fangxin.core.tests.factories import StationFactory
from fangxin.oversight.models import FieldVisit, Incident, Meeting, PublicityActivity
from fangxin.registry.tests.factories import OperatorFactory

DAY = datetime.date(2026, 3, 2)


class CampaignFactory(factory.django.DjangoModelFactory):
    """A campaign with the shipped work guide (programme's own service builds its phases)."""

    class Meta:
        model = "programme.Campaign"
        django_get_or_create = ["year"]

    year = 2026
    name = factory.LazyAttribute(lambda o: f"{o.year}年度放心电商培育")

    @factory.lazy_attribute
    def guide(self):
        from fangxin.programme import guides

        return guides.load()


class IncidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Incident

    operator = factory.SubFactory(OperatorFactory)
    source = Incident.Source.ONLINE
    occurred_on = DAY
    summary = "直播间虚假宣传引发网络热议"


class PublicityActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PublicityActivity

    campaign = factory.SubFactory(CampaignFactory)
    station = factory.SubFactory(StationFactory)
    held_on = DAY
    place = "雉城街道文化礼堂"
    form = PublicityActivity.Form.LECTURE
    audience = 60
    description = "放心电商政策宣讲"


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    campaign = factory.SubFactory(CampaignFactory)
    station = factory.SubFactory(StationFactory)
    kind = Meeting.Kind.MOBILISATION
    held_on = DAY
    place = "县市场监管局三楼会议室"
    minutes = "部署年度培育工作。"
    attendees = "张三\n李四"


class FieldVisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FieldVisit

    campaign = factory.SubFactory(CampaignFactory)
    station = factory.SubFactory(StationFactory)
    visited_on = DAY
    place = "长兴电商产业园"
    notes = "了解直播基地经营情况。"
    participants = "王五"
