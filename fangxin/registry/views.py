from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from fangxin.core.scoping import visible

from .models import Operator


@login_required
@permission_required("registry.view_operator", raise_exception=True)
def operator_list(request):
    operators = visible(request.user, Operator).select_related("area__station")
    page = Paginator(operators, 50).get_page(request.GET.get("page"))
    return render(request, "registry/operator_list.html", {"page": page})


@login_required
@permission_required("registry.view_operator", raise_exception=True)
def operator_detail(request, pk: int):
    operator = get_object_or_404(visible(request.user, Operator).select_related("area"), pk=pk)
    return render(request, "registry/operator_detail.html", {"operator": operator})
