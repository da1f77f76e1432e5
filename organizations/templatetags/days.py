"""A date on a saved record, as the registry's forms take it: dd/mm/yyyy,
read back in words beside it so that a day and month swapped on the way in
show at a glance ("01/12/2026 · thứ Ba, 1 tháng 12 năm 2026")."""

import datetime

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from organizations.text import day_in_words, day_label

register = template.Library()


@register.filter
def day(value: datetime.date | None) -> SafeString | str:
    if not isinstance(value, datetime.date):
        return "—"
    return format_html(
        '<time datetime="{}">{}</time> <span class="day-said">· {}</span>',
        value.isoformat(),
        day_label(value),
        day_in_words(value),
    )
