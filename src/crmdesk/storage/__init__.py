"""Storage: the database file (or server), migrations, keys, backups, the search index.

Imports no Qt.  Everything specific to one database engine lives here, behind
:class:`crmdesk.storage.backends.Backend`.
"""
