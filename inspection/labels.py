"""Translated labels of the models' enums, for templates (``value|label``) and forms."""

from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l

from models import (
    ActionStatus,
    AnswerType,
    Choice,
    InitiativeCategory,
    InitiativeStatus,
    InspectionKind,
    InspectionStatus,
    NoticeStatus,
    PlanStatus,
    ProgrammeStatus,
    RevisionSource,
    Role,
    Slot,
    SolveJobStatus,
    TemplateStatus,
    Topic,
    UnitKind,
)

#: Keyed by enum class first: several enums share values ("planned", "returned" ...).
LABELS: dict[type[enum.Enum], dict[enum.Enum, object]] = {
    Role: {
        Role.ADMIN: _l("Administrator"),
        Role.PLANNER: _l("Planner"),
        Role.INSPECTOR: _l("Inspector"),
        Role.LEADER: _l("Leader"),
        Role.UNIT: _l("Unit focal point"),
    },
    UnitKind: {
        UnitKind.DIVISION: _l("Division"),
        UnitKind.BOARD: _l("Board"),
        UnitKind.SUB_DEPARTMENT: _l("Sub-department"),
        UnitKind.CENTRE: _l("Centre"),
        UnitKind.STATION: _l("Station"),
        UnitKind.RANGER_POST: _l("Ranger post"),
        UnitKind.OTHER: _l("Other"),
    },
    ProgrammeStatus: {
        ProgrammeStatus.DRAFT: _l("Draft"),
        ProgrammeStatus.PLANNED: _l("Planned"),
        ProgrammeStatus.PUBLISHED: _l("Published"),
        ProgrammeStatus.CLOSED: _l("Closed"),
    },
    InspectionKind: {
        InspectionKind.PERIODIC: _l("Periodic"),
        InspectionKind.SURPRISE: _l("Surprise"),
    },
    InspectionStatus: {
        InspectionStatus.PLANNED: _l("Planned"),
        InspectionStatus.IN_PROGRESS: _l("In progress"),
        InspectionStatus.SUBMITTED: _l("Submitted"),
        InspectionStatus.APPROVED: _l("Approved"),
        InspectionStatus.RETURNED: _l("Returned"),
        InspectionStatus.CANCELLED: _l("Cancelled"),
    },
    Slot: {
        Slot.AM: _l("Morning"),
        Slot.PM: _l("Afternoon"),
        Slot.DAY: _l("Full day"),
    },
    RevisionSource: {
        RevisionSource.SOLVE: _l("Planner run"),
        RevisionSource.REPLAN: _l("Re-plan"),
        RevisionSource.EDIT: _l("Hand edit"),
        RevisionSource.RESTORE: _l("Restore"),
        RevisionSource.IMPORT: _l("Import"),
    },
    PlanStatus: {
        PlanStatus.OPTIMAL: _l("Optimal"),
        PlanStatus.FEASIBLE: _l("Feasible"),
        PlanStatus.INFEASIBLE: _l("Infeasible"),
        PlanStatus.UNKNOWN: _l("Not found yet"),
    },
    SolveJobStatus: {
        SolveJobStatus.QUEUED: _l("Queued"),
        SolveJobStatus.RUNNING: _l("Running"),
        SolveJobStatus.DONE: _l("Done"),
        SolveJobStatus.FAILED: _l("Failed"),
        SolveJobStatus.CANCELLED: _l("Cancelled"),
    },
    TemplateStatus: {
        TemplateStatus.DRAFT: _l("Draft"),
        TemplateStatus.PUBLISHED: _l("Published"),
        TemplateStatus.RETIRED: _l("Retired"),
    },
    AnswerType: {
        AnswerType.CHOICE: _l("Compliant / partly / not compliant / not applicable"),
        AnswerType.PERCENT: _l("Percentage"),
        AnswerType.COUNT: _l("Count"),
    },
    Choice: {
        Choice.COMPLIANT: _l("Compliant"),
        Choice.PARTLY: _l("Partly"),
        Choice.NOT_COMPLIANT: _l("Not compliant"),
        Choice.NOT_APPLICABLE: _l("Not applicable"),
    },
    ActionStatus: {
        ActionStatus.OPEN: _l("Awaiting the unit"),
        ActionStatus.ANSWERED: _l("Answered"),
        ActionStatus.VERIFIED: _l("Verified"),
        ActionStatus.REOPENED: _l("Reopened"),
    },
    InitiativeCategory: {
        InitiativeCategory.PUBLIC_SERVICE_CULTURE: _l("Public-service culture"),
        InitiativeCategory.STAFF_ATTITUDE: _l("Staff attitude"),
        InitiativeCategory.HANDLING_QUALITY: _l("Quality and speed of handling requests"),
        InitiativeCategory.OTHER: _l("Other"),
    },
    InitiativeStatus: {
        InitiativeStatus.SUBMITTED: _l("Submitted"),
        InitiativeStatus.UNDER_REVIEW: _l("Under review"),
        InitiativeStatus.RECOGNISED: _l("Recognised as effective"),
        InitiativeStatus.RETURNED: _l("Returned for changes"),
        InitiativeStatus.REJECTED: _l("Rejected"),
    },
    Topic: {
        Topic.VISITS: _l("Visits you are on, or of your unit: assigned, moved, cancelled, team changed"),
        Topic.RECORD_SUBMITTED: _l("An inspection record waits for approval"),
        Topic.INITIATIVE_SUBMITTED: _l("An initiative is submitted for review"),
        Topic.RECORD_APPROVED: _l("An inspection record of your unit is approved with findings"),
        Topic.ACTIONS: _l("Corrective actions of your unit due in 7 days or overdue"),
        Topic.INITIATIVE_DECIDED: _l("An initiative of your unit is returned or recognised"),
        Topic.INITIATIVE_DEADLINE: _l(
            "Your unit has no recognised initiative yet (30, 14 and 3 days before the deadline)"),
        Topic.SOLVE: _l("A plan you started is solved, failed or has no solution"),
        Topic.DIGEST: _l("The weekly digest (Monday morning)"),
    },
    NoticeStatus: {
        NoticeStatus.QUEUED: _l("Waiting to be sent"),
        NoticeStatus.SENDING: _l("Sending"),
        NoticeStatus.SENT: _l("Sent"),
        NoticeStatus.LOGGED: _l("Written to the log (no mail server)"),
        NoticeStatus.FAILED: _l("Not sent"),
    },
}


def label(value: enum.Enum | None) -> str:
    if value is None:
        return ""
    return str(LABELS.get(type(value), {}).get(value, value.value))


def choices(enum_cls: type[enum.Enum]) -> list[tuple[str, str]]:
    """(value, label) pairs for a SelectField."""
    labels = LABELS.get(enum_cls, {})
    return [(member.value, labels.get(member, member.value)) for member in enum_cls]
