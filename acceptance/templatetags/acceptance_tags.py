"""Template helpers of the acceptance app: the home-page panel (one query)."""

from django import template

import access

from .. import selectors

register = template.Library()


@register.inclusion_tag("acceptance/partials/_home_panels.html", takes_context=True)
def acceptance_home_panels(context):
    user = context["request"].user
    if access.can_confirm_claims(user):
        return {
            "show": True,
            "pending": selectors.pending_claim_count(user=user),
            "to_review": selectors.evaluations(user=user).filter(status="submitted").count(),
        }
    if access.evaluation_enterprise_for(user) is not None:
        return {
            "show_contact": True,
            "returned": selectors.evaluations(user=user).filter(status="returned").count(),
        }
    return {"show": False}


@register.inclusion_tag("acceptance/partials/_node_claim.html")
def node_claim(node):
    """The latest completion record of a node: its claim status, if it is a claim, and the
    recorded reason of a late entry (one query)."""
    return {"claim": node.completions.order_by("-recorded_at", "-id").first()}
