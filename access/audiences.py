"""Who is told of an event: the one place that turns "the enterprise's contacts", "the county
staff", "the decision makers" into people. Services and reminder sweeps name audiences; they
never filter users by role themselves.

- CONTACTS: the enterprise's active contact accounts.
- COUNTY_STAFF: the active staff of the enterprise's county sub-bureau.
- COUNTY_LEADS: the county sub-bureau's leads (first escalation step).
- DECISION_MAKERS: the special class office and the municipal bureau, who decide
  postponements, accept reports and evaluations.
- CITY: the municipal bureau and the officials (city escalation).
- OFFICE: the special class office, who keep the users and their addresses (undeliverable mail).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from django.db.models import Q

from accounts.models import Role

if TYPE_CHECKING:
    from accounts.models import User


class Audience(StrEnum):
    CONTACTS = "contacts"
    COUNTY_STAFF = "county_staff"
    COUNTY_LEADS = "county_leads"
    DECISION_MAKERS = "decision_makers"
    CITY = "city"
    OFFICE = "office"


DECISION_ROLES = (Role.OFFICE, Role.BUREAU)
CITY_ROLES = (Role.BUREAU, Role.OFFICIAL)


@dataclass
class Directory:
    """The people of the audiences asked for, for a set of enterprises, loaded in one query;
    ``people`` then answers per enterprise without touching the database."""

    contacts: dict[int, list[User]] = field(default_factory=lambda: defaultdict(list))
    county_staff: dict[int, list[User]] = field(default_factory=lambda: defaultdict(list))
    county_leads: dict[int, list[User]] = field(default_factory=lambda: defaultdict(list))
    decision_makers: list[User] = field(default_factory=list)
    city: list[User] = field(default_factory=list)
    office: list[User] = field(default_factory=list)

    def people(
        self, *audiences: Audience, enterprise_id: int | None = None, county_id: int | None = None
    ) -> list[User]:
        """Everyone in ``audiences`` for one enterprise (and its county), each person once."""
        found: dict[int, User] = {}
        for audience in audiences:
            if audience == Audience.CONTACTS:
                group = self.contacts.get(enterprise_id, [])
            elif audience == Audience.COUNTY_STAFF:
                group = self.county_staff.get(county_id, [])
            elif audience == Audience.COUNTY_LEADS:
                group = self.county_leads.get(county_id, [])
            elif audience == Audience.DECISION_MAKERS:
                group = self.decision_makers
            elif audience == Audience.OFFICE:
                group = self.office
            else:
                group = self.city
            for user in group:
                found.setdefault(user.pk, user)
        return list(found.values())


def directory(
    audiences: Iterable[Audience],
    *,
    enterprise_ids: Iterable[int] = (),
    county_ids: Iterable[int] = (),
) -> Directory:
    """Load the people of ``audiences`` for these enterprises and counties in one query."""
    from accounts.models import User

    audiences = set(audiences)
    enterprise_ids, county_ids = set(enterprise_ids), {c for c in county_ids if c}
    wanted = Q(pk__in=[])
    if Audience.CONTACTS in audiences and enterprise_ids:
        wanted |= Q(role=Role.CONTACT, enterprise_id__in=enterprise_ids)
    if Audience.COUNTY_STAFF in audiences and county_ids:
        wanted |= Q(role=Role.COUNTY, county_id__in=county_ids)
    elif Audience.COUNTY_LEADS in audiences and county_ids:
        wanted |= Q(role=Role.COUNTY, county_id__in=county_ids, is_county_lead=True)
    roles = set()
    if Audience.DECISION_MAKERS in audiences:
        roles.update(DECISION_ROLES)
    if Audience.CITY in audiences:
        roles.update(CITY_ROLES)
    if Audience.OFFICE in audiences:
        roles.add(Role.OFFICE)
    if roles:
        wanted |= Q(role__in=roles)
    result = Directory()
    for user in User.objects.filter(wanted, is_active=True).order_by("id"):
        if user.role == Role.CONTACT:
            result.contacts[user.enterprise_id].append(user)
        elif user.role == Role.COUNTY:
            if Audience.COUNTY_STAFF in audiences:
                result.county_staff[user.county_id].append(user)
            if user.is_county_lead and Audience.COUNTY_LEADS in audiences:
                result.county_leads[user.county_id].append(user)
        else:
            if user.role in DECISION_ROLES and Audience.DECISION_MAKERS in audiences:
                result.decision_makers.append(user)
            if user.role in CITY_ROLES and Audience.CITY in audiences:
                result.city.append(user)
            if user.role == Role.OFFICE and Audience.OFFICE in audiences:
                result.office.append(user)
    return result


def people(
    *audiences: Audience, enterprise_id: int | None = None, county_id: int | None = None
) -> list[User]:
    """Everyone in ``audiences`` for one enterprise (one query): what an event service needs."""
    return directory(
        audiences,
        enterprise_ids=[enterprise_id] if enterprise_id else [],
        county_ids=[county_id] if county_id else [],
    ).people(*audiences, enterprise_id=enterprise_id, county_id=county_id)
