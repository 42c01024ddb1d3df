"""Access to the retrofits app (part of the one access policy; see accounts.access)."""

from __future__ import annotations

__all__: list[str] = []
