import factory

from fangxin.core.tests.factories import UserFactory
from fangxin.registry.tests.factories import OperatorFactory

from ..models import Story


class StoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Story

    title = factory.Sequence(lambda n: f"直播间亮照经营的经验{n}")
    summary = "亮照亮证、明码标价，售后七日无理由退货。"
    body = "<p>该主体在直播间醒目位置公示营业执照和食品经营许可证。</p><ul><li>明码标价</li></ul>"
    operator = factory.SubFactory(OperatorFactory)
    author = factory.SubFactory(UserFactory)
