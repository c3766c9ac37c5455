"""The plan page: what a programme's plan holds, as its calendar, loads, coverage and reasons, and
what to change when no plan could be found. The view only loads the programme and renders this."""

from __future__ import annotations

from datetime import date

from flask import current_app, url_for
from flask_babel import format_date
from flask_babel import gettext as _

from inspection.labels import label
from inspection.orgs.queries import active_units, holidays_of
from inspection.planning import operations, queries, texts
from inspection.planning.forms import ProgrammeForm, ReplanForm, SolveForm
from inspection.planning.instance import inspector_names
from models import InspectionKind, PlanRevision, Programme, Role, Slot, User

#: The schedule pages this page links to, when that package provides them.
SCHEDULE_LINKS = ("schedule.revisions", "schedule.add_inspection", "schedule.publish", "schedule.edit_inspection")

#: For each explanation code: the programme form fields to look at, and whether inspectors'
#: availability (leave, weekly limit, who may lead) is part of the answer.
FIXES: dict[str, tuple[tuple[str, ...], bool]] = {
    "infeasible_team_min": (("team_min",), True),
    "infeasible_no_lead": ((), True),
    "infeasible_budget": (("max_inspections", "coverage_percent"), False),
    "infeasible_mandatory_no_day": (("mandatory_units", "window_end", "team_min"), True),
    "infeasible_mandatory_capacity": (("mandatory_units", "window_end"), True),
    "infeasible_coverage_reach": (("coverage_percent", "team_min"), True),
    "infeasible_capacity": (("window_end", "coverage_percent", "team_min", "surprise_count"), True),
    "infeasible_lead_capacity": (("window_end", "coverage_percent", "surprise_count"), True),
    "infeasible_surprise_draw": (("surprise_count",), True),
    "core_calendar": (("window_start", "window_end"), False),
    "core_coverage": (("coverage_percent",), False),
    "core_mandatory": (("mandatory_units",), False),
    "core_team": (("team_min", "team_max"), True),
    "core_inspector_slot": ((), True),
    "core_inspector_area": ((), True),
    "core_inspector_week": ((), True),
    "core_unit_gap": (("min_gap_days",), False),
    "core_surprise": (("surprise_count",), False),
    "core_budget": (("max_inspections",), False),
    "infeasible_no_working_day": (("window_start", "window_end"), False),
    "unknown_no_plan": (("max_inspections", "coverage_percent"), True),
}

#: Explanations answered by solving for longer (a link to the time limit of the solve form).
LONGER = ("unknown_time_limit", "unknown_no_plan")


def _may_open(endpoint: str, user: User) -> bool:
    view = current_app.view_functions.get(endpoint)
    allowed = getattr(view, "allowed_roles", None)
    return view is not None and (allowed is None or user.role in allowed)


def explanation(revision: PlanRevision, programme: Programme, user: User) -> list[dict]:
    """The revision's explanation in the user's language, each line with links to what to change."""
    form = ProgrammeForm(formdata=None)
    lines = []
    for item in revision.plan.get("explanation_codes") or []:
        fields, inspectors = FIXES.get(item["code"], ((), False))
        links = []
        if _may_open("planning.programme_edit", user):
            links += [(getattr(form, name).label.text,
                       url_for("planning.programme_edit", programme_id=programme.id, _anchor=name))
                      for name in fields]
        if inspectors and _may_open("orgs.availability", user):
            links.append((_("Inspectors' leave and units' blackout days"), url_for("orgs.availability")))
        if inspectors and _may_open("orgs.inspectors", user):
            links.append((_("Inspectors' leave and limits"), url_for("orgs.inspectors")))
        elif inspectors:
            links.append((_("Ask an administrator to review inspectors' weekly limits and who may lead"), None))
        if item["code"] in LONGER and _may_open("planning.solve", user):
            links.append((_("A longer time limit"), url_for("planning.plan", programme_id=programme.id,
                                                            _anchor="solve")))
        lines.append({"text": texts.render(item["code"], item.get("params", {}), instance=revision.instance),
                      "links": links})
    if not lines:
        lines = [{"text": text, "links": []} for text in revision.plan.get("explanation", [])]
    return lines


def context(programme: Programme, user: User, today: date) -> dict:
    """Everything ``planning/plan.html`` shows of ``programme`` to ``user`` on ``today``."""
    revision = programme.current_revision
    latest = queries.latest_revision(programme)
    failed = latest if latest is not None and latest is not revision and not operations.has_plan(latest.plan) \
        else None
    rows = queries.inspections(programme, user, today)
    total = len(revision.instance["units"]) if revision else len(active_units())
    previous, changes = queries.change_list(revision) if revision else (None, None)
    names = {name: person for r in (previous, revision) if r is not None
             for name, person in inspector_names(r.instance).items()}
    replan_form = ReplanForm(formdata=None, replan_from=min(max(today, programme.window_start), programme.window_end))
    weeks, loads = queries.loads(rows)
    return {
        "programme": programme,
        "revision": revision,
        "failed": failed,
        "failed_lines": explanation(failed, programme, user) if failed else [],
        "summary": [texts.render(i["code"], i.get("params", {})) for i in
                    (revision.plan.get("explanation_codes") or [])] if revision else [],
        "rows": rows,
        "days": queries.by_date(rows),
        "months": queries.months(programme.window_start, programme.window_end),
        "weeks": weeks,
        "loads": loads,
        "coverage": queries.coverage(programme, rows, total),
        "reasons": queries.reasons(revision) if revision else [],
        "changes": changes,
        "previous": previous,
        "clashes": queries.clashes(programme, today) if revision else [],
        "follow_ups": queries.follow_ups(programme, today),
        "holidays_missing": not holidays_of(programme.year),
        "names": names,
        "active": operations.active_job(programme),
        "last_job": queries.last_job(programme),
        "solve_form": SolveForm(formdata=None),
        "replan_form": replan_form,
        "can_write": user.role == Role.PLANNER,
        "schedule": {e: e in current_app.view_functions for e in SCHEDULE_LINKS},
        "render": texts.render,
        "causes": texts.CAUSES,
        "aspects": texts.ASPECTS,
        "describe": describe,
        "month_label": lambda first: format_date(first, "LLLL yyyy"),
        "weekdays": [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri")],
    }


def describe(entry: dict, names: dict[str, str] | None = None, unit: bool = True) -> str:
    """A plan entry in words: "VP (Periodic) 06/04/2020 Morning, team: A (lead), B"."""
    when = f"{date.fromisoformat(entry['date']):%d/%m/%Y} {label(Slot(entry['slot']))}"
    text = f"{entry['unit']} ({label(InspectionKind(entry['kind']))}) {when}" if unit else when
    if names is None:
        return text
    lead = entry.get("lead")
    others = sorted(names.get(i, i) for i in entry["inspectors"] if i != lead)
    team = [_("%(name)s (lead)", name=names.get(lead, lead))] if lead else []
    return text + ", " + _("team: %(team)s", team=", ".join(team + others))
