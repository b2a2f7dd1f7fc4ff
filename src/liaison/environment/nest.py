"""NEST workspace: task forces of one country and their environmental cases.

A task force is only worth the name if it joins agencies of different types (INTERPOL's NEST model:
police, customs, environment inspectorate, prosecution) of one country; partners abroad may follow it.
Cases are opened through the case system and shared with the other members through a case-system
notification, so who sees a case is still decided by the case system alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from liaison.accounts.service import Actor
from liaison.agencies.models import Agency, Country
from liaison.agencies.service import by_code
from liaison.cases import service as cases
from liaison.cases.access import case_visible
from liaison.cases.models import Case
from liaison.core import limits
from liaison.core.audit import Actions, not_found, record
from liaison.core.errors import InvalidInput
from liaison.core.i18n import N_, Label, _
from liaison.core.limits import check_lengths
from liaison.core.timeutil import utcnow
from liaison.core.vocab import HANDLING_CODES
from liaison.environment.models import EnvCase, TaskForce, TaskForceAgency

#: Environmental case categories (DOMAIN.md §7).
CATEGORIES: dict[str, Label] = {
    "wildlife": N_("Wildlife"),
    "waste": N_("Waste"),
    "fishing": N_("Fishing"),
    "pollution": N_("Pollution"),
    "ods": N_("Ozone-depleting substances"),
}

#: Kinds of agency that can be members: the enforcement chain from detection to prosecution.
MEMBER_KINDS = ("police", "border_police", "customs", "environment", "prosecution", "judiciary", "fiu")


@dataclass
class TaskForceView:
    """A task force as one viewer may see it: its environmental cases are those the viewer can open."""

    task_force: TaskForce
    is_member: bool
    cases: list[tuple[Case, EnvCase]]


def _agencies(session: Session, codes: list[str], field: str, fields: dict[str, str]) -> list[Agency]:
    found: list[Agency] = []
    for code in dict.fromkeys(c.strip().upper() for c in codes if c.strip()):
        agency = by_code(session, code)
        if agency is None or not agency.active:
            fields[field] = _("No active agency with code ") + code
        else:
            found.append(agency)
    return found


def create_task_force(
    session: Session,
    actor: Actor,
    *,
    name: str,
    member_codes: list[str],
    partner_codes: list[str] | None = None,
    description: str = "",
) -> TaskForce:
    """Create a task force of the actor's country; the actor's agency is always a member."""
    fields: dict[str, str] = {}
    own = actor.user.agency
    country = own.country_code
    name = name.strip()
    if not name:
        fields["name"] = _("A task force needs a name.")
    check_lengths(fields, {"name": (name, limits.NAME), "description": (description, limits.DESCRIPTION)})
    members = _agencies(session, [own.code, *member_codes], "members", fields)
    partners = _agencies(session, list(partner_codes or []), "partners", fields)
    abroad = [a.code for a in members if a.country_code != country]
    if abroad:
        fields["members"] = _("Members are agencies of one country; put these among the partners: ") + ", ".join(abroad)
    wrong_kind = [a.code for a in members if a.kind not in MEMBER_KINDS]
    if wrong_kind:
        fields["members"] = _("These agencies cannot be members of an enforcement task force: ") + ", ".join(wrong_kind)
    if "members" not in fields and len({a.kind for a in members}) < 2:
        fields["members"] = _(
            "A task force joins agencies of different types (police, customs, environment inspectorate, "
            "prosecution): add at least one agency of another type."
        )
    home = [a.code for a in partners if a.country_code == country]
    if home:
        fields["partners"] = _("Partners are agencies abroad; these are of the task force's country: ") + ", ".join(
            home
        )
    if set(a.id for a in partners) & set(a.id for a in members):
        fields["partners"] = _("An agency is either a member or a partner, not both.")
    if fields:
        raise InvalidInput(_("The task force could not be created."), fields=fields)
    now = utcnow()
    tf = TaskForce(
        name=name,
        country_code=country,
        description=description.strip(),
        created_by_agency_id=own.id,
        created_at=now,
    )
    tf.agencies = [TaskForceAgency(agency_id=a.id, role="member", added_at=now) for a in members] + [
        TaskForceAgency(agency_id=a.id, role="partner", added_at=now) for a in partners
    ]
    session.add(tf)
    session.flush()
    record(
        session,
        actor.ctx,
        Actions.ADMINISTRATION,
        "env_task_force",
        tf.id,
        details={"event": "task_force_created", "members": len(members), "partners": len(partners)},
    )
    return tf


def _role(tf: TaskForce, agency_id: int) -> str | None:
    return next((a.role for a in tf.agencies if a.agency_id == agency_id), None)


def get_task_force(session: Session, actor: Actor, task_force_id: int) -> TaskForce:
    """A task force its members and partners may see; to anyone else it does not exist."""
    tf = session.get(TaskForce, task_force_id)
    if tf is None or _role(tf, actor.agency_id) is None:
        raise not_found(actor.ctx, "task_force", task_force_id)
    return tf


def list_task_forces(session: Session, actor: Actor) -> list[TaskForce]:
    stmt = (
        select(TaskForce)
        .join(TaskForceAgency, TaskForceAgency.task_force_id == TaskForce.id)
        .where(TaskForceAgency.agency_id == actor.agency_id)
        .order_by(TaskForce.name)
    )
    return list(session.execute(stmt).scalars().unique())


def view_task_force(session: Session, actor: Actor, task_force_id: int) -> TaskForceView:
    """The task force page: members see every case; partners see the cases shared with them."""
    tf = get_task_force(session, actor, task_force_id)
    rows = session.execute(
        select(Case, EnvCase)
        .join(EnvCase, EnvCase.case_id == Case.id)
        .where(EnvCase.task_force_id == tf.id, case_visible(actor.user))
        .order_by(Case.created_at.desc(), Case.id.desc())
    ).all()
    return TaskForceView(tf, _role(tf, actor.agency_id) == "member", [(c, e) for c, e in rows])


def open_case(
    session: Session,
    actor: Actor,
    task_force_id: int,
    *,
    title: str,
    category: str,
    description: str = "",
    handling_code: str = "H0",
) -> Case:
    """Open an environmental case for the task force and share it with the other members."""
    tf = get_task_force(session, actor, task_force_id)
    if _role(tf, actor.agency_id) != "member":
        raise InvalidInput(_("Only member agencies open cases for the task force; partners receive requests."))
    if category not in CATEGORIES:
        raise InvalidInput(
            _("The case could not be opened."),
            fields={"category": _("Choose one of: ") + ", ".join(CATEGORIES)},
        )
    if handling_code not in HANDLING_CODES:
        raise InvalidInput(_("The case could not be opened."), fields={"handling_code": _("Choose H0, H1, H2 or H3.")})
    case = cases.create_case(
        session,
        actor,
        title=title,
        crime_areas=["environmental_crime"],
        handling_code=handling_code,
        description=description,
    )
    session.add(EnvCase(case_id=case.id, task_force_id=tf.id, category=category, created_at=utcnow()))
    for member in tf.members:
        if member.id == actor.agency_id:
            continue
        # The members work the case together: they see its own data (description, seizure records). A
        # notification alone would disclose only itself (cases/access.py).
        cases.share_case(session, actor, case.id, member.id, _("Joint work of the task force") + f" {tf.name}")
        cases.send_message(
            session,
            actor,
            case.id,
            cases.NewMessage(
                kind="notification",
                recipient_agency_id=member.id,
                subject=_("New case of the task force") + f" {tf.name}: {case.title}",
                body=_("Opened for the task force; category: ") + CATEGORIES[category],
                handling_code=handling_code,
                handling_note=_("Restrictions as set on the case.") if handling_code == "H3" else "",
                purpose=_("Joint work of the national environmental security task force"),
            ),
        )
    session.flush()
    record(
        session,
        actor.ctx,
        Actions.COLLECTION,
        "env_case",
        case.id,
        details={"task_force": tf.id, "category": category},
    )
    return case


def env_case(session: Session, case_id: int) -> EnvCase | None:
    return session.execute(select(EnvCase).where(EnvCase.case_id == case_id)).scalar_one_or_none()


def country_name(session: Session, code: str) -> str:
    country = session.get(Country, code)
    return country.name if country else code
