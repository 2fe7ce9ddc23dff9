from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    """The public site and open data: the front door, seller search, verification, notices,
    lists, the daily feed and badges. It sits above every other app and only reads them
    through their facts."""

    name = "fangxin.disclosure"
    label = "disclosure"
    verbose_name = _("信息公开")

    def ready(self) -> None:
        from . import contributions

        contributions.register_navigation()
