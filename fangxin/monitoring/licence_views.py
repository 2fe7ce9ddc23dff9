"""Licence-display checks (亮照亮证检查): the list a station and the office read, and the form a
monitor records a check with. The service checks who may and what is wrong, and says why."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from fangxin.core.permissions import permission
from fangxin.core.scoping import visible
from fangxin.registry.models import Operator

from . import forms, services
from .filters import LicenceCheckFilter
from .models import LicenceCheck
from .views import _collect


def _operators(user):
    """The enrolled operators ``user`` sees: those a check may be about."""
    return (
        services.enrolled_operators(visible(user, Operator))
        .only("pk", "name", "uscc")
        .order_by("name", "pk")
    )


@permission("monitoring.see_licence_checks")
def licence_checks(request):
    user = request.user
    may_record = user.has_perm("monitoring.record_licence_check")
    operators = _operators(user) if may_record else Operator.objects.none()
    errors: dict[str, list[str]] = {}
    sent: dict = {}
    if request.method == "POST":
        form = forms.LicenceCheckForm(request.POST, operators=operators)
        sent = form.data
        try:
            data = forms.cleaned(form)
            check = services.record_licence_check(
                user,
                data["operator"],
                checked_on=data["checked_on"],
                result=data["result"],
                account=data["account"],
                storefront=data["storefront"],
                note=data["note"],
            )
        except ValidationError as exc:
            _collect(errors, exc)
        except PermissionDenied as exc:
            errors["form"] = [str(exc) or _("您无权执行此操作。")]
        else:
            messages.success(
                request,
                _("已登记%(operator)s的亮照亮证检查：%(result)s。")
                % {"operator": check.operator.name, "result": check.get_result_display()},
            )
            return redirect(f"{request.path}?operator={check.operator_id}#check-{check.pk}")
    filterset = LicenceCheckFilter(
        request.GET or None,
        queryset=visible(user, LicenceCheck).select_related("operator", "account", "checked_by"),
        request=request,
    )
    checks = filterset.qs  # validates the filters (a value that does not parse is left out)
    chosen = filterset.form.cleaned_data if filterset.is_bound else {}
    picked = None
    if may_record:
        wanted = sent.get("operator") or chosen.get("operator")
        picked = operators.filter(pk=wanted).first() if str(wanted or "").isdigit() else None
    page = Paginator(checks.order_by("-checked_on", "-pk"), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "monitoring/licence_checks.html",
        {
            "page": page,
            "query": query.urlencode(),
            "filters": {
                "operator": chosen.get("operator") or "",
                "result": chosen.get("result") or "",
            },
            "results": LicenceCheck.Result.choices,
            "may_record": may_record,
            "operators": operators,
            "operator": picked,
            "accounts": picked.accounts.all() if picked is not None else [],
            "values": {
                "account": sent.get("account", ""),
                "storefront": sent.get("storefront", ""),
                "checked_on": sent.get("checked_on", "") or timezone.localdate().isoformat(),
                "result": sent.get("result", ""),
                "note": sent.get("note", ""),
            },
            "errors": errors,
            "today": timezone.localdate(),
        },
    )
