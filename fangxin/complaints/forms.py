"""The intake form: the public's (with a CAPTCHA) and the counter clerk's (with a date)."""

from __future__ import annotations

from captcha.fields import CaptchaField, CaptchaTextInput
from django import forms
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _

from fangxin.core.widgets import DateInput

from .models import DEMAND_LIMIT, TEXT_LIMIT, Complaint


class IntakeForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("类型"),
        choices=Complaint.Kind.choices,
        initial=Complaint.Kind.COMPLAINT,
        widget=forms.RadioSelect,
        help_text=_("投诉：与经营者的消费纠纷，请求调解；举报：反映违法行为，可匿名。"),
    )
    name = forms.CharField(label=_("姓名"), max_length=50, required=False)
    phone = forms.CharField(
        label=_("联系电话"),
        max_length=20,
        required=False,
        help_text=_("投诉必填；查询办理进度时需要手机号后四位。"),
    )
    consent_contact = forms.BooleanField(
        label=_("同意将我的姓名和电话提供给被投诉方，用于调解联系"), required=False
    )
    consent_survey = forms.BooleanField(
        label=_("同意办结后接受满意度回访（可选，不影响受理）"), required=False
    )
    operator = forms.IntegerField(required=False, widget=forms.HiddenInput)
    operator_text = forms.CharField(
        label=_("被投诉（举报）经营者"),
        max_length=200,
        help_text=_("输入名称、统一社会信用代码或平台账号，从列表中选择；找不到时直接填写名称。"),
    )
    platform = forms.CharField(label=_("平台"), max_length=50, required=False)
    order_number = forms.CharField(label=_("订单号"), max_length=64, required=False)
    category = forms.ChoiceField(label=_("问题类别"), choices=Complaint.Category.choices)
    description = forms.CharField(
        label=_("事实经过"),
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    demand = forms.CharField(
        label=_("诉求"),
        max_length=DEMAND_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    amount_claimed = forms.DecimalField(
        label=_("涉及金额（元）"), required=False, min_value=0, max_digits=12, decimal_places=2
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        search = self.fields["operator_text"].widget
        search.attrs.update(
            {
                "autocomplete": "off",
                "hx-get": reverse_lazy("public-complaint-operators"),
                "hx-trigger": "input changed delay:300ms",
                "hx-target": "#operator-results",
                "hx-params": "operator_text",
            }
        )
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.RadioSelect | forms.HiddenInput):
                continue
            css = "form-check-input" if isinstance(widget, forms.CheckboxInput) else "form-control"
            if isinstance(widget, forms.Select):
                css = "form-select"
            widget.attrs.setdefault("class", css)


class ReadableCaptcha(CaptchaTextInput):
    """The image twice as sharp on a phone, with a button that draws a new one."""

    template_name = "complaints/captcha_widget.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["image_2x"] = reverse("captcha-image-2x", kwargs={"key": self._key})
        context["refresh_url"] = self.refresh_url()
        return context


class PublicIntakeForm(IntakeForm):
    # One word throughout: the package's Chinese error says 认证码 where the label says 验证码.
    captcha = CaptchaField(
        label=_("验证码"),
        widget=ReadableCaptcha,
        help_text=_("请输入图中的4个字符，不区分大小写；看不清可点“换一张”。"),
        error_messages={
            "invalid": _("验证码不正确或已过期，请按新图片重新输入。"),
            "required": _("请输入验证码。"),
            "incomplete": _("请输入验证码。"),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["captcha"].widget.attrs.setdefault("class", "form-control")


class CounterIntakeForm(IntakeForm):
    received_on = forms.DateField(label=_("登记日期"), widget=DateInput())
