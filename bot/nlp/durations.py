"""How many months a stretch of time the parent wrote comes to, measured from today where it is a date.

"about 8 months" is 8; "a year and a half" is 18; "since September" is the time since the last 1 September
before today (so it is two months in November and nine in June); "since 2022" is from 1 January 2022.
Phrases that give no length ("since he started secondary school", "since then", "all his life") are None:
the caller decides what they mean. The date is passed in, so tests can fix it.
"""

from __future__ import annotations

from datetime import date

from bot.nlp.patterns import NUMBER_WORDS

DAYS_PER_MONTH = 365.25 / 12
UNIT_MONTHS = {
    "day": 1 / DAYS_PER_MONTH,
    "days": 1 / DAYS_PER_MONTH,
    "week": 7 / DAYS_PER_MONTH,
    "weeks": 7 / DAYS_PER_MONTH,
    "month": 1,
    "months": 1,
    "year": 12,
    "years": 12,
    "yr": 12,
    "yrs": 12,
    "term": 4,
    "terms": 4,
}
MONTHS = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
# Times of year as (month, day) of their start, near enough for "has it gone on six months?".
SEASONS = {
    "christmas": (12, 25),
    "easter": (4, 1),
    "spring": (3, 1),
    "summer": (7, 1),
    "autumn": (9, 15),
    "winter": (12, 1),
}
FIXED_DATES = {"lockdown": date(2020, 3, 23), "covid": date(2020, 3, 23)}
# Plural units with no number: "for years" is at least two of them.
VAGUE = {"years": 24, "months": 2, "weeks": 0.5, "ages": None}


def _months_between(start: date, today: date) -> float | None:
    days = (today - start).days
    return days / DAYS_PER_MONTH if days >= 0 else None


def _last(month: int, day: int, today: date, year: int | None = None) -> date:
    """The last (month, day) on or before today, or in the given year."""
    if year is not None:
        return date(year, month, day)
    this_year = date(today.year, month, day)
    return this_year if this_year <= today else date(today.year - 1, month, day)


def _year(words: list[str]) -> int | None:
    for word in words:
        if len(word) == 4 and word.isdigit() and 1990 <= int(word) <= 2100:
            return int(word)
    return None


def _since(words: list[str], today: date) -> float | None:
    year = _year(words)
    for word in words:
        if word in MONTHS:
            return _months_between(_last(MONTHS[word], 1, today, year), today)
        if word in SEASONS:
            return _months_between(_last(*SEASONS[word], today, year), today)
        if word in FIXED_DATES:
            return _months_between(FIXED_DATES[word], today)
    if words[:2] == ["last", "year"]:
        # Some time last year: the middle of it.
        return _months_between(date(today.year - 1, 7, 1), today)
    if year is not None and len(words) == 1:
        return _months_between(date(year, 1, 1), today)
    return None


def _number(word: str) -> float | None:
    if word.replace(".", "", 1).isdigit():
        return float(word)
    digits = word[: len(word) - len(word.lstrip("0123456789"))]  # "12yrs"
    if digits:
        return float(digits)
    return float(NUMBER_WORDS[word]) if word in NUMBER_WORDS else None


def months_of(phrase: str, today: date | None = None) -> float | None:
    """The length of a stretch of time in months, or None when the words give no length."""
    today = today or date.today()
    from bot.nlp import pipeline  # the same tokenizer as everything else that reads the parent's words

    words = [token.lower_.replace("\u2019", "'") for token in pipeline().tokenizer(phrase) if not token.is_punct]
    if not words:
        return None
    if "since" in words:
        return _since(words[words.index("since") + 1 :], today)
    if words[-1] in VAGUE and len(words) >= 2 and words[-2] == "for":
        return VAGUE[words[-1]]
    unit = next((word for word in words if word in UNIT_MONTHS), None)
    if unit is None:
        # "12yrs" is one token
        for word in words:
            for name in ("yrs", "yr"):
                if word.endswith(name) and word[: -len(name)].isdigit():
                    return float(word[: -len(name)]) * 12
        return None
    before = words[: words.index(unit)]
    half = "half" in words
    if before[-2:] == ["half", "a"] or before[-1:] == ["half"] and not [w for w in before if _number(w)]:
        return UNIT_MONTHS[unit] / 2
    number = None
    for word in reversed(before):
        if word in ("a", "an") and number is None:
            number = 1.0
            continue
        value = _number(word)
        if value is not None:
            number = value
            break
    if number is None:
        return None
    return (number + (0.5 if half else 0)) * UNIT_MONTHS[unit]
