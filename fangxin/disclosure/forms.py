"""The public seller search: every field bounded and optional."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fangxin.core.models import Area
from fangxin.programme.models import Kind
from fangxin.titles.facts import QUERY_MAX


class SellerSearchForm(forms.Form):
    q = forms.CharField(
        label=_("名称、信用代码或平台账号"),
        required=False,
        max_length=QUERY_MAX,
        error_messages={"max_length": _("查询内容太长：最多%(limit_value)d个字。")},
    )
    kind = forms.ChoiceField(
        label=_("类型"), required=False, choices=[("", _("全部类型")), *Kind.choices]
    )
    area = forms.TypedChoiceField(
        label=_("所属乡镇（街道）"), required=False, coerce=int, empty_value=None
    )
    status = forms.ChoiceField(
        label=_("称号状态"),
        required=False,
        choices=[
            ("", _("有效")),
            ("revoked", _("已撤销")),
            ("expired", _("已过期")),
            ("all", _("全部")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [
            ("", _("全部乡镇（街道）")),
            *Area.objects.order_by("name").values_list("pk", "name"),
        ]
        for field in self.fields.values():
            field.widget.attrs["class"] = (
                "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
            )
        self.fields["q"].widget.attrs.update(
            {"maxlength": QUERY_MAX, "type": "search", "placeholder": _("如：店铺名、抖音号")}
        )
