"""The public seller search (every field bounded and optional), the office's story form, the
public's suggestion form and the office's answer."""

from __future__ import annotations

from captcha.fields import CaptchaField
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from fangxin.complaints.forms import ReadableCaptcha
from fangxin.core.models import Area
from fangxin.core.uploads import check_evidence
from fangxin.programme.models import Kind
from fangxin.registry.models import Operator
from fangxin.titles.facts import QUERY_MAX

from .models import ANSWER_LIMIT, BODY_LIMIT, SUGGESTION_LIMIT, Story


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


class StoryForm(forms.ModelForm):
    """The office's story form: the body as simple HTML (sanitised when saved), an optional
    picture checked by its content and size, and the operator it is about by credit code."""

    operator_uscc = forms.CharField(
        label=_("相关经营主体的统一社会信用代码"),
        required=False,
        max_length=18,
        help_text=_("可不填。填写后公开页面上显示该经营主体的名称。"),
    )

    class Meta:
        model = Story
        fields = ["title", "summary", "body", "image"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2}),
            "body": forms.Textarea(attrs={"rows": 12}),
        }
        help_texts = {
            "body": _(
                "可使用简单的HTML：段落、加粗、列表、小标题、链接；其他标签和脚本在保存时删除。"
            ),
            "image": _("JPG或PNG图片，可不传。"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].max_length = BODY_LIMIT
        self.fields["body"].validators.append(MaxLengthValidator(BODY_LIMIT))
        if self.instance.operator_id:
            self.fields["operator_uscc"].initial = self.instance.operator.uscc
        for name, field in self.fields.items():
            if name != "image":
                field.widget.attrs.setdefault("class", "form-control")
        self.fields["image"].widget.attrs.update(
            {"class": "form-control", "accept": "image/jpeg,image/png"}
        )

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if upload and hasattr(upload, "content_type") and upload is not self.initial.get("image"):
            checked = check_evidence(upload)
            if not checked.content_type.startswith("image/"):
                raise ValidationError(_("只能上传 JPG 或 PNG 图片。"))
            self.instance.image_type = checked.content_type
        return upload

    def clean_operator_uscc(self):
        code = self.cleaned_data.get("operator_uscc", "").strip().upper()
        if not code:
            self.instance.operator = None
            return ""
        operator = Operator.objects.filter(uscc=code).first()
        if operator is None:
            raise ValidationError(_("没有该统一社会信用代码的经营主体。"))
        self.instance.operator = operator
        return code


class SuggestionForm(forms.Form):
    """The public's suggestion: only the text is required; a CAPTCHA a person can read."""

    name = forms.CharField(label=_("姓名（可不填）"), max_length=50, required=False)
    contact = forms.CharField(
        label=_("联系方式（可不填）"),
        max_length=100,
        required=False,
        help_text=_("仅用于工作人员联系您，不会公开。"),
    )
    text = forms.CharField(
        label=_("意见建议"),
        max_length=SUGGESTION_LIMIT,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("请填写意见建议。"),
            "max_length": _("内容太长：最多%(limit_value)d个字。"),
        },
    )
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
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")
        self.fields["text"].widget.attrs["maxlength"] = SUGGESTION_LIMIT

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].strip()
        if not text:
            raise ValidationError(_("请填写意见建议。"))
        return text


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("答复"),
        max_length=ANSWER_LIMIT,
        widget=forms.Textarea(attrs={"rows": 5, "class": "form-control"}),
    )
    publish = forms.BooleanField(
        label=_("在网站上公开答复（只公开意见内容和答复，不公开姓名和联系方式）"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
