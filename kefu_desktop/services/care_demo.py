"""Demo data for customer care, through the same services an agent uses: follow-ups of the
demo's resolved cases, a blocklisted and a repeat customer, and a month of middling and bad
reviews."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import peewee

from kefu_desktop.domain.care import (
    BlockReason,
    CustomerMarkKind,
    ReviewRating,
    ReviewReason,
    ReviewState,
    Satisfaction,
    SkipReason,
)
from kefu_desktop.domain.clock import utc_now
from kefu_desktop.domain.errors import KefuError
from kefu_desktop.domain.roles import Role
from kefu_desktop.domain.states import CaseState
from kefu_desktop.services import customers, follow_ups, reviews
from kefu_desktop.services.auth import User, own_rule
from kefu_desktop.store.models import Case, Customer, Staff

FOLLOW_UPS = 60
REVIEWS = 14
REVIEW_TEXTS = (
    "洗了一次就起球，质量一般",
    "颜色和图片差很多",
    "快递太慢了，包装也破了",
    "客服回复很慢",
    "尺码偏小，换货麻烦",
    "少发了一件，联系了才补",
)


def _users() -> dict[int, User]:
    return {
        s.id: User(s.id, s.login, s.display_name, Role(s.role))
        for s in Staff.select().where(Staff.active == True)  # noqa: E712 - peewee expression
    }


@own_rule("只由生成演示数据调用，那里已确认是演示数据库；以各单处理人的账号调用各项服务")
def add_care_demo(rng: random.Random) -> int:
    """Follow up the demo's older resolved cases (newer ones stay due in 我的待办), mark two
    customers and record reviews; a step the services refuse is left out. The history entries
    written (one per follow-up)."""
    users = _users()
    agents = [u for u in users.values() if u.role == Role.AGENT]
    if not agents:
        return 0
    events = 0
    now = utc_now()
    settings = customers.get_care_settings()
    resolved = (
        Case.select(Case.id, Case.handler)
        .where(
            Case.state.in_([CaseState.RESOLVED, CaseState.CLOSED])
            & (Case.resolved_at < now - timedelta(days=settings.follow_up_days + 2))
            & (Case.resolved_at >= now - timedelta(days=40))
            & Case.handler.in_([a.id for a in agents])
        )
        .order_by(Case.id.desc())
        .limit(FOLLOW_UPS)
        .tuples()
    )
    for case_id, handler in resolved:
        user = users[handler]
        draw = rng.random()
        try:
            if draw < 0.08:
                follow_ups.skip_follow_up(user, case_id, SkipReason.CLOSED_IN_ANGER)
            elif draw < 0.2:
                follow_ups.record_follow_up(user, case_id, False, remark="电话未接，旺旺未回")
            else:
                satisfaction = Satisfaction.SATISFIED if draw < 0.85 else Satisfaction.NEUTRAL
                follow_ups.record_follow_up(user, case_id, True, satisfaction)
        except KefuError:
            continue
        events += 1
    _mark_customers(rng, agents)
    _reviews(rng, agents, now)
    return events


def _mark_customers(rng: random.Random, agents: list[User]) -> None:
    busiest = (
        Case.select(Customer.platform_id)
        .join(Customer, on=(Case.customer == Customer.id))
        .group_by(Customer.platform_id)
        .order_by(peewee.fn.COUNT(Case.id).desc(), Customer.platform_id)
        .limit(2)
        .tuples()
    )
    picked = [c for (c,) in busiest]
    if len(picked) < 2:
        return
    customers.mark_customer(
        rng.choice(agents),
        picked[0],
        CustomerMarkKind.BLOCKED,
        BlockReason.SHORT_CLAIMS,
        "多次签收后说少件，仓库称重都与底单相符",
    )
    customers.mark_customer(
        rng.choice(agents), picked[1], CustomerMarkKind.REGULAR, remark="老客户，每季都来买"
    )


def _reviews(rng: random.Random, agents: list[User], now: datetime) -> None:
    recent = list(
        Case.select(Customer.platform_id, Case.order_no, Case.sku, Case.case_no)
        .join(Customer, on=(Case.customer == Customer.id))
        .where(Case.created_at >= now - timedelta(days=30))
        .order_by(Case.id.desc())
        .limit(200)
        .tuples()
    )
    if not recent:
        return
    today = datetime.now().date()
    for _ in range(REVIEWS):
        customer, order_no, sku, case_no = rng.choice(recent)
        agent = rng.choice(agents)
        review = reviews.record_review(
            agent,
            reviews.NewReview(
                customer_id=customer,
                rating=ReviewRating.BAD if rng.random() < 0.6 else ReviewRating.MIDDLING,
                reason=rng.choice(list(ReviewReason)),
                reviewed_on=today - timedelta(days=rng.randint(1, 25)),
                text=rng.choice(REVIEW_TEXTS),
                order_no=order_no,
                sku=sku,
            ),
        )
        if rng.random() < 0.5:
            review = reviews.link_case(agent, review.id, review.version, case_no)
        draw = rng.random()
        if draw < 0.7:
            review = reviews.handle_review(
                agent, review.id, review.version, ReviewState.CONTACTED, "已联系客户，说明并致歉"
            )
        if draw < 0.45:
            reviews.handle_review(agent, review.id, review.version, ReviewState.REVISED)
        elif draw < 0.6:
            reviews.handle_review(
                agent, review.id, review.version, ReviewState.CANNOT_REVISE, "客户不愿修改"
            )
