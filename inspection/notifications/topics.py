"""Which notices each role may receive."""

from __future__ import annotations

from models import Role, Topic, User

#: The topics offered to each role, in the order the preferences page lists them.
TOPICS_BY_ROLE: dict[Role, tuple[Topic, ...]] = {
    Role.INSPECTOR: (Topic.VISITS,),
    Role.UNIT: (Topic.VISITS, Topic.ACTIONS, Topic.RECORD_APPROVED, Topic.INITIATIVE_DECIDED,
                Topic.INITIATIVE_DEADLINE),
    Role.LEADER: (Topic.RECORD_SUBMITTED, Topic.INITIATIVE_SUBMITTED, Topic.DIGEST),
    Role.PLANNER: (Topic.SOLVE,),
    Role.ADMIN: (),
}


def topics_for(user: User) -> tuple[Topic, ...]:
    return TOPICS_BY_ROLE.get(user.role, ())
