"""Use cases per area: the only writers of the database.

Every function takes a SQLAlchemy ``Session`` and the acting user
(:class:`crmdesk.core.permissions.Actor`).  Services flush but do not commit:
the caller owns the transaction (``Database.transaction()``), so a rejected
write changes nothing.  The exceptions are login failures and the anti-scraping
freeze, which must be remembered even though the call fails; those commit.
"""
