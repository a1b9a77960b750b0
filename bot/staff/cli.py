"""`make staff-account EMAIL=… ROLE=staff|supervisor|admin`: creates a staff account, or gives an existing one a
new role and password (and signs it out everywhere).

The password comes from RTA_STAFF_PASSWORD or standard input, never the command line (which other users of
the machine can see in the process list, and which shells keep in their history).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from sqlalchemy import create_engine

from bot import schema
from bot.paths import VAR
from bot.staff import accounts, audit
from bot.staff.db import StaffDatabase
from bot.staff.models import ROLES
from bot.staff.passwords import WeakPassword


def _password() -> str:
    if os.environ.get("RTA_STAFF_PASSWORD"):
        return os.environ["RTA_STAFF_PASSWORD"]
    if sys.stdin.isatty():
        first = getpass.getpass("Password for the account: ")
        if getpass.getpass("The same password again: ") != first:
            raise SystemExit("The two passwords were different; nothing was changed.")
        return first
    return sys.stdin.readline().rstrip("\r\n")


def database() -> StaffDatabase:
    # The same database as the gateway: the one RTA_ENDPOINTS names (var/conversations.db when run locally).
    os.environ.setdefault("RTA_SQLITE_DB", str(VAR / "conversations.db"))
    from bot.gateway.tracker_db import tracker_store_url
    from bot.settings import load_settings

    url = tracker_store_url(load_settings().endpoints_file)
    if url.get_backend_name() == "sqlite" and url.database:
        VAR.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url)
    schema.upgrade(engine)
    return StaffDatabase(engine)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make staff-account", description=__doc__.splitlines()[0])
    parser.add_argument("--email", required=True)
    parser.add_argument("--role", required=True, choices=ROLES)
    args = parser.parse_args(argv)
    password = _password()
    db = database()
    try:
        account, created = accounts.create_or_update(db, args.email, args.role, password)
    except (ValueError, WeakPassword) as error:
        print(error, file=sys.stderr)
        return 2
    audit.record(db, "account_created" if created else "account_updated", account, detail=account.role)
    print(f"{'Created' if created else 'Updated'} {account.email} ({account.role}).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
