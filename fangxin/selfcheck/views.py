"""Self-inspection pages: the operator fills in and submits, the station reviews, everyone with
a jurisdiction follows progress."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fangxin.core.feedback import report_refusal
from fangxin.core.params import is_id
from fangxin.core.permissions import permission, signed_in
from fangxin.core.scoping import visible
from fangxin.core.spreadsheets import xlsx_response
from fangxin.programme import guides
from fangxin.programme.models import Campaign, Enrolment

from . import services
from .models import Answer, Evidence, SelfInspection
from .scopes import progress_stations

S = SelfInspection.Status


@signed_in("an operator's own enrolments from visible(); the others go to the progress page")
def mine(request):
    """An operator's enrolments and their self-inspections."""
    if not request.user.has_perm("selfcheck.fill"):
        return redirect("selfcheck:dashboard")
    enrolments = list(
        visible(request.user, Enrolment)
        .filter(status=Enrolment.Status.ENROLLED)
        .select_related("campaign", "self_inspection", "operator__area__station")
        .order_by("-campaign__year", "kind")
    )
    for enrolment in enrolments:
        enrolment.window = services.window(enrolment)
    return render(request, "selfcheck/mine.html", {"enrolments": enrolments})


def _parse_date(raw: str) -> date | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError as exc:
        raise ValidationError(_("日期格式应为YYYY-MM-DD：%s") % raw) from exc


def _posted_answers(post, answers) -> dict[int, dict]:
    data = {}
    for answer in answers:
        key = str(answer.pk)
        if f"result-{key}" not in post and f"note-{key}" not in post:
            continue
        data[answer.pk] = {
            "result": post.get(f"result-{key}", ""),
            "note": post.get(f"note-{key}", ""),
            "plan": post.get(f"plan-{key}", ""),
            "target_date": _parse_date(post.get(f"target-{key}", "")),
        }
    return data


@dataclass
class Outcome:
    """What one press of "save" or "submit" did; refusals are shown above the form."""

    refusals: list[str] = field(default_factory=list)
    action: str = "save"
    draft_saved: bool = False
    kept_files: list[str] = field(default_factory=list)
    submitted: bool = False


def _save_posted(request, inspection: SelfInspection, answers: list[Answer]) -> Outcome:
    """Save the draft, then each file, then submit, each on its own: a refusal of one step
    never throws away what an earlier step kept (the answers typed, the files accepted)."""
    outcome = Outcome(action="submit" if request.POST.get("action") == "submit" else "save")
    user = request.user
    try:
        services.save_answers(user, inspection, _posted_answers(request.POST, answers))
    except (ValidationError, PermissionDenied) as exc:
        outcome.refusals += _texts(exc)
    else:
        outcome.draft_saved = True
    for answer in answers:
        for upload in request.FILES.getlist(f"file-{answer.pk}"):
            try:
                services.add_evidence(user, answer, upload)
            except (ValidationError, PermissionDenied) as exc:
                outcome.refusals += [
                    f"{answer.requirement.code}：{upload.name}：{m}" for m in _texts(exc)
                ]
            else:
                outcome.kept_files.append(upload.name)
    if outcome.action == "submit" and not outcome.refusals:
        try:
            services.submit(user, inspection)
        except (ValidationError, PermissionDenied) as exc:
            outcome.refusals += _texts(exc)
        else:
            outcome.submitted = True
    return outcome


def _texts(exc) -> list[str]:
    if isinstance(exc, ValidationError):
        return exc.messages
    return [str(exc) or _("您无权执行此操作。")]


def _rows(requirements_or_answers, posted) -> list[dict]:
    rows = []
    for item in requirements_or_answers:
        answer = item if isinstance(item, Answer) else None
        values = {"result": "", "note": "", "plan": "", "target": ""}
        if answer is not None:
            key = str(answer.pk)
            if posted is not None and f"result-{key}" in posted:
                values = {
                    "result": posted.get(f"result-{key}", ""),
                    "note": posted.get(f"note-{key}", ""),
                    "plan": posted.get(f"plan-{key}", ""),
                    "target": posted.get(f"target-{key}", ""),
                }
            else:
                values = {
                    "result": answer.result,
                    "note": answer.note,
                    "plan": answer.plan,
                    "target": answer.target_date.isoformat() if answer.target_date else "",
                }
        requirement = answer.requirement if answer is not None else item
        rows.append({"answer": answer, "requirement": requirement, "values": values})
    return rows


@signed_in("the enrolment comes from visible(); only its operator fills, the others review")
def fill(request, enrolment_pk: int):
    enrolment = get_object_or_404(
        visible(request.user, Enrolment).select_related(
            "campaign__guide", "operator__area__station"
        ),
        pk=enrolment_pk,
    )
    if not request.user.has_perm("selfcheck.fill", enrolment):
        inspection = getattr(enrolment, "self_inspection", None)
        if inspection is None:
            raise Http404
        return redirect("selfcheck:review", pk=inspection.pk)
    if enrolment.status != Enrolment.Status.ENROLLED:
        messages.error(request, _("尚未纳入本年度培育对象名单，不能开始自查。"))
        return redirect("selfcheck:mine")
    current = services.window(enrolment)
    inspection = SelfInspection.objects.filter(enrolment=enrolment).first()
    # Outside the phase nothing is started: the page says so before any work is done.
    if inspection is None and current.is_open:
        try:
            inspection = services.start(request.user, enrolment)
        except (ValidationError, PermissionDenied) as exc:
            report_refusal(request, exc)
            return redirect("selfcheck:mine")
    answers = []
    if inspection is not None:
        answers = list(
            inspection.answers.select_related("requirement__area").prefetch_related("evidence")
        )
    outcome = None
    if request.method == "POST":
        if inspection is None:
            outcome = Outcome(refusals=[current.refusal()], action=request.POST.get("action", ""))
        else:
            outcome = _save_posted(request, inspection, answers)
            if outcome.submitted:
                messages.success(request, _("自查已提交，等待监管所审核。"))
                return redirect("selfcheck:mine")
            if not outcome.refusals:
                messages.success(request, _("草稿已保存。"))
                return redirect("selfcheck:fill", enrolment_pk=enrolment.pk)
            inspection.refresh_from_db()
            answers = list(
                inspection.answers.select_related("requirement__area").prefetch_related("evidence")
            )
    if inspection is None:
        items = guides.requirements_for(enrolment.campaign.guide, enrolment.kind)
    else:
        items = answers
    can_edit = inspection is not None and inspection.editable and current.is_open
    return render(
        request,
        "selfcheck/fill.html",
        {
            "enrolment": enrolment,
            "inspection": inspection,
            "window": current,
            "can_edit": can_edit,
            "rows": _rows(items, request.POST if outcome and outcome.refusals else None),
            "outcome": outcome,
            "results": Answer.Result.choices,
            "today": timezone.localdate(),
        },
    )


@signed_in("the answer comes from visible(); the service checks the permission on it")
@require_POST
def rectify(request, answer_pk: int):
    answer = get_object_or_404(
        visible(request.user, Answer).select_related("inspection__enrolment"), pk=answer_pk
    )
    try:
        services.mark_rectified(
            request.user, answer, request.POST.get("note", ""), request.FILES.get("file")
        )
    except (ValidationError, PermissionDenied) as exc:
        report_refusal(request, exc)
    else:
        messages.success(request, _("已报告整改完成。"))
    return redirect("selfcheck:fill", enrolment_pk=answer.inspection.enrolment_id)


@signed_in("the self-inspection comes from visible(); reviewing checks selfcheck.review")
def review(request, pk: int):
    inspection = get_object_or_404(
        visible(request.user, SelfInspection).select_related(
            "enrolment__operator__area__station", "enrolment__campaign"
        ),
        pk=pk,
    )
    if request.user.has_perm("selfcheck.fill", inspection):
        return redirect("selfcheck:fill", enrolment_pk=inspection.enrolment_id)
    answers = inspection.answers.select_related("requirement__area").prefetch_related("evidence")
    can_review = request.user.has_perm("selfcheck.review", inspection) and (
        inspection.status == S.SUBMITTED
    )
    if request.method == "POST":
        if not can_review:
            raise PermissionDenied
        comments = {
            int(key.split("-", 1)[1]): value
            for key, value in request.POST.items()
            if key.startswith("comment-") and key.split("-", 1)[1].isdigit()
        }
        accept = request.POST.get("decision") == "accept"
        try:
            services.review(
                request.user,
                inspection,
                accept=accept,
                comment=request.POST.get("comment", ""),
                item_comments=comments,
            )
        except (ValidationError, PermissionDenied) as exc:
            report_refusal(request, exc)
        else:
            messages.success(
                request, _("已通过。") if accept else _("已退回，经营主体将收到通知。")
            )
            return redirect("selfcheck:dashboard")
    return render(
        request,
        "selfcheck/review.html",
        {
            "inspection": inspection,
            "answers": answers,
            "can_review": can_review,
            "today": timezone.localdate(),
        },
    )


@signed_in("the evidence comes from visible()")
def evidence_file(request, pk: int):
    evidence = get_object_or_404(visible(request.user, Evidence), pk=pk)
    response = FileResponse(
        evidence.file.open("rb"), content_type=evidence.content_type, as_attachment=False
    )
    response["Content-Disposition"] = f'inline; filename="evidence-{evidence.pk}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _campaign_for(request):
    year = request.GET.get("campaign", "")
    campaigns = visible(request.user, Campaign)
    if year.isdigit():
        return get_object_or_404(campaigns, year=int(year))
    return Campaign.current(timezone.localdate()) or campaigns.first()


def _station_rows(user, campaign: Campaign, today: date) -> list[dict]:
    enrolments = visible(user, Enrolment).filter(
        campaign=campaign, status=Enrolment.Status.ENROLLED
    )
    inspections = visible(user, SelfInspection).filter(enrolment__campaign=campaign)
    stations = progress_stations(user)
    by_station_enrolled = dict(
        enrolments.values_list("operator__area__station").annotate(n=Count("pk"))
    )
    state_counts: dict[int, dict[str, int]] = {}
    for station_id, status, n in inspections.values_list(
        "enrolment__operator__area__station", "status"
    ).annotate(n=Count("pk")):
        state_counts.setdefault(station_id, {})[status] = n
    overdue = dict(
        services.overdue_answers(
            visible(user, Answer).filter(inspection__enrolment__campaign=campaign), today
        )
        .values_list("inspection__enrolment__operator__area__station")
        .annotate(n=Count("pk"))
    )
    rows = []
    for station in stations:
        total = by_station_enrolled.get(station.pk, 0)
        counts = state_counts.get(station.pk, {})
        started = sum(counts.values())
        values = {s.value: counts.get(s.value, 0) for s in S}
        values[S.NOT_STARTED] = max(total - started, 0)
        rows.append(
            {
                "station": station,
                "total": total,
                "counts": values,
                "percent": {
                    k: (round(100 * v / total, 1) if total else 0.0) for k, v in values.items()
                },
                "overdue": overdue.get(station.pk, 0),
            }
        )
    return rows


@permission("selfcheck.view_progress")
def dashboard(request):
    user = request.user
    campaign = _campaign_for(request)
    today = timezone.localdate()
    rows = _station_rows(user, campaign, today) if campaign else []
    states = [(s.value, s.label) for s in S]
    chart = {
        "stations": [r["station"].name.replace("市场监督管理所", "所") for r in rows],
        "series": [
            {"name": str(label), "data": [r["counts"][code] for r in rows]}
            for code, label in states
        ],
    }
    status = request.GET.get("status", "")
    station = request.GET.get("station", "")
    operators = None
    if campaign:
        enrolments = (
            visible(user, Enrolment)
            .filter(campaign=campaign, status=Enrolment.Status.ENROLLED)
            .select_related("operator__area", "self_inspection")
            .annotate(
                open_overdue=Count(
                    "self_inspection__answers",
                    filter=Q(
                        self_inspection__answers__result=Answer.Result.NON_COMPLIANT,
                        self_inspection__answers__rectified_at__isnull=True,
                        self_inspection__answers__target_date__lt=today,
                    ),
                )
            )
            .order_by("operator__name")
        )
        if status == S.NOT_STARTED:
            enrolments = enrolments.filter(self_inspection__isnull=True)
        elif status in S.values:
            enrolments = enrolments.filter(self_inspection__status=status)
        elif status == "overdue":
            enrolments = enrolments.filter(open_overdue__gt=0)
        if is_id(station) and len(station) <= 18:  # a longer one is no station, not a 500
            enrolments = enrolments.filter(operator__area__station_id=int(station))
        operators = Paginator(enrolments, 50).get_page(request.GET.get("page"))
    totals = {code: sum(r["counts"][code] for r in rows) for code, _label in states}
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "selfcheck/dashboard.html",
        {
            "campaign": campaign,
            "campaigns": visible(user, Campaign),
            "rows": rows,
            "states": states,
            "totals": totals,
            "chart": chart,
            "operators": operators,
            "page": operators,
            "status": status,
            "query": query.urlencode(),
        },
    )


@permission("selfcheck.view_progress")
def dashboard_export(request):
    user = request.user
    campaign = _campaign_for(request)
    if campaign is None:
        raise Http404
    rows = _station_rows(user, campaign, timezone.localdate())
    states = list(S)
    header = (
        [_("监管所"), _("培育对象数")]
        + [_("%s（家）") % s.label for s in states]
        + [_("%s（%%）") % s.label for s in states]
        + [_("逾期未整改项")]
    )
    return xlsx_response(
        f"selfcheck-{campaign.year}.xlsx",
        _("自查进度"),
        header,
        (
            [row["station"].name, row["total"]]
            + [row["counts"][s.value] for s in states]
            + [row["percent"][s.value] for s in states]
            + [row["overdue"]]
            for row in rows
        ),
    )
