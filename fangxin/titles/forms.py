"""Titles' forms: the office's publishing and resolving, the public objection."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fangxin.programme.models import Kind
from fangxin.ratings.forms import ConfirmedForm

from . import services
from .models import REPLY_MAX


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


class ObjectionForm(ConfirmedForm):
    """The public objection: real name, the phone confirmed by a one-time code (which replaces
    the CAPTCHA, as on the rating form), the facts; the files are taken from ``request.FILES``
    and checked by the service like every upload."""

    name = forms.CharField(label=_("真实姓名"), max_length=50)
    facts = forms.CharField(label=_("异议事实"), max_length=2000, widget=forms.Textarea)
    field_order = ["name", "facts", "phone", "code"]


class Styled(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)


class ReplyForm(Styled):
    """The operator's reply: beside a result (an enrolment) or a title of its own."""

    target = forms.ChoiceField(label=_("申辩对象"))
    text = forms.CharField(
        label=_("申辩内容"),
        max_length=REPLY_MAX,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": REPLY_MAX}),
    )

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = list(targets)


class ReplyDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "approve"), ("reject", "reject")])
    reason = forms.CharField(max_length=300, required=False)


class ReevaluationForm(Styled):
    enrolment = forms.ChoiceField(label=_("培育对象"))
    dimension = forms.ChoiceField(label=_("申请复核的维度"))
    text = forms.CharField(
        label=_("复核理由"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args, enrolments=(), dimensions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enrolment"].choices = list(enrolments)
        self.fields["dimension"].choices = list(dimensions)


class ReevaluationDecisionForm(Styled):
    decision = forms.ChoiceField(
        label=_("决定"), choices=[("grant", _("予以调整")), ("refuse", _("维持原评分"))]
    )
    criterion = forms.ChoiceField(label=_("调整的评分项"), required=False)
    points = forms.DecimalField(label=_("调整分值"), required=False, max_digits=6, decimal_places=2)
    reason = forms.CharField(
        label=_("决定理由"), max_length=300, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criterion"].choices = [("", "—"), *criteria]
