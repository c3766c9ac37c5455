from decimal import Decimal

from inspection.checklists.default_template import create_default_template
from models.base import db
from models.checklists import AnswerType, ChecklistTemplate, TemplateStatus


def test_default_template_matches_the_document(app):
    create_default_template()
    db.session.commit()
    template = db.session.query(ChecklistTemplate).one()
    assert (template.key, template.number, template.status) == ("default", 1, TemplateStatus.PUBLISHED)
    assert [s.code for s in template.sections] == ["A", "B"]
    codes = [item.code for item in template.items]
    assert codes == [f"A{i}" for i in range(1, 11)] + [f"B{i}" for i in range(1, 11)]
    by_code = {item.code: item for item in template.items}
    percent = {code: item.target for code, item in by_code.items() if item.answer_type == AnswerType.PERCENT}
    assert percent == {"A3": Decimal(100), "A5": Decimal(100), "A8": Decimal(98)}
    no_evidence = {code for code, item in by_code.items() if not item.evidence_required}
    assert no_evidence == {"A3", "A8", "A9", "B2", "B9"}
    assert all(item.weight == 1 for item in template.items)
    assert by_code["B1"].text_vi == "Đeo thẻ công chức, viên chức trong khi thi hành công vụ"
    assert by_code["B1"].text_en == "Wears the staff ID badge on duty"
