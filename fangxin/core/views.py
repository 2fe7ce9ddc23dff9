from auditlog.models import LogEntry
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import audit as audit_log
from . import readiness
from .api.errors import error_body
from .dashboard import home_cards, home_panels
from .filters import AuditFilter
from .permissions import permission, public, signed_in


@signed_in("each app's cards and panels read through visible()")
def home(request):
    return render(
        request,
        "core/home.html",
        {
            "cards": home_cards(request.user),
            "panels": home_panels(request.user),
            "today": timezone.localdate(),
        },
    )


@signed_in("the user's own notifications")
def inbox(request):
    notes = request.user.notifications.all()
    if request.method == "POST":
        notes.filter(read_at__isnull=True).update(read_at=timezone.now())
        return redirect("inbox")
    page = Paginator(notes, 30).get_page(request.GET.get("page"))
    return render(request, "core/inbox.html", {"page": page, "query": ""})


@permission("core.view_audit_log")
def audit(request):
    entries = LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp")
    filterset = AuditFilter(request.GET, queryset=entries)
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "core/audit.html",
        {
            "filter": filterset,
            "page": page,
            "rows": audit_log.rows(page),
            "query": query.urlencode(),
        },
    )


@public("the service's health, for the load balancer")
@never_cache
@require_GET
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any database failure means unhealthy
        return JsonResponse({"status": "error", "database": str(exc)}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@public("whether this server may take requests now, for the load balancer and deployments")
@never_cache
@require_GET
def readyz(request):
    ready, checks = readiness.check()
    return JsonResponse(
        {"status": "ok" if ready else "error", **checks}, status=200 if ready else 503
    )


def _wants_json(request) -> bool:
    return request.path.startswith("/api/")


@public("the error page")
def page_not_found(request, exception=None):
    if _wants_json(request):
        return JsonResponse(error_body("Not found."), status=404)
    return render(request, "404.html", status=404)


@public("the error page")
def permission_denied(request, exception=None):
    if _wants_json(request):
        return JsonResponse(error_body("You do not have permission to do this."), status=403)
    return render(request, "403.html", status=403)


@public("the error page")
def bad_request(request, exception=None):
    """Django's answer to a suspicious request; an upload stopped at its limit is a 413 that
    says which limit."""
    from .upload_limits import UploadTooLarge

    if isinstance(exception, UploadTooLarge):
        if _wants_json(request):
            return JsonResponse(error_body(exception.message), status=413)
        return render(request, "413.html", {"message": exception.message}, status=413)
    if _wants_json(request):
        return JsonResponse(error_body("Bad request."), status=400)
    return render(request, "400.html", status=400)


@public("the error page")
def server_error(request):
    if _wants_json(request):
        return JsonResponse(error_body("Server error."), status=500)
    # No request context: whatever failed may be in a context processor.
    return HttpResponseServerError(loader.get_template("500.html").render())
