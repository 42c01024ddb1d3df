"""What account events say (rendered in the reader's language when mailed or shown)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from notifications.messages import Message, Rendered, renders

PASSWORD_RESET = "accounts.password_reset"


def password_reset(link: str) -> Message:
    return Message(kind=PASSWORD_RESET, params={"link": link}, urgent=True)


@renders(PASSWORD_RESET)
def _password_reset(p: Mapping[str, Any]) -> Rendered:
    return Rendered(
        subject=_("Choose a new password for the ULE Portal"),
        body=_(
            "Someone (probably you) asked to choose a new password for your account. Open "
            "this link within three days to choose one; it works once:\n%(link)s\n"
            "If you did not ask for it, ignore this message: your password stays as it is."
        )
        % {"link": p["link"]},
    )
