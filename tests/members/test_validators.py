import datetime

import pytest
from django.core.exceptions import ValidationError

from members.validators import (
    validate_card_number,
    validate_cccd,
    validate_cmnd,
    validate_general_education,
)

pytestmark = pytest.mark.smoke


@pytest.mark.parametrize(
    ("value", "birth", "female"),
    [
        ("002190012345", datetime.date(1990, 5, 1), True),
        ("002090012345", datetime.date(1990, 5, 1), False),
        ("001303123456", datetime.date(2003, 1, 1), True),
        ("096 085 000 001", datetime.date(1985, 1, 1), False),
    ],
)
def test_valid_cccd(value, birth, female):
    assert validate_cccd(value, birth_date=birth, female=female) == value.replace(
        " ", ""
    )


@pytest.mark.parametrize(
    ("value", "birth", "female", "message"),
    [
        ("00219001234", None, None, "12"),
        ("00219001234a", None, None, "12"),
        ("003190012345", None, None, "003"),
        ("099190012345", None, None, "099"),
        ("002190012345", datetime.date(1991, 5, 1), None, "1991"),
        ("002290012345", datetime.date(1990, 5, 1), None, "1990"),
        ("002190012345", None, False, "giới tính"),
    ],
)
def test_invalid_cccd_is_explained_in_vietnamese(value, birth, female, message):
    with pytest.raises(ValidationError) as error:
        validate_cccd(value, birth_date=birth, female=female)
    assert message in error.value.messages[0]


def test_other_validators():
    assert validate_cmnd(" 073 123 456 ") == "073123456"
    assert validate_general_education("9 / 12") == "9/12"
    assert validate_card_number("47001234") == "47001234"
    for func, value in [
        (validate_cmnd, "12345"),
        (validate_general_education, "13/12"),
        (validate_general_education, "chín"),
        (validate_card_number, "12"),
    ]:
        with pytest.raises(ValidationError):
            func(value)
