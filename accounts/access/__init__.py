"""The access policy: the one place that decides who may see and do what.

Re-exports every predicate, so callers write ``from accounts import access`` and
``access.can_edit_enterprise(user, enterprise)``.
"""

from .core import (  # noqa: F401
    CITY_WIDE_ROLES,
    STAFF_ROLES,
    can_see_enterprise_id,
    enterprise_scope_q,
    is_authenticated,
    is_bureau,
    is_contact,
    is_county_staff,
    is_office,
    is_official,
    is_staff_role,
    scope,
)
from .enterprises import (  # noqa: F401
    access_enterprise,
    can_create_enterprise,
    can_edit_contact,
    can_edit_enterprise,
    can_set_ule_stage,
    can_view_audit,
    can_view_enterprise,
    visible_enterprises,
)
from .inspections import *  # noqa: E402, F401, F403
from .retrofits import *  # noqa: E402, F401, F403
