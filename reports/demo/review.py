"""The demo's monthly reviews (DESIGN.md §6): the district's Standing Committee
of nine (btv, its secretary, and eight members without a login, the first its
deputy secretary), the head of the organization committee (without a login:
the documents name who signs them), this year's decision register,
the last review meeting held and locked, and the next one in preparation.
Everything goes through the review services, as staff would do it.

Demo assumptions, stated here: the Standing Committee meets on the 20th (or the
next working day); the register started the year on paper, so its first number
here follows about two hundred earlier decisions; the last meeting took
the dossiers appraised before it and approved all but one, deferred to the
next meeting, which has those appraised since on its agenda."""

import datetime

from candidates.models import AgendaItem, DecisionRegister
from candidates.review.services import decisions, meetings, proposal, registers
from organizations.calendar import is_working_day
from organizations.models import Organization, Position, Role, User
from organizations.services.accounts import grant_role

from .users import ROLES_FROM

MEMBERS = [
    "Vàng Seo Hồ",
    "Lục Văn Thành",
    "Hoàng Thị Lan",
    "Sần Văn Dương",
    "Đặng Văn Hùng",
    "Nguyễn Thị Hạnh",
    "Lý Seo Pao",
    "Ma Văn Chung",
]
HEAD = "Phan Văn Tùng"
Book = DecisionRegister.Book
FIRST_NUMBER = 201
# The year's books as the demo opens them: decisions after about two hundred
# issued on paper, proposals and minutes after about ten.
BOOKS = (
    (Book.DECISIONS, "QĐ/HU", FIRST_NUMBER),
    (Book.PROPOSALS, "TTr/BTCHU", 11),
    (Book.MINUTES, "BB/HU", 11),
)
REVIEW_DAY = 20


def _review_day(year: int, month: int) -> datetime.date:
    day = datetime.date(year, month, REVIEW_DAY)
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


def _signed_before(meeting_day: datetime.date) -> datetime.date:
    """The proposal is signed three working days before the meeting."""
    day, left = meeting_day, 3
    while left:
        day -= datetime.timedelta(days=1)
        left -= is_working_day(day)
    return day


def last_and_next(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The last review day before today and the first after it."""
    this = _review_day(today.year, today.month)
    if this < today:
        following = (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
        return this, _review_day(following.year, following.month)
    previous = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    return _review_day(previous.year, previous.month), this


def _committee_members(committee: Organization, btv: User, admin: User) -> list[User]:
    members = [btv]
    for n, name in enumerate(MEMBERS, start=2):
        position = Position.DEPUTY_SECRETARY if n == 2 else Position.MEMBER
        members.append(
            _without_login(
                f"btv{n}", name, committee, Role.STANDING_COMMITTEE, position, admin
            )
        )
    _without_login("truongbantc", HEAD, committee, Role.ORG_STAFF, Position.HEAD, admin)
    return members


def _without_login(
    username: str,
    name: str,
    committee: Organization,
    role: str,
    position: str,
    admin: User,
) -> User:
    user, created = User.objects.get_or_create(
        username=username, defaults={"full_name": name, "created_by": admin}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        grant_role(
            user,
            organization=committee,
            role=role,
            position=position,
            started_on=ROLES_FROM,
            by=admin,
        )
    return user


def build_reviews(today: datetime.date, *, admin: User) -> None:
    committee = Organization.objects.get(code="HSP")
    staff, btv = User.objects.get(username="btc"), User.objects.get(username="btv")
    members = _committee_members(committee, btv, admin)
    held, upcoming = last_and_next(today)
    for year in sorted({held.year, upcoming.year}):
        for book, symbol, first in BOOKS:
            if registers.find_register(committee, year, book) is None:
                registers.open_register(
                    committee,
                    book=book,
                    year=year,
                    symbol=symbol,
                    start_number=first,
                    by=staff,
                )
    last = meetings.create_meeting(
        committee,
        held_on=held,
        place="Phòng họp Ban Thường vụ Huyện ủy",
        chair=btv,
        by=staff,
    )
    # Dossiers appraised since wait for the next meeting.
    for item in last.items.select_related("candidate", "recognition"):
        subject = item.candidate or item.recognition
        appraised = subject.log.filter(action="appraise").order_by("-on").first()  # type: ignore[union-attr]
        if appraised is not None and appraised.on > held:
            meetings.hold_back(item, by=staff)
    proposal.issue_proposal(last, on=_signed_before(held), by=staff)
    meetings.set_attendance(last, present=members[:8], secretary=staff, by=staff)
    items = list(last.items.order_by("position"))
    held_over = [i for i in items if i.candidate_id][-1:]
    for item in items:
        deferred = item in held_over
        meetings.record_outcome(
            item,
            outcome=AgendaItem.Outcome.DEFERRED
            if deferred
            else AgendaItem.Outcome.APPROVED,
            votes_for=2 if deferred else 8,
            votes_against=6 if deferred else 0,
            abstaining=0,
            reason="Cần thêm thời gian xem xét ý kiến nơi cư trú" if deferred else "",
            by=btv,
        )
    decisions.lock_meeting(last, by=staff)
    meetings.create_meeting(
        committee,
        held_on=upcoming,
        place="Phòng họp Ban Thường vụ Huyện ủy",
        chair=btv,
        by=staff,
    )
