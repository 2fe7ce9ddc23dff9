"""Demo consumer ratings, survey answers and invited members' scores for every campaign's
enrolled operators: a spread of stars (most operators well rated, a few poorly, some with too
few ratings to count), one burst from one network flagged and excluded by the office, and five
invited members per campaign who scored every enrolment.

Deterministic (one seeded ``random.Random``); the phones are made-up keyed hashes. Rows are dated
inside each campaign's year, before the day of the build. A second build does nothing.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from django.utils import timezone

from fangxin.core import otp
from fangxin.core.models import User
from fangxin.programme.models import Campaign, Enrolment

from .models import Member, MemberScore, Rating, SurveyResponse

SEED = 20261202

COMMENTS = [
    "发货快，包装完好，和直播间介绍的一致。",
    "主播讲解很详细，售后客服回复及时。",
    "价格实惠，退货也很顺利。",
    "商品一般，物流有点慢。",
    "收到的商品和描述不符，客服处理较慢。",
    "自提点很方便，生鲜新鲜。",
    "",
]

MEMBERS = [
    ("陈建国", Member.Affiliation.NPC, "县人大代表"),
    ("周丽华", Member.Affiliation.CPPCC, "县政协委员"),
    ("吴晓东", Member.Affiliation.MEDIA, "长兴传媒集团"),
    ("郑文静", Member.Affiliation.PUBLIC, "雉城街道居民代表"),
    ("孙立新", Member.Affiliation.NPC, "县人大代表"),
]


def _moment(rng: random.Random, year: int, today) -> datetime:
    start = datetime(year, 3, 1)
    end = min(datetime(year, 11, 30), datetime.combine(today - timedelta(days=1), time(20)))
    if end <= start:
        end = start + timedelta(days=1)
    span = int((end - start).total_seconds())
    return timezone.make_aware(start + timedelta(seconds=rng.randrange(span)))


def _phone(rng: random.Random) -> str:
    return otp.phone_hash(f"1{rng.choice('3578')}{rng.randrange(10**9):09d}")


def _ip(rng: random.Random) -> tuple[str, str]:
    first = rng.choice([36, 60, 115, 183, 223])
    ip = f"{first}.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
    return otp.keyed_hash("ip", ip), ".".join(ip.split(".")[:3]) + ".0/24"


def build(log=print) -> None:
    if Rating.objects.exists() or Member.objects.exists():
        log("Ratings: already there, left as they are.")
        return
    rng = random.Random(SEED)
    today = timezone.localdate()
    office = User.objects.filter(username="office").first()
    ratings, answers, scores = [], [], []
    for campaign in Campaign.objects.filter(phases__starts_on__lte=today).distinct():
        enrolments = list(
            Enrolment.objects.enrolled().filter(campaign=campaign).order_by("operator_id", "kind")
        )
        operators = sorted({e.operator_id for e in enrolments})
        for index, operator_id in enumerate(operators):
            # Most are liked, every seventh poorly; every tenth has few ratings.
            base = 2.4 if index % 7 == 3 else 4.3
            count = rng.randint(2, 4) if index % 10 == 5 else rng.randint(8, 24)
            for _n in range(count):
                ip_hash, network = _ip(rng)
                stars = max(1, min(5, round(rng.gauss(base, 0.8))))
                ratings.append(
                    Rating(
                        campaign=campaign,
                        operator_id=operator_id,
                        phone_hash=_phone(rng),
                        ip_hash=ip_hash,
                        network=network,
                        created_at=_moment(rng, campaign.year, today),
                        stars=stars,
                        comment=rng.choice(COMMENTS) if stars >= 3 else COMMENTS[4],
                    )
                )
            for _n in range(rng.randint(3, 12)):
                ip_hash, network = _ip(rng)
                values = [max(1, min(5, round(rng.gauss(base, 0.7)))) for _q in range(4)]
                answers.append(
                    SurveyResponse(
                        campaign=campaign,
                        operator_id=operator_id,
                        phone_hash=_phone(rng),
                        ip_hash=ip_hash,
                        network=network,
                        created_at=_moment(rng, campaign.year, today),
                        quality=values[0],
                        honesty=values[1],
                        service=values[2],
                        overall=values[3],
                        # The awareness question (知晓率): three in four knew of the campaign.
                        aware=len(answers) % 4 != 3,
                    )
                )
        if operators:
            # A burst of five-star ratings from one network within minutes: flagged, and
            # excluded by the office in past campaigns.
            target = operators[len(operators) // 2]
            at = _moment(rng, campaign.year, today)
            excluded = campaign.year < today.year
            for n in range(6):
                ratings.append(
                    Rating(
                        campaign=campaign,
                        operator_id=target,
                        phone_hash=_phone(rng),
                        ip_hash=otp.keyed_hash("ip", f"58.100.20.{10 + n}"),
                        network="58.100.20.0/24",
                        created_at=at + timedelta(minutes=n),
                        stars=5,
                        comment="好评！",
                        flagged=True,
                        flag_reason="同一网段短时间内集中提交",
                        excluded=excluded,
                        exclusion_reason="同一网段集中好评，疑似刷评" if excluded else "",
                        excluded_by=office if excluded else None,
                        excluded_at=at + timedelta(days=2) if excluded else None,
                    )
                )
        for name, affiliation, organisation in MEMBERS:
            member = Member.objects.create(
                campaign=campaign,
                name=name,
                affiliation=affiliation,
                organisation=organisation,
                phone=f"139{rng.randrange(10**8):08d}",
                created_by=office,
            )
            for enrolment in enrolments:
                scores.append(
                    MemberScore(
                        member=member,
                        enrolment=enrolment,
                        score=max(0, min(100, round(rng.gauss(86, 7)))),
                        entered_by=office if rng.random() < 0.4 else None,
                    )
                )
    Rating.objects.bulk_create(ratings, batch_size=500)
    SurveyResponse.objects.bulk_create(answers, batch_size=500)
    MemberScore.objects.bulk_create(scores, batch_size=500)
    log(
        f"Ratings: {len(ratings)} consumer ratings, {len(answers)} survey answers, "
        f"{len(scores)} invited members' scores."
    )
