from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RatingsConfig(AppConfig):
    name = "fangxin.ratings"
    label = "ratings"
    verbose_name = _("消费者和社会评议")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import permissions  # noqa: F401 - registers the rules
        from .models import Member, MemberScore, Rating, SurveyResponse

        # Excluding a rating or an answer, and every invited member's score, is audited.
        auditlog.register(Rating, exclude_fields=["phone_hash", "ip_hash"])
        auditlog.register(SurveyResponse, exclude_fields=["phone_hash", "ip_hash"])
        auditlog.register(Member, mask_fields=["phone"], exclude_fields=["link_nonce"])
        auditlog.register(MemberScore)
