"""The admins' form of the documents' header, signer and recipients."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Regexp

from inspection.forms import FlaskForm


class DocumentSettingsForm(FlaskForm):
    governing_body = TextAreaField(
        _l("Governing body"), validators=[Length(max=200)], render_kw={"rows": 2},
        description=_l("Printed above the agency, in capitals, e.g. “Ủy ban nhân dân / Thành phố Hồ Chí Minh”. "
                       "Each line of the box is a line of the header; leave empty if there is none."))
    agency = TextAreaField(
        _l("Agency"), validators=[DataRequired(), Length(max=200)], render_kw={"rows": 2},
        description=_l("The issuing agency, in capitals under the governing body; each line of the box is a line "
                       "of the header."))
    abbreviation = StringField(
        _l("Agency's abbreviation"), validators=[Length(max=20), Regexp(r"^[A-Za-zĐđ0-9&.]*$", message=_l(
            "Letters and digits only (and & or .), as in “SNN”."))],
        description=_l("Used in document numbers: “No.: 05/BB-SNN”."))
    place = StringField(
        _l("Place"), validators=[DataRequired(), Length(max=100)],
        description=_l("Where documents are issued, before the date: “Thành phố Hồ Chí Minh, ngày 05 tháng 3 năm "
                       "2030”."))
    signer_title = TextAreaField(
        _l("Signer's title"), validators=[DataRequired(), Length(max=200)], render_kw={"rows": 2},
        description=_l("Who signs the plan and the report, one line each, e.g. “KT. Giám đốc” then "
                       "“Phó Giám đốc”."))
    signer_name = StringField(_l("Signer's name"), validators=[Length(max=100)],
                              description=_l("Leave empty to write it by hand."))
    plan_recipients = TextAreaField(_l("Recipients of the plan"), validators=[Length(max=1000)],
                                    render_kw={"rows": 4}, description=_l("One recipient per line."))
    report_recipients = TextAreaField(_l("Recipients of the report"), validators=[Length(max=1000)],
                                      render_kw={"rows": 3}, description=_l("One recipient per line."))
