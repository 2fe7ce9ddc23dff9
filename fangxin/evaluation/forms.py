"""The evaluation pages' forms: they read input; the services decide and write."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from . import rubric as rubric_data


class RubricForm(forms.Form):
    text = forms.CharField(
        label=_("考评细则（YAML）"),
        widget=forms.Textarea(attrs={"rows": 30, "class": "form-control font-monospace small"}),
        max_length=100_000,
    )
    note = forms.CharField(
        label=_("修订说明"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )


class AdjustForm(forms.Form):
    criterion = forms.ChoiceField(
        label=_("评分项"), widget=forms.Select(attrs={"class": "form-select"})
    )
    points = forms.DecimalField(
        label=_("调整分值"),
        max_digits=6,
        decimal_places=2,
        min_value=Decimal(-100),
        max_value=Decimal(100),
        help_text=_("加分填正数，扣分填负数"),
        widget=forms.NumberInput(attrs={"class": "form-control", "step": "0.01"}),
    )
    reason = forms.CharField(
        label=_("调整原因"),
        max_length=300,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )

    def __init__(self, *args, rubric: rubric_data.Rubric, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criterion"].choices = [
            ("", _("请选择评分项")),
            *(
                (f"{d.code}.{c.code}", f"{d.name} · {c.name}")
                for d in rubric.dimensions
                for c in d.criteria
            ),
        ]

    def target(self) -> tuple[str, str]:
        dimension, _, criterion = self.cleaned_data["criterion"].partition(".")
        return dimension, criterion


class WhatIfForm(forms.Form):
    threshold = forms.DecimalField(
        label=_("分数线"),
        min_value=Decimal(0),
        max_value=Decimal(100),
        max_digits=5,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"class": "form-control form-control-sm", "step": "0.1"}),
    )

    def __init__(self, *args, rubric: rubric_data.Rubric, **kwargs):
        super().__init__(*args, **kwargs)
        self.dimension_codes = [d.code for d in rubric.dimensions]
        for dimension in rubric.dimensions:
            self.fields[f"w_{dimension.code}"] = forms.DecimalField(
                label=dimension.name,
                min_value=Decimal(0),
                max_value=Decimal(100),
                max_digits=5,
                decimal_places=1,
                initial=dimension.points,
                widget=forms.NumberInput(
                    attrs={"class": "form-control form-control-sm", "step": "0.5"}
                ),
            )
        self.fields["threshold"].initial = rubric.threshold

    def clean(self):
        data = super().clean()
        weights = [data.get(f"w_{code}") for code in self.dimension_codes]
        if all(w is not None for w in weights) and sum(weights) != 100:
            raise forms.ValidationError(
                _("各维度权重合计为 %(total)s 分，应为 100 分。") % {"total": sum(weights)}
            )
        return data

    def weights(self) -> dict[str, Decimal]:
        return {code: self.cleaned_data[f"w_{code}"] for code in self.dimension_codes}
