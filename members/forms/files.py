"""The import upload, checked before anything is read."""

import codecs
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from organizations.bounds import BoundedForm
from organizations.forms import (
    OrganizationChoiceField,
)
from organizations.models import Organization
from organizations.uploads import MAX_UPLOAD_BYTES


class SheetUploadForm(BoundedForm):
    """A spreadsheet to import: the member import's and the going-live sheets'."""

    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    dry_run = forms.BooleanField(label=_("Only check, do not import"), required=False)

    def clean_file(self) -> Any:
        """Checked by content, not by name alone: an XLSX is a zip archive, a CSV
        is UTF-8 text (a web page renamed .csv is refused)."""
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        head = upload.read(4096)
        upload.seek(0)
        if name.endswith(".xlsx"):
            if not head.startswith(b"PK\x03\x04"):
                raise forms.ValidationError(_("This is not an Excel (XLSX) file."))
        elif name.endswith(".csv"):
            _check_csv(head)
        else:
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        return upload


class ImportForm(SheetUploadForm):
    organization = OrganizationChoiceField(
        label=_("Organization"), queryset=Organization.objects.none()
    )
    field_order = ["file", "organization", "dry_run"]

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        field.queryset = organizations.order_by("path")  # type: ignore[attr-defined]


def _check_csv(head: bytes) -> None:
    markup = head.lstrip(b"\xef\xbb\xbf \r\n\t").lower()
    if b"\x00" in head or markup.startswith((b"<!doctype", b"<html", b"<?xml")):
        raise forms.ValidationError(_("This is not a CSV text file."))
    try:
        # Incremental: a letter cut at the end of the first 4 KB is not an error.
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        raise forms.ValidationError(
            _("Save the CSV file as UTF-8 so the Vietnamese letters survive.")
        ) from None
