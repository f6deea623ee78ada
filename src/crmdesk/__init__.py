"""crmdesk: a desktop customer-management system over one SQLite file."""

__version__ = "0.1.0"
