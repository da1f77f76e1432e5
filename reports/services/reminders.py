"""Reminders: the list of what is due that each dashboard shows, mailed every
morning to the people responsible for it (the secretaries and the
organization committee's staff with an address), each item once.

Beat asks every hour; the first time it asks on a day from SEND_FROM_HOUR
local time, every responsible user gets one mail with what became due in
their scope and was not mailed to them before. Asking again that day sends
nothing; a day the workers were down is caught up the next time they run (the
items still due are still on the list, and none of them was sent).

The mail names the kind of each item, its day and a link, never the person:
a mail leaves the registry's protection, and the names of candidates and
members are personal data (Law 91/2025/QH15); the link asks for a sign-in.
"""

import datetime
import hashlib

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from organizations import clock
from organizations.memo import unit_of_work
from organizations.models import Notification, Role, RoleAssignment, User
from organizations.selectors import scope_roots
from organizations.services.notifications import notify_user
from organizations.text import day_label

from ..due import DueItem, due_items
from ..models import Reminder, ReminderRun

RESPONSIBLE = [Role.SECRETARY, Role.ORG_STAFF]
SEND_FROM_HOUR = 6
# More than any scope's list; the dashboard shows the first forty.
MOST_ITEMS = 1000


def _key(item: DueItem) -> str:
    return hashlib.sha256(
        f"{item.what}|{item.url}|{item.due.isoformat()}".encode()
    ).hexdigest()


def responsible_users() -> list[User]:
    holders = RoleAssignment.objects.active().filter(role__in=RESPONSIBLE)
    return list(
        User.objects.filter(is_active=True, pk__in=holders.values("user_id"))
        .exclude(email="")
        .order_by("pk")
    )


def _digest(items: list[DueItem], today: datetime.date) -> str:
    site = settings.SITE_URL.rstrip("/")
    lines = [
        _("What is due in your scope, new since your last reminder (%(day)s):")
        % {"day": day_label(today)},
        "",
    ]
    for item in items:
        late = _(" (overdue)") if item.overdue else ""
        lines += [f"- {item.due:%d/%m/%Y}{late}: {item.what}", f"  {site}{item.url}"]
    lines += [
        "",
        _("Everything that is due, on your dashboard: %(url)s")
        % {"url": site + reverse("reports:dashboard")},
    ]
    return "\n".join(lines)


@transaction.atomic
def remind(user: User, today: datetime.date) -> Notification | None:
    """Mail `user` the items of their due list not mailed to them before;
    None when there is nothing new. Two runs at once wait on the user's row,
    and the second finds everything sent."""
    user = User.objects.select_for_update().get(pk=user.pk)
    roots = scope_roots(user)
    if not roots:
        return None
    with unit_of_work():
        items = due_items(user, today, limit=MOST_ITEMS)
    keyed = {_key(item): item for item in items}
    sent = set(
        Reminder.objects.filter(user=user, key__in=list(keyed)).values_list(
            "key", flat=True
        )
    )
    new = [(key, item) for key, item in keyed.items() if key not in sent]
    if not new:
        return None
    count = len(new)
    note = notify_user(
        user,
        roots[0],
        ngettext(
            "%(count)s item newly due or overdue in your scope.",
            "%(count)s items newly due or overdue in your scope.",
            count,
        )
        % {"count": count},
        url=reverse("reports:dashboard"),
        mail_subject=_("Party membership registry: what is due (%(day)s)")
        % {"day": today.strftime("%d/%m/%Y")},
        mail_body=_digest([item for _key, item in new], today),
    )
    Reminder.objects.bulk_create(
        Reminder(
            user=user,
            key=key,
            what=item.what,
            who=item.who[:200],
            due=item.due,
            url=item.url[:255],
            notification=note,
        )
        for key, item in new
    )
    return note


def send_due_reminders(at: datetime.datetime | None = None) -> int | None:
    """Today's reminders, unless sent already or asked before SEND_FROM_HOUR;
    how many users were mailed (None: nothing to do yet)."""
    at = timezone.localtime(at)
    today = clock.today()
    if at.hour < SEND_FROM_HOUR or ReminderRun.objects.filter(day=today).exists():
        return None
    # The items are keyed by their text: always in the registry's language.
    with translation.override(settings.LANGUAGE_CODE):
        mailed = sum(1 for user in responsible_users() if remind(user, today))
    ReminderRun.objects.get_or_create(day=today, defaults={"users_mailed": mailed})
    return mailed
