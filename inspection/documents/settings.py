"""What the header, the signature and the "Nơi nhận" of every document say: settings an admin
edits, stored as one :class:`~models.Setting` (audited like any other change)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields

from flask import current_app

from models import Setting, db

SETTING_KEY = "documents"


@dataclass(frozen=True)
class DocumentSettings:
    #: The body the agency answers to ("cơ quan chủ quản"), above the agency's name.
    governing_body: str
    agency: str
    #: The agency's abbreviation in document symbols: "05/BB-SNN".
    abbreviation: str
    #: The place in "Thành phố Hồ Chí Minh, ngày 05 tháng 3 năm 2030".
    place: str
    #: The leader who signs the plan and the report: authority and position, one per line.
    signer_title: str
    signer_name: str
    #: "Nơi nhận" of the plan and of the report, one recipient per line.
    plan_recipients: str
    report_recipients: str


def defaults() -> DocumentSettings:
    return DocumentSettings(
        governing_body="Ủy ban nhân dân\nThành phố Hồ Chí Minh",
        agency=current_app.config["AGENCY_NAME"],
        abbreviation="SNN",
        place="Thành phố Hồ Chí Minh",
        signer_title="Giám đốc",
        signer_name="",
        plan_recipients="Ban Giám đốc Sở;\nThành viên Tổ kiểm tra;\nCác phòng, ban, đơn vị trực thuộc Sở;\nLưu: VT.",
        report_recipients="Ban Giám đốc Sở;\nLưu: VT.",
    )


def document_settings() -> DocumentSettings:
    """The admins' settings, each one not set yet taken from :func:`defaults`."""
    stored = db.session.get(Setting, SETTING_KEY)
    values = asdict(defaults())
    if stored is not None and isinstance(stored.value, dict):
        values.update({f.name: str(stored.value[f.name]) for f in fields(DocumentSettings) if f.name in stored.value})
    return DocumentSettings(**values)


def save_document_settings(values: Mapping[str, object]) -> DocumentSettings:
    """Store every setting from ``values`` (a form's data), each trimmed, blank lines dropped."""
    settings = DocumentSettings(**{f.name: _cleaned(values.get(f.name)) for f in fields(DocumentSettings)})
    setting = db.session.get(Setting, SETTING_KEY)
    if setting is None:
        db.session.add(Setting(key=SETTING_KEY, value=asdict(settings)))
    else:
        setting.value = asdict(settings)
    return settings


def _cleaned(value: object) -> str:
    return "\n".join(line.strip() for line in str(value or "").splitlines() if line.strip())
