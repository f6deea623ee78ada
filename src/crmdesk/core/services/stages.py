"""Pipeline stages an administrator configures: add, rename, reorder, probability, retire.

The stages are rows of ``opportunity_stages`` in pipeline order (``position``);
every analysis (funnel, forecast, KPIs), the board and the reports read them
from there, so they follow what is configured here.  The rules:

* a stage's key never changes (opportunities refer to it); its names do: ``name``
  (English, or the one name given) and ``name_zh`` (Chinese), shown by
  ``presentation.stage_name`` everywhere;
* the probability is a whole number from 0 to 100; a won stage stays at 100 and a
  lost one at 0 (the forecast counts won amounts whole and lost ones not at all);
* stages are never deleted: a retired stage is offered for no new move, and the
  opportunities already in it keep showing it.  A stage that still holds open
  opportunities is retired only together with moving them to another stage; the
  won and the lost stage and the last open stage are not retired;
* new opportunities start in the first open stage that is not retired.

Every change is one audit entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crmdesk.core import audit_messages, presentation
from crmdesk.core.fields import CHOICES
from crmdesk.core.models import Opportunity, OpportunityStage
from crmdesk.core.permissions import Actor, require
from crmdesk.core.services import audit, ordering
from crmdesk.errors import FieldError, NotFound, ValidationError
from crmdesk.i18n import QT_TRANSLATE_NOOP, render

KEY_RE = re.compile(r"^[a-z][a-z0-9_]{0,19}$")
NAME_MAX = 60


@dataclass(frozen=True)
class StageSummary:
    """A stage as the settings screen and ``crmdesk stage list`` show it."""

    key: str
    name: str
    name_zh: str | None
    shown: str  # the name in the reader's language
    probability: int
    position: int
    is_won: bool
    is_lost: bool
    retired: bool
    opportunities: int  # in it now (not in the recycle bin)

    @property
    def is_open(self) -> bool:
        return not (self.is_won or self.is_lost)


def all_stages(session: Session, *, include_retired: bool = True) -> list[OpportunityStage]:
    stmt = select(OpportunityStage).order_by(OpportunityStage.position, OpportunityStage.key)
    if not include_retired:
        stmt = stmt.where(OpportunityStage.retired.is_(False))
    return list(session.execute(stmt).scalars())


def summaries(session: Session) -> list[StageSummary]:
    counts = dict(session.execute(
        select(Opportunity.stage, func.count(Opportunity.id))
        .where(Opportunity.deleted_at.is_(None)).group_by(Opportunity.stage)).all())
    return [StageSummary(s.key, s.name, s.name_zh,
                         presentation.stage_name(s.key, s.name, s.name_zh), s.probability,
                         s.position, bool(s.is_won), bool(s.is_lost), bool(s.retired),
                         int(counts.get(s.key, 0)))
            for s in all_stages(session)]


def default_stage(session: Session) -> str | None:
    """Where a new opportunity starts: the first open stage that is not retired."""
    return session.execute(
        select(OpportunityStage.key).where(OpportunityStage.retired.is_(False),
                                           OpportunityStage.is_won.is_(False),
                                           OpportunityStage.is_lost.is_(False))
        .order_by(OpportunityStage.position, OpportunityStage.key).limit(1)).scalar()


# ---------------------------------------------------------------------------
# Problems, named by field
# ---------------------------------------------------------------------------

FIELD_LABELS = {
    "key": QT_TRANSLATE_NOOP("Field", "Stage key"),
    "name": QT_TRANSLATE_NOOP("Field", "Name (English)"),
    "name_zh": QT_TRANSLATE_NOOP("Field", "Name (Chinese)"),
    "probability": QT_TRANSLATE_NOOP("Field", "Probability"),
    "position": QT_TRANSLATE_NOOP("Field", "Position"),
    "stage": QT_TRANSLATE_NOOP("Field", "Stage"),
    "move_to": QT_TRANSLATE_NOOP("Field", "Move its opportunities to"),
}


def _error(field: str, text: str, **params: object) -> ValidationError:
    shown = render("Field", FIELD_LABELS[field])
    return ValidationError([FieldError(field, shown, render("Validation", text, label=shown,
                                                            **params))])


def _stage(session: Session, key: str) -> OpportunityStage:
    stage = session.get(OpportunityStage, key) if key else None
    if stage is None:
        raise NotFound(QT_TRANSLATE_NOOP(
            "Errors", "There is no pipeline stage {key}; the stages are: {keys}."),
            key=key, keys=", ".join(s.key for s in all_stages(session)))
    return stage


def _shown(stage: OpportunityStage) -> dict[str, object] | str:
    return audit_messages.named("stage", stage.key, stage.name)


def _clean_probability(stage: OpportunityStage | None, raw: object) -> int:
    try:
        value = int(str(raw).strip())
    except (TypeError, ValueError):
        value = -1
    if not 0 <= value <= 100:
        raise _error("probability", QT_TRANSLATE_NOOP(
            "Validation", "{label} must be a whole number from 0 to 100."))
    if stage is not None and stage.is_won and value != 100:
        raise _error("probability", QT_TRANSLATE_NOOP(
            "Validation", "{label} of a won stage is always 100: the forecast counts won "
                          "opportunities whole."))
    if stage is not None and stage.is_lost and value != 0:
        raise _error("probability", QT_TRANSLATE_NOOP(
            "Validation", "{label} of a lost stage is always 0: the forecast leaves lost "
                          "opportunities out."))
    return value


def _clean_name(session: Session, field: str, raw: str | None,
                key: str | None) -> str | None:
    """A stage name, stripped; None when not given.  Refused when another stage is
    called so (in either language), as imports and filters find stages by name."""
    if raw is None:
        return None
    name = " ".join(raw.split())
    if not name:
        return None
    if len(name) > NAME_MAX:
        raise _error(field, QT_TRANSLATE_NOOP(
            "Validation", "{label} is too long: at most {n} characters."), n=NAME_MAX)
    wanted = name.casefold()
    for other in all_stages(session):
        if other.key == key:
            continue
        names = {other.key, other.name, other.name_zh or "",
                 presentation.stage_name(other.key, other.name, other.name_zh)}
        source = CHOICES["stage"].get(other.key)
        if source is not None and source == other.name:
            names.add(render("Choice", source))
        if wanted in {n.casefold() for n in names if n}:
            raise _error(field, QT_TRANSLATE_NOOP(
                "Validation", "{label} {name} is the name of stage {stage} already: choose "
                              "another."), name=name,
                stage=presentation.stage_name(other.key, other.name, other.name_zh))
    return name




# ---------------------------------------------------------------------------
# Changes
# ---------------------------------------------------------------------------

def add_stage(session: Session, actor: Actor, key: str, *, name: str | None = None,
              name_zh: str | None = None, probability: object = 0,
              position: object = None) -> OpportunityStage:
    """A new open stage; by default placed before the won and lost stages."""
    require(actor, "settings.manage")
    key = (key or "").strip()
    if not KEY_RE.match(key):
        raise _error("key", QT_TRANSLATE_NOOP(
            "Validation", "{label} is not valid: use up to 20 lower-case letters, digits and "
                          "_, starting with a letter, e.g. site_visit."))
    if session.get(OpportunityStage, key) is not None:
        raise _error("key", QT_TRANSLATE_NOOP(
            "Validation", "{label} {key} exists already: choose another."), key=key)
    en = _clean_name(session, "name", name, key)
    zh = _clean_name(session, "name_zh", name_zh, key)
    if en is None and zh is None:
        raise _error("name", QT_TRANSLATE_NOOP(
            "Validation", "{label} is required: give the stage a name (in English, Chinese "
                          "or both)."))
    value = _clean_probability(None, probability)
    ordered = all_stages(session)
    if position is None:
        first_closed = next((n for n, s in enumerate(ordered) if s.is_won or s.is_lost),
                            len(ordered))
        index = first_closed
    else:
        index = ordering.clean_position(position, len(ordered) + 1) - 1
    stage = OpportunityStage(key=key, name=en or zh or key, name_zh=zh, probability=value,
                             position=index + 1, is_won=False, is_lost=False, retired=False)
    session.add(stage)
    ordered.insert(index, stage)
    ordering.renumber(session, ordered)
    audit.record(session, actor, "settings", entity="stage",
                 message=QT_TRANSLATE_NOOP("Audit", "Added pipeline stage {stage}"),
                 params={"stage": _shown(stage)},
                 after={"key": key, "name": stage.name, "name_zh": zh,
                        "probability": value, "position": stage.position})
    return stage




def rename_stage(session: Session, actor: Actor, key: str, *, name: str | None = None,
                 name_zh: str | None = None) -> OpportunityStage:
    """New names (None: unchanged; "" for *name_zh*: back to the translation)."""
    require(actor, "settings.manage")
    stage = _stage(session, key)
    if name is None and name_zh is None:
        raise _error("name", QT_TRANSLATE_NOOP(
            "Validation", "{label}: give a new name in English, in Chinese or both."))
    before = {"name": stage.name, "name_zh": stage.name_zh}
    en = _clean_name(session, "name", name, key)
    if name is not None and en is None:
        raise _error("name", QT_TRANSLATE_NOOP(
            "Validation", "{label} is required: please fill it in."))
    if en is not None:
        stage.name = en
    if name_zh is not None:
        stage.name_zh = _clean_name(session, "name_zh", name_zh, key)
    session.flush()
    audit.record(session, actor, "settings", entity="stage",
                 message=QT_TRANSLATE_NOOP("Audit", "Renamed pipeline stage {stage}"),
                 params={"stage": _shown(stage)}, before=before,
                 after={"name": stage.name, "name_zh": stage.name_zh})
    return stage


def move_stage(session: Session, actor: Actor, key: str, position: object) -> OpportunityStage:
    """Put a stage at *position* (1 = first) of the pipeline; the others follow."""
    require(actor, "settings.manage")
    stage = _stage(session, key)
    ordered = all_stages(session)
    old = ordered.index(stage) + 1
    new = ordering.clean_position(position, len(ordered))
    ordered.remove(stage)
    ordered.insert(new - 1, stage)
    ordering.renumber(session, ordered)
    audit.record(session, actor, "settings", entity="stage",
                 message=QT_TRANSLATE_NOOP("Audit", "Moved pipeline stage {stage} to position "
                                                    "{position}"),
                 params={"stage": _shown(stage), "position": new},
                 before={"position": old}, after={"position": new})
    return stage


def set_probability(session: Session, actor: Actor, key: str,
                    probability: object) -> OpportunityStage:
    require(actor, "settings.manage")
    stage = _stage(session, key)
    value = _clean_probability(stage, probability)
    old = stage.probability
    stage.probability = value
    session.flush()
    audit.record(session, actor, "settings", entity="stage",
                 message=QT_TRANSLATE_NOOP("Audit", "Win probability of stage {stage}"),
                 params={"stage": _shown(stage)},
                 before={"probability": old}, after={"probability": value})
    return stage


def open_count(session: Session, key: str) -> int:
    """Opportunities in stage *key* now (the recycle bin's not counted)."""
    return int(session.execute(select(func.count(Opportunity.id)).where(
        Opportunity.stage == key, Opportunity.deleted_at.is_(None))).scalar_one())


def retire_stage(session: Session, actor: Actor, key: str, *,
                 move_to: str | None = None) -> int:
    """Retire a stage: no new move goes to it.  An open stage that still holds
    opportunities is refused, unless *move_to* names an open stage to move them to
    first (each move an ordinary, audited edit).  Returns how many were moved."""
    require(actor, "settings.manage")
    stage = _stage(session, key)
    shown = presentation.stage_name(stage.key, stage.name, stage.name_zh)
    if stage.retired:
        return 0
    if stage.is_won or stage.is_lost:
        raise _error("stage", QT_TRANSLATE_NOOP(
            "Validation", "{label} {stage} cannot be retired: every pipeline needs its won "
                          "and its lost stage (rename it instead)."), stage=shown)
    active_open = [s for s in all_stages(session, include_retired=False)
                   if not (s.is_won or s.is_lost)]
    if active_open == [stage]:
        raise _error("stage", QT_TRANSLATE_NOOP(
            "Validation", "{label} {stage} is the last open stage: add another stage before "
                          "retiring it."), stage=shown)
    held = open_count(session, key)
    moved = 0
    if held and move_to is None:
        raise _error("move_to", QT_TRANSLATE_NOOP(
            "Validation", "Stage {stage} still holds {n} opportunities: choose a stage to "
                          "move them to ({label})."), stage=shown, n=held)
    if held:
        target = _stage(session, move_to or "")
        if target.key == key or target.retired:
            raise _error("move_to", QT_TRANSLATE_NOOP(
                "Validation", "{label}: choose a stage other than {stage} that is not "
                              "retired."), stage=shown)
        moved = _move_opportunities(session, actor, key, target.key)
    stage.retired = True
    session.flush()
    audit.record(session, actor, "settings", entity="stage",
                 message=QT_TRANSLATE_NOOP("Audit", "Retired pipeline stage {stage}"),
                 params={"stage": _shown(stage)}, before={"retired": False},
                 after={"retired": True, "moved": moved, "move_to": move_to if moved else None})
    return moved


def _move_opportunities(session: Session, actor: Actor, key: str, target: str) -> int:
    from crmdesk.core.services.sales import opportunities

    ids = list(session.execute(select(Opportunity.id).where(
        Opportunity.stage == key, Opportunity.deleted_at.is_(None))
        .order_by(Opportunity.id)).scalars())
    for opportunity_id in ids:
        opportunities.move(session, actor, opportunity_id, target)
    return len(ids)


def reinstate_stage(session: Session, actor: Actor, key: str) -> OpportunityStage:
    """Take a stage out of retirement: it is offered for moves again."""
    require(actor, "settings.manage")
    stage = _stage(session, key)
    if not stage.retired:
        return stage
    stage.retired = False
    session.flush()
    audit.record(session, actor, "settings", entity="stage",
                 message=QT_TRANSLATE_NOOP("Audit", "Reinstated pipeline stage {stage}"),
                 params={"stage": _shown(stage)}, before={"retired": True},
                 after={"retired": False})
    return stage
