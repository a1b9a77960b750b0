"""spaCy Matcher patterns for durations and ages: grammar, not vocabulary, so they live in code."""

from typing import Any

Token = dict[str, Any]  # one token's conditions, e.g. {"LOWER": "since"}
Pattern = list[Token]

NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "couple": 2,
    "few": 3,
}
_UNITS = ["day", "days", "week", "weeks", "month", "months", "year", "years", "yr", "yrs", "term", "terms"]
_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
]
_TIMES = _MONTHS + [
    "christmas",
    "easter",
    "summer",
    "spring",
    "autumn",
    "winter",
    "lockdown",
    "covid",
    "birth",
    "then",
    "half-term",
    "halfterm",
]
_QUANTITY: Token = {"LOWER": {"IN": list(NUMBER_WORDS)}}
_COUNT: Token = {"LOWER": {"IN": [word for word in NUMBER_WORDS if word not in ("a", "an")]}}
_NUMBER: Token = {"LIKE_NUM": True}
_HEDGE: Token = {
    "LOWER": {"IN": ["about", "around", "roughly", "nearly", "almost", "over", "for", "past", "last", "approx"]},
    "OP": "*",
}

DURATION_PATTERNS: list[Pattern] = [
    # "since September", "since last year", "since Christmas 2023"
    [
        {"LOWER": "since"},
        {"LOWER": {"IN": ["last", "the", "early", "late"]}, "OP": "?"},
        {"LOWER": {"IN": _TIMES + ["year", "spring", "term"]}},
        {"LIKE_NUM": True, "OP": "?"},
    ],
    # "since 2022"
    [{"LOWER": "since"}, {"SHAPE": "dddd"}],
    # "since he started secondary school", "since she was a toddler", "since his dad left in 2022"
    [
        {"LOWER": "since"},
        {"LOWER": {"IN": ["he", "she", "they", "we", "i", "his", "her", "our", "my"]}},
        {"IS_ALPHA": True},
        *[{"IS_PUNCT": False, "IS_SPACE": False, "OP": "?"}] * 4,
    ],
    # "for a year", "about two years", "over a couple of years"
    [
        {**_HEDGE, "OP": "+"},
        {"LOWER": {"IN": ["a", "the"]}, "OP": "?"},
        _QUANTITY,
        {"LOWER": "of", "OP": "?"},
        {"LOWER": {"IN": _UNITS}},
    ],
    # "two years", "a few months", "a couple of years" (but not "3 times a week")
    [{"LOWER": "a", "OP": "?"}, _COUNT, {"LOWER": "of", "OP": "?"}, {"LOWER": {"IN": _UNITS}}],
    [_HEDGE, _NUMBER, {"LOWER": {"IN": _UNITS}}],
    # "a year ago" ("3 times a week" is a frequency, not a duration)
    [{"LOWER": {"IN": ["a", "one"]}}, {"LOWER": {"IN": ["year", "month", "week", "term"]}}, {"LOWER": "ago"}],
    # "all his life", "years"
    [{"LOWER": "all"}, {"LOWER": {"IN": ["his", "her", "their", "my"]}}, {"LOWER": "life"}],
    [{"LOWER": "for"}, {"LOWER": {"IN": ["years", "months", "ages", "weeks"]}}],
]

AGE_PATTERNS: list[Pattern] = [
    # "9 years old", "nine year old", "9-year-old"
    [
        {"LIKE_NUM": True},
        {"TEXT": "-", "OP": "?"},
        {"LOWER": {"IN": ["year", "years", "yr", "yrs"]}},
        {"TEXT": "-", "OP": "?"},
        {"LOWER": "old"},
    ],
    # "aged 12", "age 12"
    [{"LOWER": {"IN": ["aged", "age"]}}, {"LIKE_NUM": True}],
    # "she's 12", "he is 8", "my son is 15"
    [
        {"LOWER": {"IN": ["he", "she", "son", "daughter", "child", "they"]}},
        {"LOWER": {"IN": ["'s", "is", "’s", "are"]}},
        {"LIKE_NUM": True},
    ],
    # "12yo", "12 yo"
    [{"LIKE_NUM": True}, {"LOWER": {"IN": ["yo", "y/o"]}}],
    [{"LOWER": {"REGEX": r"^\d{1,2}(yo|yrs|yr)$"}}],
]

# Stretches of time that only make sense as a whole answer to "how long has this been going on?" ("a year",
# "a year and a half", "two and a half years"). how_long() adds them to DURATION_PATTERNS; extract() does not,
# so "once a week" is never offered as a duration elsewhere. A span straight after "times", "once", "twice",
# "per" or "every" is a frequency and is dropped (see bot.nlp.how_long).
_HALF: Pattern = [{"LOWER": "and"}, {"LOWER": "a"}, {"LOWER": "half"}]
HOW_LONG_PATTERNS: list[Pattern] = [
    # "a year", "a year and a half", "about a month"
    [_HEDGE, {"LOWER": {"IN": ["a", "an", "one"]}}, {"LOWER": {"IN": _UNITS}}],
    [_HEDGE, {"LOWER": {"IN": ["a", "an", "one"]}}, {"LOWER": {"IN": _UNITS}}, *_HALF],
    # "two years and a half", "2 and a half years", "half a year"
    [_HEDGE, {"LOWER": {"IN": list(NUMBER_WORDS)}}, {"LOWER": {"IN": _UNITS}}, *_HALF],
    [_HEDGE, _NUMBER, {"LOWER": {"IN": _UNITS}}, *_HALF],
    [_HEDGE, {"LOWER": {"IN": list(NUMBER_WORDS)}}, *_HALF, {"LOWER": {"IN": _UNITS}}],
    [_HEDGE, _NUMBER, *_HALF, {"LOWER": {"IN": _UNITS}}],
    [_HEDGE, {"LOWER": "half"}, {"LOWER": "a"}, {"LOWER": {"IN": ["year", "term"]}}],
]
# Words just before a stretch of time that make it a frequency ("3 times a week", "once a month").
FREQUENCY_WORDS = {"times", "time", "once", "twice", "per", "every", "x"}
# Words just after it that make it an age gap or a time to come, not how long ("3 years older", "a year later").
NOT_HOW_LONG_AFTER = {"older", "younger", "apart", "later", "time", "from"}
