import datetime

import factory

from fangxin.core.tests.factories import AreaFactory
from fangxin.registry.models import (
    GroupLeader,
    Licence,
    Operator,
    PickupPoint,
    PlatformAccount,
    Studio,
)
from fangxin.registry.uscc import make


def _uscc(n: int) -> str:
    return make(f"91330522MA{n:07d}")


class OperatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Operator
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"长兴测试电商{n}号有限公司")
    uscc = factory.Sequence(_uscc)
    livestream = True
    group_buying = False
    legal_rep_name = "张三"
    legal_rep_id_number = "330522199001011231"
    contact_name = "张三"
    contact_phone = "13800000000"
    area = factory.SubFactory(AreaFactory)
    status = Operator.Status.ACTIVE

    @factory.post_generation
    def fixed_studio(obj, create, extracted, **kwargs):
        """A live-stream operator has a fixed studio, as the plan requires of cultivation
        targets; pass ``fixed_studio=False`` for one without."""
        if create and obj.livestream and extracted is not False:
            from fangxin.registry.models import Studio

            Studio.objects.create(
                operator=obj, name=f"{obj.name}直播间", address="长兴县雉城街道", area=obj.area
            )


class LicenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Licence

    operator = factory.SubFactory(OperatorFactory)
    kind = Licence.Kind.FOOD_PERMIT
    number = factory.Sequence(lambda n: f"JY1330522{n:07d}")
    issuer = "长兴县市场监督管理局"
    valid_from = datetime.date(2021, 3, 15)
    valid_to = datetime.date(2026, 3, 14)


class PlatformAccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlatformAccount

    operator = factory.SubFactory(OperatorFactory)
    platform = PlatformAccount.Platform.DOUYIN
    handle = factory.Sequence(lambda n: f"长兴好物{n}")
    account_id = factory.Sequence(lambda n: f"dy{n:08d}")
    url = factory.Sequence(lambda n: f"https://www.douyin.com/user/{n}")


class StudioFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Studio

    operator = factory.SubFactory(OperatorFactory)
    name = factory.Sequence(lambda n: f"{n}号直播间")
    address = "长兴县雉城街道明珠路1号"
    area = factory.SelfAttribute("operator.area")
    is_fixed = True


class PickupPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PickupPoint

    operator = factory.SubFactory(OperatorFactory)
    name = factory.Sequence(lambda n: f"{n}号自提点")
    address = "长兴县画溪街道团结路2号"
    area = factory.SelfAttribute("operator.area")
    contact_name = "李四"
    contact_phone = "13900000000"
    handles_food = True


class GroupLeaderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupLeader

    operator = factory.SubFactory(OperatorFactory)
    name = "王五"
    phone = "13700000000"
    pickup_point = factory.SubFactory(
        PickupPointFactory, operator=factory.SelfAttribute("..operator")
    )
    real_name_verified = True
