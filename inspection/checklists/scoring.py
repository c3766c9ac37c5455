"""Scoring a checklist (shared/checklists.md, "Scoring"): pure functions, no database.

A choice item scores 1 (compliant), 0.5 (partly), 0 (not compliant) and is left out when not
applicable; a percentage item scores value / target, capped at 1; a count is recorded, not
scored. A section scores the weighted mean of its scored items (every weight is 1 in the
default template, so it is the plain mean); the total is the weighted mean of all scored items.
Every item scored below 1 raises a finding.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol

from models.checklists import AnswerType, Choice

ONE = Decimal(1)
PLACES = Decimal("0.0001")

CHOICE_SCORES: dict[Choice, Decimal | None] = {
    Choice.COMPLIANT: ONE,
    Choice.PARTLY: Decimal("0.5"),
    Choice.NOT_COMPLIANT: Decimal(0),
    Choice.NOT_APPLICABLE: None,
}


class ScoredItem(Protocol):
    id: int
    answer_type: AnswerType
    target: Decimal | None
    weight: Decimal


class SectionLike(Protocol):
    code: str
    items: list


@dataclass(frozen=True)
class Given:
    """What was answered for one item: a choice, or a number (percentage or count)."""

    choice: Choice | None = None
    number: Decimal | None = None


@dataclass
class Scores:
    #: Item id → score in [0, 1], or None when not scored (not applicable, a count, unanswered).
    items: dict[int, Decimal | None] = field(default_factory=dict)
    #: Section code → score, None when nothing in it was scored.
    sections: dict[str, Decimal | None] = field(default_factory=dict)
    total: Decimal | None = None
    #: Ids of the items scored below 1, in template order.
    findings: list[int] = field(default_factory=list)


def _round(value: Decimal) -> Decimal:
    return value.quantize(PLACES, rounding=ROUND_HALF_UP)


def item_score(item: ScoredItem, given: Given | None) -> Decimal | None:
    """The score of one answer, or None when the item does not count."""
    if given is None:
        return None
    if item.answer_type == AnswerType.CHOICE:
        return CHOICE_SCORES[given.choice] if given.choice is not None else None
    if item.answer_type == AnswerType.PERCENT:
        if given.number is None or not item.target:
            return None
        return _round(min(Decimal(given.number) / Decimal(item.target), ONE))
    return None


def weighted_mean(scored: Iterable[tuple[Decimal, Decimal]]) -> Decimal | None:
    """Mean of (weight, score) pairs weighted by weight; None when no weight is left."""
    pairs = list(scored)
    total_weight = sum((Decimal(w) for w, _ in pairs), Decimal(0))
    if not total_weight:
        return None
    return _round(sum((Decimal(w) * s for w, s in pairs), Decimal(0)) / total_weight)


def score_checklist(sections: Iterable[SectionLike], answers: Mapping[int, Given]) -> Scores:
    """Scores of every item, section and the total for ``answers`` keyed by item id."""
    result = Scores()
    everything: list[tuple[Decimal, Decimal]] = []
    for section in sections:
        scored: list[tuple[Decimal, Decimal]] = []
        for item in section.items:
            score = item_score(item, answers.get(item.id))
            result.items[item.id] = score
            if score is None:
                continue
            scored.append((item.weight, score))
            if score < ONE:
                result.findings.append(item.id)
        result.sections[section.code] = weighted_mean(scored)
        everything += scored
    result.total = weighted_mean(everything)
    return result
