"""Generate content/councils/ from the research data in /work/shared/data and seed document 004.

Run once to create the directory; the YAML it writes is then content that councils and maintainers edit by
hand. Re-running overwrites every generated file (authorities/*.yml, places.csv, other_nations.csv) but never
overrides.yml, messages.yml or README.md, so hand edits to the generated files must be merged with git.

    python tools/build_council_directory.py [--data /work/shared/data] [--out content/councils]

Every contact carries where it was found, when, how, and its status. None of the research contacts has been
checked against a live council site, so all are "unverified". A number that is old, incomplete or outvoted
by a better row for the same council (PREFER_OTHER, read by hand from the research notes) is kept for
reviewers as "stale" and never shown to a parent. Every council file gets a `doubts:` list: each number
that is hidden, conflicts with another page, or was found on a page for professionals, staff, childcare
providers, schools or the NHS, or on an old page, so the council editing overrides.yml sees what to check.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.paths import CONTENT, SHARED_DATA  # noqa: E402

# The day the research helper read the stored page copies (their crawl dates are unknown). Rows say which
# session found them ("2026-11-22 session" or "2026-12-01 session" in `checked_how`); this is the fallback.
SEEN_ON = "2026-11-22"
SESSION_DATE = re.compile(r"(\d{4}-\d{2}-\d{2}) session")
LOCAL_LINKS_SOURCE = "https://github.com/alphagov/local-links-manager/blob/main/data/local-authorities.csv"
LOCAL_LINKS_DATE = "2025-11-12"  # last change of that file, per PROVENANCE.md

KIND_FROM_CSV = {
    "front_door_phone": "front_door_phone",
    "out_of_hours_phone": "out_of_hours_phone",
    "email": "email",
    "front_door_email": "email",
    "web_page": "children_services_page",
    "early_help_page": "early_help_page",
}

KIND_ORDER = ["website", "children_services_page", "front_door_phone", "out_of_hours_phone", "email", "early_help_page"]

# Names people use that are not the council's own name. Places and district councils are matched from
# places.csv and each county's district list, so only short forms and initialisms are needed here.
ALIASES = {
    "BAS": ["B&NES", "BANES", "Bath and NE Somerset", "Bath & North East Somerset", "Bath"],
    "BNH": ["Brighton", "Hove", "Brighton & Hove"],
    "BPC": ["BCP", "BCP Council", "Bournemouth", "Christchurch", "Poole"],
    "BST": ["Bristol"],
    "DUR": ["Durham"],
    "KHL": ["Hull", "Hull City"],
    "DST": ["Dorset"],
    "SOS": ["Southend"],
    "STE": ["Stoke"],
    "STT": ["Stockton"],
    "RCC": ["Redcar"],
    "TFW": ["Telford", "Telford & Wrekin"],
    "WNM": ["RBWM", "Windsor", "Maidenhead"],
    "KEC": ["RBKC", "Kensington", "Chelsea"],
    "HMF": ["LBHF", "Hammersmith", "Fulham"],
    "BDG": ["LBBD", "Barking", "Dagenham"],
    "BBD": ["Blackburn", "Darwen"],
    "IOW": ["IOW", "Isle of Wight Council"],
    "IOS": ["Scilly", "Scilly Isles"],
    "RIC": ["Richmond"],
    "ERY": ["East Riding", "East Yorkshire"],
    "NEL": ["NE Lincolnshire", "NE Lincs"],
    "NLN": ["N Lincolnshire", "North Lincs"],
    "NNT": ["North Northants"],
    "WNT": ["West Northants"],
    "CHW": ["Cheshire West", "CWAC"],
    "MIK": ["MK"],
    "WAF": ["Westmorland"],
    "SHN": ["Saint Helens"],
    "NET": ["Newcastle City Council"],
}


# What to press after dialling, where the research notes (not the value) give it. Keyed by (authority_names as
# in the CSV, value); read by hand from the notes column on 2026-12-01.
MENU_FROM_NOTES = {
    ("Hounslow", "020 8583 6600"): "option 2",
    ("Warrington", "01925 443322", "front_door_phone"): "option 1, then option 1",
    ("Warrington", "01925 443322", "out_of_hours_phone"): "option 2",
    ("North Northamptonshire; West Northamptonshire", "0300 126 7000"): "option 1, then option 1",
    ("Cheshire East", "0300 123 5012"): "option 3",
    ("North East Lincolnshire", "01472 326292"): "option 2",
    ("Dudley", "0300 555 0050"): "option 3",
    ("Brent", "020 8937 4300"): "option 1",
}

# Rows whose own notes say another row for the same council is better (newer, the council's own page, the
# public line). Kept as "stale" for reviewers, never shown, and listed in the council's doubts. Read by hand.
PREFER_OTHER = {
    (
        "Kensington and Chelsea",
        "020 7373 3227",
    ): "shown for RBKC on Westminster's page only; RBKC's own page gives 020 7373 2227",
    (
        "Stockton-on-Tees",
        "01429 284284",
    ): "Hartlepool line on a COVID-era page; Stockton's safeguarding pages give 01642 130080",
    (
        "Reading",
        "01344 786543",
    ): "partnership page, probably older than 01344 351 999 from Brighter Futures for Children",
    ("York", "01609 780780"): "older pages; it is North Yorkshire's line, superseded by 0300 131 2131",
    ("Brighton and Hove", "01273 295555"): "older all-social-care page; the newer children's page gives 01273 335 905",
    (
        "Southampton",
        "023 8083 3004",
    ): "childcare providers' page; the child protection page gives 023 8083 3336 for the public",
    (
        "Warwickshire",
        "01926 410410",
    ): "probably the older general contact centre; the front door page gives 01926 414144",
    ("Sutton", "020 8649 0418"): "older LSCB site, probably superseded by 020 8770 6001",
    (
        "East Riding of Yorkshire",
        "01377 241 273",
    ): "staff procedures manual, probably older than the council page's 01482 393939",
    (
        "Cheshire West and Chester",
        "07789 287349",
    ): "EDT contingency line, only for when the main EDT line is out of order",
}

# The same page says this front-door number is also answered out of hours: recorded as an out-of-hours
# contact too, so the emergency reply and the coverage figures see it. Read by hand from the notes.
ALSO_OUT_OF_HOURS = {
    (
        "North Yorkshire",
        "0300 131 2 131",
    ): "same number out of hours for the Emergency Duty Team (say 'children's social care')",
    ("County Durham", "03000 267 979"): "same number reaches the Emergency Duty Team out of hours",
    ("Sheffield", "0114 273 4855"): "same number answered by the Emergency Duty Service at other times",
    ("Norfolk", "0344 800 8020"): "out-of-hours calls also taken on this number",
    ("Isle of Wight", "01983 823435"): "for the general public, 24 hours a day",
}

# Public numbers a row's notes give from the same page (not professionals' lines). Read by hand.
EXTRA_FROM_NOTES = {
    ("Bradford", "01274 433999"): [("front_door_phone", "0800 9530966", "public freephone given on the same page")],
}

OLD_PREFIXES = ("0845", "0844", "0870", "0871")
# Words in a row's notes or evidence that make it weaker evidence: listed in the council's doubts.
DOUBT_WORDS = re.compile(
    r"conflict|\bold\b|older|outdated|superseded|stale|professional|practitioner|childcare provider|"
    r"\bstaff\b|school|\bNHS\b|\bCCG\b|\bICB\b|\bGP\b|third.party|procedures|possibly|may be|may change|"
    r"typo|doubt|caveat|staging|inferred|predecessor|pre-2019|COVID|answerphone|not labelled|aimed at",
    re.I,
)


def normalise_phone(value: str) -> str:
    """'(01482) 393939' -> '01482 393939'; '0161-253-5678' -> '0161 253 5678'."""
    value = re.sub(r"^\((0\d+)\)\s*", r"\1 ", value.strip())
    return re.sub(r"\s+", " ", value.replace("-", " ")).strip()


def hidden_reason(row: dict, value: str) -> str:
    """Why a row must never be shown to a parent ('' if it may be shown)."""
    notes, upper = row["notes"], row["notes"].upper()
    digits = value.replace(" ", "")
    if "stale prefix" in notes.lower() or digits.startswith(OLD_PREFIXES):
        return "an old 084/087 number"
    if upper.startswith(("STALE", "OLD")) or "(stale)" in row["evidence_kind"]:
        return "its source calls it old or stale"
    if "INCOMPLETE" in notes or "do not dial" in notes.lower():
        return "incomplete on its page (do not dial)"
    key = (row["authority_names"], value)
    if key in PREFER_OTHER:
        return "another row is preferred: " + PREFER_OTHER[key]
    return ""


def read_csv(path: Path) -> list[dict]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def split_values(value: str) -> list[tuple[str, str]]:
    """'01225 396312 / 01225 396313' -> two numbers; '0345 678 9040 (option 1)' -> number plus its note."""
    parts = []
    for piece in value.split(" / "):
        piece = piece.strip()
        match = re.match(r"^(.*?)\s*\((.+)\)$", piece)
        parts.append((match.group(1), match.group(2)) if match else (piece, ""))
    return parts


def research_contacts(rows: list[dict]) -> dict[str, list[dict]]:
    by_gss: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        kind = KIND_FROM_CSV[row["contact_type"]]
        found = SESSION_DATE.search(row["checked_how"])
        seen_on = found.group(1) if found else SEEN_ON
        common = {
            "source_url": row["source_url"],
            "source": row["evidence_kind"],
            "last_checked": seen_on,
            "checked_how": row["checked_how"],
        }
        contacts = []
        for value, extra in split_values(row["value"]):
            if kind in ("front_door_phone", "out_of_hours_phone"):
                value = normalise_phone(value)
            why_hidden = hidden_reason(row, value)
            contact = {
                "kind": kind,
                "value": value,
                **common,
                "status": "stale" if why_hidden else "unverified",
                "notes": row["notes"],
            }
            menu = (
                extra
                or MENU_FROM_NOTES.get((row["authority_names"], value, kind))
                or MENU_FROM_NOTES.get((row["authority_names"], value))
            )
            if menu:
                contact["menu"] = menu  # e.g. "option 1": what to press after dialling
            if why_hidden:
                contact["hidden_because"] = why_hidden
            contacts.append(contact)
            also = ALSO_OUT_OF_HOURS.get((row["authority_names"], value))
            if also and kind == "front_door_phone":
                contacts.append(
                    {
                        **contact,
                        "kind": "out_of_hours_phone",
                        "notes": f"{also} (from the notes on the daytime row: {row['notes']})",
                    }
                )
            for extra_kind, extra_value, why in EXTRA_FROM_NOTES.get((row["authority_names"], value), []):
                contacts.append(
                    {
                        "kind": extra_kind,
                        "value": extra_value,
                        **common,
                        "status": "unverified",
                        "notes": f"{why} (from the notes on the {value} row: {row['notes']})",
                    }
                )
        for email in emails_in_notes(row["notes"]):
            contacts.append(
                {
                    "kind": "email",
                    "value": email,
                    **common,
                    "status": "unverified",
                    "notes": f"in the notes on the {row['contact_type']} row: {row['notes']}",
                }
            )
        for contact in contacts:
            if len(row["gss_codes"].split(";")) > 1:
                contact["shared_with"] = row["authority_names"]
            for gss in row["gss_codes"].split(";"):
                by_gss[gss].append(dict(contact))
    return by_gss


def doubts_for(contacts: list[dict]) -> list[str]:
    """One line per number a council should check: hidden ones, and shown ones found on weaker pages."""
    doubts = []
    seen = set()
    for contact in contacts:
        if contact["kind"] == "website":
            continue
        key = (contact["kind"], contact["value"], contact.get("hidden_because", ""))
        if key in seen:
            continue
        where = contact["source_url"] or contact["source"]
        label = f"{contact['kind']} {contact['value']}"
        if contact.get("hidden_because"):
            doubts.append(
                f"NOT SHOWN: {label}: {contact['hidden_because']}. Notes: {contact.get('notes', '')} [{where}]"
            )
            seen.add(key)
        elif DOUBT_WORDS.search(contact.get("notes", "") + " " + contact["source"]):
            doubts.append(f"shown, but check it: {label}: {contact.get('notes', '')} ({contact['source']}) [{where}]")
            seen.add(key)
    return doubts


def emails_in_notes(notes: str) -> list[str]:
    """Email addresses the research notes record from the same page, except ones it calls older."""
    found = []
    for match in re.finditer(r"[A-Za-z0-9._-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+", notes):
        if "older" not in notes[max(0, match.start() - 60) : match.start()].lower():
            found.append(match.group(0))
    return found


def seed_004_contacts() -> list[dict]:
    """Bath and North East Somerset's duty numbers as given in seed document 004 (no web address recorded)."""
    common = {
        "source_url": "",
        "source": "a Bath and North East Somerset Council page about children in need assessments",
        "last_checked": SEEN_ON,
        "checked_how": "read in the project's seed document 004 (its web address was not recorded) on 2026-11-22; "
        "NOT checked against the live site",
        "status": "unverified",
    }
    return [
        {"kind": "front_door_phone", "value": "01225 396111", **common, "notes": "Duty team"},
        {"kind": "front_door_phone", "value": "01225 477929", **common, "notes": "Duty team"},
    ]


def website_contact(url: str) -> dict:
    return {
        "kind": "website",
        "value": url,
        "source_url": LOCAL_LINKS_SOURCE,
        "source": "GOV.UK Local Links Manager (Crown copyright, OGL v3.0)",
        "last_checked": LOCAL_LINKS_DATE,
        "checked_how": "council homepage as listed by GOV.UK; not fetched",
        "status": "unverified",
    }


def build(data: Path, out: Path) -> int:
    authorities = read_csv(data / "authorities_england_upper_tier.csv")
    lads = read_csv(data / "lad_to_upper_tier_england.csv")
    pending = {row["lad_code"]: row for row in read_csv(data / "pending_reorganisation_england.csv")}
    contacts = research_contacts(read_csv(data / "children_services_contacts_seed.csv"))

    districts: dict[str, list[dict]] = defaultdict(list)
    for lad in lads:
        entry = {"code": lad["lad_code"], "name": lad["lad_name"]}
        if lad["lad_code"] in pending:
            change = pending[lad["lad_code"]]
            entry["changes"] = {
                "on": change["effective_from"],
                "to": change["new_authority_name"],
                "source_url": change["source_url"],
            }
        districts[lad["utla_code"]].append(entry)

    unknown = set(ALIASES) - {row["mysociety_code"] for row in authorities}
    if unknown:
        raise SystemExit(f"ALIASES names unknown council codes: {', '.join(sorted(unknown))}")
    folder = out / "authorities"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.yml"):
        old.unlink()
    for row in authorities:
        code = row["mysociety_code"]
        own = contacts.get(row["gss_code"], [])
        if code == "BAS":
            seen = {c["value"] for c in own}
            own = own + [c for c in seed_004_contacts() if c["value"] not in seen]
            for contact in own:
                if contact["value"] == "01454 615165":
                    contact["notes"] += "; the same number is given in seed document 004"
        doubts = doubts_for(own)
        if code == "BAS":
            doubts.append(
                "shown, but check it: front_door_phone 01225 396111 / 01225 477929 (seed document 004) "
                "differ from 01225 396312 / 01225 396313 on the safeguarding partnership page; both "
                "pairs are shown until the council says which is current"
            )
        own = [{k: v for k, v in c.items() if k != "hidden_because"} for c in own]
        record = {
            "code": code,
            "name": row["name"],
            "official_name": row["official_name"],
            "type": row["la_type"],
            "type_code": row["la_type_code"],
            "region": row["region"],
            "gss_code": row["gss_code"],
            "other_gss_codes": [c for c in row["other_gss_codes"].split(";") if c],
            "govuk_slug": row["govuk_slug"],
            "aliases": ALIASES.get(code, []),
            "districts": sorted(districts[row["gss_code"]], key=lambda d: d["name"]),
            "contacts": [website_contact(row["website"])] + sorted(own, key=lambda c: KIND_ORDER.index(c["kind"])),
            "doubts": doubts,
        }
        header = (
            f"# {row['official_name']}: children's services directory entry.\n"
            "# Generated by tools/build_council_directory.py, then edited by hand. See README.md in this folder\n"
            "# for the fields and how to mark a contact verified. Never add a number without its source.\n"
            "# `doubts:` lists numbers to check (hidden ones, conflicts, pages for professionals or old pages):\n"
            "# confirm the right number and put it in overrides.yml with status: verified.\n"
        )
        text = yaml.safe_dump(record, sort_keys=False, allow_unicode=True, width=120)
        (folder / f"{row['govuk_slug']}.yml").write_text(header + text, encoding="utf-8")

    write_places(data, out)
    write_other_nations(data, out)
    return len(authorities)


def write_places(data: Path, out: Path) -> None:
    """GeoNames places (population 500+) with the authority they fall in; only the columns matching needs."""
    columns = [
        "place_name",
        "name_key",
        "nation",
        "authority_code",
        "authority_name",
        "lad_code",
        "population",
        "same_name_in_n_authorities",
    ]
    rows = read_csv(data / "place_names_gb_to_authority.csv")
    with (out / "places.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def write_other_nations(data: Path, out: Path) -> None:
    """Names of councils in Wales, Scotland and Northern Ireland, so a postcode there can be named kindly."""
    names: dict[str, tuple[str, str]] = {}
    for filename in ("postcode_district_to_authority.csv", "postcode_sector_to_authority.csv"):
        for row in read_csv(data / filename):
            if row["nation"] != "England":
                names[row["authority_code"]] = (row["authority_name"], row["nation"])
    with (out / "other_nations.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["code", "name", "nation"])
        for code in sorted(names):
            writer.writerow([code, *names[code]])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=SHARED_DATA)
    parser.add_argument("--out", type=Path, default=CONTENT / "councils")
    args = parser.parse_args()
    count = build(args.data, args.out)
    print(f"wrote {count} authorities to {args.out / 'authorities'}")


if __name__ == "__main__":
    main()
