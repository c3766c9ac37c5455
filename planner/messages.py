"""English and Vietnamese texts for every violation, explanation and reason code.

The plan and the check report carry stable codes with JSON-able params; the web app renders
them in the user's language with `render(code, params, lang)`. Dates in params are ISO strings;
the Vietnamese texts show them as dd/mm/yyyy.
"""

from __future__ import annotations

import re
import string
from typing import Any

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")

TEMPLATES: dict[str, dict[str, str]] = {
    # ---- hard-rule violations (check)
    "outside_horizon": {
        "en": "inspection of {unit} on {date} is outside the horizon {start} to {end}",
        "vi": "cuộc kiểm tra {unit} ngày {date} nằm ngoài kỳ kế hoạch {start} đến {end}"},
    "not_working_day": {
        "en": "inspection of {unit} on {date}: not a working day",
        "vi": "cuộc kiểm tra {unit} ngày {date}: không phải ngày làm việc"},
    "before_today": {
        "en": "inspection of {unit} on {date} is before today ({today}) and is not pinned",
        "vi": "cuộc kiểm tra {unit} ngày {date} trước ngày hiện tại ({today}) và không được cố định"},
    "slot_mismatch": {
        "en": "inspection of {unit}: {slot} does not match its length ({duration})",
        "vi": "cuộc kiểm tra {unit}: {slot} không khớp thời lượng ({duration})"},
    "coverage_too_low": {
        "en": "more than {fraction} of the units ({needed:n unit}) must be inspected but the plan "
              "covers only {covered}",
        "vi": "Cần kiểm tra hơn {fraction} số đơn vị ({needed} đơn vị) nhưng kế hoạch chỉ có {covered}"},
    "mandatory_not_covered": {
        "en": "mandatory unit {unit} is not inspected",
        "vi": "đơn vị bắt buộc {unit} không được kiểm tra"},
    "team_repeated_inspector": {
        "en": "inspection of {unit} on {date} lists inspector {inspector} more than once",
        "vi": "cuộc kiểm tra {unit} ngày {date} ghi thanh tra viên {inspector} nhiều lần"},
    "team_size": {
        "en": "inspection of {unit} on {date} has a team of {size}; it must be {min} to {max}",
        "vi": "cuộc kiểm tra {unit} ngày {date} có đoàn {size} người; phải từ {min} đến {max}"},
    "lead_not_in_team": {
        "en": "inspection of {unit} on {date}: lead {lead} is not in the team",
        "vi": "cuộc kiểm tra {unit} ngày {date}: trưởng đoàn {lead} không có trong đoàn"},
    "lead_not_qualified": {
        "en": "inspection of {unit} on {date}: {lead} cannot lead a team",
        "vi": "cuộc kiểm tra {unit} ngày {date}: {lead} không được làm trưởng đoàn"},
    "inspector_double_booked": {
        "en": "inspector {inspector} has two inspections on {date} {slot}",
        "vi": "thanh tra viên {inspector} có hai cuộc kiểm tra vào {slot} ngày {date}"},
    "inspector_unavailable": {
        "en": "inspector {inspector} is unavailable on {date}",
        "vi": "thanh tra viên {inspector} vắng mặt ngày {date}"},
    "inspector_two_areas": {
        "en": "inspector {inspector} works in two areas on {date}: {areas}",
        "vi": "thanh tra viên {inspector} làm việc ở hai địa bàn ngày {date}: {areas}"},
    "inspector_week_overload": {
        "en": "inspector {inspector} has {count:n inspection} in week {week}; at most {max} allowed",
        "vi": "thanh tra viên {inspector} có {count} cuộc kiểm tra trong tuần {week}; tối đa {max}"},
    "inspector_home_unit": {
        "en": "inspector {inspector} inspects their own unit {unit}",
        "vi": "thanh tra viên {inspector} kiểm tra chính đơn vị mình {unit}"},
    "inspector_conflict": {
        "en": "inspector {inspector} has a conflict of interest with {unit}",
        "vi": "thanh tra viên {inspector} có xung đột lợi ích với {unit}"},
    "unit_blackout": {
        "en": "unit {unit} cannot be inspected on {date} (blackout)",
        "vi": "đơn vị {unit} không thể được kiểm tra ngày {date} (ngày bận)"},
    "unit_gap_too_small": {
        "en": "unit {unit} is inspected on {date1} and {date2}, {days:n day} apart; at least {min} needed",
        "vi": "đơn vị {unit} được kiểm tra ngày {date1} và {date2}, cách {days} ngày; cần ít nhất {min}"},
    "unit_two_periodic": {
        "en": "unit {unit} has {count} periodic inspections; at most one allowed",
        "vi": "đơn vị {unit} có {count} cuộc kiểm tra định kỳ; tối đa một"},
    "surprise_count_wrong": {
        "en": "the plan has {count:n surprise inspection}; exactly {expected} required",
        "vi": "kế hoạch có {count} cuộc kiểm tra đột xuất; phải đúng {expected}"},
    "pinned_missing": {
        "en": "pinned inspection of {unit} on {date} {slot} is missing or changed",
        "vi": "cuộc kiểm tra cố định {unit} ngày {date} {slot} bị thiếu hoặc bị thay đổi"},
    "budget_exceeded": {
        "en": "the plan has {count:n inspection}; max_inspections is {max}",
        "vi": "kế hoạch có {count} cuộc kiểm tra; tối đa cho phép là {max}"},
    # ---- check summaries
    "plan_not_checked": {
        "en": "plan status is {status}: nothing to check",
        "vi": "kế hoạch có trạng thái {status}: không có gì để kiểm tra"},
    "check_ok": {
        "en": "no hard-rule violation; score {score}",
        "vi": "không vi phạm quy tắc bắt buộc nào; điểm {score}"},
    "check_failed": {
        "en": "{count:n hard-rule violation}; score {score}",
        "vi": "{count} vi phạm quy tắc bắt buộc; điểm {score}"},
    # ---- explanations (plan.explanation_codes)
    "plan_summary": {
        "en": "{covered} of {units:n unit} covered (more than {needed_minus_one} needed), "
              "{inspections:n inspection}, largest inspector load {load}",
        "vi": "{covered}/{units} đơn vị được kiểm tra (cần hơn {needed_minus_one}), "
              "{inspections} cuộc kiểm tra, khối lượng lớn nhất của một thanh tra viên {load}"},
    "infeasible_team_min": {
        "en": "a team needs at least {team_min:n inspector} but the instance has {inspectors:n inspector}",
        "vi": "mỗi đoàn cần ít nhất {team_min} thanh tra viên nhưng chỉ có {inspectors}"},
    "infeasible_no_lead": {
        "en": "no inspector can lead a team (none has lead: true)",
        "vi": "không có thanh tra viên nào được làm trưởng đoàn"},
    "infeasible_budget": {
        "en": "the plan needs at least {needed:n inspection} ({covered_needed:n unit} to cover, {surprise} "
              "surprise) but max_inspections is {max}",
        "vi": "cần ít nhất {needed} cuộc kiểm tra ({covered_needed} đơn vị phải kiểm tra, {surprise} "
              "đột xuất) nhưng tối đa chỉ {max}"},
    "infeasible_no_working_day": {
        "en": "there is no working day from {today} to {end}, but {needed:n inspection} must be made",
        "vi": "không có ngày làm việc nào từ {today} đến {end}, nhưng cần thực hiện {needed} cuộc kiểm tra"},
    "infeasible_mandatory_no_day": {
        "en": "mandatory unit {unit} has no working day from {today} to {end} on which a team of "
              "{team_min} with a lead is free",
        "vi": "đơn vị bắt buộc {unit} không có ngày làm việc nào từ {today} đến {end} có đoàn "
              "{team_min} người với trưởng đoàn rảnh"},
    "infeasible_coverage_reach": {
        "en": "more than {fraction} of the units ({needed:n unit}) must be inspected but a team can be "
              "formed on some day for only {reachable:n unit}",
        "vi": "cần kiểm tra hơn {fraction} số đơn vị ({needed} đơn vị) nhưng chỉ {reachable} "
              "đơn vị có ngày mà một đoàn có thể kiểm tra"},
    "infeasible_capacity": {
        "en": "{inspections:n inspection} with teams of {team_min} take {half_days:n inspector half-day} "
              "before {end}; the inspectors' leave and weekly limits leave only {free}",
        "vi": "{inspections} cuộc kiểm tra cần {half_days} buổi thanh tra viên trước {end}; chỉ còn "
              "{free} buổi trống"},
    "infeasible_lead_capacity": {
        "en": "leads can take only {free:n inspection} before {end}, but {inspections} need a lead",
        "vi": "{inspections} cuộc kiểm tra đều cần trưởng đoàn trước {end}; các trưởng đoàn chỉ còn "
              "{free} lượt trống"},
    "infeasible_mandatory_capacity": {
        "en": "mandatory units need {half_days:n team half-day} before {end}; only {free} are free",
        "vi": "các đơn vị bắt buộc cần {half_days} buổi làm việc của đoàn trước {end}; chỉ còn "
              "{free} buổi trống"},
    "infeasible_rule": {
        "en": "hard rule {rule} ({name}) cannot hold together with the others listed",
        "vi": "quy tắc bắt buộc {rule} ({name}) không thể đồng thời thỏa mãn với các quy tắc khác đã nêu"},
    "infeasible_surprise_draw": {
        "en": "{expected:n surprise inspection} required but only {count} could be drawn on "
              "days a team is free",
        "vi": "cần {expected} cuộc kiểm tra đột xuất nhưng chỉ bốc thăm được {count} vào ngày có đoàn rảnh"},
    "core_intro": {
        "en": "these rules cannot all hold together:",
        "vi": "các quy tắc sau không thể đồng thời thỏa mãn:"},
    "core_calendar": {
        "en": "inspections only on working days from {today} to {end}",
        "vi": "chỉ kiểm tra vào ngày làm việc từ {today} đến {end}"},
    "core_coverage": {
        "en": "more than {fraction} of the {units:n unit} ({needed:n unit}) must be inspected",
        "vi": "cần kiểm tra hơn {fraction} của {units} đơn vị ({needed} đơn vị)"},
    "core_mandatory": {
        "en": "{count:n mandatory unit} must be inspected",
        "vi": "{count} đơn vị bắt buộc phải được kiểm tra"},
    "core_team": {
        "en": "each team needs at least {team_min} inspectors, one of them a lead",
        "vi": "mỗi đoàn cần ít nhất {team_min} thanh tra viên, trong đó có trưởng đoàn"},
    "core_inspector_slot": {
        "en": "an inspector does at most one inspection per half day",
        "vi": "mỗi thanh tra viên chỉ làm một cuộc kiểm tra mỗi buổi"},
    "core_inspector_area": {
        "en": "an inspector stays in one area per day",
        "vi": "mỗi thanh tra viên chỉ làm việc ở một địa bàn mỗi ngày"},
    "core_inspector_week": {
        "en": "an inspector does at most max_per_week inspections per week (at most {max_per_week})",
        "vi": "mỗi thanh tra viên làm tối đa max_per_week cuộc kiểm tra mỗi tuần (tối đa {max_per_week})"},
    "core_unit_gap": {
        "en": "two inspections of a unit are at least {min_gap:n day} apart",
        "vi": "hai cuộc kiểm tra cùng một đơn vị cách nhau ít nhất {min_gap} ngày"},
    "core_unit_periodic": {
        "en": "a unit has at most one periodic inspection",
        "vi": "mỗi đơn vị có tối đa một cuộc kiểm tra định kỳ"},
    "core_surprise": {
        "en": "the plan must have exactly {count:n surprise inspection}",
        "vi": "cần đúng {count} cuộc kiểm tra đột xuất"},
    "core_budget": {
        "en": "at most {max:n inspection} in total (max_inspections)",
        "vi": "tổng cộng tối đa {max} cuộc kiểm tra (max_inspections)"},
    "unknown_time_limit": {
        "en": "no plan was found within the time limit of {time_limit} s",
        "vi": "không tìm được kế hoạch trong thời hạn {time_limit} giây"},
    "unknown_stopped": {
        "en": "the solve was stopped before a plan was found",
        "vi": "việc lập kế hoạch đã bị dừng trước khi tìm được kế hoạch"},
    "unknown_no_plan": {
        "en": "no plan was found and none was proved impossible: the instance is too large for the "
              "exact model; loosening a rule (budget, coverage, leave) may help",
        "vi": "không tìm được kế hoạch và cũng không chứng minh được là không thể: bài toán quá lớn "
              "cho mô hình chính xác; hãy nới lỏng một quy tắc (ngân sách, độ bao phủ, lịch nghỉ)"},
    # ---- reasons (plan.reason_codes)
    "chosen_pinned": {
        "en": "chosen: pinned inspection (weight {weight})",
        "vi": "được chọn: cuộc kiểm tra cố định (trọng số {weight})"},
    "chosen_surprise": {
        "en": "chosen: surprise draw (weight {weight})",
        "vi": "được chọn: bốc thăm kiểm tra đột xuất (trọng số {weight})"},
    "chosen_mandatory": {
        "en": "chosen: weight {weight}, mandatory",
        "vi": "được chọn: trọng số {weight}, bắt buộc"},
    "chosen_previous": {
        "en": "chosen: weight {weight}; kept from the previous plan",
        "vi": "được chọn: trọng số {weight}; giữ từ kế hoạch trước"},
    "chosen_weight": {
        "en": "chosen: weight {weight}",
        "vi": "được chọn: trọng số {weight}"},
    "not_chosen_budget": {
        "en": "not chosen: weight {weight}; capacity used by higher-weight units",
        "vi": "không được chọn: trọng số {weight}; năng lực dành cho đơn vị có trọng số cao hơn"},
    "not_chosen_balance": {
        "en": "not chosen: weight {weight} is worth less than the workload it would add",
        "vi": "không được chọn: trọng số {weight} thấp hơn khối lượng công việc tăng thêm"},
    "not_chosen_no_team": {
        "en": "not chosen: weight {weight}; no team is free on an allowed day",
        "vi": "không được chọn: trọng số {weight}; không có đoàn rảnh vào ngày cho phép"},
    "not_chosen_no_plan": {
        "en": "not chosen: no plan was found",
        "vi": "không được chọn: không tìm được kế hoạch"},
}

RULE_NAMES = {
    1: {"en": "working days and slots", "vi": "ngày làm việc và buổi"},
    2: {"en": "coverage", "vi": "độ bao phủ"},
    3: {"en": "team", "vi": "đoàn kiểm tra"},
    4: {"en": "inspector", "vi": "thanh tra viên"},
    5: {"en": "conflict of interest", "vi": "xung đột lợi ích"},
    6: {"en": "unit", "vi": "đơn vị"},
    7: {"en": "surprise", "vi": "đột xuất"},
    8: {"en": "pinned", "vi": "cố định"},
    9: {"en": "budget", "vi": "ngân sách"},
}


#: Codes of the plan format, in words: a param's name → its code → the word in each language.
WORDS: dict[str, dict[Any, dict[str, str]]] = {
    "slot": {"AM": {"en": "morning", "vi": "buổi sáng"}, "PM": {"en": "afternoon", "vi": "buổi chiều"},
             "DAY": {"en": "full day", "vi": "cả ngày"}},
    "duration": {1: {"en": "half a day", "vi": "nửa ngày"}, 2: {"en": "a full day", "vi": "cả ngày"}},
}


def _local(value: Any, lang: str, name: str = "") -> Any:
    word = WORDS.get(name, {}).get(value)
    if word is not None:
        return word[lang]
    if lang == "vi" and isinstance(value, str):
        match = _ISO_DATE.match(value)
        if match:
            year, month, day = match.groups()
            return f"{day}/{month}/{year}"
    return value


class _Formatter(string.Formatter):
    """`{count:n inspection}` gives "1 inspection" or "2 inspections" (English templates)."""

    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec.startswith("n "):
            noun = format_spec[2:]
            return f"{value} {noun if value == 1 else noun + 's'}"
        return super().format_field(value, format_spec)


_FORMATTER = _Formatter()


def render(code: str, params: dict, lang: str = "en") -> str:
    """The text for `code` in `lang` ("en" or "vi"), with params filled in."""
    lang = lang if lang in ("en", "vi") else "en"
    template = TEMPLATES.get(code, {}).get(lang)
    if template is None:
        return f"{code} {params}"
    values = {k: _local(v, lang, k) for k, v in params.items()}
    if code == "infeasible_rule" and "rule" in params:
        values["name"] = RULE_NAMES.get(params["rule"], {}).get(lang, "")
    try:
        return _FORMATTER.format(template, **values)
    except (KeyError, IndexError, ValueError):
        return f"{code} {params}"
