import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from members.models import Ethnicity, Member
from members.services.recording import opening_placement
from members.services.temporary import start_temporary_transfer
from organizations import clock
from organizations.calendar import add_months
from organizations.models import Job, Organization, Position, Role, RoleAssignment, User
from organizations.services.tree import create_organization


def letters(n: int) -> str:
    """A suffix in letters that sorts as `n` does (AA, AB, … for 0, 1, …):
    a person's name holds no digits."""
    return chr(65 + n // 26 % 26) + chr(65 + n % 26)


class OrganizationFactory(DjangoModelFactory[Organization]):
    class Meta:
        model = Organization
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"ORG{n}")
    name = factory.Sequence(lambda n: f"Chi bộ thử nghiệm {n}")
    kind = Organization.Kind.GRASSROOTS_CELL
    parent = None
    is_grassroots = False
    has_admission_authority = False
    opened_on = datetime.date(2000, 1, 1)

    @classmethod
    def _create(
        cls, model_class: type[Organization], *args: object, **kwargs: object
    ) -> Organization:
        # The path is the service's job; going through it keeps fixtures honest.
        return create_organization(by=None, **kwargs)


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Người dùng {n}")
    password = factory.django.Password("secret-pass-123")


class RoleAssignmentFactory(DjangoModelFactory[RoleAssignment]):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Role.VIEWER
    position = Position.MEMBER
    started_on = datetime.date(2020, 1, 1)


class MemberFactory(DjangoModelFactory[Member]):
    class Meta:
        model = Member

    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {letters(n)}")
    sex = Member.Sex.MALE
    birth_date = datetime.date(1980, 5, 17)
    ethnicity = factory.LazyFunction(lambda: Ethnicity.objects.get(name="Nùng"))
    organization = factory.SubFactory(OrganizationFactory)
    status = Member.Status.OFFICIAL
    admission_decision_date = datetime.date(2010, 3, 20)
    ceremony_date = factory.LazyAttribute(
        lambda m: m.admission_decision_date + datetime.timedelta(days=20)
    )
    official_date = factory.LazyAttribute(lambda m: add_months(m.ceremony_date, 12))

    @classmethod
    def _create(cls, model_class: type[Member], **kwargs: object) -> Member:
        member = model_class(**kwargs)
        member.set_derived_fields()
        member.save()
        opening_placement(member).save()
        return member


class JobFactory(DjangoModelFactory[Job]):
    class Meta:
        model = Job

    kind = "selftest"
    task_name = "organizations.tasks.run_selftest_job"
    organization = factory.SubFactory(OrganizationFactory)
    params = factory.LazyFunction(dict)
    params_digest = factory.Sequence(lambda n: f"{n:064d}")
    dispatched_at = factory.LazyFunction(timezone.now)
    as_of = factory.LazyFunction(clock.today)
    requested_by = factory.SubFactory(UserFactory)


def away_to_work(
    member: Member, by: User, *, until: datetime.date, start: datetime.date
) -> None:
    """The member goes away to work outside the registry, with the
    introduction letter, from `start` until `until`."""
    start_temporary_transfer(
        member,
        to=None,
        outside="Công ty Cổ phần Chè Hà Giang",
        purpose="work",
        start=start,
        until=until,
        introduction_number="12-GGT",
        by=by,
    )
