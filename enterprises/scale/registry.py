"""Generated registry and retrofit rows: enterprises, contacts, projects, nodes, reports and
date changes."""

from __future__ import annotations

from .base import (
    GEN,
    NODES_PER_PROJECT,
    PREFIX,
    PROJECTS_PER_ENTERPRISE,
    clone,
)


def enterprises(n: int) -> int:
    return clone(
        "enterprises_enterprise",
        template="tpl.credit_code NOT LIKE 'SC%%'",
        source=(
            "generate_series(1, %(n)s) s(g) CROSS JOIN "
            "(SELECT array_agg(id ORDER BY id) AS ids FROM enterprises_county) c"
        ),
        values={
            "name_zh": "(ARRAY['鲁','济','兖','曲','邹','微','鱼','金','嘉','汶','泗','梁'])"
            "[1 + s.g %% 12] || (ARRAY['恒','泰','山','华','源','鑫','宏','昌','盛','达'])"
            "[1 + (s.g / 12) %% 10] || CASE WHEN s.g %% 2 = 0 THEN '水泥' ELSE '焦化' END"
            " || '有限公司' || s.g || '号'",
            "name_en": "'Scale ' || CASE WHEN s.g %% 2 = 0 THEN 'Cement' ELSE 'Coking' END"
            " || ' Plant ' || s.g",
            "credit_code": f"'{PREFIX}' || lpad(s.g::text, 16, '0')",
            "industry": "CASE WHEN s.g %% 2 = 0 THEN 'cement_clinker' ELSE 'coking' END",
            "county_id": "c.ids[1 + s.g %% array_length(c.ids, 1)]",
            "annual_capacity_t": "500000 + (s.g %% 40) * 50000",
            # every tenth listed (see listing()), the others at the stages before it
            "ule_stage": "CASE WHEN s.g %% 10 = 0 THEN 'publicized' ELSE (ARRAY["
            "'not_started','retrofitting','retrofitting','completed','stable','evaluated'])"
            "[1 + s.g %% 6] END",
            "is_illustrative": "true",
            # the draw pool: one in ten key dischargers, two in ten special supervision
            "supervision_class": "CASE WHEN s.g %% 10 = 0 THEN 'key' WHEN s.g %% 10 IN (1, 2) "
            "THEN 'special' ELSE 'general' END",
            "ule_partial_capacity_t": "0",
            "updated_at": "now()",
            "version": "1",
            "latitude": "(34.9 + (s.g %% 97) / 150.0)::numeric(9,6)",
            "longitude": "(116.0 + (s.g %% 89) / 70.0)::numeric(9,6)",
        },
        suffix=(
            "WHERE NOT EXISTS (SELECT 1 FROM enterprises_enterprise e WHERE e.credit_code = "
            f"'{PREFIX}' || lpad(s.g::text, 16, '0'))"
        ),
        params={"n": n},
    )


def contacts() -> int:
    return clone(
        "accounts_user",
        template="tpl.role = 'contact'",
        source=f"{GEN} s",
        values={
            "username": "'scale_contact_' || s.g",
            "email": "'contact' || s.g || '@scale.invalid'",
            "enterprise_id": "s.id",
            "display_name": "'联系人' || s.g",
            "last_login": "NULL",
            "date_joined": "now()",
        },
        suffix="WHERE NOT EXISTS (SELECT 1 FROM accounts_user u WHERE u.enterprise_id = s.id)",
    )


def projects() -> int:
    return clone(
        "retrofits_retrofitproject",
        template="tpl.status = 'underway'",
        source=f"{GEN} s CROSS JOIN generate_series(0, {PROJECTS_PER_ENTERPRISE - 1}) k",
        values={
            "enterprise_id": "s.id",
            "category": "(ARRAY['organized','fugitive','transport','monitoring'])[1 + k]",
            "name": "(ARRAY['有组织排放改造','无组织排放治理','清洁运输改造','监测监控建设'])"
            "[1 + k] || ' ' || s.g",
            "status": "CASE WHEN s.g %% 10 = 0 THEN 'completed' ELSE 'underway' END",
            "created_at": "now() - interval '700 days'",
            "updated_at": "now()",
            "plan_approved_at": "now() - interval '650 days'",
            "plan_approved_by_id": "NULL",
            "version": "1",
        },
        suffix="WHERE NOT EXISTS (SELECT 1 FROM retrofits_retrofitproject p "
        "WHERE p.enterprise_id = s.id)",
    )


def nodes(today) -> int:
    """25 nodes a project, 30 days apart around today; one project in 20 is behind (its past
    nodes stay open), the others done up to today."""
    return clone(
        "retrofits_milestonenode",
        template="true",
        source=(
            "(SELECT p.id, p.enterprise_id FROM retrofits_retrofitproject p JOIN "
            f"enterprises_enterprise e ON e.id = p.enterprise_id AND e.credit_code LIKE '{PREFIX}%%'"
            " WHERE NOT EXISTS (SELECT 1 FROM retrofits_milestonenode m WHERE m.project_id = p.id)"
            f") s CROSS JOIN generate_series(1, {NODES_PER_PROJECT}) o CROSS JOIN LATERAL "
            "(SELECT (%(today)s::date + ((o - 13) * 30 + s.id %% 90)::int) AS d) d"
        ),
        values={
            "project_id": "s.id",
            "code": "'node' || o",
            "order": "o",
            "name_zh": "'节点' || o",
            "name_en": "'Milestone ' || o",
            "stage_on_completion": "''",
            "min_days_after_previous": "0",
            "committed_date": "d.d - CASE WHEN s.id %% 7 = 0 THEN 20 ELSE 0 END",
            "planned_date": "d.d",
            "actual_date": "CASE WHEN d.d < %(today)s AND s.id %% 20 <> 0 THEN d.d END",
            "completion_note": "''",
            "completed_by_id": "NULL",
            "template_id": "NULL",
        },
        params={"today": today},
    )


def reports_and_changes(today) -> int:
    """Monthly progress reports for the last 12 months of every generated project (the
    latest submitted, the rest accepted) and a date change on every 10th node (postponements
    pending on open nodes, moves forward applied on the others)."""
    rows = clone(
        "retrofits_progressreport",
        template="tpl.status = 'accepted'",
        source=(
            "(SELECT p.id FROM retrofits_retrofitproject p JOIN enterprises_enterprise e ON "
            f"e.id = p.enterprise_id AND e.credit_code LIKE '{PREFIX}%%' WHERE NOT EXISTS "
            "(SELECT 1 FROM retrofits_progressreport r WHERE r.project_id = p.id)) s "
            "CROSS JOIN generate_series(1, 12) m CROSS JOIN LATERAL (SELECT "
            "(date_trunc('month', %(today)s::date) - make_interval(months => m)) AS month) d"
        ),
        values={
            "project_id": "s.id",
            "period": "to_char(d.month, 'YYYY-MM')",
            "status": "CASE WHEN m = 1 THEN 'submitted' ELSE 'accepted' END",
            "submitted_at": "d.month + interval '1 month 3 days'",
            "percent_complete": "least(100, (13 - m) * 8)",
            "revision": "1",
        },
        params={"today": today},
    )
    rows += clone(
        "retrofits_datechange",
        template="true",
        source=(
            "(SELECT n.id, n.planned_date, n.actual_date FROM retrofits_milestonenode n "
            "JOIN retrofits_retrofitproject p ON p.id = n.project_id JOIN enterprises_enterprise "
            f"e ON e.id = p.enterprise_id AND e.credit_code LIKE '{PREFIX}%%' WHERE n.id %% 10 = 0 "
            "AND NOT EXISTS (SELECT 1 FROM retrofits_datechange c WHERE c.node_id = n.id)) s"
        ),
        values={
            "node_id": "s.id",
            "kind": "CASE WHEN s.actual_date IS NULL THEN 'postponement' ELSE 'forward' END",
            "old_date": "s.planned_date",
            "new_date": "CASE WHEN s.actual_date IS NULL THEN s.planned_date + 30 "
            "ELSE s.planned_date - 10 END",
            "reason": "'规模数据'",
            "status": "CASE WHEN s.actual_date IS NULL THEN 'pending' ELSE 'applied' END",
            "requested_at": "s.planned_date::timestamptz - interval '20 days'",
            "decided_at": "CASE WHEN s.actual_date IS NULL THEN NULL "
            "ELSE s.planned_date::timestamptz - interval '15 days' END",
            "decided_by_id": "NULL",
            "decision_comment": "''",
        },
    )
    return rows
