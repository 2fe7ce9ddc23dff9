"""Forms of the panels' pages: forming a panel, naming a member, assigning enrolments."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fangxin.core.models import Area
from fangxin.core.widgets import prompt_choices
from fangxin.programme.models import Kind

from .permissions import panel_member_candidates


def _user_label(user) -> str:
    return user.get_full_name() or user.username


SELECT = {"class": "form-select form-select-sm"}


class PanelForm(forms.Form):
    name = forms.CharField(
        label=_("考评组名称"),
        max_length=100,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )
    leader = forms.ModelChoiceField(
        label=_("组长"),
        queryset=None,
        required=False,
        empty_label=_("（暂不指定）"),
        widget=forms.Select(attrs=SELECT),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = panel_member_candidates()
        self.fields["leader"].label_from_instance = _user_label


class MemberForm(forms.Form):
    user = forms.ModelChoiceField(label=_("成员"), queryset=None, widget=forms.Select(attrs=SELECT))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = panel_member_candidates()
        self.fields["user"].label_from_instance = _user_label
        prompt_choices(self.fields)  # 请选择, not Django's dashes


class AssignForm(forms.Form):
    BY = (("area", _("按乡镇（街道）")), ("kind", _("按类型")), ("hand", _("逐个选择")))

    by = forms.ChoiceField(label=_("分配方式"), choices=BY, widget=forms.Select(attrs=SELECT))
    area = forms.ModelChoiceField(
        label=_("乡镇（街道）"),
        queryset=Area.objects.order_by("code"),
        required=False,
        widget=forms.Select(attrs=SELECT),
    )
    kind = forms.ChoiceField(
        label=_("类型"),
        choices=[("", _("请选择")), *Kind.choices],
        required=False,
        widget=forms.Select(attrs=SELECT),
    )
    enrolments = forms.TypedMultipleChoiceField(
        label=_("培育对象（逐个选择时）"),
        coerce=int,
        required=False,
        choices=(),
        widget=forms.SelectMultiple(attrs={"class": "form-select form-select-sm", "size": 3}),
    )

    def __init__(self, *args, enrolments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enrolments"].choices = [
            (e.pk, f"{e.operator.name}（{e.get_kind_display()}）") for e in enrolments
        ]
        prompt_choices(self.fields)

    def clean(self):
        data = super().clean()
        by = data.get("by")
        if by == "area" and not data.get("area"):
            self.add_error("area", _("请选择乡镇（街道）。"))
        if by == "kind" and not data.get("kind"):
            self.add_error("kind", _("请选择类型。"))
        if by == "hand" and not data.get("enrolments"):
            self.add_error("enrolments", _("请至少选择一个培育对象。"))
        return data

    def arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "area": data["area"] if data["by"] == "area" else None,
            "kind": data["kind"] if data["by"] == "kind" else "",
            "enrolment_ids": data["enrolments"] if data["by"] == "hand" else (),
        }
