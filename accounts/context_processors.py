from django.http import HttpRequest

import access


def navigation(request: HttpRequest) -> dict:
    """Flags for the navigation bar, computed by the access policy (templates never compare
    roles themselves) and the unread inbox count."""
    user = getattr(request, "user", None)
    if user is None or not access.is_authenticated(user):
        return {}
    from notifications.selectors import unread_count

    return {
        "nav": {
            "is_staff_role": access.is_staff_role(user),
            "is_contact": access.is_contact(user),
            "can_admin": access.can_use_admin(user),
            "can_manage_sign_ins": access.can_manage_sign_ins(user),
            "unread": unread_count(user=user),
        }
    }
