"""Where next: two or three roles people commonly move into from a role, with the pay change.

Candidates are O*NET's related occupations of the role's SOC (`related` in knowledge/reference/occupations.csv,
closest first). A next step is usually better paid or needs more preparation (a higher O*NET job zone) and stays
in the same field (SOC major group), so candidates are ranked: same field and a step up first, then a step up
in another field, then the closest of the rest; within each, O*NET's closeness order. An occupation two or more
job zones up (a licensed practical nurse to a physician) is a new career rather than a next step, and is left out. A curated role with no SOC
uses its own related roles, ranked by pay.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.knowledge import KnowledgeBase, reference_id
from bot.core.models import Role
from bot.core.pay import Gap, gap, money, pay_facts

LIMIT = 3
MINIMUM = 2
RAISE = 5.0  # percent: a smaller pay difference is noise between occupations, not a step up


@dataclass(frozen=True, slots=True)
class NextStep:
    role_id: str
    name: str  # how the card names the role
    median: str | None  # "$132,050 a year" (US, BLS)
    change: str | None  # "+$38,000 (+40%)" against the role it follows, like for like; None when not comparable
    step_up: bool  # better paid or more senior


def where_next(kb: KnowledgeBase, role: Role, limit: int = LIMIT) -> tuple[NextStep, ...]:
    """The next steps from a role, worked out once per knowledge base (it is immutable) and then remembered."""
    memo = _memo(kb)["steps"]
    key = (role.id, limit)
    if key not in memo:
        memo[key] = _where_next(kb, role, limit)
    return memo[key]


def _where_next(kb: KnowledgeBase, role: Role, limit: int) -> tuple[NextStep, ...]:
    if kb.reference is None:
        return ()
    if not role.soc:
        return _from_curated_related(kb, role, limit)
    facts = kb.reference.facts(role.soc)
    if facts is None:
        return ()
    own = pay_facts(kb, role.soc)
    ranked: list[tuple[tuple[int, int], NextStep]] = []
    for closeness, soc in enumerate(facts.related):
        other = kb.reference.facts(soc)
        target = _role_for(kb, soc)
        if other is None or target is None or target.id == role.id:
            continue
        if "All Other" in other.title:
            continue  # a remainder of unlisted jobs is not a place to move to
        if other.job_zone and facts.job_zone and other.job_zone > facts.job_zone + 1:
            continue  # two job zones up (LPN to physician) is a new career from scratch, not a next step
        theirs = pay_facts(kb, soc)
        change, difference = _change(own, theirs)
        more_senior = bool(other.job_zone and facts.job_zone and other.job_zone > facts.job_zone)
        better_paid = difference is not None and difference.higher == 1 and difference.percent >= RAISE
        less_paid = difference is not None and difference.higher == 0 and difference.percent >= RAISE
        step_up = better_paid or (more_senior and not less_paid)
        same_field = soc[:2] == role.soc[:2]
        tier = 0 if step_up and same_field else 1 if step_up else 3 if less_paid else 2
        ranked.append(((tier, closeness), NextStep(target.id, _name(kb, target), _median(theirs), change, step_up)))
    ranked.sort(key=lambda item: item[0])
    steps: list[NextStep] = []
    for _, step in ranked:
        if step.role_id not in {s.role_id for s in steps}:
            steps.append(step)
    # Step-ups first; others only to make up the minimum (a top-paid role still gets its closest neighbours).
    ups = [s for s in steps if s.step_up][:limit]
    return tuple(ups if len(ups) >= MINIMUM else ups + [s for s in steps if not s.step_up][:MINIMUM - len(ups)])


def _from_curated_related(kb: KnowledgeBase, role: Role, limit: int) -> tuple[NextStep, ...]:
    steps = []
    for rid in role.related:
        other = kb.roles.get(rid)
        if other is None or not other.soc:
            continue
        median = pay_facts(kb, other.soc)
        value = median.median("year") if median else None
        steps.append((-(value.value if value else 0.0), NextStep(other.id, other.title, _median(median), None,
                                                                 False)))
    steps.sort(key=lambda item: item[0])
    return tuple(step for _, step in steps[:limit])


def _role_for(kb: KnowledgeBase, soc: str) -> Role | None:
    """The role a SOC is best shown as: the curated profile of that SOC (the one whose title is closest to the
    BLS title when several share it), else the reference occupation."""
    curated = _curated_by_soc(kb, soc)
    if curated:
        return curated[0]
    return kb.roles.get(reference_id(soc))


def _curated_by_soc(kb: KnowledgeBase, soc: str) -> list[Role]:
    return _memo(kb)["by_soc"].get(soc, [])


def _memo(kb: KnowledgeBase) -> dict:
    """What this module works out once per knowledge base: curated roles by SOC, and the steps found so far.
    Kept for the latest knowledge base only, so a reload drops the old one's."""
    if _MEMO.get("kb") is not kb:
        by_soc: dict[str, list[Role]] = {}
        for r in kb.curated_roles():
            if r.soc:
                by_soc.setdefault(r.soc, []).append(r)
        for roles in by_soc.values():
            roles.sort(key=lambda r: (len(r.related) == 0, r.id))
        _MEMO.clear()
        _MEMO.update(kb=kb, by_soc=by_soc, steps={})
    return _MEMO


_MEMO: dict = {}


def _name(kb: KnowledgeBase, role: Role) -> str:
    if role.curated:
        return role.title
    from bot.core.wording import official_forms

    return official_forms(role.title)[0]


def _median(facts) -> str | None:
    if facts is None or facts.period is None:
        return None
    period = facts.period
    return f"{money(facts.median(period), period)} {'a year' if period == 'year' else 'an hour'}"


def _change(own, other) -> tuple[str | None, Gap | None]:
    if own is None or other is None:
        return None, None
    for period in ("year", "hour"):
        a, b = own.median(period), other.median(period)
        if a is not None and b is not None:
            difference = gap(a, b)
            if difference is None:
                return None, None
            if difference.higher == -1:
                return "same pay", difference
            sign = "+" if difference.higher == 1 else "−"
            floor = "at least " if difference.floor else ""
            return (f"{floor}{sign}{money(difference.dollars, period)} ({sign}{round(difference.percent)}%)",
                    difference)
    return None, None
