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


#: Notices that tell of the plan (inspections, their records and actions, solves): admins, who
#: see none of it (:data:`inspection.security.PLAN_TABLES`), find them in the list of mails by
#: recipient, topic and status only.
TOLD_OF_THE_PLAN = frozenset({Topic.VISITS, Topic.RECORD_SUBMITTED, Topic.RECORD_APPROVED, Topic.ACTIONS,
                              Topic.SOLVE})


def topics_for(user: User) -> tuple[Topic, ...]:
    return TOPICS_BY_ROLE.get(user.role, ())
