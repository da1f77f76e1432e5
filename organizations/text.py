"""Vietnamese text helpers: collation order, accent-free folding and the
day as Vietnamese papers write it."""

import datetime
import functools
import unicodedata

from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET)} | {" ": -1}
# Letter-forming marks (breve, circumflex, horn) change the letter itself.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}
# Tones in dictionary order: none, huyền, sắc, hỏi, ngã, nặng.
_TONE_RANK = {"\u0300": 1, "\u0301": 2, "\u0309": 3, "\u0303": 4, "\u0323": 5}


def _letters(word: str) -> tuple[list[int], list[int]]:
    ranks = [_rank(char) for char in word.lower()]
    return [letter for letter, _tone in ranks], [tone for _letter, tone in ranks]


@functools.lru_cache(maxsize=4096)
def _rank(char: str) -> tuple[int, int]:
    """A character's letter rank and tone: names use a few hundred characters,
    so each is decomposed once."""
    decomposed = unicodedata.normalize("NFD", char)
    base = decomposed[0]
    marks = decomposed[1:]
    letter = unicodedata.normalize(
        "NFC", base + "".join(m for m in marks if m in _LETTER_MARKS)
    )
    tone = max((_TONE_RANK.get(m, 0) for m in marks), default=0)
    return _LETTER_RANK.get(letter, 100 + ord(letter[0])), tone


def collation_key(text: str) -> tuple[list[int], list[int], str]:
    """Sort key in Vietnamese dictionary order: letters first (a < ă < â … đ after d),
    tones only to break ties."""
    letters, tones = _letters(unicodedata.normalize("NFC", text))
    return letters, tones, text


def fold(text: str) -> str:
    """Lower case without accents, đ as d: "Đặng Thị Ánh" → "dang thi anh"."""
    # Word by word: names repeat the same few hundred words, so an import of a
    # hundred thousand rows folds each of them once.
    return " ".join(map(_fold_word, text.split(" ")))


@functools.lru_cache(maxsize=65536)
def _fold_word(word: str) -> str:
    decomposed = unicodedata.normalize(
        "NFD", word.lower().replace("đ", "d").replace("Đ", "d")
    )
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def search_text(text: str) -> str:
    """The folded form kept in search columns, padded with spaces so that a query
    word can be matched at the start of a name word: " nguyen thi anh "."""
    return f" {' '.join(fold(text).split())} "


def name_sort_key(full_name: str) -> str:
    """A digits-only key that sorts names in Vietnamese order (given name, then
    family name, then middle names) the same way under any database collation.

    Letters are two-digit codes from 10 up and words end with "00", so a word sorts
    before its extensions; tones come last and only break ties.
    """
    parts = unicodedata.normalize("NFC", full_name).split()
    if len(parts) > 1:
        parts = [parts[-1], parts[0], *parts[1:-1]]
    keys = [_word_key(word) for word in parts]
    letters = "".join(letters for letters, _tones in keys)
    tones = "".join(tones for _letters, tones in keys)
    return (letters + tones)[:255]


@functools.lru_cache(maxsize=65536)
def _word_key(word: str) -> tuple[str, str]:
    ranks, marks = _letters(word)
    letters = "".join(f"{min(rank + 10, 99):02d}" for rank in ranks) + "00"
    return letters, "".join(map(str, marks))


def day_label(day: datetime.date) -> str:
    """A date as the party's papers write it: 05/02/2027."""
    return day.strftime("%d/%m/%Y")


_WEEKDAYS = (
    pgettext_lazy("weekday", "Monday"),
    pgettext_lazy("weekday", "Tuesday"),
    pgettext_lazy("weekday", "Wednesday"),
    pgettext_lazy("weekday", "Thursday"),
    pgettext_lazy("weekday", "Friday"),
    pgettext_lazy("weekday", "Saturday"),
    pgettext_lazy("weekday", "Sunday"),
)


_MONTHS = (
    pgettext_lazy("month in a date", "January"),
    pgettext_lazy("month in a date", "February"),
    pgettext_lazy("month in a date", "March"),
    pgettext_lazy("month in a date", "April"),
    pgettext_lazy("month in a date", "May"),
    pgettext_lazy("month in a date", "June"),
    pgettext_lazy("month in a date", "July"),
    pgettext_lazy("month in a date", "August"),
    pgettext_lazy("month in a date", "September"),
    pgettext_lazy("month in a date", "October"),
    pgettext_lazy("month in a date", "November"),
    pgettext_lazy("month in a date", "December"),
)


def day_in_words(day: datetime.date) -> str:
    """The day read back as a sentence, so that 01/12 is not taken for
    January: "thứ Ba, 1 tháng 12 năm 2026"."""
    return _("%(weekday)s, %(day)s %(month)s %(year)s") % {
        "weekday": _WEEKDAYS[day.weekday()],
        "day": day.day,
        "month": _MONTHS[day.month - 1],
        "year": day.year,
    }
