"""The default checklist a fresh installation offers (shared/checklists.md)."""

from __future__ import annotations

from decimal import Decimal

from models.base import db
from models.checklists import AnswerType, ChecklistTemplate, TemplateItem, TemplateSection, TemplateStatus

DEFAULT_KEY = "default"

C = AnswerType.CHOICE
P = AnswerType.PERCENT

# (code, Vietnamese, English, answer type, target, evidence required)
SECTION_A = (
    "A",
    "Trách nhiệm người đứng đầu",
    "Leadership accountability",
    [
        ("A1", "Đơn vị ban hành kế hoạch CCHC năm, phân công rõ người, rõ việc, rõ thời hạn",
         "The unit issued its yearly reform plan with named owners, tasks and deadlines", C, None, True),
        ("A2", "Người đứng đầu trực tiếp chủ trì họp giao ban CCHC định kỳ (có biên bản)",
         "The head personally chairs the periodic reform meetings (minutes on file)", C, None, True),
        ("A3", "Tỷ lệ nhiệm vụ CCHC được giao hoàn thành đúng hạn",
         "Share of assigned reform tasks finished on time (target 100%)", P, 100, False),
        ("A4", "Báo cáo CCHC định kỳ gửi Sở đầy đủ, đúng hạn",
         "Periodic reform reports sent to the Department complete and on time", C, None, True),
        ("A5", "Tỷ lệ hồ sơ TTHC trễ hạn có thư xin lỗi cá nhân, tổ chức",
         "Share of late dossiers with an apology letter sent (target 100%)", P, 100, True),
        ("A6", "Phản ánh, kiến nghị được người đứng đầu xử lý kịp thời và công khai kết quả",
         "Complaints and petitions handled on time by the head, with the result published", C, None, True),
        ("A7", "Khảo sát sự hài lòng hàng tháng và công khai kết quả",
         "Monthly satisfaction survey held and its result published", C, None, True),
        ("A8", "Tỷ lệ hài lòng của cá nhân, tổ chức",
         "Satisfaction rate from the surveys (target ≥ 98%)", P, 98, False),
        ("A9", "Đơn vị có ít nhất một sáng kiến, giải pháp nâng cao văn hóa công vụ trong năm",
         "The unit has at least one initiative on public-service culture this year", C, None, False),
        ("A10", "Người đứng đầu tự kiểm tra việc chấp hành kỷ luật, kỷ cương của công chức, viên chức",
         "The head runs their own checks of staff discipline", C, None, True),
    ],
)

SECTION_B = (
    "B",
    "Thái độ ứng xử của công chức, viên chức",
    "Staff conduct",
    [
        ("B1", "Đeo thẻ công chức, viên chức trong khi thi hành công vụ",
         "Wears the staff ID badge on duty", C, None, True),
        ("B2", "Trang phục gọn gàng, lịch sự", "Neat and appropriate attire", C, None, False),
        ("B3", "Chấp hành giờ làm việc, có mặt tại vị trí", "Keeps working hours and is at their post", C, None, True),
        ("B4", "Giao tiếp lịch sự, tôn trọng, hướng dẫn tận tình, rõ ràng",
         "Polite and respectful; gives clear, patient guidance", C, None, True),
        ("B5", "Không hách dịch, cửa quyền, gây khó khăn, phiền hà, vòi vĩnh",
         "No arrogance, obstruction, harassment or soliciting", C, None, True),
        ("B6", "Hướng dẫn hồ sơ một lần, đầy đủ", "Tells applicants everything they need in one go", C, None, True),
        ("B7", "Không sử dụng đồ uống có cồn, không hút thuốc tại công sở trong giờ làm việc",
         "No alcohol, no smoking at the office during working hours", C, None, True),
        ("B8", "Bài trí nơi tiếp nhận, biển tên, niêm yết TTHC, phí, lệ phí đúng quy định",
         "Reception layout, name plates, posted procedures and fees as required", C, None, True),
        ("B9", "Công khai hòm thư góp ý, số điện thoại đường dây nóng",
         "Suggestion box and hotline number on display", C, None, False),
        ("B10", "Cập nhật trạng thái hồ sơ trên phần mềm một cửa điện tử kịp thời",
         "Updates dossier status in the electronic one-stop system on time", C, None, True),
    ],
)


def create_default_template() -> ChecklistTemplate:
    """Build the published default template (key "default", version 1) and add it to the
    session; the caller commits."""
    template = ChecklistTemplate(
        key=DEFAULT_KEY,
        number=1,
        name_vi="Kiểm tra văn hóa công vụ và trách nhiệm người đứng đầu",
        name_en="Public-service culture and leadership accountability",
        status=TemplateStatus.DRAFT,
    )
    for position, (code, title_vi, title_en, rows) in enumerate((SECTION_A, SECTION_B)):
        section = TemplateSection(position=position, code=code, title_vi=title_vi, title_en=title_en)
        for item_position, (item_code, text_vi, text_en, answer_type, target, evidence) in enumerate(rows):
            section.items.append(
                TemplateItem(
                    position=item_position,
                    code=item_code,
                    text_vi=text_vi,
                    text_en=text_en,
                    answer_type=answer_type,
                    target=Decimal(target) if target is not None else None,
                    weight=Decimal(1),
                    evidence_required=evidence,
                )
            )
        template.sections.append(section)
    template.publish()
    db.session.add(template)
    return template
