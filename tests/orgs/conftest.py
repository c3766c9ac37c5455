"""Helpers of the admin pages' tests."""

from __future__ import annotations

import re


def error_beside(html: str, field_id: str) -> str:
    """The error text shown right under the form field ``field_id`` ("" when there is none)."""
    match = re.search(rf'<(?:input|select|textarea)[^>]*\bid="{re.escape(field_id)}"[^>]*>(.*?)(?:<div class="mb-3"|'
                      rf'<div class="form-check|</form>)', html, re.S)
    assert match, f"no field {field_id} on the page"
    errors = re.findall(r'<div class="invalid-feedback">(.*?)</div>', match.group(1), re.S)
    return " ".join(e.strip() for e in errors)
