import factory

from fangxin.core.tests.factories import AreaFactory
from fangxin.registry.models import Operator
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
