"""The password rule, for every password a person sets (an admin for a user, or a user's own)."""

from __future__ import annotations

import re

from flask_babel import gettext as _
from zxcvbn import zxcvbn

from inspection.text import fold

MIN_LENGTH = 12
MAX_LENGTH = 128
#: zxcvbn's scale (0–4): 3 is "safely unguessable" (about 10^10 guesses) for an online attack.
MIN_STRENGTH = 3
#: zxcvbn refuses longer input; what follows adds strength anyway.
_MEASURED = 72


def _folded(name: str) -> list[str]:
    """A name (or an e-mail's local part) folded ("Nguyễn Văn An" → nguyen, van, an) and its
    whole in one word (nguyenvanan)."""
    parts = re.sub(r"[\W_]+", " ", fold(name.split("@")[0])).split()
    return [*parts, "".join(parts)]


def password_problem(password: str, *names: str | None) -> str | None:
    """Why ``password`` may not be set for the user called ``names``, or None when it may."""
    if len(password) < MIN_LENGTH:
        return _("At least %(min)d characters.", min=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return _("At most %(max)d characters.", max=MAX_LENGTH)
    wholes = [_folded(name)[-1] for name in names if name]
    bare = re.sub(r"[\W_]+", "", fold(password))
    if any(len(whole) >= 4 and whole in bare for whole in wholes):
        return _("Do not use your name or username in the password.")
    personal = [word for name in names if name for word in _folded(name)]
    if zxcvbn(password[:_MEASURED], user_inputs=personal)["score"] < MIN_STRENGTH:
        return _("Too easy to guess: avoid repeated characters, sequences (abc, 1234), keyboard rows, "
                 "dates and common words. A few unrelated words with digits or signs are hard to guess.")
    return None
