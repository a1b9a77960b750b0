"""Generate content/councils/ from the research data in /work/shared/data and seed document 004.

Run once to create the directory; the YAML it writes is then content that councils and maintainers edit by
hand. Re-running overwrites every generated file (authorities/*.yml, places.csv, other_nations.csv) but never
overrides.yml, messages.yml or README.md, so hand edits to the generated files must be merged with git.

    python tools/build_council_directory.py [--data /work/shared/data] [--out content/councils]

Every contact carries where it was found, when, how, and its status. None of the research contacts has been
checked against a live council site, so all are "unverified"; one that its own source calls stale is kept
for reviewers as "stale" and never shown to a parent.
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

# The day the research helper read the stored page copies (their crawl dates are unknown).
SEEN_ON = "2026-11-22"
LOCAL_LINKS_SOURCE = "https://github.com/alphagov/local-links-manager/blob/main/data/local-authorities.csv"
LOCAL_LINKS_DATE = "2025-11-12"  # last change of that file, per PROVENANCE.md

KIND_FROM_CSV = {
    "front_door_phone": "front_door_phone",
    "out_of_hours_phone": "out_of_hours_phone",
    "email": "email",
    "web_page": "children_services_page",
    "early_help_page": "early_help_page",
}

KIND_ORDER = ["website", "children_services_page", "front_door_phone", "out_of_hours_phone", "email",
              "early_help_page"]

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
        stale = row["notes"].upper().startswith("STALE")
        for value, extra in split_values(row["value"]):
            contact = {
                "kind": kind,
                "value": value,
                "source_url": row["source_url"],
                "source": row["evidence_kind"],
                "last_checked": SEEN_ON,
                "checked_how": row["checked_how"],
                "status": "stale" if stale else "unverified",
                "notes": row["notes"],
            }
            if extra:
                contact["menu"] = extra  # e.g. "option 1": what to press after dialling
            if len(row["gss_codes"].split(";")) > 1:
                contact["shared_with"] = row["authority_names"]
            for gss in row["gss_codes"].split(";"):
                by_gss[gss].append(dict(contact))
        for email in emails_in_notes(row["notes"]):
            contact = {
                "kind": "email",
                "value": email,
                "source_url": row["source_url"],
                "source": row["evidence_kind"],
                "last_checked": SEEN_ON,
                "checked_how": row["checked_how"],
                "status": "unverified",
                "notes": f"in the notes on the {row['contact_type']} row: {row['notes']}",
            }
            for gss in row["gss_codes"].split(";"):
                by_gss[gss].append(dict(contact))
    return by_gss


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
        }
        header = (
            f"# {row['official_name']}: children's services directory entry.\n"
            "# Generated by tools/build_council_directory.py, then edited by hand. See README.md in this folder\n"
            "# for the fields and how to mark a contact verified. Never add a number without its source.\n"
        )
        text = yaml.safe_dump(record, sort_keys=False, allow_unicode=True, width=120)
        (folder / f"{row['govuk_slug']}.yml").write_text(header + text, encoding="utf-8")

    write_places(data, out)
    write_other_nations(data, out)
    return len(authorities)


def write_places(data: Path, out: Path) -> None:
    """GeoNames places (population 500+) with the authority they fall in; only the columns matching needs."""
    columns = ["place_name", "name_key", "nation", "authority_code", "authority_name", "lad_code", "population",
               "same_name_in_n_authorities"]
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
