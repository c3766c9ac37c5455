"""A notice's words: what it says, built in the recipient's language, and its two parts (plain
text and HTML) rendered from one pair of templates."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from flask import current_app, render_template
from flask_babel import force_locale

from models import User


@dataclass
class Content:
    """What one notice says; every string already in the recipient's language."""

    subject: str
    paragraphs: list[str]
    #: The page concerned: an absolute link built from BASE_URL (inspection.urls.external_url).
    link: str
    link_label: str
    #: Label and value pairs shown as a small table (the digest's figures, a visit's details).
    facts: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Rendered:
    locale: str
    subject: str
    text: str
    html: str


def locale_of(user: User) -> str:
    """The language of a person's mail: their chosen one, else the default (Vietnamese)."""
    languages = current_app.config["LANGUAGES"]
    return user.locale if user.locale in languages else current_app.config["BABEL_DEFAULT_LOCALE"]


def render(user: User, build: Callable[[User], Content]) -> Rendered:
    """``build(user)`` run in the user's language, then rendered as plain text and HTML."""
    locale = locale_of(user)
    with force_locale(locale):
        content = build(user)
        context = {"content": content, "user": user, "locale": locale}
        return Rendered(
            locale=locale,
            subject=" ".join(content.subject.split()),
            text=render_template("notifications/mail/notice.txt", **context),
            html=render_template("notifications/mail/notice.html", **context),
        )
