"""Titles' forms: the office's publishing and resolving, the public objection."""

from __future__ import annotations

from captcha.fields import CaptchaField
from django import forms
from django.utils.translation import gettext_lazy as _

from fangxin.complaints.forms import ReadableCaptcha
from fangxin.programme.models import Kind

from . import services


class PublishForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=Kind.choices)
    working_days = forms.IntegerField(
        label=_("公示期（工作日）"), min_value=1, max_value=30, required=False
    )
    note = forms.CharField(label=_("更正说明"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["working_days"].initial = services.notice_working_days()
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control form-control-sm")
        self.fields["kind"].widget.attrs["class"] = "form-select form-select-sm"


class ResolveForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("处理结果"),
        choices=[("upheld", _("异议成立")), ("dismissed", _("异议不成立"))],
    )
    reason = forms.CharField(label=_("处理理由"), max_length=500)


class ObjectionForm(forms.Form):
    name = forms.CharField(label=_("真实姓名"), max_length=50)
    phone = forms.CharField(label=_("联系电话"), max_length=20)
    facts = forms.CharField(label=_("异议事实"), max_length=2000, widget=forms.Textarea)
    captcha = CaptchaField(
        label=_("验证码"),
        widget=ReadableCaptcha,
        error_messages={
            "invalid": _("验证码不正确或已过期，请按新图片重新输入。"),
            "required": _("请输入验证码。"),
            "incomplete": _("请输入验证码。"),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name != "captcha":
                field.widget.attrs.setdefault("class", "form-control")
        self.fields["captcha"].widget.attrs.setdefault("class", "form-control")
