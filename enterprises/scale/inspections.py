"""Generated inspection rows: inspections with their inspectors, plans and findings, draws and
their targets."""

from __future__ import annotations

from django.db import connection

from .base import (
    DRAW_MONTHS,
    DRAW_SHARE,
    FINDINGS_PER_ENTERPRISE,
    GEN,
    INSPECTIONS_PER_ENTERPRISE,
    PREFIX,
    ScaleError,
    _exec,
    clone,
)


def _inspectors() -> list[int]:
    with connection.cursor() as cur:
        cur.execute(
            "SELECT id FROM accounts_user WHERE role IN ('office','bureau') AND is_active "
            "ORDER BY id"
        )
        ids = [r[0] for r in cur.fetchall()]
    if len(ids) < 2:
        raise ScaleError("the demo's office and bureau users are needed as inspectors")
    return ids


def inspections(today) -> int:
    """50 inspections per enterprise over the last two years, 2 inspectors each; the most
    recent one of every 25th enterprise a draft."""
    rows = clone(
        "inspections_inspection",
        template="tpl.status = 'submitted'",
        source=(
            f"{GEN} s CROSS JOIN generate_series(1, {INSPECTIONS_PER_ENTERPRISE}) i "
            "CROSS JOIN LATERAL (SELECT now() - make_interval(days => "
            "((i - 1) * 14 + s.g %% 14)::int, hours => (s.g %% 8)::int) AS at) t"
        ),
        values={
            "enterprise_id": "s.id",
            "started_at": "t.at",
            "origin": "(ARRAY['campaign','complaint','follow_up_finding','draw'])[1 + (s.g + i) %% 4]",
            "status": "CASE WHEN i = 1 AND s.g %% 25 = 0 THEN 'draft' ELSE 'submitted' END",
            "submitted_at": "CASE WHEN i = 1 AND s.g %% 25 = 0 THEN NULL ELSE t.at + interval '3 hours' END",
            "created_at": "t.at",
            "updated_at": "t.at",
            "summary": "'现场检查 ' || s.g || '-' || i",
            "draw_target_id": "NULL",
            "follow_up_of_id": "NULL",
            "version": "1",
        },
        suffix="WHERE NOT EXISTS (SELECT 1 FROM inspections_inspection x WHERE x.enterprise_id = s.id)",
    )
    ids = _inspectors()
    _exec(
        """
        INSERT INTO inspections_inspection_inspectors (inspection_id, user_id)
        SELECT i.id, (%(ids)s::bigint[])[1 + (i.id + k) %% array_length(%(ids)s::bigint[], 1)]
        FROM inspections_inspection i
        JOIN enterprises_enterprise e ON e.id = i.enterprise_id AND e.credit_code LIKE 'SC%%'
        CROSS JOIN generate_series(0, 1) k
        WHERE NOT EXISTS (SELECT 1 FROM inspections_inspection_inspectors ii
                          WHERE ii.inspection_id = i.id)
        """,
        {"ids": ids},
    )
    _exec(
        """
        UPDATE inspections_inspection i SET created_by_id = (%(ids)s::bigint[])[1 + i.id %% array_length(%(ids)s::bigint[], 1)]
        FROM enterprises_enterprise e
        WHERE e.id = i.enterprise_id AND e.credit_code LIKE 'SC%%' AND i.created_by_id IS NULL
        """,
        {"ids": ids},
    )
    return rows


def findings(today) -> int:
    """One open plan per enterprise with 10 findings on its latest submitted inspections: half
    closed, a third open (some overdue), the rest responded."""
    clone(
        "inspections_rectificationplan",
        template="true",
        source=f"{GEN} s",
        values={
            "enterprise_id": "s.id",
            "status": "'open'",
            "created_at": "now() - interval '60 days'",
            "closed_at": "NULL",
        },
        suffix="WHERE NOT EXISTS (SELECT 1 FROM inspections_rectificationplan r "
        "WHERE r.enterprise_id = s.id)",
    )
    return clone(
        "inspections_finding",
        template="true",
        source=(
            f"(SELECT x.*, r.id AS plan_id FROM (SELECT i.id AS inspection_id, i.enterprise_id, "
            "i.started_at, row_number() OVER (PARTITION BY i.enterprise_id ORDER BY i.started_at "
            "DESC) AS n FROM inspections_inspection i JOIN enterprises_enterprise e ON e.id = "
            f"i.enterprise_id AND e.credit_code LIKE '{PREFIX}%%' WHERE i.status = 'submitted' "
            "AND NOT EXISTS (SELECT 1 FROM inspections_finding f WHERE f.enterprise_id = "
            "i.enterprise_id)) x JOIN inspections_rectificationplan r ON r.enterprise_id = "
            f"x.enterprise_id AND r.status = 'open' WHERE x.n <= {FINDINGS_PER_ENTERPRISE}) s"
        ),
        values={
            "enterprise_id": "s.enterprise_id",
            "inspection_id": "s.inspection_id",
            "plan_id": "s.plan_id",
            "item_id": "NULL",
            "emission_point_id": "NULL",
            "description": "'检查发现问题 ' || s.inspection_id",
            "deadline": "(s.started_at + interval '30 days')::date",
            "status": "CASE WHEN s.n > 5 THEN 'closed' WHEN s.n %% 3 = 0 THEN 'responded' "
            "ELSE 'open' END",
            "created_at": "s.started_at + interval '3 hours'",
            "closed_at": "CASE WHEN s.n > 5 THEN s.started_at + interval '40 days' END",
            "closed_by_id": "NULL",
        },
    )


def draws(today) -> int:
    """24 monthly draws (the last two in the future), each with about 3% of the generated
    enterprises and two inspectors per target; inputs and result cover the whole pool, as a
    real draw's do."""
    ids = _inspectors()
    first = today.replace(day=1)
    pick = f"s.g %% {DRAW_SHARE} = (%(month)s + %(year)s) %% {DRAW_SHARE}"
    for m in range(DRAW_MONTHS):
        months_back = DRAW_MONTHS - 3 - m
        y, mo = divmod(first.year * 12 + first.month - 1 - months_back, 12)
        start = first.replace(year=y, month=mo + 1)
        # Draws are history (a trigger refuses updates): inputs and result are written once,
        # from the enterprises there at the time.
        _exec(
            f"""
            INSERT INTO inspections_draw (title, period_start, period_end, seed, inputs, result,
                                          created_at, created_by_id)
            SELECT %(title)s, %(start)s, %(start)s::date + 27, %(seed)s,
              jsonb_build_object(
                'algorithm', 'ule-draw-v1',
                'ratios', '{{"key": 3, "special": 3, "general": 3}}'::jsonb,
                'targets', (SELECT jsonb_agg(jsonb_build_object('class',
                               (ARRAY['key','special','general'])[1 + e.id %% 3],
                               'county_id', e.county_id, 'enterprise_id', e.id) ORDER BY e.id)
                            FROM enterprises_enterprise e),
                'inspectors', (SELECT jsonb_agg(jsonb_build_object('user_id', u,
                                  'county_id', null)) FROM unnest(%(ids)s::bigint[]) u),
                'conflicts', '[]'::jsonb),
              jsonb_build_object('targets', (
                SELECT coalesce(jsonb_agg(jsonb_build_object(
                         'class', (ARRAY['key','special','general'])[1 + s.g %% 3],
                         'enterprise_id', s.id,
                         'inspection_date', %(start)s::date + (s.g %% 28),
                         'inspectors', ARRAY[0]) ORDER BY s.g), '[]'::jsonb)
                FROM {GEN} s WHERE {pick})),
              %(start)s::timestamptz - interval '5 days', %(by)s
            WHERE NOT EXISTS (SELECT 1 FROM inspections_draw WHERE title = %(title)s)
            """,
            {
                "title": f"规模抽查 {start:%Y-%m}",
                "start": start,
                "seed": m * 7919,
                "ids": ids,
                "by": ids[0],
                "month": start.month,
                "year": start.year,
            },
        )
    rows = _exec(
        f"""
        INSERT INTO inspections_drawtarget (draw_id, enterprise_id, target_class,
                                            inspection_date, position)
        SELECT d.id, s.id, (ARRAY['key','special','general'])[1 + s.g %% 3],
               d.period_start + (s.g %% 28), (s.g / {DRAW_SHARE}) %% 30000
        FROM inspections_draw d
        CROSS JOIN {GEN} s
        WHERE d.title LIKE '规模抽查 %%'
          AND s.g %% {DRAW_SHARE} = (extract(month FROM d.period_start)::int
                                     + extract(year FROM d.period_start)::int) %% {DRAW_SHARE}
        ON CONFLICT DO NOTHING
        """
    )
    _exec(
        """
        INSERT INTO inspections_drawtarget_inspectors (drawtarget_id, user_id)
        SELECT t.id, (%(ids)s::bigint[])[1 + (t.id + k) %% array_length(%(ids)s::bigint[], 1)]
        FROM inspections_drawtarget t JOIN inspections_draw d ON d.id = t.draw_id
        CROSS JOIN generate_series(0, 1) k
        WHERE d.title LIKE '规模抽查 %%' AND NOT EXISTS
          (SELECT 1 FROM inspections_drawtarget_inspectors x WHERE x.drawtarget_id = t.id)
        """,
        {"ids": ids},
    )
    # a submitted inspection for published targets (8 in 10), as after a real draw
    _exec(
        """
        WITH pick AS (
          SELECT DISTINCT ON (t.id) t.id AS target_id, i.id AS inspection_id
          FROM inspections_drawtarget t
          JOIN inspections_draw d ON d.id = t.draw_id AND d.title LIKE '规模抽查 %%'
          JOIN inspections_inspection i ON i.enterprise_id = t.enterprise_id
               AND i.status = 'submitted' AND i.draw_target_id IS NULL
          WHERE t.inspection_date <= %(today)s AND t.id %% 10 < 8
            AND NOT EXISTS (SELECT 1 FROM inspections_inspection x WHERE x.draw_target_id = t.id)
          ORDER BY t.id, abs(i.started_at::date - t.inspection_date)
        )
        UPDATE inspections_inspection i SET draw_target_id = pick.target_id, origin = 'draw'
        FROM pick WHERE i.id = pick.inspection_id
        """,
        {"today": today},
    )
    return rows
