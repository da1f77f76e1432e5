"""Creating and correcting member records. Status, organization and membership
dates change only through the lifecycle and transfer services."""

import datetime
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from organizations import clock
from organizations.models import Organization, User
from organizations.selectors import Permission, can

from ..images import process_image
from ..models import Member, MemberEvent, PartyCard
from ..validators import (
    validate_card_number,
    validate_cccd,
    validate_cmnd,
    validate_general_education,
)
from .recording import Decision

# What a profile correction may change (DOMAIN.md §4.1–4.3).
PROFILE_FIELDS = (
    "full_name",
    "birth_name",
    "aliases",
    "sex",
    "birth_date",
    "birth_place",
    "native_place",
    "permanent_address",
    "temporary_address",
    "village",
    "ethnicity",
    "religion",
    "religious_role",
    "cccd",
    "cmnd",
    "occupation",
    "occupation_group",
    "general_education",
    "professional_level",
    "political_theory",
    "state_management",
    "foreign_language",
    "it_level",
    "minority_language",
    "youth_union_date",
    "introducers",
    "card_number",
    "history_number",
)
UNIQUE_FIELDS = {
    "cccd": gettext_lazy("citizen ID (CCCD)"),
    "card_number": gettext_lazy("party card number"),
    "history_number": gettext_lazy("member history number"),
}


def clean_profile(values: dict[str, Any]) -> dict[str, Any]:
    """Normalise and check profile values; raise one ValidationError with every
    problem by field. Plain function: forms and bulk imports both call it."""
    errors: dict[str, list[str]] = {}
    cleaned = dict(values)

    def check(field: str, func: Any, *args: Any, **kwargs: Any) -> None:
        try:
            cleaned[field] = func(*args, **kwargs)
        except ValidationError as error:
            errors.setdefault(field, []).extend(error.messages)

    if cleaned.get("cccd"):
        check(
            "cccd",
            validate_cccd,
            cleaned["cccd"],
            birth_date=cleaned.get("birth_date"),
            female=cleaned.get("sex") == Member.Sex.FEMALE
            if cleaned.get("sex")
            else None,
        )
    if cleaned.get("cmnd"):
        check("cmnd", validate_cmnd, cleaned["cmnd"])
    if cleaned.get("general_education"):
        check(
            "general_education",
            validate_general_education,
            cleaned["general_education"],
        )
    if cleaned.get("card_number"):
        check("card_number", validate_card_number, cleaned["card_number"])
    if cleaned.get("history_number"):
        cleaned["history_number"] = cleaned["history_number"].strip().upper()
    if errors:
        raise ValidationError(errors)
    return cleaned


def check_unique(values: dict[str, Any], *, exclude: int | None, by: User) -> None:
    """A CCCD, card or history number already held by another member anywhere in
    the registry is refused; the holder's organization is named only when the
    user may see it."""
    errors: dict[str, str] = {}
    for field, label in UNIQUE_FIELDS.items():
        value = values.get(field)
        if not value:
            continue
        holders = Member.objects.filter(**{field: value}).select_related("organization")
        if exclude is not None:
            holders = holders.exclude(pk=exclude)
        holder = holders.first()
        if holder is None and field == "card_number":
            # A card number once issued stays with its holder, even after a new card.
            cards = PartyCard.objects.filter(number=value).select_related(
                "member__organization"
            )
            if exclude is not None:
                cards = cards.exclude(member=exclude)
            card = cards.first()
            holder = card.member if card else None
        if holder is None:
            continue
        if can(by, Permission.READ, holder.organization):
            message = _("This %(what)s already belongs to %(name)s (%(org)s).") % {
                "what": label,
                "name": holder.full_name,
                "org": holder.organization.name,
            }
            errors[field] = capfirst(message)
        else:
            errors[field] = capfirst(
                _(
                    "This %(what)s already belongs to a member outside your scope; "
                    "ask the organization committee."
                )
                % {"what": label}
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_member(
    organization: Organization,
    *,
    profile: dict[str, Any],
    decision: Decision,
    ceremony_date: datetime.date,
    by: User,
    official_date: datetime.date | None = None,
) -> Member:
    """A new member row: the profile checked as the form checks it, unique
    numbers checked, status from the official date. Callers add the placement
    and the event that say how the member came."""
    cleaned = clean_profile(profile)
    check_unique(cleaned, exclude=None, by=by)
    member = Member(
        **{f: cleaned[f] for f in PROFILE_FIELDS if cleaned.get(f) is not None},
        organization=organization,
        status=Member.Status.OFFICIAL if official_date else Member.Status.PROBATIONARY,
        admission_decision_number=decision.number,
        admission_decision_date=decision.date,
        admission_issuing_body=decision.body,
        ceremony_date=ceremony_date,
        official_date=official_date,
    )
    member.full_clean(validate_unique=False)
    member.set_derived_fields()
    member.save()
    return member


def update_profile(member: Member, *, by: User, **values: Any) -> Member:
    """Correct profile fields; records which fields changed, from what to what."""
    if not can(by, Permission.EDIT_REGISTRY, member.organization):
        raise PermissionDenied
    unknown = set(values) - set(PROFILE_FIELDS)
    if unknown:
        raise ValidationError(
            _(
                "Organization, status and membership dates change through "
                "transfers and the member's lifecycle, not here."
            )
        )
    member = Member.objects.select_for_update().get(pk=member.pk)
    current = {field: getattr(member, field) for field in PROFILE_FIELDS}
    cleaned = clean_profile({**current, **values})
    check_unique(cleaned, exclude=member.pk, by=by)
    changed = {f: v for f, v in cleaned.items() if v != current[f]}
    if not changed:
        return member
    for field, value in changed.items():
        setattr(member, field, value)
    member.full_clean(validate_unique=False)
    member.set_derived_fields()
    member.save()
    MemberEvent.objects.create(
        member=member,
        kind=MemberEvent.Kind.PROFILE_UPDATED,
        on=clock.today(),
        organization=member.organization,
        data={
            field: [str(current[field] or ""), str(value or "")]
            for field, value in changed.items()
        },
        recorded_by=by,
    )
    return member


@transaction.atomic
def set_member_photo(member: Member, *, upload: IO[bytes], by: User) -> Member:
    """Check, convert and store the member's photo, replacing the earlier one."""
    if not can(by, Permission.EDIT_REGISTRY, member.organization):
        raise PermissionDenied
    picture = process_image(upload, max_side=800)
    member = Member.objects.select_for_update().get(pk=member.pk)
    if member.photo:
        member.photo.delete(save=False)
    member.photo.save(f"{member.pk}.jpg", ContentFile(picture), save=False)
    member.save(update_fields=["photo", "updated_at"])
    MemberEvent.objects.create(
        member=member,
        kind=MemberEvent.Kind.PROFILE_UPDATED,
        on=clock.today(),
        organization=member.organization,
        data={"photo": ["", member.photo.name]},
        recorded_by=by,
    )
    return member
