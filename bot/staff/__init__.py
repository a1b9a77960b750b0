"""Helpline staff: accounts, sign-in sessions, calls, private notes, hand-over codes and the audit trail.

Pure domain code over the same database as the conversations (SQLAlchemy 2; tables made by the Alembic
migrations in migrations/). Nothing here knows about HTTP; bot/gateway/routes_staff.py is the web layer.

    db = StaffDatabase(engine)
    accounts.create_or_update(db, email, role, password)     # `make staff-account`
    accounts.authenticate(db, email, password)               # -> SignIn (account or why not)
    sessions.start(db, account, previous_token) / sessions.check(db, token, ...) / sessions.end(db, token)
    calls.start(db, staff, conversation_id, origin) / calls.visible(db, staff, call_id)
    handover.new_code(db, conversation_id) / handover.redeem(db, code)
    audit.record(db, action, staff, call=...) / audit.export_csv(db)

Single sign-on (OIDC) is designed for, not built: an account has `auth_provider` ("password" now) and
`external_subject` (the identity provider's `sub`), and a signed-in session does not care how it began.
"""
