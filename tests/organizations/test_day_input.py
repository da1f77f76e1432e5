"""Dates are typed and shown as Vietnamese write them, whatever the
browser's language: a text field that reads dd/mm/yyyy in the ways people type
it, and says the day back in words."""

import datetime

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation

from organizations.forms import date_field, days_read_back, typed_day

pytestmark = pytest.mark.smoke

D = datetime.date


class DayForm(forms.Form):
    day = date_field("Ngày")


@pytest.mark.parametrize(
    "typed",
    [
        "1/12/2026",
        "01/12/2026",
        "01.12.2026",
        "1-12-2026",
        " 01122026 ",
        "1 / 12 / 2026",
        "2026-12-01",
    ],
)
def test_the_ways_a_day_is_typed(typed):
    form = DayForm({"day": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == D(2026, 12, 1)


@pytest.mark.parametrize(
    "typed", ["12/31/2026", "31/02/2026", "1/12/26", "011226", "hôm qua", "2026/12/01"]
)
def test_what_is_not_a_day_is_refused_in_vietnamese(typed):
    with translation.override("vi"):
        form = DayForm({"day": typed})
        assert not form.is_valid()
        assert form.errors["day"] == [
            "Nhập ngày theo dạng ngày/tháng/năm, ví dụ 01/12/2026."
        ]


def test_typed_day_leaves_what_it_does_not_know():
    assert typed_day("01122026") == "01/12/2026"
    assert typed_day("5.2.2027") == "05/02/2027"
    assert typed_day("2026-12-01") == "2026-12-01"
    assert typed_day("abc") == "abc"


def test_the_field_is_text_with_number_keys_and_the_day_in_words():
    with translation.override("vi"):
        html = str(DayForm(initial={"day": D(2026, 12, 1)})["day"])
    assert 'type="text"' in html
    assert 'inputmode="numeric"' in html
    assert 'value="01/12/2026"' in html
    assert "thứ Ba, 1 tháng 12 năm 2026" in html
    assert 'type="date"' not in html


def test_a_refused_day_is_kept_as_typed_and_not_read_back():
    with translation.override("vi"):
        html = str(DayForm({"day": "12/31/2026"})["day"])
    assert 'value="12/31/2026"' in html
    assert "tháng" not in html.split("day-words")[1]


def test_the_day_in_words_in_english():
    with translation.override("en"):
        html = str(DayForm({"day": "5/2/2027"})["day"])
    assert "Friday, 5 February 2027" in html


def test_a_form_sent_back_opens_with_its_mistakes_linked_to_their_fields():
    with translation.override("vi"):
        html = str(DayForm({"day": "31/02/2026"}))
    summary = html.split("data-error-summary")[1].split("</div>")[0]
    assert "Vui lòng sửa những chỗ được đánh dấu dưới đây" in summary
    assert '<a href="#id_day">Ngày: Nhập ngày theo dạng ngày/tháng/năm' in summary
    # The field itself is marked and points at its error.
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_day_error"' in html
    assert str(DayForm({"day": "01/12/2026"})).count("data-error-summary") == 0


def test_what_was_saved_is_read_back_in_words():
    form = DayForm({"day": "1/12/2026"})
    assert form.is_valid()
    with translation.override("vi"):
        assert days_read_back(form) == "Ngày: thứ Ba, 1 tháng 12 năm 2026."
        # Started from the same day, nothing changed: nothing to read back.
        same = DayForm({"day": "01/12/2026"}, initial={"day": D(2026, 12, 1)})
        assert same.is_valid()
        assert days_read_back(same) == ""


def test_a_saved_record_shows_the_day_and_its_words():
    template = Template("{% load days %}{{ when|day }}|{{ never|day }}")
    with translation.override("vi"):
        html = template.render(Context({"when": D(2026, 12, 1), "never": None}))
    assert '<time datetime="2026-12-01">01/12/2026</time>' in html
    assert "thứ Ba, 1 tháng 12 năm 2026" in html
    assert html.endswith("|—")
