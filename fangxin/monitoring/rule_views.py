"""The monitoring rule list: its versions, what each holds, and editing it as a new version."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from fangxin.core.feedback import report_refusal
from fangxin.core.permissions import permission
from fangxin.core.scoping import visible
from fangxin.supervision.models.enforcement import VetoKind

from . import forms, rulelists, services
from .models import Hit, RuleSet


def _categories(ruleset: RuleSet) -> list[dict]:
    """Per category: its code, name, rule count, severities, veto kind and legal bases."""
    parsed = services.rule_list(ruleset)
    labels = dict(Hit.Severity.choices)
    rows = []
    for code, items in rulelists.by_category(parsed.rules).items():
        severities: dict[str, int] = {}
        for rule in items:
            severities[rule.severity] = severities.get(rule.severity, 0) + 1
        vetoes = sorted({rule.veto for rule in items if rule.veto})
        rows.append(
            {
                "code": code,
                "name": parsed.categories.get(code, code),
                "count": len(items),
                "severities": [(labels.get(s, s), s, n) for s, n in sorted(severities.items())],
                "vetoes": [VetoKind(v).label if v in VetoKind.values else v for v in vetoes],
                "bases": sorted({rule.legal_basis for rule in items}),
            }
        )
    return sorted(rows, key=lambda row: row["name"])


# The station reads the rules its operators are monitored against; only the office and the
# monitors change them (permissions.py).


@permission("monitoring.view_rule_list")
def ruleset_list(request):
    user = request.user
    versions = visible(user, RuleSet).select_related("created_by")
    active = versions.filter(is_active=True).first()
    error = ""
    if active is None:
        try:
            active = services.active_ruleset()
        except rulelists.RuleListError as exc:
            error = str(exc)
    categories = []
    if active is not None:
        try:
            categories = _categories(active)
        except rulelists.RuleListError as exc:
            error = str(exc)
    return render(
        request,
        "monitoring/rules.html",
        {
            "active": active,
            "categories": categories,
            "versions": versions,
            "error": error,
            "may_edit": user.has_perm("monitoring.edit_rule_list"),
        },
    )


def _save(request, data: dict, errors: dict) -> RuleSet | None:
    try:
        return services.save_version(request.user, {data["name"]: data["text"]}, data["label"])
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, texts in exc.message_dict.items():
                errors.setdefault(field if field in data else "form", []).extend(texts)
        else:
            errors.setdefault("form", []).extend(exc.messages)
    return None


@permission("monitoring.view_rule_list")
def ruleset_detail(request, pk: int):
    user = request.user
    ruleset = get_object_or_404(visible(user, RuleSet).select_related("created_by"), pk=pk)
    may_edit = user.has_perm("monitoring.edit_rule_list")
    files = sorted(ruleset.files.items())
    chosen = request.GET.get("file", "")
    shown = {"name": chosen, "text": ruleset.files.get(chosen, ""), "label": ""}
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        form = forms.RuleEditForm(request.POST)
        valid = form.is_valid()
        action = form.cleaned_data.get("action")
        try:
            if action == "activate":
                services.activate(user, ruleset)
                messages.success(request, _("已启用该版本，此后的扫描按该版本规则进行。"))
                return redirect("monitoring:ruleset-detail", pk=pk)
            if action != "save" or not may_edit:
                raise PermissionDenied(_(services.RULES_REFUSED))
        except (PermissionDenied, ValidationError) as exc:
            report_refusal(request, exc)
            return redirect("monitoring:ruleset-detail", pk=pk)
        # Shown again as typed when the version is refused.
        shown = {
            "name": form.data.get("name", "").strip(),
            "text": form.data.get("text", ""),
            "label": form.data.get("label", "").strip(),
        }
        new = _save(request, form.cleaned_data, errors) if valid else None
        for field, texts in form.errors.items():
            errors.setdefault(field if field in shown else "form", []).extend(texts)
        if new is not None:
            messages.success(
                request,
                _("已保存为新版本 %(version)s（%(count)d 条规则）并启用。")
                % {"version": new.version, "count": new.rule_count},
            )
            return redirect("monitoring:ruleset-detail", pk=new.pk)
    return render(
        request,
        "monitoring/ruleset_detail.html",
        {
            "ruleset": ruleset,
            "files": files,
            "file_names": [name for name, _text in files],
            "form": shown,
            "errors": errors,
            "may_edit": may_edit,
            # A new version is the active one with the edited file replaced: editing from an
            # older version would silently drop what came after it, so only the active edits.
            "may_edit_here": may_edit and ruleset.is_active,
        },
    )
