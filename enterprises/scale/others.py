"""Generated rows the other pages read: notifications, weekly-snapshot rows, ULE list
entries."""

from __future__ import annotations

from .base import CONTACT_NOTIFICATIONS, GEN, PREFIX, STAFF_NOTIFICATIONS, clone


def notifications() -> int:
    """About 300 rows per enterprise: 250 for its contact (nine in ten read and mailed), 50
    spread over the city's staff; each copies a demo row's kind and parameters."""
    done = clone(
        "notifications_notification",
        template="tpl.kind LIKE 'retrofit.%%'",
        source=(
            f"(SELECT s.*, u.id AS uid FROM {GEN} s JOIN accounts_user u ON u.enterprise_id = s.id "
            "AND u.username = 'scale_contact_' || s.g WHERE NOT EXISTS (SELECT 1 FROM "
            "notifications_notification n WHERE n.recipient_id = u.id)) s CROSS JOIN "
            f"generate_series(1, {CONTACT_NOTIFICATIONS}) i"
        ),
        values={
            "recipient_id": "s.uid",
            "enterprise_id": "s.id",
            "idempotency_key": "'scale:' || s.g || ':' || i",
            "created_at": "now() - make_interval(hours => (i * 61 + s.g %% 50)::int)",
            "read_at": "CASE WHEN i > 25 THEN now() - make_interval(hours => i * 60) END",
            "email_status": "'sent'",
            "emailed_at": "now() - make_interval(hours => i * 61)",
            "next_attempt_at": "NULL",
            "attempts": "1",
            "last_error": "''",
        },
    )
    done += clone(
        "notifications_notification",
        template="tpl.kind LIKE 'retrofit.%%'",
        source=(
            f"{GEN} s CROSS JOIN (SELECT array_agg(id ORDER BY id) AS ids FROM accounts_user "
            "WHERE enterprise_id IS NULL) st CROSS JOIN "
            f"generate_series(1, {STAFF_NOTIFICATIONS}) i"
        ),
        values={
            "recipient_id": "st.ids[1 + (s.g + i) %% array_length(st.ids, 1)]",
            "enterprise_id": "s.id",
            "idempotency_key": "'scale-staff:' || s.g || ':' || i",
            "created_at": "now() - make_interval(hours => (i * 300 + s.g %% 200)::int)",
            "read_at": "CASE WHEN i > 5 THEN now() - make_interval(hours => i * 290) END",
            "email_status": "'sent'",
            "emailed_at": "now() - make_interval(hours => i * 300)",
            "next_attempt_at": "NULL",
            "attempts": "1",
            "last_error": "''",
        },
        suffix="ON CONFLICT (idempotency_key) DO NOTHING",
    )
    return done


def snapshot_rows() -> int:
    """A row in every stored weekly snapshot for each generated enterprise (its own county,
    industry, capacity and stage; the figures of the template row)."""
    values = {
        "snapshot_id": "w.id",
        "enterprise_id": "s.id",
        "county_id": "e.county_id",
        "industry": "e.industry",
        "capacity_t": "e.annual_capacity_t",
        "ule_stage": "e.ule_stage",
    }
    return clone(
        "dashboards_enterpriseweek",
        template="true",
        source=(
            f"{GEN} s JOIN enterprises_enterprise e ON e.id = s.id "
            "CROSS JOIN dashboards_weeklysnapshot w"
        ),
        values=values,
        suffix="WHERE NOT EXISTS (SELECT 1 FROM dashboards_enterpriseweek x "
        "WHERE x.snapshot_id = w.id AND x.enterprise_id = s.id)",
    )


def listing() -> int:
    """Every tenth generated enterprise on the ULE list: an accepted whole-plant evaluation,
    an ended publicity, a "listed" entry and its change, cloned from the demo's."""
    tenth = f"{GEN} s WHERE s.g %% 10 = 0"
    clone(
        "acceptance_evaluation",
        template="tpl.status = 'accepted' AND tpl.scope = 'full'",
        source=f"(SELECT * FROM {tenth}) s",
        values={"enterprise_id": "s.id"},
        suffix="WHERE NOT EXISTS (SELECT 1 FROM acceptance_evaluation x WHERE x.enterprise_id = s.id)",
    )
    clone(
        "acceptance_publicity",
        template="tpl.status = 'ended'",
        source=(
            f"(SELECT s.*, v.id AS evaluation_id FROM {GEN} s JOIN acceptance_evaluation v "
            "ON v.enterprise_id = s.id WHERE s.g %% 10 = 0) s"
        ),
        values={"enterprise_id": "s.id", "evaluation_id": "s.evaluation_id"},
        suffix="WHERE NOT EXISTS (SELECT 1 FROM acceptance_publicity x WHERE x.enterprise_id = s.id)",
    )
    rows = clone(
        "acceptance_listentry",
        template="tpl.status = 'listed'",
        source=(
            f"(SELECT s.*, p.id AS publicity_id FROM {GEN} s JOIN acceptance_publicity p "
            "ON p.enterprise_id = s.id WHERE s.g %% 10 = 0) s"
        ),
        values={
            "enterprise_id": "s.id",
            "publicity_id": "s.publicity_id",
            "status": "'listed'",
            "revoked_on": "NULL",
            "barred_until": "NULL",
            "revocation_reason_id": "NULL",
        },
        suffix="WHERE NOT EXISTS (SELECT 1 FROM acceptance_listentry x WHERE x.enterprise_id = s.id)",
    )
    clone(
        "acceptance_listchange",
        template="tpl.to_status = 'listed'",
        source=(
            "(SELECT l.id AS entry_id, l.enterprise_id, l.publicity_id FROM acceptance_listentry l"
            f" JOIN enterprises_enterprise e ON e.id = l.enterprise_id AND e.credit_code LIKE "
            f"'{PREFIX}%%') s"
        ),
        values={
            "entry_id": "s.entry_id",
            "enterprise_id": "s.enterprise_id",
            "publicity_id": "s.publicity_id",
            "finding_id": "NULL",
            "revocation_reason_id": "NULL",
        },
        suffix="WHERE NOT EXISTS (SELECT 1 FROM acceptance_listchange x WHERE x.entry_id = s.entry_id)",
    )
    return rows
