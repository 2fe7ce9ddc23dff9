"""The work behind the pages: who may be rated, recording a rating or a survey answer (after its
one-time code), flagging bursts, excluding with a reason, invited members and their links."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fangxin.core import otp
from fangxin.core.permissions import require
from fangxin.programme import facts as programme_facts
from fangxin.programme.models import Campaign, Enrolment, Kind
from fangxin.registry.models import Operator

from .models import Member, MemberScore, Rating, SurveyResponse

RATING_PURPOSE = "ratings.rating"
SURVEY_PURPOSE = "ratings.survey"
LINK_SALT = "fangxin.ratings.member-link"


# -- who may be rated -------------------------------------------------------------------------


def current_campaign() -> Campaign | None:
    return Campaign.current(timezone.localdate())


@dataclass(frozen=True)
class PublicOperator:
    """What the public pages show of an enrolled operator: its name and kinds, nothing else."""

    pk: int
    name: str
    kinds: tuple[str, ...]

    @property
    def kind_labels(self) -> list[str]:
        labels = dict(Kind.choices)
        return [str(labels.get(kind, kind)) for kind in self.kinds]


def public_operators(campaign: Campaign | None) -> list[PublicOperator]:
    if campaign is None:
        return []
    enrolments = programme_facts.enrolments(campaign.pk)
    kinds: dict[int, list[str]] = {}
    for fact in enrolments:
        kinds.setdefault(fact.operator_id, []).append(fact.kind)
    names = dict(
        Operator.objects.filter(pk__in=list(kinds)).order_by("name").values_list("pk", "name")
    )
    return sorted(
        (PublicOperator(pk, names[pk], tuple(kinds[pk])) for pk in kinds if pk in names),
        key=lambda o: (o.name, o.pk),
    )


def public_operator(campaign: Campaign | None, operator_id: int) -> PublicOperator | None:
    if campaign is None:
        return None
    kinds = tuple(
        Enrolment.objects.enrolled()
        .filter(campaign=campaign, operator_id=operator_id)
        .order_by("kind")
        .values_list("kind", flat=True)
    )
    if not kinds:
        return None
    name = Operator.objects.filter(pk=operator_id).values_list("name", flat=True).first()
    return PublicOperator(operator_id, name or "", kinds)


# -- where an answer comes from -----------------------------------------------------------------


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or ""


def network_of(ip: str) -> str:
    """The /24 (IPv4) or /64 (IPv6) network of ``ip``; empty when it does not parse."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ""
    prefix = 24 if address.version == 4 else 64
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))


def _flag_burst(model, row) -> None:
    """Flag ``row`` and the others of its burst: FANGXIN_RATING_BURST_COUNT or more from one IP
    or one network within FANGXIN_RATING_BURST_MINUTES."""
    since = row.created_at - timedelta(minutes=settings.FANGXIN_RATING_BURST_MINUTES)
    recent = model.objects.filter(created_at__gte=since, created_at__lte=row.created_at)
    limit = settings.FANGXIN_RATING_BURST_COUNT
    for field, value, reason in (
        ("ip_hash", row.ip_hash, _("同一IP地址短时间内集中提交")),
        ("network", row.network, _("同一网段短时间内集中提交")),
    ):
        if not value:
            continue
        burst = recent.filter(**{field: value})
        if burst.count() >= limit:
            burst.filter(flagged=False).update(flagged=True, flag_reason=reason)
            return


def _record(model, purpose, *, request, campaign, operator_id, phone, code, fields):
    if not otp.sms.available():
        raise ValidationError(_("短信验证服务未开通，暂不能提交。"))
    if public_operator(campaign, operator_id) is None:
        raise ValidationError(_("该经营主体不在本年度培育对象名单中。"))
    digest = otp.phone_hash(phone)
    # The code first: only the phone's holder learns whether it has answered already.
    try:
        otp.verify(phone, f"{purpose}:{operator_id}", code)
    except otp.CodeError as exc:
        raise ValidationError({"code": exc.messages}) from exc
    already = _("该手机号已对该经营主体提交过，每个手机号每年度只能提交一次。")
    if model.objects.filter(campaign=campaign, operator_id=operator_id, phone_hash=digest).exists():
        raise ValidationError({"phone": already})
    ip = client_ip(request)
    try:
        with transaction.atomic():
            row = model.objects.create(
                campaign=campaign,
                operator_id=operator_id,
                phone_hash=digest,
                ip_hash=otp.keyed_hash("ip", ip) if ip else "",
                network=network_of(ip),
                **fields,
            )
            _flag_burst(model, row)
    except IntegrityError as exc:
        raise ValidationError({"phone": already}) from exc
    row.refresh_from_db()
    return row


def rate(*, request, campaign, operator_id, phone, code, stars, comment="") -> Rating:
    """Record one consumer rating confirmed by the code sent to ``phone``."""
    return _record(
        Rating,
        RATING_PURPOSE,
        request=request,
        campaign=campaign,
        operator_id=operator_id,
        phone=phone,
        code=code,
        fields={"stars": stars, "comment": comment.strip()},
    )


def answer_survey(
    *, request, campaign, operator_id, phone, code, answers, aware: bool | None = None
) -> SurveyResponse:
    """Record one satisfaction-survey answer (``answers``: question field → 1..5) with the
    optional awareness answer (``aware``: knows of the campaign; None: not answered)."""
    return _record(
        SurveyResponse,
        SURVEY_PURPOSE,
        request=request,
        campaign=campaign,
        operator_id=operator_id,
        phone=phone,
        code=code,
        fields={**dict(answers), "aware": aware},
    )


def send_code(*, request, campaign, operator_id, phone, purpose) -> None:
    """Send a one-time code for rating (or surveying) this operator; refused for an operator
    not enrolled. Whether the phone has answered already is said only after its code is
    given back, so that nobody learns it by asking for a code."""
    if public_operator(campaign, operator_id) is None:
        raise ValidationError(_("该经营主体不在本年度培育对象名单中。"))
    # The code confirms the phone for this operator only.
    otp.issue(request, phone, f"{purpose}:{operator_id}")


# -- the office's review ------------------------------------------------------------------------


def exclude(user, row, reason: str):
    """Leave ``row`` (a rating or a survey answer) out of the aggregates, with the reason."""
    require(user, "ratings.exclude", row)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写剔除原因。")})
    with transaction.atomic():
        row = type(row).objects.select_for_update().get(pk=row.pk)
        if row.excluded:
            raise ValidationError(_("该条评议已被剔除。"))
        row.excluded = True
        row.exclusion_reason = reason[:200]
        row.excluded_by = user
        row.excluded_at = timezone.now()
        row.save(update_fields=["excluded", "exclusion_reason", "excluded_by", "excluded_at"])
    return row


# -- invited members ------------------------------------------------------------------------------


def add_member(user, *, campaign, name, affiliation, organisation="", phone="") -> Member:
    require(user, "ratings.manage_members")
    if phone:
        phone = otp.normalise_phone(phone)
    return Member.objects.create(
        campaign=campaign,
        name=name.strip(),
        affiliation=affiliation,
        organisation=organisation.strip(),
        phone=phone,
        created_by=user,
    )


def issue_link(user, member: Member) -> str:
    """A new personal link token for ``member``; links given out before stop working."""
    require(user, "ratings.manage_members", member)
    member.link_nonce = Member._meta.get_field("link_nonce").default()
    member.link_issued_at = timezone.now()
    member.save(update_fields=["link_nonce", "link_issued_at"])
    return signing.dumps({"m": member.pk, "n": member.link_nonce}, salt=LINK_SALT)


class LinkRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def member_from_link(token: str) -> Member:
    """The member a personal link names; ``LinkRefused`` when it is forged, expired or
    replaced by a newer link."""
    max_age = timedelta(days=settings.FANGXIN_MEMBER_LINK_DAYS)
    try:
        data = signing.loads(token, salt=LINK_SALT, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise LinkRefused(_("该评议链接已过期，请联系领导小组办公室重新获取。")) from exc
    except signing.BadSignature as exc:
        raise LinkRefused(_("评议链接无效。")) from exc
    member = Member.objects.filter(pk=data.get("m")).select_related("campaign").first()
    if member is None or member.link_nonce != data.get("n"):
        raise LinkRefused(_("该评议链接已失效，请使用最新发送的链接。"))
    return member


def member_enrolments(member: Member):
    return (
        Enrolment.objects.enrolled()
        .filter(campaign=member.campaign)
        .select_related("operator")
        .order_by("operator__name", "kind")
    )


def save_member_scores(member: Member, scores: dict[int, tuple[int | None, str]], *, by=None):
    """Save ``{enrolment_id: (score or None, comment)}`` for ``member``: a score replaces the
    earlier one, ``None`` leaves it as it is. ``by`` is the office user entering them, or
    ``None`` for the member through the link."""
    if by is not None:
        require(by, "ratings.manage_members", member)
    allowed = set(member_enrolments(member).values_list("pk", flat=True))
    unknown = set(scores) - allowed
    if unknown:
        raise PermissionDenied(_("只能为本年度培育对象评分。"))
    saved = 0
    with transaction.atomic():
        for enrolment_id, (score, comment) in scores.items():
            if score is None:
                continue
            if not 0 <= score <= 100:
                raise ValidationError(_("评分应在0到100之间。"))
            MemberScore.objects.update_or_create(
                member=member,
                enrolment_id=enrolment_id,
                defaults={"score": score, "comment": comment.strip(), "entered_by": by},
            )
            saved += 1
    return saved
