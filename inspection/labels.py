"""Translated labels of the models' enums, for templates (``value|label``) and forms."""

from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l

from models import (
    ActionStatus,
    AnswerType,
    Choice,
    DocumentKind,
    FilePurpose,
    InitiativeCategory,
    InitiativeStatus,
    InspectionKind,
    InspectionStatus,
    JobStatus,
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
    FilePurpose: {
        FilePurpose.PHOTO: _l("Photo"),
        FilePurpose.PHOTO_DISPLAY: _l("Photo reduced for the screen"),
        FilePurpose.EVIDENCE: _l("Evidence"),
        FilePurpose.ATTACHMENT: _l("Initiative attachment"),
        FilePurpose.UNIT_IMPORT: _l("File of units to import"),
        FilePurpose.INDICATOR_IMPORT: _l("File of monthly figures to import"),
        FilePurpose.EXPORT: _l("Exported file"),
    },
    JobStatus: {
        JobStatus.QUEUED: _l("Queued"),
        JobStatus.RUNNING: _l("Running"),
        JobStatus.DONE: _l("Done"),
        JobStatus.FAILED: _l("Failed"),
    },
    DocumentKind: {
        DocumentKind.RECORD: _l("Inspection record"),
        DocumentKind.PLAN: _l("Inspection plan"),
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


# The audit log ("Nhật ký thay đổi") in words -----------------------------------------------------

#: What an entry records: a plain change of a record, or a step of its lifecycle.
AUDIT_ACTIONS = {
    "create": _l("Created"), "update": _l("Changed"), "delete": _l("Deleted"), "import": _l("Imported"),
    "submit": _l("Submitted"), "resubmit": _l("Submitted again"), "approve": _l("Approved"),
    "return": _l("Returned for changes"), "verify": _l("Verified"), "reopen": _l("Reopened"),
    "publish": _l("Published"), "cancel": _l("Cancelled"), "reveal": _l("Revealed to the unit"),
    "start_review": _l("Review started"), "recognise": _l("Recognised as effective"), "reject": _l("Rejected"),
    "weight_override": _l("Risk weight set by hand"), "weight_override_cleared": _l("Risk weight set by hand removed"),
}

#: The kind of record each table holds.
AUDIT_RECORDS = {
    "users": _l("User account"), "units": _l("Unit"), "inspectors": _l("Inspector"),
    "inspector_leaves": _l("Inspector's leave"), "unit_blackouts": _l("Unit's unavailable days"),
    "inspector_conflicts": _l("Declared conflict of interest"),
    "holidays": _l("Holiday"), "settings": _l("Setting"), "service_indicators": _l("Monthly service figures"),
    "programmes": _l("Inspection programme"), "programme_units": _l("Unit in a programme"),
    "plan_revisions": _l("Plan revision"), "solve_jobs": _l("Planner run"), "inspections": _l("Inspection"),
    "inspection_members": _l("Inspection team member"), "checklist_templates": _l("Checklist template"),
    "template_sections": _l("Checklist section"), "template_items": _l("Checklist item"),
    "checklist_responses": _l("Checklist"), "checklist_submissions": _l("Checklist submission"),
    "answers": _l("Checklist answer"), "photos": _l("Photo"), "findings": _l("Finding"),
    "corrective_actions": _l("Corrective action"), "initiatives": _l("Initiative"),
    "initiative_attachments": _l("Initiative attachment"), "stored_files": _l("Uploaded file"),
    "issued_documents": _l("Issued document"), "notices": _l("E-mail notice"),
    "notice_opt_outs": _l("E-mail notices turned off"), "visit_notices": _l("Visit notice sent"),
}

#: Columns, and the details an event records, as the log names them (the same name means the
#: same thing in every table).
AUDIT_FIELDS = {
    "id": _l("Number"), "active": _l("Active"), "address": _l("Address"), "answer_id": _l("Checklist answer"),
    "answer_type": _l("Answer type"), "answered_at": _l("Answered at"), "apology_letters": _l("Apology letters"),
    "area": _l("Area"), "balance_weight": _l("Weight of a balanced workload"), "best_score": _l("Best score"),
    "bound": _l("Bound"), "calendar_token": _l("Calendar link"), "can_lead": _l("May lead a team"),
    "cancel_requested": _l("Stop requested"), "category": _l("Category"), "choice": _l("Answer"),
    "client_id": _l("Tablet's reference"), "code": _l("Code"),
    "complaints_on_time": _l("Complaints settled on time"), "complaints_published": _l("Complaint results published"),
    "complaints_received": _l("Complaints received"), "conclusions": _l("Conclusions"),
    "content_type": _l("Kind of file"), "coverage_fraction": _l("Coverage target"), "created_at": _l("Created at"),
    "created_by_id": _l("Created by"), "current_revision_id": _l("Current plan revision"), "date": _l("Date"),
    "description": _l("Description"), "display_file_id": _l("Photo shown"), "dossiers_late": _l("Dossiers late"),
    "dossiers_on_time": _l("Dossiers on time"), "dossiers_received": _l("Dossiers received"),
    "due_date": _l("Due date"), "duration": _l("Length of the visit"), "elapsed": _l("Time taken (seconds)"),
    "email": _l("E-mail"),
    "end_date": _l("Last day"), "error": _l("Error"), "evidence_id": _l("Evidence"),
    "evidence_required": _l("Evidence required"), "expected_effect": _l("Expected effect"), "file_id": _l("File"),
    "finding_id": _l("Finding"), "finished_at": _l("Finished at"), "follow_up_declined": _l("Follow-up declined"),
    "full_name": _l("Full name"), "guidance_en": _l("Guidance (English)"), "guidance_vi": _l("Guidance (Vietnamese)"),
    "head_name": _l("Head of unit"), "heartbeat_at": _l("Last sign of the worker"), "height": _l("Height"),
    "home_unit_id": _l("Home unit"), "initiative_id": _l("Initiative"), "inspection_id": _l("Inspection"),
    "inspector_id": _l("Inspector"), "instance": _l("Planner input"), "issued_at": _l("Issued at"),
    "issued_on": _l("Issued on"), "item_id": _l("Checklist item"), "key": _l("Key"), "kind": _l("Kind"),
    "lead_id": _l("Lead inspector"), "locale": _l("Language"), "mandatory": _l("Mandatory"),
    "max_inspections": _l("Most inspections"), "max_per_week": _l("Most inspections per week"),
    "measured_effect": _l("Measured effect"), "min_gap_days": _l("Fewest days between two visits"),
    "month": _l("Month"), "name": _l("Name"), "name_en": _l("Name (English)"), "name_vi": _l("Name (Vietnamese)"),
    "note": _l("Note"), "number": _l("Number"), "online_dossiers": _l("Dossiers received online"),
    "online_handled": _l("Dossiers handled online"), "original_name": _l("File name"),
    "override_reason": _l("Reason for the weight"), "parent_id": _l("Parent unit"), "password_hash": _l("Password"),
    "phase": _l("Phase"), "pinned": _l("Pinned"), "plan": _l("Plan"), "position": _l("Position"),
    "postal_procedures": _l("Procedures offered by post"), "postal_procedures_used": _l("Procedures used by post"),
    "postal_received": _l("Dossiers received by post"), "postal_returned": _l("Results returned by post"),
    "programme_id": _l("Programme"), "published_at": _l("Published at"),
    "published_sequence": _l("Version as published"), "purpose": _l("Purpose"), "reason": _l("Reason"),
    "replan_from": _l("Re-plan from"), "representative_name": _l("Unit's representative"),
    "representative_present": _l("Representative present"), "response_id": _l("Checklist"), "result": _l("Result"),
    "revealed_at": _l("Revealed at"), "review_comment": _l("Review comment"), "reviewed_at": _l("Reviewed at"),
    "reviewed_by_id": _l("Reviewed by"), "reviewer_id": _l("Reviewer"), "revision_id": _l("Plan revision"),
    "role": _l("Role"), "score": _l("Score"), "scores": _l("Section scores"), "search_text": _l("Search text"),
    "section_id": _l("Checklist section"), "seed": _l("Draw code for the surprise inspections"),
    "sequence": _l("Version"), "sha256": _l("Content fingerprint (SHA-256)"), "size": _l("Size (bytes)"),
    "slot": _l("Time of day"), "source": _l("Made by"), "stability_weight": _l("Weight of stability when re-planning"),
    "start_date": _l("First day"), "started_at": _l("Started at"), "status": _l("Status"),
    "submitted_at": _l("Submitted at"), "submitted_by_id": _l("Submitted by"),
    "surprise_count": _l("Surprise inspections"), "survey_responses": _l("Survey answers"),
    "survey_satisfied": _l("Satisfied answers"), "surveys_held": _l("Surveys held"),
    "surveys_published": _l("Survey results published"), "target": _l("Target"), "team_max": _l("Largest team"),
    "team_min": _l("Smallest team"), "template_id": _l("Checklist template"), "text_en": _l("Text (English)"),
    "text_vi": _l("Text (Vietnamese)"), "time_limit": _l("Time limit (seconds)"), "title": _l("Title"),
    "title_en": _l("Title (English)"), "title_vi": _l("Title (Vietnamese)"), "total_score": _l("Total score"),
    "unit_answer": _l("Unit's answer"), "unit_id": _l("Unit"), "updated_by_id": _l("Changed by"),
    "uploaded_by_id": _l("Uploaded by"), "user_id": _l("Login"), "username": _l("User name"), "value": _l("Value"),
    "verified_at": _l("Verified at"), "verified_by_id": _l("Verified by"), "verifier_comment": _l("Verifier's comment"),
    "attempts": _l("Sending attempts"), "cancelled": _l("Cancelled"), "event": _l("Event"),
    "html_body": _l("Message (HTML)"), "sent_at": _l("Sent at"), "subject": _l("Subject"), "team": _l("Team"),
    "text_body": _l("Message"), "told": _l("People told"), "topic": _l("Topic"),
    "weight": _l("Weight"), "weight_override": _l("Weight set by hand"), "width": _l("Width"),
    "window_end": _l("Window end"), "window_start": _l("Window start"), "year": _l("Year"),
    # Details of lifecycle events.
    "findings": _l("Findings recorded"), "actions": _l("Corrective actions opened"), "unit": _l("Unit"),
    "created": _l("Records created"), "updated": _l("Records updated"), "inspections": _l("Inspections published"),
    "changed": _l("Inspections changed"),
}


def audit_action(action: str) -> str:
    return str(AUDIT_ACTIONS.get(action, action))


def audit_record(entity: str) -> str:
    return str(AUDIT_RECORDS.get(entity, entity))


def audit_field(key: str) -> str:
    return str(AUDIT_FIELDS.get(key, key))
