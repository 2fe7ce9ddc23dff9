"""The public site's pages (no sign-in): the front door, finding a trusted seller, a
certificate's live badge and the privacy notice. Other apps are read through their facts."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from fangxin.core.permissions import public
from fangxin.programme import facts as programme_facts
from fangxin.titles import facts as title_facts

from . import badges, site
from .forms import SellerSearchForm

PAGE_SIZE = 20

# One entry per public service, in the order a citizen looks for them: (url name, name, what
# it does). An entry whose page is not installed is left out, never shown as a dead link.
SERVICES = [
    (
        "disclosure:sellers",
        gettext_lazy("查找放心商家"),
        gettext_lazy("按店铺名、信用代码或平台账号查询称号持有者"),
    ),
    (
        "public-titles:verify-query",
        gettext_lazy("证书核验"),
        gettext_lazy("输入证书编号，查看称号是否有效"),
    ),
    (
        "public-titles:notices",
        gettext_lazy("称号公示"),
        gettext_lazy("拟授予称号的经营主体名单，公示期内可提出异议"),
    ),
    (
        "public-complaint",
        gettext_lazy("投诉举报"),
        gettext_lazy("网购、直播、团购中的消费纠纷和违法线索"),
    ),
    (
        "public-complaint-track",
        gettext_lazy("办理进度查询"),
        gettext_lazy("凭查询码查看投诉举报的办理情况"),
    ),
    ("public-ratings", gettext_lazy("消费者评议"), gettext_lazy("为培育对象的商品和服务打分")),
    ("public-inspections", gettext_lazy("检查结果公示"), gettext_lazy("监督检查的结果")),
    (
        "public-draws",
        gettext_lazy("双随机抽取公示"),
        gettext_lazy("随机抽取检查对象的过程和结果，可自行复核"),
    ),
    (
        "disclosure:stories",
        gettext_lazy("先进典型"),
        gettext_lazy("放心电商经营主体的好做法、好经验"),
    ),
    (
        "disclosure:suggestion-new",
        gettext_lazy("意见建议"),
        gettext_lazy("对放心电商培育工作提出意见建议，查看已公开的答复"),
    ),
    (
        "registry:apply",
        gettext_lazy("申请加入培育"),
        gettext_lazy("本县电商经营主体在线申请参加放心电商培育"),
    ),
]


def public_services() -> list[dict]:
    entries = []
    for name, label, description in SERVICES:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        entries.append({"name": name, "label": label, "description": description, "url": url})
    return entries


@public("the public front door: who runs the service, the programme, its dates and services")
def front(request):
    today = timezone.localdate()
    campaign = programme_facts.campaign_for(today.year)
    phases = [
        {"fact": phase, "current": phase.starts_on <= today <= phase.ends_on}
        for phase in (campaign.phases if campaign else ())
    ]
    guide_url = reverse("programme:guide", args=[campaign.year]) if campaign else ""
    context = {
        "campaign": campaign,
        "phases": phases,
        "guide_url": guide_url,
        "services": public_services(),
        "holders": title_facts.find_titles(today=today).count(),
        "today": today,
    }
    return render(request, "disclosure/front.html", context)


@public("current title holders: business names, credit codes, addresses, accounts, status")
def sellers(request):
    form = SellerSearchForm(request.GET or None)
    rows = page = None
    if not request.GET or form.is_valid():
        data = form.cleaned_data if request.GET else {}
        ids = title_facts.find_titles(
            data.get("q", ""),
            kind=data.get("kind", ""),
            area_id=data.get("area"),
            status=data.get("status") or "current",
        )
        page = Paginator(ids, PAGE_SIZE).get_page(request.GET.get("page"))
        rows = title_facts.holders(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "disclosure/sellers.html",
        {"form": form, "page": page, "rows": rows, "query": query.urlencode()},
        status=200,
    )


@public("the site's privacy notice")
def privacy(request):
    return render(request, "disclosure/privacy.html", {"notice": site.privacy_notice()})


def public_url(request, name: str, *args) -> str:
    """An absolute address of a public page: at the configured public address when there is
    one (a storefront or a printed QR code outlives the request), else the request's host."""
    path = reverse(name, args=args)
    base = settings.FANGXIN_PUBLIC_BASE_URL.rstrip("/")
    return f"{base}{path}" if base else request.build_absolute_uri(path)


def verification_url(request, certificate_no: str) -> str:
    return public_url(request, "public-titles:verify", certificate_no)


def badge_of(request, no: str) -> badges.Badge:
    """The badge's words for certificate ``no`` (Chinese: storefronts are Chinese), or 404
    for an unknown or malformed number alike."""
    fact = title_facts.title_status(no)
    if fact is None:
        raise Http404(_("没有该编号的证书。"))
    with translation.override("zh-hans"):
        if fact.status == "revoked" and fact.revoked_on:
            detail = _("证书编号 %(no)s · %(date)s 撤销") % {
                "no": fact.certificate_no,
                "date": fact.revoked_on.isoformat(),
            }
        elif fact.status == "expired":
            detail = _("证书编号 %(no)s · %(date)s 到期") % {
                "no": fact.certificate_no,
                "date": fact.valid_until.isoformat(),
            }
        else:
            detail = _("证书编号 %(no)s · 有效期至 %(date)s") % {
                "no": fact.certificate_no,
                "date": fact.valid_until.isoformat(),
            }
        return badges.Badge(
            title_name=settings.FANGXIN_TITLE_NAME,
            status=fact.status,
            status_label=str(fact.status_label),
            holder=fact.holder_name,
            detail=detail,
            link_label=_("核验："),
            url=verification_url(request, fact.certificate_no),
        )


def _cached(request, body: bytes, content_type: str) -> HttpResponse:
    """A short public cache lifetime and an ETag of the bytes: a browser or proxy asks again
    within minutes and gets 304 while nothing changed."""
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    asked = [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]
    if etag in asked or f"W/{etag}" in asked:
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(body, content_type=content_type)
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={settings.FANGXIN_BADGE_MAX_AGE}"
    # Any site may show the badge in an <img>.
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


@public("a certificate's badge: its number, holder and current status drawn as an image")
@require_GET
def badge_svg(request, no: str):
    body = badges.svg(badge_of(request, no)).encode()
    return _cached(request, body, "image/svg+xml; charset=utf-8")


@public("a certificate's badge as a PNG picture, for storefronts that take no SVG")
@require_GET
def badge_png(request, no: str):
    badge = badge_of(request, no)
    try:
        body = badges.png(badge)
    except (ImportError, ValueError):
        return HttpResponse(
            _("本服务器不能生成PNG徽章，请使用SVG徽章。"),
            status=503,
            content_type="text/plain; charset=utf-8",
        )
    return _cached(request, body, "image/png")


# The red and black list (oversight's public pages); the front door lists it when it exists.
SERVICES.append(
    (
        "public-oversight:lists",
        gettext_lazy("红黑榜"),
        gettext_lazy("定期发布的守信红榜和失信黑榜，含往期"),
    )
)
