"""Every setting, declared once: key, type, default, scope and a translated description.

*database* settings live in the ``settings`` table of the open database and
apply to every user of it (an admin changes them); *app* settings belong to this
computer's user and live in the settings file (see :mod:`crmdesk.config`);
*state* entries also live in the ``settings`` table but are written by the
program itself (e.g. the record of the last backup) and are never shown to or
changed by users.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from crmdesk.i18n import QT_TRANSLATE_NOOP, render


@dataclass(frozen=True)
class SettingSpec:
    key: str
    type: type
    default: Any
    scope: str  # "database" | "app" | "state"
    description: str
    minimum: int | None = None
    maximum: int | None = None

    @property
    def translated(self) -> str:
        return render("Settings", self.description)


SETTINGS: tuple[SettingSpec, ...] = (
    # -- database ------------------------------------------------------------
    SettingSpec("company_name", str, "", "database",
                QT_TRANSLATE_NOOP("Settings", "Company name printed on reports")),
    # the company's header on quotes, orders, delivery notes and invoices (issue 16;
    # reports/documents.py); the name is company_name above
    SettingSpec("company.address", str, "", "database",
                QT_TRANSLATE_NOOP("Settings", "Company address printed on documents")),
    SettingSpec("company.phone", str, "", "database",
                QT_TRANSLATE_NOOP("Settings", "Company telephone printed on documents")),
    SettingSpec("company.tax_number", str, "", "database",
                QT_TRANSLATE_NOOP("Settings", "Company tax number printed on documents")),
    SettingSpec("company.bank", str, "", "database",
                QT_TRANSLATE_NOOP("Settings", "Company bank and account printed on invoices")),
    # VAT (issue 16; core/services/vat.py): the rates offered, in percent, and the rate of
    # a product that names none
    SettingSpec("vat.rates", list, ["13", "9", "6", "0"], "database",
                QT_TRANSLATE_NOOP("Settings", "VAT rates offered, in percent")),
    SettingSpec("vat.default_rate", int, 13, "database",
                QT_TRANSLATE_NOOP("Settings", "Default VAT rate, in percent (a product "
                                              "without its own rate)"), 0, 100),
    SettingSpec("invoice.payment_days", int, 30, "database",
                QT_TRANSLATE_NOOP("Settings", "Days from an invoice to its due date"),
                0, 365),
    SettingSpec("security.lockout_threshold", int, 5, "database",
                QT_TRANSLATE_NOOP("Settings", "Wrong passwords in a row before an account "
                                              "is locked"), 1, 100),
    SettingSpec("security.lockout_minutes", int, 15, "database",
                QT_TRANSLATE_NOOP("Settings", "Minutes a locked account stays locked"), 1, 1440),
    # The anti-scraping guard counts the distinct customers a user opens, lists, searches,
    # exports or prints within the window, with a limit per role (see accounts.guard_state).
    SettingSpec("security.scrape_limit", int, 300, "database",
                QT_TRANSLATE_NOOP("Settings", "Customers a staff member may open, list or "
                                              "export within the window before the account "
                                              "is frozen"),
                10, 10_000_000),
    SettingSpec("security.scrape_limit_manager", int, 2000, "database",
                QT_TRANSLATE_NOOP("Settings", "Customers a manager may open, list or export "
                                              "within the window before the account is frozen"),
                10, 10_000_000),
    SettingSpec("security.scrape_limit_admin", int, 10000, "database",
                QT_TRANSLATE_NOOP("Settings", "Customers an administrator may open, list or "
                                              "export within the window before the account "
                                              "is frozen"),
                10, 10_000_000),
    SettingSpec("security.scrape_window_minutes", int, 10, "database",
                QT_TRANSLATE_NOOP("Settings", "Window of the anti-scraping guard, in minutes"),
                1, 1440),
    SettingSpec("security.scrape_count_staff", bool, True, "database",
                QT_TRANSLATE_NOOP("Settings", "Count the customers staff members read "
                                              "(anti-scraping guard)")),
    SettingSpec("security.scrape_count_manager", bool, True, "database",
                QT_TRANSLATE_NOOP("Settings", "Count the customers managers read "
                                              "(anti-scraping guard)")),
    SettingSpec("security.scrape_count_admin", bool, True, "database",
                QT_TRANSLATE_NOOP("Settings", "Count the customers administrators read "
                                              "(anti-scraping guard)")),
    SettingSpec("export.staff_max_rows", int, 100, "database",
                QT_TRANSLATE_NOOP("Settings", "Records a staff member may export at once "
                                              "(managers and administrators: no limit)"),
                0, 100_000),
    SettingSpec("attachments.max_mb", int, 20, "database",
                QT_TRANSLATE_NOOP("Settings", "Largest file that may be attached to a record, "
                                              "in MB"), 1, 500),
    SettingSpec("service.low_score", int, 2, "database",
                QT_TRANSLATE_NOOP("Settings", "A satisfaction score at or below this makes a "
                                              "follow-up task (1-5 stars)"), 1, 4),
    SettingSpec("sla.at_risk_percent", int, 80, "database",
                QT_TRANSLATE_NOOP("Settings", "A ticket is at risk when this share of its "
                                              "service-level time is used (percent)"), 1, 99),
    SettingSpec("lists.industry", list, None, "database",
                QT_TRANSLATE_NOOP("Settings", "Suggested industries")),
    SettingSpec("lists.source", list, None, "database",
                QT_TRANSLATE_NOOP("Settings", "Suggested lead sources")),
    SettingSpec("backup.dir", str, "", "database",
                QT_TRANSLATE_NOOP("Settings", "Folder for automatic backups (empty: beside "
                                              "the database)")),
    SettingSpec("backup.on_close", bool, True, "database",
                QT_TRANSLATE_NOOP("Settings", "Back up when the program closes")),
    SettingSpec("backup.every_hours", int, 4, "database",
                QT_TRANSLATE_NOOP("Settings", "Back up every N hours while open (0: never)"),
                0, 168),
    SettingSpec("backup.daily", bool, True, "database",
                QT_TRANSLATE_NOOP("Settings", "Make one backup every day")),
    SettingSpec("backup.keep_last", int, 10, "database",
                QT_TRANSLATE_NOOP("Settings", "Recent backups to keep"), 1, 1000),
    SettingSpec("backup.keep_daily", int, 7, "database",
                QT_TRANSLATE_NOOP("Settings", "Daily backups to keep"), 0, 1000),
    SettingSpec("backup.keep_weekly", int, 4, "database",
                QT_TRANSLATE_NOOP("Settings", "Weekly backups to keep"), 0, 1000),
    SettingSpec("backup.keep_monthly", int, 12, "database",
                QT_TRANSLATE_NOOP("Settings", "Monthly backups to keep"), 0, 1000),
    SettingSpec("backup.warn_after_hours", int, 48, "database",
                QT_TRANSLATE_NOOP("Settings", "Warn when the last good backup is older than "
                                              "N hours"), 1, 8760),
    # Follow-up cadence (core/services/cadence.py): days from a contact to the next
    # follow-up, per intent level; a customer status may override its customers' level.
    SettingSpec("cadence.H", int, 2, "database",
                QT_TRANSLATE_NOOP("Settings", "Follow-up cadence of intent level H, in days"),
                1, 365),
    SettingSpec("cadence.A", int, 7, "database",
                QT_TRANSLATE_NOOP("Settings", "Follow-up cadence of intent level A, in days"),
                1, 365),
    SettingSpec("cadence.B", int, 15, "database",
                QT_TRANSLATE_NOOP("Settings", "Follow-up cadence of intent level B, in days"),
                1, 365),
    SettingSpec("cadence.C", int, 30, "database",
                QT_TRANSLATE_NOOP("Settings", "Follow-up cadence of intent level C, in days"),
                1, 365),
    SettingSpec("cadence.status.potential", int, 0, "database",
                QT_TRANSLATE_NOOP("Settings", "Follow-up cadence of potential customers, in "
                                              "days (0: by intent level)"), 0, 365),
    SettingSpec("cadence.status.active", int, 0, "database",
                QT_TRANSLATE_NOOP("Settings", "Follow-up cadence of active customers, in days "
                                              "(0: by intent level)"), 0, 365),
    SettingSpec("cadence.status.dormant", int, 0, "database",
                QT_TRANSLATE_NOOP("Settings", "Follow-up cadence of dormant customers, in days "
                                              "(0: by intent level)"), 0, 365),
    SettingSpec("cadence.status.lost", int, 0, "database",
                QT_TRANSLATE_NOOP("Settings", "Follow-up cadence of churned customers, in days "
                                              "(0: by intent level)"), 0, 365),
    # Stock (core/services/stock.py, issue 16)
    SettingSpec("stock.allow_negative", bool, False, "database",
                QT_TRANSLATE_NOOP("Settings", "Allow stock to go below zero (issues and "
                                              "transfers of more than is available)")),
    SettingSpec("stock.default_warehouse", str, "", "database",
                QT_TRANSLATE_NOOP("Settings", "Default warehouse, by its code (empty: the "
                                              "first active warehouse)")),
    # The accountant export's account codes (core/services/accounting.py, issue 16):
    # defaults from the Chinese chart of accounts; map them to the package's codes
    *(SettingSpec(f"accounting.account_{key}", str, code, "database", text)
      for key, code, text in (
          ("receivable", "1122", QT_TRANSLATE_NOOP("Settings", "Account code: accounts "
                                                               "receivable")),
          ("revenue", "6001", QT_TRANSLATE_NOOP("Settings", "Account code: sales revenue")),
          ("vat_output", "22210102", QT_TRANSLATE_NOOP("Settings", "Account code: output "
                                                                   "VAT")),
          ("bank", "1002", QT_TRANSLATE_NOOP("Settings", "Account code: bank")),
          ("cash", "1001", QT_TRANSLATE_NOOP("Settings", "Account code: cash")),
          ("opening", "4104", QT_TRANSLATE_NOOP("Settings", "Account code: opening balances "
                                                            "brought forward")),
          ("inventory", "1405", QT_TRANSLATE_NOOP("Settings", "Account code: stock of "
                                                              "goods")),
          ("cogs", "6401", QT_TRANSLATE_NOOP("Settings", "Account code: cost of goods "
                                                         "sold")),
          ("payable", "2202", QT_TRANSLATE_NOOP("Settings", "Account code: accounts "
                                                            "payable")),
      )),
    # -- state (written by the program, kept in the database) ----------------
    SettingSpec("database.id", str, None, "state",
                QT_TRANSLATE_NOOP("Settings", "Random id that tells this database's backups "
                                              "apart (made on first use)")),
    SettingSpec("backup.state", dict, None, "state",
                QT_TRANSLATE_NOOP("Settings", "The last backup, the last verified backup and "
                                              "the last failed attempt")),
    SettingSpec("templates.state", dict, None, "state",
                QT_TRANSLATE_NOOP("Settings", "The templates applied to this database and "
                                              "the analyses they declare")),
    # -- app (this computer) -------------------------------------------------
    SettingSpec("language", str, "", "app",
                QT_TRANSLATE_NOOP("Settings", "Language (empty: as the system)")),
    SettingSpec("recent_files", list, [], "app",
                QT_TRANSLATE_NOOP("Settings", "Recently opened databases")),
    SettingSpec("recent_servers", list, [], "app",
                QT_TRANSLATE_NOOP("Settings", "Recently opened database servers (host, port, "
                                              "database, user; never a password)")),
    SettingSpec("last_user", str, "", "app",
                QT_TRANSLATE_NOOP("Settings", "Last user name used to log in")),
)

BY_KEY: dict[str, SettingSpec] = {spec.key: spec for spec in SETTINGS}

#: old name -> the setting that replaced it (``get``/``set_value`` accept the old name).
#: ``security.scrape_guard_managers`` (off by default: managers were never counted) became
#: ``security.scrape_count_manager`` (on by default).  A value stored under the old name
#: is ignored: the settings window saved it with every other setting, so a stored "off"
#: cannot be told apart from a default nobody chose.
RENAMED: dict[str, str] = {"security.scrape_guard_managers": "security.scrape_count_manager"}


def spec(key: str) -> SettingSpec:
    return BY_KEY[key]
