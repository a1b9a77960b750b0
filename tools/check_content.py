"""`make check-content`: validate everything in content/ that a council or charity edits.

    python tools/check_content.py            # run every check; exit 1 if any fails
    python tools/check_content.py councils   # only the checks whose name starts with "councils"

To add a check, write a function that returns a list of problems (strings; empty when all is well) and add it
to CHECKS with a short name. Warnings (things to review, not errors) go through `warn()` and never fail.
"""

from __future__ import annotations

import csv
import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.content import ContentError  # noqa: E402
from bot.paths import SHARED_DATA  # noqa: E402

WARNINGS: list[str] = []
REPORT: list[str] = []  # figures and lists to read (coverage, doubtful contacts); never fail


def warn(message: str) -> None:
    WARNINGS.append(message)


def report(message: str) -> None:
    REPORT.append(message)


# --- every file: exactly the keys the code reads (issue 14) -----------------------------------------------------


def check_schema() -> list[str]:
    """Every YAML file in content/ against its schema in bot/content_schema.py: a key (or a message in
    messages.yml, or a whole file) that no code reads fails, naming the file and the key."""
    from bot.content_schema import problems

    return problems()


# --- councils (issue 4) -------------------------------------------------------------------------------------


def check_council_directory() -> list[str]:
    """Schema, UK phone format, web addresses, dates, no duplicate codes, overrides."""
    from bot.councils.directory import directory_problems

    return directory_problems()


def check_council_coverage() -> list[str]:
    """Every English authority with children's services is present, and every English district maps to one."""
    from bot.councils.directory import unchecked_directory
    from bot.councils.postcodes import INDEX, read_header

    directory = unchecked_directory()
    problems = []
    by_type: dict[str, int] = {}
    for council in directory.councils.values():
        by_type[council.type_code] = by_type.get(council.type_code, 0) + 1
    # 21 counties, 63 unitaries, 36 metropolitan boroughs, 32 London boroughs and the City (PROVENANCE.md).
    if len(directory.councils) != 153:
        warn(
            f"councils: the directory has {len(directory.councils)} councils, not 153 "
            f"({by_type}); expected only after a reorganisation such as Surrey's on 2027-04-01"
        )
    reference = SHARED_DATA / "authorities_england_upper_tier.csv"
    if reference.is_file():
        with reference.open(newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                if directory.get(row["gss_code"]) is None:
                    problems.append(f"councils: {row['name']} ({row['gss_code']}) is missing from the directory")
    lads = SHARED_DATA / "lad_to_upper_tier_england.csv"
    if lads.is_file():
        with lads.open(newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                council = directory.by_district.get(row["lad_code"])
                expected = directory.get(row["utla_code"])
                if council is None:
                    problems.append(f"councils: district {row['lad_name']} ({row['lad_code']}) is in no council")
                elif expected is not None and council is not expected:
                    problems.append(
                        f"councils: district {row['lad_name']} is under {council.name}, the data says {expected.name}"
                    )
    header = read_header(INDEX)
    if header:
        for lad in header["lads"]:
            if lad.startswith("E") and lad not in directory.by_district:
                problems.append(f"councils: postcodes in district {lad} would find no council")
    else:
        warn(
            "councils: postcode index not built yet, so postcode coverage was not checked "
            "(python -m bot.councils.build_index)"
        )
    return problems


def check_council_places() -> list[str]:
    """Every English place and every reorganisation date in the directory points somewhere real."""
    from bot.councils.directory import unchecked_directory
    from bot.councils.names import read_content_csv

    directory = unchecked_directory()
    problems = []
    for row in read_content_csv("councils/places.csv"):
        if row["nation"] == "England" and directory.get(row["authority_code"]) is None:
            problems.append(f"councils/places.csv: {row['place_name']} points to unknown {row['authority_code']}")
    today = dt.date.today()
    for council in directory.councils.values():
        for district in council.districts:
            if district.changes and dt.date.fromisoformat(str(district.changes["on"])) <= today:
                warn(
                    f"councils: {district.name} moved to {district.changes['to']} on {district.changes['on']}; "
                    f"update {council.govuk_slug}.yml"
                )
    return problems


def check_council_contacts() -> list[str]:
    """Coverage (councils with a daytime number, with an out-of-hours number) and every doubtful contact.

    The figures count numbers a parent is shown (not stale ones). Each council file's `doubts:` list (written by
    tools/build_council_directory.py, kept by hand after that) is printed so a council editing overrides.yml sees
    which numbers to confirm. A doubt must be a non-empty line of text.
    """
    from bot.content import load_yaml
    from bot.councils.directory import AUTHORITIES_DIR, unchecked_directory

    directory = unchecked_directory()
    councils = sorted(directory.councils.values(), key=lambda c: c.name)
    daytime = [c for c in councils if c.contacts_of("front_door_phone")]
    night = [c for c in councils if c.contacts_of("out_of_hours_phone")]
    either = [c for c in councils if c.contacts_of("front_door_phone") or c.contacts_of("out_of_hours_phone")]
    total = len(councils)
    report(
        f"coverage: {len(daytime)} of {total} councils have a daytime children's services number, "
        f"{len(night)} have an out-of-hours number, {len(either)} have at least one"
    )
    missing = [c.name for c in councils if c not in either]
    if missing:
        report(f"coverage: no number yet (parents get the website, 999, 101 and the NSPCC): {', '.join(missing)}")
    no_night = [c.name for c in daytime if c not in night]
    if no_night:
        report(f"coverage: daytime number but no out-of-hours number: {', '.join(no_night)}")
    problems = []
    doubt_count = 0
    for council in councils:
        raw = load_yaml(f"{AUTHORITIES_DIR}/{council.govuk_slug}.yml")
        doubts = raw.get("doubts") or []
        if not isinstance(doubts, list) or not all(isinstance(d, str) and d.strip() for d in doubts):
            problems.append(f"{council.govuk_slug}.yml: doubts must be a list of lines of text")
            continue
        for doubt in doubts:
            doubt_count += 1
            report(f"doubt: {council.name}: {doubt}")
    report(
        f"doubts: {doubt_count} contacts to check in "
        f"{sum(1 for c in councils if load_yaml(f'{AUTHORITIES_DIR}/{c.govuk_slug}.yml').get('doubts'))} councils"
    )
    return problems


# --- the conversation (issue 2) ------------------------------------------------------------------------------


def check_checklist() -> list[str]:
    """content/checklist.yml lists exactly the fixed keys, each with a question, a heading and a "why"."""
    from bot.conversation.checklist import questions

    questions()
    return []


def check_topics() -> list[str]:
    """Every answer to a worry has a source, and every topic has its intent."""
    from bot.topics import all_topics

    all_topics()
    return []


def check_early_help_rules() -> list[str]:
    from bot.early_help import rules

    rules()
    return []


def check_safety() -> list[str]:
    """content/safety/: the decision's thresholds, absolute triggers and present cues, and the helplines."""
    from bot.safety import check_content

    check_content()
    return []


def check_letter() -> list[str]:
    """The letter's wording (every fact with its sources) and templates."""
    from bot.letter import check_content

    check_content()
    return []


CHECKS: list[tuple[str, Callable[[], list[str]]]] = [
    ("councils: directory", check_council_directory),
    ("councils: coverage", check_council_coverage),
    ("councils: places", check_council_places),
    ("councils: contacts", check_council_contacts),
    ("letter", check_letter),
    ("conversation: checklist", check_checklist),
    ("topics", check_topics),
    ("early help", check_early_help_rules),
    ("safety", check_safety),
    ("content: every key is read", check_schema),
]


def run(selected: list[str]) -> int:
    failed = 0
    for name, check in CHECKS:
        if selected and not any(name.startswith(prefix) for prefix in selected):
            continue
        try:
            problems = check()
        except ContentError as error:
            problems = [str(error)]
        if problems:
            failed += 1
            print(f"FAIL {name}")
            for problem in problems:
                print(f"  - {problem}")
        else:
            print(f"ok   {name}")
    for message in REPORT:
        print(message)
    for message in WARNINGS:
        print(f"warning: {message}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
