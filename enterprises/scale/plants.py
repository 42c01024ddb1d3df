"""Generated plant data the monitoring and clean-transport pages read.

Per generated enterprise: two emission points with CEMS (kiln tail and head for cement, coke
oven chimney and coke pushing for coking), a device (MN) each; per point the monthly and daily
rollups of every month and day the demo has rollups for (the demo's month of hourly data),
with one point in 20 short of the 95 % rule; an open flag for one enterprise in 5; a cargo gate
and a finished ledger import with ``PASSES_PER_MONTH`` gate passes in each of the last
``PASS_MONTHS`` complete months (China VI and new-energy trucks, China V for one enterprise in 7, so
the vehicle queue and the share pages have misses to show). Rollups, not hours: no page reads
raw hours for a list, and the monitoring benchmark measures ingest apart.
"""

from __future__ import annotations

from .base import GEN, clone

PASSES_PER_MONTH = 30
PASS_MONTHS = 12

POINTS = (
    f"(SELECT p.id, s.g FROM enterprises_emissionpoint p JOIN {GEN} s ON s.id = p.enterprise_id)"
)


def points() -> int:
    return clone(
        "enterprises_emissionpoint",
        template="tpl.cems_installed",
        source=f"(SELECT s.*, e.industry FROM {GEN} s JOIN enterprises_enterprise e ON "
        "e.id = s.id) s CROSS JOIN generate_series(1, 2) k",
        values={
            "enterprise_id": "s.id",
            "unit_id": "NULL",
            "kind": "CASE WHEN s.industry = 'cement_clinker' THEN (ARRAY['kiln_tail', "
            "'kiln_head'])[k] ELSE (ARRAY['coke_oven_chimney', 'coke_pushing'])[k] END",
            "name": "(ARRAY['1号排口', '2号排口'])[k]",
            "permit_outlet_id": "'DA' || lpad(k::text, 3, '0')",
            "cems_installed": "true",
            "cems_networked": "true",
            "version": "1",
        },
        suffix="WHERE NOT EXISTS (SELECT 1 FROM enterprises_emissionpoint p "
        "WHERE p.enterprise_id = s.id)",
    )


def devices() -> int:
    return clone(
        "monitoring_device",
        template="true",
        source=f"{POINTS} s",
        values={
            "mn": "'SCMN' || lpad(s.id::text, 14, '0')",
            "point_id": "s.id",
            "is_active": "true",
            "legacy_packets": "0",
            "last_seen": "now() - interval '1 hour'",
        },
        suffix="WHERE NOT EXISTS (SELECT 1 FROM monitoring_device d WHERE d.point_id = s.id)",
    )


def _rollup_values(period: str) -> dict[str, str]:
    # one point in 20 meets the ULE value in 90 % of its hours, the others in 97-100 %
    return {
        "point_id": "s.id",
        "parameter": "m.parameter",
        period: f"m.{period}",
        "hours": "m.hours",
        "valid_hours": "m.valid_hours",
        "ule_ok_hours": "CASE WHEN s.id %% 20 = 0 THEN (m.valid_hours * 0.90)::int "
        "ELSE (m.valid_hours * (0.97 + (s.id %% 4) * 0.01))::int END",
        "over_baseline_hours": "CASE WHEN s.id %% 20 = 0 THEN (m.valid_hours * 0.02)::int "
        "ELSE 0 END",
        "value_sum": "m.value_sum * (0.8 + (s.id %% 5) * 0.1)",
        "value_min": "m.value_min",
        "value_max": "m.value_max",
    }


def rollups() -> int:
    """Monthly and daily rollups for every generated point, shaped on the demo's (the same
    parameters, months and days; hours and sums varied per point)."""
    done = 0
    for table, period in (("monitoring_monthlyrollup", "month"), ("monitoring_dailyrollup", "day")):
        done += clone(
            table,
            template="true",
            source=(
                f"{POINTS} s CROSS JOIN (SELECT DISTINCT ON (parameter, {period}) parameter, "
                f"{period}, hours, valid_hours, value_sum, value_min, value_max FROM {table} "
                f"ORDER BY parameter, {period}, id) m"
            ),
            values=_rollup_values(period),
            suffix=f"WHERE NOT EXISTS (SELECT 1 FROM {table} r WHERE r.point_id = s.id)",
        )
    return done


def flags() -> int:
    """An open flag on the first point of one enterprise in five (a copy of a demo flag)."""
    return clone(
        "monitoring_flag",
        template="true",
        source=(
            f"(SELECT DISTINCT ON (s.g) s.id, s.g FROM {POINTS} s WHERE s.g %% 5 = 0 "
            "ORDER BY s.g, s.id) s"
        ),
        values={
            "point_id": "s.id",
            "status": "'open'",
            "outcome_note": "''",
            "decided_at": "NULL",
            "decided_by_id": "NULL",
            "raised_at": "now() - make_interval(days => (s.g %% 20)::int)",
        },
        suffix="WHERE NOT EXISTS (SELECT 1 FROM monitoring_flag f WHERE f.point_id = s.id)",
    )


def gates() -> int:
    return clone(
        "transport_gate",
        template="tpl.is_cargo",
        source=f"{GEN} s",
        values={
            "enterprise_id": "s.id",
            "name": "'1号货运门'",
            "is_cargo": "true",
            "has_camera": "true",
            "networked": "s.g %% 25 <> 0",  # one in 25 not networked: a queue item
            "updated_at": "now()",
        },
        suffix="WHERE NOT EXISTS (SELECT 1 FROM transport_gate t WHERE t.enterprise_id = s.id)",
    )


def gate_passes() -> int:
    """A finished ledger import per enterprise and its passes: ``PASSES_PER_MONTH`` trucks of
    raw materials in each of the last ``PASS_MONTHS`` months."""
    done = clone(
        "transport_ledgerimport",
        template="tpl.status = 'done'",
        source=f"{GEN} s",
        values={
            "enterprise_id": "s.id",
            "original_name": "'门禁台账-' || s.g || '.csv'",
            "rows_read": f"{PASSES_PER_MONTH * PASS_MONTHS}",
            "rows_total": f"{PASSES_PER_MONTH * PASS_MONTHS}",
            "rows_imported": f"{PASSES_PER_MONTH * PASS_MONTHS}",
            "rows_duplicate": "0",
            "rows_rejected": "0",
            "error": "''",
            "status": "'done'",
            "uploaded_by_id": "NULL",
            "uploaded_at": "now()",
            "finished_at": "now()",
            "progress_at": "now()",
            "attempts": "1",
        },
        suffix="WHERE NOT EXISTS (SELECT 1 FROM transport_ledgerimport l "
        "WHERE l.enterprise_id = s.id)",
    )
    done += clone(
        "transport_gatepass",
        template="tpl.direction = 'in' AND tpl.cargo_class = 'raw_fuel'",
        source=(
            f"(SELECT s.*, l.id AS ledger FROM {GEN} s JOIN transport_ledgerimport l ON "
            "l.enterprise_id = s.id WHERE NOT EXISTS (SELECT 1 FROM transport_gatepass p "
            "WHERE p.enterprise_id = s.id)) s "
            f"CROSS JOIN generate_series(1, {PASS_MONTHS}) m "
            f"CROSS JOIN generate_series(1, {PASSES_PER_MONTH}) i"
        ),
        values={
            "enterprise_id": "s.id",
            "ledger_id": "s.ledger",
            "gate": "'1号货运门'",
            "plate": "'鲁H' || lpad(((s.g * 31 + i) %% 100000)::text, 5, '0')",
            "direction": "'in'",
            "cargo_class": "'raw_fuel'",
            "stage": "CASE WHEN s.g %% 7 = 0 THEN 'china_5' WHEN i %% 3 = 0 THEN 'nev' "
            "ELSE 'china_6' END",
            # months of Beijing time, as the portal reads them
            "passed_at": "(date_trunc('month', now() AT TIME ZONE 'Asia/Shanghai') "
            "- make_interval(months => m) + make_interval(hours => i * 20 + s.g %% 7)) "
            "AT TIME ZONE 'Asia/Shanghai'",
            "tonnage": "30 + (i %% 5)",
        },
    )
    return done


def share_misses() -> int:
    """The share rules the generated months missed, judged as the nightly task does (the
    vehicle queue reads them); returns the misses added (none when run again)."""
    from transport.misses import last_months, refresh_misses
    from transport.models import ShareMiss

    before = ShareMiss.objects.count()
    refresh_misses(months=last_months(count=PASS_MONTHS))
    return ShareMiss.objects.count() - before
