"""Generated inspection rows: inspections with their inspectors, plans and findings, draws and
their targets."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import connection, transaction

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

TZ = ZoneInfo("Asia/Shanghai")
TITLE = "规模抽查 "  # the generated draws' titles start so


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
    """24 monthly draws (the last two in the future), recorded as ``draw_run`` records them:
    every enterprise of the pool (by its supervision class) in the inputs, 3% of each class
    drawn, two of the office and bureau inspectors per target, and the result computed from
    the inputs and the seed, so that re-running a generated draw gives its recorded result.

    Draws are history and never change, so a run that grows the data set (207 → 2,007
    enterprises) adds a second batch of 24 draws whose pool is the enterprises no earlier
    batch drew from: the drawn targets keep growing with the enterprises."""
    from inspections import draws as records
    from inspections.models import Draw

    ids = _inspectors()
    with connection.cursor() as cur:
        cur.execute(
            "SELECT id, county_id, supervision_class FROM enterprises_enterprise "
            "WHERE supervision_class = ANY(%s) ORDER BY id",
            [records.CLASS_ORDER],
        )
        pool = [{"enterprise_id": e, "county_id": c, "class": k} for e, c, k in cur.fetchall()]
    earlier = Draw.objects.filter(title__startswith=TITLE)
    covered = {
        t["enterprise_id"]
        for inputs in earlier.values_list("inputs", flat=True)
        for t in inputs["targets"]
    }
    pool = [p for p in pool if p["enterprise_id"] not in covered]
    if not pool:
        return 0
    batch = 1 + earlier.count() // DRAW_MONTHS
    first = today.replace(day=1)
    made = 0
    # a batch is written whole or not at all: a later run then finds it complete
    with transaction.atomic():
        for m in range(DRAW_MONTHS):
            months_back = DRAW_MONTHS - 3 - m
            y, mo = divmod(first.year * 12 + first.month - 1 - months_back, 12)
            start = first.replace(year=y, month=mo + 1)
            title = f"{TITLE}{start:%Y-%m}" + (f" ({batch})" if batch > 1 else "")
            if Draw.objects.filter(title=title).exists():
                continue
            end = start + timedelta(days=27)
            inputs = {
                "algorithm": records.ALGORITHM,
                "period_start": start.isoformat(),
                "period_end": end.isoformat(),
                "ratios": dict.fromkeys(records.CLASS_ORDER, 100 // DRAW_SHARE),
                "inspectors_per_target": 2,
                "targets": pool,
                "inspectors": [{"user_id": u, "county_id": None} for u in ids],
                "conflicts": [],
            }
            seed = 7919 * (m + 1)
            result = records.draw_compute(inputs, seed)
            # Draws are history (a trigger refuses updates): written once, as they ran
            draw = Draw.objects.create(
                title=title,
                period_start=start,
                period_end=end,
                seed=seed,
                inputs=inputs,
                result=result,
                created_at=datetime.combine(start - timedelta(days=5), time(9), TZ),
                created_by_id=ids[0],
            )
            records._save_targets(draw, result)
            made += len(result["targets"])
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
    return made
