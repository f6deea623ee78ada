"""Domain models.  Importing this package registers every table on ``Base.metadata``."""

from crmdesk.core.models.accounts import AccessEvent, Team, User
from crmdesk.core.models.assignment_satisfaction import (
    AssignmentPointer,
    AssignmentRule,
    TicketSatisfaction,
)
from crmdesk.core.models.attachments import Attachment, AttachmentData
from crmdesk.core.models.audit import AuditEntry
from crmdesk.core.models.base import Base, UTCDateTime, utcnow
from crmdesk.core.models.billing import (
    BankLine,
    Delivery,
    DeliveryLine,
    Invoice,
    InvoiceLine,
    Payment,
    PaymentAllocation,
    Quote,
    QuoteLine,
)
from crmdesk.core.models.campaigns import Campaign, CampaignMember
from crmdesk.core.models.contacts import Contact
from crmdesk.core.models.custom_fields import CustomFieldDef, CustomFieldValue
from crmdesk.core.models.customers import Customer
from crmdesk.core.models.diary import DiaryNote
from crmdesk.core.models.interactions import Interaction
from crmdesk.core.models.keys import KeyGrant, ScopeKey, UserKey
from crmdesk.core.models.knowledge import Article, TicketArticle
from crmdesk.core.models.record_types import RecordType, RecordTypeField
from crmdesk.core.models.reminders import ReminderState
from crmdesk.core.models.sales import Opportunity, OpportunityStage, Order, OrderLine, Product
from crmdesk.core.models.saved_views import SavedView
from crmdesk.core.models.service_levels import (
    CalendarDay,
    SlaBreach,
    SlaTarget,
    TicketSla,
    WorkingHours,
)
from crmdesk.core.models.stock import (
    PurchaseOrder,
    PurchaseOrderLine,
    StockLevel,
    StockMovement,
    Supplier,
    Warehouse,
    WarehouseLocation,
)
from crmdesk.core.models.system import Counter, MergeRecord, SearchDoc, Setting
from crmdesk.core.models.tasks import Task
from crmdesk.core.models.tickets import Ticket, TicketEvent, TicketStatus, TicketTransition
from crmdesk.core.models.work_plans import PlanItem, WorkPlan

__all__ = [
    "CalendarDay", "SlaBreach", "SlaTarget", "TicketSla", "WorkingHours",
    "AccessEvent", "Article", "AssignmentPointer", "AssignmentRule", "Attachment", "AttachmentData", "AuditEntry", "Base", "Campaign",
    "CampaignMember", "Contact",
    "Counter", "CustomFieldDef", "CustomFieldValue", "Customer", "DiaryNote", "Interaction",
    "MergeRecord",
    "KeyGrant", "Opportunity", "OpportunityStage", "Order", "OrderLine", "Product", "ReminderState",
    "RecordType", "RecordTypeField",
    "SavedView", "SearchDoc", "Setting",
    "ScopeKey", "Task", "Team", "Ticket", "TicketEvent", "TicketSatisfaction", "TicketStatus",
    "TicketArticle", "TicketTransition", "UTCDateTime", "User",
    "UserKey", "utcnow",
    "PlanItem", "WorkPlan",
    "BankLine", "Delivery", "DeliveryLine", "Invoice", "InvoiceLine", "Payment",
    "PaymentAllocation", "Quote", "QuoteLine",
    "PurchaseOrder", "PurchaseOrderLine", "StockLevel", "StockMovement", "Supplier",
    "Warehouse", "WarehouseLocation",
]
