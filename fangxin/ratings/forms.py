from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fangxin.core import otp
from fangxin.core.widgets import prompt_choices

from .models import AWARENESS_QUESTION, COMMENT_MAX, SURVEY_QUESTIONS, Member

STARS = [(n, "★" * n) for n in range(5, 0, -1)]
SCALE = [
    (5, _("非常满意")),
    (4, _("满意")),
    (3, _("一般")),
    (2, _("不满意")),
    (1, _("非常不满意")),
]


class Styled:
    """Bootstrap classes on the widgets (radios are laid out by the template)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()

    def style(self) -> None:
        prompt_choices(self.fields)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.RadioSelect):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


class PhoneForm(Styled, forms.Form):
    phone = forms.CharField(
        label=_("手机号"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )

    def clean_phone(self):
        return otp.normalise_phone(self.cleaned_data["phone"])


class ConfirmedForm(PhoneForm):
    code = forms.RegexField(
        label=_("短信验证码"),
        regex=r"^\s*\d{6}\s*$",
        max_length=8,
        error_messages={"invalid": _("验证码为6位数字。")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class RatingForm(ConfirmedForm):
    stars = forms.TypedChoiceField(
        label=_("评分"), choices=STARS, coerce=int, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("评价内容（选填）"),
        required=False,
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class SurveyForm(ConfirmedForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field, question in SURVEY_QUESTIONS:
            self.fields[field] = forms.TypedChoiceField(
                label=question, choices=SCALE, coerce=int, widget=forms.RadioSelect
            )
        # The awareness question (知晓率): optional, a yes or a no.
        self.fields["aware"] = forms.TypedChoiceField(
            label=AWARENESS_QUESTION,
            choices=[("yes", _("知道")), ("no", _("不知道"))],
            coerce=lambda value: value == "yes",
            empty_value=None,
            required=False,
            widget=forms.RadioSelect,
        )
        self.style()

    def question_fields(self):
        return [self[name] for name, _label in SURVEY_QUESTIONS]

    def answers(self) -> dict[str, int]:
        return {field: self.cleaned_data[field] for field, _label in SURVEY_QUESTIONS}

    def awareness(self) -> bool | None:
        return self.cleaned_data.get("aware")


class ExcludeForm(Styled, forms.Form):
    reason = forms.CharField(label=_("剔除原因"), max_length=200)


class MemberForm(Styled, forms.ModelForm):
    class Meta:
        model = Member
        fields = ["name", "affiliation", "organisation", "phone"]

    def clean_phone(self):
        phone = self.cleaned_data.get("phone", "")
        return otp.normalise_phone(phone) if phone else ""


class MemberScoresForm(Styled, forms.Form):
    """One score (0–100, blank leaves it) and comment per enrolment."""

    def __init__(self, *args, enrolments=(), existing=None, **kwargs):
        super().__init__(*args, **kwargs)
        existing = existing or {}
        self.rows = []
        for enrolment in enrolments:
            before = existing.get(enrolment.pk)
            score = forms.IntegerField(
                label=_("评分"),
                required=False,
                min_value=0,
                max_value=100,
                initial=before.score if before else None,
            )
            comment = forms.CharField(
                label=_("意见"),
                required=False,
                max_length=COMMENT_MAX,
                initial=before.comment if before else "",
            )
            self.fields[f"score_{enrolment.pk}"] = score
            self.fields[f"comment_{enrolment.pk}"] = comment
            self.rows.append(enrolment)
        self.style()

    def bound_rows(self):
        return [(e, self[f"score_{e.pk}"], self[f"comment_{e.pk}"]) for e in self.rows]

    def scores(self) -> dict[int, tuple[int | None, str]]:
        return {
            e.pk: (self.cleaned_data[f"score_{e.pk}"], self.cleaned_data[f"comment_{e.pk}"] or "")
            for e in self.rows
        }
