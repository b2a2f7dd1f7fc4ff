"""API shapes of the case system."""

from __future__ import annotations

from datetime import date, datetime
from typing import Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from liaison.core import limits
from liaison.core.web import RowId  # ids beyond the database's integer range are refused with a 422

T = TypeVar("T")


class PageOut(BaseModel, Generic[T]):  # noqa: UP046 - Python 3.11
    items: list[T]
    total: int
    page: int
    per_page: int


class AgencyRef(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    code: str
    name: str
    country_code: str


class CaseIn(BaseModel):
    title: str = Field(min_length=1, max_length=limits.TITLE)
    crime_areas: list[str] = Field(min_length=1, max_length=20)
    handling_code: Literal["H0", "H1", "H2", "H3"] = "H0"
    description: str = Field(default="", max_length=limits.DESCRIPTION)


class CaseOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    reference: str
    title: str
    description: str
    crime_areas: list[str]
    status: str
    handling_code: str
    owner_agency: AgencyRef
    created_at: datetime
    review_date: date
    closed_at: datetime | None = None
    #: How the case ended (``cases.cases.OUTCOMES``); empty while open.
    outcome: str = ""


class CaseEventOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    at: datetime
    user_id: int | None
    agency_id: int | None
    kind: str
    changes: dict[str, list[object]]
    note: str


class CaseCloseIn(BaseModel):
    outcome: str = Field(min_length=1, max_length=40)
    note: str = Field(default="", max_length=limits.NOTE)


class CaseEditIn(BaseModel):
    """Only the fields given change; each change is kept in the case's history."""

    title: str | None = Field(default=None, min_length=1, max_length=limits.TITLE)
    description: str | None = Field(default=None, max_length=limits.DESCRIPTION)
    crime_areas: list[str] | None = Field(default=None, min_length=1, max_length=20)
    handling_code: Literal["H0", "H1", "H2", "H3"] | None = None


class AttachmentIn(BaseModel):
    filename: str = Field(min_length=1, max_length=limits.FILENAME)
    content_base64: str = Field(min_length=1)


class AttachmentOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    filename: str
    content_type: str
    size: int
    blob_sha256: str


class MessageIn(BaseModel):
    kind: Literal[
        "request", "reply", "clarification_request", "clarification", "refusal", "spontaneous", "notification"
    ]
    recipient_agency_id: RowId | None = None
    subject: str = Field(min_length=1, max_length=limits.SUBJECT)
    body: str = Field(default="", max_length=limits.BODY)
    priority: Literal["urgent", "normal"] = "normal"
    data_access: Literal["direct", "indirect"] = "indirect"
    legal_basis_code: str | None = Field(default=None, max_length=40)
    channel: str = Field(default="siena", max_length=20)
    #: Omitted: the case's code (for an answer, at least the answered message's); a lower one is refused.
    handling_code: Literal["H0", "H1", "H2", "H3"] | None = None
    handling_note: str = Field(default="", max_length=limits.HANDLING_NOTE)
    evaluation: str = Field(default="X4", min_length=2, max_length=2)
    purpose: str = Field(default="", max_length=limits.NOTE)
    language: str = Field(default="en", max_length=10)
    in_reply_to_id: RowId | None = None
    delay_reason: str = Field(default="", max_length=limits.NOTE)
    attachments: list[AttachmentIn] = Field(default_factory=list, max_length=20)


class MessageOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    case_id: int
    kind: str
    in_reply_to_id: int | None
    forwarded_from_id: int | None
    originator_agency_id: int
    sender_agency: AgencyRef
    recipient_agency: AgencyRef
    priority: str
    data_access: str
    legal_basis_code: str | None
    channel: str
    handling_code: str
    handling_note: str
    evaluation: str
    purpose: str
    language: str
    subject: str
    body: str
    received_at: datetime
    deadline_at: datetime | None
    status: str
    overdue: bool = False
    #: Set while a clarification is awaited: the time limit is suspended since then (2023/977 Art. 6(3)).
    paused_at: datetime | None = None
    assignee_id: int | None
    answered_at: datetime | None
    delay_reason: str
    attachments: list[AttachmentOut]


class EventOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    message_id: int
    at: datetime
    user_id: int | None
    agency_id: int | None
    kind: str
    note: str


class CaseDetail(BaseModel):
    case: CaseOut
    #: Whether the case's own data (description) is shared with the caller; if not, the description is empty.
    case_data_shared: bool
    messages: list[MessageOut]
    events: list[EventOut]
    #: The case's own history (closed, reopened, edited), for those who see its own data; empty otherwise.
    history: list[CaseEventOut] = Field(default_factory=list)


class ShareIn(BaseModel):
    agency_id: RowId
    justification: str = Field(min_length=1, max_length=5000)


class AssignIn(BaseModel):
    assignee_id: RowId


class ForwardIn(BaseModel):
    to_agency_id: RowId
    justification: str = Field(min_length=1, max_length=limits.NOTE)


class PermissionIn(BaseModel):
    to_agency_id: RowId
    note: str = Field(default="", max_length=limits.NOTE)


class JustificationIn(BaseModel):
    justification: str = Field(min_length=1, max_length=limits.NOTE)


class EscalationOut(BaseModel):
    overdue_incoming: list[MessageOut]
    due_soon_incoming: list[MessageOut]
    overdue_outgoing: list[MessageOut]


class SearchOut(BaseModel):
    cases: list[CaseOut]
    messages: list[MessageOut]
