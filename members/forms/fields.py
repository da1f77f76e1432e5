"""Date inputs shared by the member forms: ISO from the picker, dd/mm/yyyy typed."""

from django import forms

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
