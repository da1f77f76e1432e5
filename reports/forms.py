import datetime

from django.utils.translation import gettext_lazy as _

from organizations import clock
from organizations.bounds import BoundedForm
from organizations.forms import date_field


class AsAtForm(BoundedForm):
    as_at = date_field(_("As at"), required=False)

    def clean_as_at(self) -> datetime.date:
        # Bounded by the table: from 1900 to today (organizations/bounds.py).
        day: datetime.date | None = self.cleaned_data.get("as_at")
        return clock.today() if day is None else day


def as_at_from(data: object) -> tuple[AsAtForm, datetime.date]:
    """Bind the ?as_at= parameter; an invalid value falls back to today with the
    form's error shown."""
    form = AsAtForm(data)
    day = form.cleaned_data["as_at"] if form.is_valid() else clock.today()
    return form, day
