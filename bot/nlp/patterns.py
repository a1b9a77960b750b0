"""spaCy Matcher patterns for durations and ages: grammar, not vocabulary, so they live in code."""

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "couple": 2, "few": 3,
}
_UNITS = ["day", "days", "week", "weeks", "month", "months", "year", "years", "yr", "yrs", "term", "terms"]
_MONTHS = [
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
]
_TIMES = _MONTHS + [
    "christmas", "easter", "summer", "spring", "autumn", "winter", "lockdown", "covid", "birth", "then",
    "half-term", "halfterm",
]
_QUANTITY = {"LOWER": {"IN": list(NUMBER_WORDS)}}
_COUNT = {"LOWER": {"IN": [word for word in NUMBER_WORDS if word not in ("a", "an")]}}
_NUMBER = {"LIKE_NUM": True}
_HEDGE = {"LOWER": {"IN": ["about", "around", "roughly", "nearly", "almost", "over", "for", "past", "last", "approx"]}, "OP": "*"}

DURATION_PATTERNS = [
    # "since September", "since last year", "since Christmas 2023"
    [{"LOWER": "since"}, {"LOWER": {"IN": ["last", "the", "early", "late"]}, "OP": "?"},
     {"LOWER": {"IN": _TIMES + ["year", "spring", "term"]}}, {"LIKE_NUM": True, "OP": "?"}],
    # "since 2022"
    [{"LOWER": "since"}, {"SHAPE": "dddd"}],
    # "since he started secondary school", "since she was a toddler", "since his dad left in 2022"
    [{"LOWER": "since"}, {"LOWER": {"IN": ["he", "she", "they", "we", "i", "his", "her", "our", "my"]}},
     {"IS_ALPHA": True}] + [{"IS_PUNCT": False, "IS_SPACE": False, "OP": "?"}] * 4,
    # "for a year", "about two years", "over a couple of years"
    [{**_HEDGE, "OP": "+"}, {"LOWER": {"IN": ["a", "the"]}, "OP": "?"}, _QUANTITY, {"LOWER": "of", "OP": "?"},
     {"LOWER": {"IN": _UNITS}}],
    # "two years", "a few months", "a couple of years" (but not "3 times a week")
    [{"LOWER": "a", "OP": "?"}, _COUNT, {"LOWER": "of", "OP": "?"}, {"LOWER": {"IN": _UNITS}}],
    [_HEDGE, _NUMBER, {"LOWER": {"IN": _UNITS}}],
    # "a year ago" ("3 times a week" is a frequency, not a duration)
    [{"LOWER": {"IN": ["a", "one"]}}, {"LOWER": {"IN": ["year", "month", "week", "term"]}}, {"LOWER": "ago"}],
    # "all his life", "years"
    [{"LOWER": "all"}, {"LOWER": {"IN": ["his", "her", "their", "my"]}}, {"LOWER": "life"}],
    [{"LOWER": "for"}, {"LOWER": {"IN": ["years", "months", "ages", "weeks"]}}],
]

AGE_PATTERNS = [
    # "9 years old", "nine year old", "9-year-old"
    [{"LIKE_NUM": True}, {"TEXT": "-", "OP": "?"}, {"LOWER": {"IN": ["year", "years", "yr", "yrs"]}},
     {"TEXT": "-", "OP": "?"}, {"LOWER": "old"}],
    # "aged 12", "age 12"
    [{"LOWER": {"IN": ["aged", "age"]}}, {"LIKE_NUM": True}],
    # "she's 12", "he is 8", "my son is 15"
    [{"LOWER": {"IN": ["he", "she", "son", "daughter", "child", "they"]}},
     {"LOWER": {"IN": ["'s", "is", "’s", "are"]}}, {"LIKE_NUM": True}],
    # "12yo", "12 yo"
    [{"LIKE_NUM": True}, {"LOWER": {"IN": ["yo", "y/o"]}}],
    [{"LOWER": {"REGEX": r"^\d{1,2}(yo|yrs|yr)$"}}],
]
